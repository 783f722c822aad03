"""Rows a turn writes and never reads back, sent together just before the commit.

The ORM sends one INSERT per row as it flushes (with RETURNING for the id on PostgreSQL). The
inbound message, the reply's log row, the bus question, the retry receipt and the dialogue
state need no id and are read by nothing later in the turn, so they wait here and go in one
statement on PostgreSQL (each a data-modifying WITH of one INSERT) right before COMMIT: one
round trip. SQLite runs them one by one: it is in-process, a statement costs no round trip.

Any query through the session sends the waiting rows first, so the transaction reads its own
writes as with the ORM's autoflush; a rollback drops them.
"""
from __future__ import annotations

from sqlalchemy import bindparam, event, insert
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

_WAITING = "hotline.batch"


def add(session: Session, table, **row) -> None:
    """INSERT the row at the latest before the commit."""
    _waiting(session).append((table, row, None))


def upsert(session: Session, table, on: str, **row) -> None:
    """INSERT the row, or UPDATE its other columns when column `on` (unique) matches; the
    latest of a turn for one value wins (PostgreSQL refuses one statement touching a row twice)."""
    waiting = _waiting(session)
    waiting[:] = [w for w in waiting if not (w[0] is table and w[2] == on and w[1][on] == row[on])]
    waiting.append((table, row, on))


def send(session: Session) -> None:
    """Send the waiting rows now (on the session's connection, in its transaction)."""
    waiting = session.info.pop(_WAITING, None)
    if not waiting:
        return
    connection = session.connection()
    statements = [_statement(connection.dialect.name, *w) for w in waiting]
    if connection.dialect.name == "postgresql" and len(statements) > 1:
        *first, last = statements
        statements = [last.add_cte(*(s.cte(f"batch_{i}") for i, s in enumerate(first)))]
    for statement in statements:
        connection.execute(statement)


def _waiting(session: Session) -> list:
    return session.info.setdefault(_WAITING, [])


def _values(table, row: dict) -> dict:
    """Every column's value, defaults filled in here, each as its own anonymous parameter: the
    statements share one WITH, where two plain `created_at` parameters would clash."""
    values = {}
    for column in table.columns:
        default = column.default
        if column.name in row:
            value = row[column.name]
        elif default is not None and default.is_scalar:
            value = default.arg
        elif default is not None and default.is_callable:
            value = default.arg(None)
        else:
            continue
        values[column.name] = bindparam(None, value, type_=column.type, unique=True)
    return values


def _statement(dialect: str, table, row: dict, key: str | None):
    if key is None:
        return insert(table).values(**_values(table, row))
    make = postgresql.insert if dialect == "postgresql" else sqlite.insert
    statement = make(table).values(**_values(table, row))
    return statement.on_conflict_do_update(index_elements=[key], set_={
        column: statement.excluded[column] for column in row if column not in (key, "created_at")})


@event.listens_for(Session, "before_commit")
def _send_before_commit(session) -> None:
    session.flush()  # the ORM's rows first: a waiting row may name one (the new resident's id)
    send(session)


@event.listens_for(Session, "do_orm_execute")
def _send_before_reading(state) -> None:
    if state.session.info.get(_WAITING):
        send(state.session)


@event.listens_for(Session, "after_soft_rollback")
def _drop_on_rollback(session, previous_transaction) -> None:
    # A SAVEPOINT's rollback keeps them: no turn adds a waiting row inside one
    # (callbacks.service's is around its own INSERT only).
    if not previous_transaction.nested:
        session.info.pop(_WAITING, None)
