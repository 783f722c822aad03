"""PostgreSQL: a webhook's one read and, when it is the turn's only write, its one batched write,
each sent on its own, with no BEGIN and COMMIT around them (issue 20: two round trips fewer).

psycopg sends BEGIN and COMMIT as exchanges of their own, so a known resident's bus question was
the pool's ping, BEGIN, the read, the write (hotline/core/batch.py) and COMMIT: five round trips.
Neither BEGIN nor COMMIT protects anything there:

- The read (hotline/webhooks/prefetch.py) runs before the transaction. Under READ COMMITTED every
  statement takes a snapshot of its own, inside a transaction or not, so it sees what it saw as
  the transaction's first statement; it locks no row (no FOR UPDATE) that later statements rely on.
  The engine sets READ COMMITTED (hotline/app.py) so a server whose default is stricter cannot
  change that, and nothing here goes without a transaction under another level.
- The write, when nothing else was written: one statement is atomic on its own. Its rows (the
  inbound message, the reply's log row, the bus question, the dialogue state, the receipt) are
  kept all or none; a twin that stored the receipt first fails the whole statement on the key,
  and none of our rows is kept, as a rollback did before (receipts.once then returns the twin's
  answer). It goes last, right before the commit, after the ORM's own flush.

- Another plain read marked LONE (the texts' once-a-second token check, hotline/texts/store.py):
  the same as the first read, a snapshot of its own, no lock.

Any other statement (an ORM flush, a cache rebuild's read, a write sent early because a read
follows) turns the connection back to transactions before it runs, and psycopg sends BEGIN with
it: from there the turn is one transaction, as before, and the batch commits with it. Mark LONE
only a read that locks nothing (no FOR UPDATE, no function that writes), or the last write.

Chosen over psycopg's pipeline mode, which would send BEGIN with the read: SQLAlchemy reads every
result as soon as it executes, which a pipeline refuses (measured: docs/benchmarks.md).
"""
from __future__ import annotations

from psycopg import IsolationLevel, pq
from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session
from sqlalchemy.pool import Pool

# Execution option: this statement may run on its own, outside a transaction.
LONE = "hotline_lone"
_ACTIVE = "hotline.lone_statements"  # in the pooled connection's info: autocommit is on for us


def start(session: Session) -> bool:
    """Before a webhook's first statement: its statements marked LONE go without BEGIN/COMMIT.
    False (nothing changed) off PostgreSQL, or when the session's connection is already inside
    a transaction (a statement ran before) or at another isolation level."""
    connection = session.connection()
    if connection.dialect.name != "postgresql":
        return False
    raw = connection.connection.dbapi_connection
    if (raw.autocommit or raw.info.transaction_status != pq.TransactionStatus.IDLE
            or raw.isolation_level != IsolationLevel.READ_COMMITTED):
        return False
    raw.autocommit = True
    connection.info[_ACTIVE] = True
    return True


def active(connection) -> bool:
    """True while no statement has needed a transaction since start()."""
    return bool(connection.info.get(_ACTIVE))


@event.listens_for(Engine, "before_cursor_execute")
def _transaction_unless_lone(conn, cursor, statement, parameters, context, executemany) -> None:
    if not conn.info.get(_ACTIVE):
        return
    if context is not None and context.execution_options.get(LONE):
        return
    _stop(conn.info, conn.connection.dbapi_connection)  # psycopg sends BEGIN before this one


@event.listens_for(Pool, "checkin")
def _transactions_again_in_the_pool(dbapi_connection, connection_record) -> None:
    """The next user of the connection gets transactions, whatever ended this turn."""
    if connection_record.info.get(_ACTIVE) and dbapi_connection is not None:
        try:
            _stop(connection_record.info, dbapi_connection)
        except Exception:
            dbapi_connection.close()  # broken: the pool's ping replaces it on the next checkout


def _stop(info: dict, raw) -> None:
    info.pop(_ACTIVE, None)
    raw.autocommit = False
