"""PostgreSQL "restarted", as the clients see it: every connection of the database
terminated (pg_terminate_backend) again and again while webhooks come in and the
worker sends.

Webhooks keep answering TwiML well within Twilio's 15 s (pool_pre_ping replaces
dead pooled connections; a write that fails anyway is spooled to instance/spool
and replayed by the spool replayer). Afterwards every inbound message
is recorded once, every outbox row is sent once, and every alert reached the
people on duty.
"""
from __future__ import annotations

import os
import threading

import pytest
import sqlalchemy

from tests.conftest import wait_until
from tests.faults.support import POSTGRES_PASS_ONLY, SmsTraffic, add_roster, assert_nothing_lost, settle_outbox

pytestmark = [pytest.mark.faults, pytest.mark.worker, POSTGRES_PASS_ONLY]


class BackendKiller(threading.Thread):
    """Terminates every other connection to the test database every `every` seconds."""

    def __init__(self, url: str, every: float = 0.4):
        super().__init__(daemon=True)
        self.engine = sqlalchemy.create_engine(url, poolclass=sqlalchemy.pool.NullPool)
        self.every = every
        self.stopping = threading.Event()
        self.killed = 0
        self.rounds = 0

    def run(self) -> None:
        while not self.stopping.wait(self.every):
            with self.engine.connect() as connection:
                self.killed += len(connection.exec_driver_sql(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                    "WHERE datname = current_database() AND pid <> pg_backend_pid()").all())
                connection.commit()
            self.rounds += 1

    def stop(self) -> None:
        self.stopping.set()
        self.join(10)
        self.engine.dispose()


def test_terminated_connections_lose_no_message_and_no_alert(app, db, twilio, worker, standin):
    add_roster(db)
    db.session.remove()
    killer = BackendKiller(os.environ["HOTLINE_DATABASE_URL"])

    def send(phone: str, body: str, sid: str):
        with app.app_context():
            return twilio.sms(phone, body, sid=sid)

    killer.start()
    try:
        # Traffic for as long as it takes: on an idle machine 40 posts were over
        # before the first round of terminations, and the test proved nothing.
        with SmsTraffic(send, phone_prefix="+99670071", clients=4) as traffic:
            wait_until(lambda: killer.rounds >= 5, timeout=30, message="five rounds of terminations")
    finally:
        killer.stop()
    assert killer.killed > 0, "no connection was terminated: the test proved nothing"
    traffic.check_answers()

    stale = settle_outbox(app, db, standin)
    print(f"posted {len(traffic.posted)}; rows freed by the stale-sending reset: {stale}")
    assert_nothing_lost(db, standin, traffic.sids(), traffic.urgent_count())
