"""PostgreSQL "restarted", as the clients see it: every connection of the database
terminated (pg_terminate_backend) again and again while webhooks come in and the
worker sends.

Webhooks keep answering TwiML well within Twilio's 15 s (pool_pre_ping replaces
dead pooled connections; a write that fails anyway is spooled to instance/spool
and replayed by tasks.maintenance.replay_spool). Afterwards every inbound message
is recorded once, every outbox row is sent once, and every alert reached the
people on duty.
"""
from __future__ import annotations

import os
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest
import sqlalchemy

from tests.faults.support import (MIXED_TEXTS, POSTGRES_PASS_ONLY, add_roster, assert_nothing_lost,
                                  settle_outbox)

pytestmark = [pytest.mark.faults, pytest.mark.worker, POSTGRES_PASS_ONLY]
TEXTS = MIXED_TEXTS


class BackendKiller(threading.Thread):
    """Terminates every other connection to the test database every `every` seconds."""

    def __init__(self, url: str, every: float = 0.4):
        super().__init__(daemon=True)
        self.engine = sqlalchemy.create_engine(url, poolclass=sqlalchemy.pool.NullPool)
        self.every = every
        self.stopping = threading.Event()
        self.killed = 0

    def run(self) -> None:
        while not self.stopping.wait(self.every):
            with self.engine.connect() as connection:
                self.killed += len(connection.exec_driver_sql(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                    "WHERE datname = current_database() AND pid <> pg_backend_pid()").all())
                connection.commit()

    def stop(self) -> None:
        self.stopping.set()
        self.join(10)
        self.engine.dispose()


def test_terminated_connections_lose_no_message_and_no_alert(app, db, twilio, worker, standin):
    add_roster(db)
    db.session.remove()
    killer = BackendKiller(os.environ["HOTLINE_DATABASE_URL"])
    posted: list[tuple[str, str, float, object]] = []
    lock = threading.Lock()

    def one(i: int) -> None:
        from tests.support.phone import new_sid

        sid, body = new_sid("SM"), TEXTS[i % len(TEXTS)]
        t0 = time.monotonic()
        with app.app_context():
            answer = twilio.sms(f"+99670071{i:04d}", body, sid=sid)
        with lock:
            posted.append((sid, body, time.monotonic() - t0, answer))

    killer.start()
    try:
        with ThreadPoolExecutor(4) as pool:
            list(pool.map(one, range(40)))
    finally:
        killer.stop()
    assert killer.killed > 0, "no connection was terminated: the test proved nothing"

    for sid, body, took, answer in posted:
        assert answer.status == 200 and answer.root.tag == "Response", (body, answer.xml)
        assert took < 5.0, f"{body!r} answered in {took:.1f} s (Twilio gives up at 15 s)"

    stale = settle_outbox(app, db)
    print("rows freed by the stale-sending reset:", stale)
    urgent = sum(body in ("SOS", "ЖАРДАМ") for _, body, _, _ in posted)
    assert_nothing_lost(db, standin, [sid for sid, *_ in posted], urgent)
