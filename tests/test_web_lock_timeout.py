"""A webhook never waits long on another turn's row (hotline/app.py, WEB_LOCK_TIMEOUT_MS).

A turn stuck while holding a row (a bug, a hung thread, an admin's long transaction) would
otherwise hold every later text of that phone past Twilio's 15 s. The web app's connections
carry a lock_timeout: the waiting statement is cancelled, the webhook answered at once and
spooled, and the spool replays it once the row is free."""
from __future__ import annotations

import json
import logging
import os
import subprocess
import sys
import threading

import pytest
from sqlalchemy import event, select, text

from hotline.app import WEB_LOCK_TIMEOUT_MS, engine_options
from tests.support.row_locks import bus_to_gulcho_with_caches_loaded

PG = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
KNOWN = "+996700100081"


def test_only_the_web_apps_postgresql_connections_bound_their_lock_waits():
    assert engine_options(PG, web=True)["connect_args"]["options"] == f"-c lock_timeout={WEB_LOCK_TIMEOUT_MS}"
    assert "options" not in engine_options(PG)["connect_args"]  # worker, beat, CLI: may wait
    assert "options" not in engine_options("sqlite:///x.sqlite", web=True)["connect_args"]


def test_gunicorns_app_is_the_web_app():
    """hotline.wsgi (what `hotline web` serves), built in a process of its own: a second app
    in this one would rebind Celery's app for the tests after it."""
    printed = subprocess.run(
        [sys.executable, "-c", "import json, hotline.wsgi as w; "
         "print(json.dumps([w.app.config['SQLALCHEMY_DATABASE_URI'], "
         "w.app.config['SQLALCHEMY_ENGINE_OPTIONS']['connect_args']]))"],
        capture_output=True, text=True, timeout=60, env=os.environ, check=True).stdout
    url, connect_args = json.loads(printed.strip().splitlines()[-1])
    assert connect_args == engine_options(url, web=True)["connect_args"]  # on SQLite: no lock_timeout to set


@pytest.fixture
def short_lock_timeout(db):
    """This test app's connections as the web app's, with a timeout a test can wait out."""
    def set_timeout(dbapi_connection, _record):
        with dbapi_connection.cursor() as cursor:
            cursor.execute("SET lock_timeout = '300ms'")
        dbapi_connection.commit()

    db.session.remove()
    db.engine.dispose()
    event.listen(db.engine, "connect", set_timeout)
    yield
    event.remove(db.engine, "connect", set_timeout)
    db.session.remove()
    db.engine.dispose()


def test_a_text_whose_dialogue_row_is_held_is_answered_spooled_and_replayed(db, twilio, caplog, request):
    if db.engine.dialect.name != "postgresql":
        pytest.skip("SQLite has no row locks to wait on (one writer at a time)")
    from hotline.messaging.models import InboundMessage, OutboundMessage
    from hotline.webhooks import spool
    from hotline.webhooks.replay import replay_item

    day = bus_to_gulcho_with_caches_loaded(db, twilio, KNOWN)  # KNOWN's first text: a known resident now
    request.getfixturevalue("short_lock_timeout")
    answers = []
    with db.engine.connect() as holder:  # a stuck turn, holding the phone's dialogue row
        holder.execute(text("SELECT 1 FROM dialog_sessions WHERE key = :key FOR UPDATE"), {"key": f"sms:{KNOWN}"})
        with caplog.at_level(logging.WARNING, logger="hotline.webhooks.routes"):
            webhook = threading.Thread(target=lambda: answers.append(twilio.sms(KNOWN, "BUS Gulcho", sid="SM" + "7" * 32)))
            webhook.start()
            webhook.join(10)  # ends when the webhook answers; the lock is held all along
            answered = not webhook.is_alive()
        holder.rollback()
    webhook.join(10)
    assert answered, "the webhook waited on the held row"
    assert answers[0].xml.endswith("<Response />")  # nothing kept, nothing said: spooled
    assert [r.getMessage() for r in caplog.records
            if r.name == "hotline.webhooks.routes" and r.levelno >= logging.WARNING] == ["webhook.lock_timeout"]
    assert len(spool.pending()) == 1
    assert spool.replay(replay_item) == 1
    db.session.rollback()
    assert db.session.scalar(select(InboundMessage.sid).where(InboundMessage.sid == "SM" + "7" * 32)) is not None
    # The answer it could not give in the TwiML goes by SMS (hotline/webhooks/replay.py).
    reply = db.session.scalar(select(OutboundMessage.body).where(
        OutboundMessage.dedupe_key == f"spool-reply:SM{'7' * 32}", OutboundMessage.to_phone == KNOWN))
    assert reply == f"Гүлчө: {day:%d.%m} 09:30-12:00, айыл өкмөтү. 1 - эскертүү"  # Kyrgyz: its language
