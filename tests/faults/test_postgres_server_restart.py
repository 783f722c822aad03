"""The PostgreSQL server itself crashed and restarted while webhooks come in.

A private server (initdb in a temporary folder: the machine's server stays up for
the rest of the suite), a private Redis, the app and a real worker on them. Three
clients keep posting SMS; the server is stopped as a crash would stop it
(`pg_ctl -m immediate`: no checkpoint, every client cut off), stays down for 3 s,
in which connections are refused, then starts and replays its WAL.

While it is down every webhook still answers TwiML at once (the request is spooled
to a file); afterwards the spool is replayed, and every inbound message is
recorded once, every outbox row is sent exactly once, every alert reached both
people on duty. What was committed before the crash is still there.
"""
from __future__ import annotations

import logging
import os
import time

import pytest

from tests.conftest import TEST_AUTH_TOKEN, start_worker
from tests.faults.private_postgres import private_postgres  # noqa: F401 - a fixture
from tests.faults.support import (POSTGRES_PASS_ONLY, add_roster, assert_nothing_lost,  # noqa: F401
                                  URGENT_TEXTS, SmsTraffic, private_app, private_redis, settle_outbox)

pytestmark = [pytest.mark.faults, pytest.mark.worker, POSTGRES_PASS_ONLY]
DOWN_SECONDS = 3.0


def test_postgres_crash_and_restart_under_traffic_loses_nothing(app, standin, private_postgres, private_redis,
                                                                 tmp_path, caplog):
    from hotline import migrate
    from hotline.extensions import db
    from tests.support.phone import SignedClient

    flask_app = private_app(app, private_redis.url, database_url=private_postgres.url, instance_path=tmp_path)
    with flask_app.app_context():
        migrate.upgrade()
        add_roster(db)
        db.session.remove()
    signed = SignedClient(flask_app.test_client(), TEST_AUTH_TOKEN, base_url=os.environ["HOTLINE_PUBLIC_URL"])
    worker = start_worker(env={"HOTLINE_DATABASE_URL": private_postgres.url, "HOTLINE_REDIS_URL": private_redis.url,
                               "HOTLINE_INSTANCE_DIR": str(tmp_path)})
    try:
        with SmsTraffic(signed.sms, phone_prefix="+99670072") as traffic:
            time.sleep(1.5)
            down_at = time.monotonic()
            private_postgres.crash()
            time.sleep(DOWN_SECONDS)
            private_postgres.start()
            up_at = time.monotonic()
            time.sleep(1.5)
        during = traffic.posted_between(down_at, up_at)
        assert len(during) >= 3, "no webhook came while the server was down: the test proved nothing"
        assert any(body in URGENT_TEXTS for _, body, *_ in during), "no urgent signal while it was down"
        traffic.check_answers()
        spooled = list(tmp_path.glob("spool/*.json"))
        print(f"posted {len(traffic.posted)}, {len(during)} while down, {len(spooled)} spooled")
        assert spooled, "nothing was spooled while the server was down"
        # The outage in the log: a warning line per spooled webhook, no traceback, no phone.
        webhook_log = [r for r in caplog.records if r.name == "hotline.webhooks.routes" and r.levelno >= logging.WARNING]
        assert len(webhook_log) == len(spooled)
        assert all(r.getMessage() == "webhook.database_unreachable" and r.exc_info is None for r in webhook_log)
        assert "+99670072" not in caplog.text

        with flask_app.app_context():
            settle_outbox(flask_app, db, standin)
            assert_nothing_lost(db, standin, traffic.sids(), traffic.urgent_count())
            assert not list(tmp_path.glob("spool/*.json")), "the spool was not emptied"
            db.session.remove()
    finally:
        worker.stop()
        app.extensions["celery"].set_default()
