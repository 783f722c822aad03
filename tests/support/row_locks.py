"""Two turns of one phone meeting on a row (PostgreSQL): the set-up and the wait they share.

tests/test_webhook_lock_order.py and tests/test_cache_locks.py hold a new resident's row in a
transaction of their own and start the later turn in a thread; the later turn must reach its
write and wait on that row before the test goes on."""
from __future__ import annotations

import threading
import time

from sqlalchemy import text

from tests.schedule.helpers import add_visit, in_days, load_places


def bus_to_gulcho_with_caches_loaded(db, twilio, phone: str):
    """A visit to Gulcho in three days (returned), and another phone's text first: this process's
    caches of places and visits are loaded, so a turn is its read and its one write (a cache's
    reload would send a new resident's row early, outside the one statement)."""
    load_places()
    day = in_days(3)
    add_visit("1101", day)
    db.session.commit()
    twilio.sms(phone, "BUS Gulcho")
    return day


def backend_pid(connection) -> int:
    return connection.scalar(text("SELECT pg_backend_pid()"))


def wait_until_blocked(db, holder_pid: int, turn: threading.Thread, seconds: float = 20) -> None:
    """Until a backend other than the holder's (and ours) waits on a lock: the later turn's
    write, blocked on the held row. Fails if the turn ended first or never got there."""
    deadline = time.monotonic() + seconds
    while not db.session.scalar(text(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
            "AND wait_event_type = 'Lock' AND pid <> :holder AND pid <> pg_backend_pid()"), {"holder": holder_pid}):
        db.session.rollback()
        assert turn.is_alive() and time.monotonic() < deadline, "the later turn never waited on the held row"
        time.sleep(0.02)
    db.session.rollback()
