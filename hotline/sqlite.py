"""SQLite as the development default, made safe for a web process and workers at once.

WAL lets readers and one writer work side by side. A deferred transaction that
read and then writes can find its snapshot stale ("database is locked" at once,
whatever the busy timeout), so the service's processes BEGIN IMMEDIATE: writers
queue for the lock instead (busy_timeout). A process that holds read snapshots
while it waits on others (the test process) sets HOTLINE_SQLITE_BEGIN=DEFERRED.
`is_lock_error` tells callers to run a unit of work again, which is safe
because a failed transaction wrote nothing; that second run begins IMMEDIATE
whatever the setting, so another process's writes cannot make it stale again.
"""
import os
import time
from contextvars import ContextVar
from typing import Callable, TypeVar

from sqlalchemy import event
from sqlalchemy.exc import OperationalError

T = TypeVar("T")


def tune(engine) -> None:
    @event.listens_for(engine, "connect")
    def on_connect(dbapi_connection, _record):
        # Let SQLAlchemy, not pysqlite, open transactions, so SAVEPOINT works.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA busy_timeout=15000")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.close()

    deferred = os.environ.get("HOTLINE_SQLITE_BEGIN") == "DEFERRED"

    @event.listens_for(engine, "begin")
    def on_begin(connection):
        connection.exec_driver_sql("BEGIN" if deferred and not _retrying.get() else "BEGIN IMMEDIATE")


# Set while a unit of work runs again after "locked": its transactions take the write
# lock as they begin (waiting up to busy_timeout) instead of reading a snapshot first.
_retrying: ContextVar[bool] = ContextVar("sqlite_retrying", default=False)


# Pauses before running a unit of work again after SQLite said "locked";
# about 2 s in all, far inside Twilio's 15 s.
LOCK_RETRY_PAUSES = (0.02, 0.05, 0.1, 0.2, 0.4, 0.6, 0.8)


def is_lock_error(error: BaseException) -> bool:
    return isinstance(error, OperationalError) and "database is locked" in str(error)


def retry_when_locked(unit_of_work: Callable[[], T], rollback: Callable[[], None]) -> T:
    """Run a whole unit of work (it commits at its end) again while SQLite is locked."""
    token = None
    try:
        for pause in LOCK_RETRY_PAUSES + (None,):
            try:
                return unit_of_work()
            except OperationalError as error:
                rollback()
                if not is_lock_error(error) or pause is None:
                    raise
                time.sleep(pause)
                token = token or _retrying.set(True)
        raise AssertionError("unreachable")
    finally:
        if token is not None:
            _retrying.reset(token)
