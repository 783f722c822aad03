"""PostgreSQL: a pooled connection is pinged before use, except by a webhook's turn when the
connection came back to the pool a moment ago.

SQLAlchemy's pool_pre_ping sends an empty query at every checkout: one round trip of a
webhook's three (issue 20). A connection handed back a moment ago was alive a moment ago; one
that sat in the pool longer may have been dropped by a server restart, a failover or an idle
timeout, and that is when the ping pays. A webhook's turn can afford to skip it because it can
run again: a connection that died within the moment fails the turn's read, and receipts.once
runs the turn once more on a new connection (the turn marks itself with `turn_that_can_rerun`).
Everything else (the worker's tasks, beat, the admin pages, the CLI) is pinged at every
checkout, as pool_pre_ping did: it cannot simply run again.
"""
from __future__ import annotations

import contextlib
import contextvars
import time

from sqlalchemy import event
from sqlalchemy.exc import DisconnectionError
from sqlalchemy.pool import Pool

PING_AFTER = 1.0  # seconds idle in the pool
_CHECKED_IN = "hotline.checked_in_at"
_RERUNS = contextvars.ContextVar("hotline_turn_can_rerun", default=False)


@contextlib.contextmanager
def turn_that_can_rerun():
    """Connections checked out inside run a turn that is run again if its connection is dead."""
    token = _RERUNS.set(True)
    try:
        yield
    finally:
        _RERUNS.reset(token)


def _pings(dbapi_connection) -> bool:
    return type(dbapi_connection).__module__.startswith("psycopg")


@event.listens_for(Pool, "checkin")
def _note_the_time(dbapi_connection, connection_record) -> None:
    connection_record.info[_CHECKED_IN] = time.monotonic()


@event.listens_for(Pool, "checkout")
def _ping_when_idle(dbapi_connection, connection_record, connection_proxy) -> None:
    checked_in = connection_record.info.get(_CHECKED_IN)
    if checked_in is None or not _pings(dbapi_connection):
        return  # new from connect(): just made, nothing to ask
    if _RERUNS.get() and time.monotonic() - checked_in < PING_AFTER:
        return
    try:
        # As pool_pre_ping sends it: one empty query, in autocommit (no BEGIN before it).
        autocommit = dbapi_connection.autocommit
        dbapi_connection.autocommit = True
        try:
            dbapi_connection.execute(";")
        finally:
            if not dbapi_connection.closed:
                dbapi_connection.autocommit = autocommit
    except Exception as error:
        # The pool throws this connection away and checks out another (SQLAlchemy's documented
        # pessimistic handling).
        raise DisconnectionError("pooled connection dropped while idle") from error
