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
from datetime import timedelta

import pytest
import sqlalchemy
from sqlalchemy import func, select

from tests.conftest import wait_until
from tests.faults.support import ON_DUTY, ON_DUTY_2, add_roster, outbox_rows, replay_spool, sent_exactly_once, sweep

pytestmark = [
    pytest.mark.faults,
    pytest.mark.worker,
    pytest.mark.skipif(not os.environ.get("HOTLINE_DATABASE_URL", "").startswith("postgresql"),
                       reason="needs PostgreSQL (pg_terminate_backend); CI's second pass runs it"),
]

TEXTS = ["SOS", "BUS Gulcho", "автобус Араван", "LAWYER", "HELP", "Гульча", "ЖАРДАМ", "1"]


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
    from hotline.alerts.models import Alert
    from hotline.messaging.models import InboundMessage

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

    replay_spool(app)

    def unsent():
        return [f"{r.id} {r.purpose} {r.status} attempts={r.attempts} enq={r.enqueued_at} next={r.next_attempt_at}"
                for r in outbox_rows(db) if r.status in ("queued", "sending")]

    def queued():
        return [r for r in outbox_rows(db) if r.status == "queued"]

    wait_until(lambda: sweep(app) >= 0 and not queued(), timeout=60, interval=2, message="no row waiting")
    # A worker whose connection died between its claim and its last commit leaves the row
    # `sending`; the sweeper frees it after sending_stale_after (5 min; here 11 s, past the
    # SDK's 10 s timeout, so no send is still in flight).
    time.sleep(11)
    stale = [r.id for r in outbox_rows(db) if r.status == "sending"]
    try:
        wait_until(lambda: sweep(app, sending_stale_after=timedelta(seconds=11)) >= 0 and not unsent(),
                   timeout=60, interval=2, message="every outbox row sent")
    except AssertionError:
        raise AssertionError(f"rows not sent: {unsent()}") from None
    print("rows freed by the stale-sending reset:", stale)
    time.sleep(2)

    db.session.rollback()
    sids = [sid for sid, *_ in posted]
    recorded = list(db.session.scalars(select(InboundMessage.sid).where(InboundMessage.sid.in_(sids))))
    assert sorted(recorded) == sorted(sids), "an inbound message is missing or recorded twice"
    urgent = sum(body in ("SOS", "ЖАРДАМ") for _, body, _, _ in posted)
    assert db.session.scalar(select(func.count()).select_from(Alert)) == urgent
    rows = outbox_rows(db)
    assert not [r for r in rows if r.status == "failed"]
    # Exactly once, the rows the stale-`sending` reset freed included: when the connection died
    # after Twilio took the message but before the worker's "sent" commit, the retry finds the
    # message in Twilio's list and records it instead of sending it again.
    assert sent_exactly_once(standin, rows) == []
    assert all(r.provider_sid for r in rows)
    for phone in (ON_DUTY, ON_DUTY_2):
        bodies = [r.body for r in standin.messages(to=phone)]
        assert len(bodies) == len(set(bodies)) == urgent, bodies  # every alert reached both people on duty, once
