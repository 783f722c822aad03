"""Rows a turn writes and never reads back, sent together just before the commit.

The ORM sends one INSERT per row as it flushes (with RETURNING for the id on PostgreSQL). The
inbound message, the reply's log row, the bus question, the retry receipt and the dialogue
state need no id and are read by nothing later in the turn, so they wait here and go in one
statement on PostgreSQL (each a data-modifying WITH of one INSERT) right before COMMIT: one
round trip. SQLite runs them one by one: it is in-process, a statement costs no round trip.

Any query through the session sends the waiting rows first, so the transaction reads its own
writes as with the ORM's autoflush; a rollback drops them.

An ORM object of a model that says `__batch_updates__ = True` (residents, callback requests), changed
by the turn, has its UPDATE sent with the batch too when it is all the ORM would flush at the commit:
a remembered place no longer makes a known resident's turn a transaction of its own.

A new ORM object whose id is already known (a new resident: its id drawn from the sequence by
the webhook's read) can wait too (`defer`): the turn sets its fields as it goes and the row goes
first in the batch with their final values, one INSERT where the ORM sent an INSERT and then an
UPDATE, each a round trip, inside a transaction of their own. A query before the commit sends
it at once (with the waiting rows) and hands the object to the session, so no query of the turn
misses it. (No table holds a foreign key to another: an ORM row naming the resident's id may go
before it, in the same transaction.)
"""
from __future__ import annotations

import functools

from sqlalchemy import bindparam, event, inspect, insert, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session, make_transient_to_detached
from sqlalchemy.orm.attributes import set_committed_value

from hotline.core import lone_statements

_WAITING = "hotline.batch"
_DEFERRED = "hotline.batch.deferred"  # a new ORM object, its INSERT waiting with the batch


def add(session: Session, table, **row) -> None:
    """INSERT the row at the latest before the commit."""
    _waiting(session).append((table, row, None))


def upsert(session: Session, table, on: str, **row) -> None:
    """INSERT the row, or UPDATE its other columns when column `on` (unique) matches; the
    latest of a turn for one value wins (PostgreSQL refuses one statement touching a row twice)."""
    waiting = _waiting(session)
    waiting[:] = [w for w in waiting if not (w[0] is table and w[2] == on and w[1][on] == row[on])]
    waiting.append((table, row, on))


def send(session: Session, last: bool = False) -> None:
    """Send the waiting rows now (on the session's connection, in its transaction). `last`:
    nothing follows before the commit, so on PostgreSQL the one statement may go alone, without
    BEGIN/COMMIT, when it is the turn's only write (hotline/core/lone_statements.py)."""
    waiting = session.info.pop(_WAITING, None) or []
    deferred = _take_deferred(session)
    if deferred is not None:
        waiting.insert(0, (deferred.__table__, fields_of(deferred), None))  # first: others may name it
    if not waiting:
        return
    connection = session.connection()
    dialect = connection.dialect.name
    rows = [row if _updates(on) else _filled(table, row) for table, row, on in waiting]
    shapes = tuple((table, tuple(row), on) for (table, _, on), row in zip(waiting, rows))
    if dialect == "postgresql":
        params = {f"b{i}_{column}": value for i, row in enumerate(rows) for column, value in row.items()}
        connection.execute(_together(dialect, shapes), params,
                           execution_options={lone_statements.LONE: True} if last else None)
    else:
        for shape, row in zip(shapes, rows):
            connection.execute(_statement(dialect, *shape, prefix="b0_"), {f"b0_{c}": v for c, v in row.items()})
    if deferred is not None:
        _attach(session, deferred, rows[0])


def defer(session: Session, obj) -> None:
    """INSERT the new object (its primary key set) with the batch, with the fields it has by
    then; sooner if the turn queries or flushes before the commit. One per turn."""
    session.info[_DEFERRED] = obj


def _take_deferred(session: Session):
    obj = session.info.pop(_DEFERRED, None)
    if obj is not None and obj in session:
        return None  # added to the session by the turn itself: the ORM's flush writes it
    return obj


def fields_of(obj) -> dict:
    """The columns the object was given (the rest take their defaults in _filled)."""
    state = inspect(obj)
    return {attr.key: state.dict[attr.key] for attr in state.mapper.column_attrs if attr.key in state.dict}


def _attach(session: Session, obj, row: dict) -> None:
    """Written: the object joins the session as a row loaded with these values, not a new one."""
    for column, value in row.items():
        setattr(obj, column, value)
    make_transient_to_detached(obj)
    session.add(obj)


def _waiting(session: Session) -> list:
    return session.info.setdefault(_WAITING, [])


def _filled(table, row: dict) -> dict:
    """The row with the columns' Python defaults filled in (the statement names every column)."""
    filled = dict(row)
    for column in table.columns:
        default = column.default
        if column.name in filled or default is None:
            continue
        if default.is_scalar:
            filled[column.name] = default.arg
        elif default.is_callable:
            filled[column.name] = default.arg(None)
    return filled


# Built once per shape of batch (which tables, which columns): SQLAlchemy then finds the
# compiled SQL in its cache. Parameters are named b<position>_<column>, as the statements of a
# batch share one WITH on PostgreSQL, where two plain `created_at` would clash.
_UPDATE = "update by id"  # `on` of a waiting UPDATE


def _updates(on) -> bool:
    return on == _UPDATE


@functools.lru_cache(maxsize=256)
def _statement(dialect: str, table, columns: tuple[str, ...], on: str | None, prefix: str):
    values = {c: bindparam(f"{prefix}{c}", type_=table.c[c].type) for c in columns}
    if _updates(on):
        key = values.pop("id")
        return update(table).where(table.c.id == key).values(**values)
    if on is None:
        return insert(table).values(**values)
    make = postgresql.insert if dialect == "postgresql" else sqlite.insert
    statement = make(table).values(**values)
    return statement.on_conflict_do_update(index_elements=[on], set_={
        column: statement.excluded[column] for column in columns if column not in (on, "created_at")})


@functools.lru_cache(maxsize=256)
def _together(dialect: str, shapes: tuple):
    """PostgreSQL: one statement that writes the rows in the order they wait in.

    The order is the lock order. PostgreSQL runs the main statement first and then its
    data-modifying WITHs from the last to the first (seen on 15: the docs leave it unsaid), so the
    first row is the main statement and the others are WITHs in reverse. Waiting rows start with
    the resident (hotline/core/batch.py: a new one, or its UPDATE) and then the dialogue, as the
    same phone's turns that run as a transaction write them: a resident INSERTed or UPDATEd
    before their batch. Written the other way round, two texts of one phone at once each held
    the row the other wanted and PostgreSQL broke the tie after its deadlock_timeout, a second
    (docs/benchmarks.md; tests/test_webhook_lock_order.py)."""
    statements = [_statement(dialect, *shape, prefix=f"b{i}_") for i, shape in enumerate(shapes)]
    first, *others = statements
    if not others:
        return first
    ctes = [s.cte(f"batch_{i + 1}") for i, s in enumerate(others)]
    return first.add_cte(*reversed(ctes))


def _fold_updates(session: Session) -> None:
    """The ORM's UPDATEs into the batch, when they are all it would flush and every object's model
    allows it (`__batch_updates__`: an id, no onupdate column, nothing but columns changed)."""
    if session.new or session.deleted or not session.dirty:
        return
    changed = []
    for obj in session.dirty:
        state = inspect(obj)
        if not getattr(state.mapper.class_, "__batch_updates__", False) or not state.persistent:
            return  # the ORM flushes them all, as before
        values = {attr.key: state.attrs[attr.key].history.added[0] for attr in state.mapper.column_attrs
                  if state.attrs[attr.key].history.added}
        changed.append((obj, state, values))
    waiting = _waiting(session)
    # First in the batch, in one order whatever the session's: residents before the rest (the
    # lock order, _together).
    changed.sort(key=lambda change: (change[0].__tablename__ != "residents", change[0].__tablename__,
                                     change[1].identity), reverse=True)
    for obj, state, values in changed:
        if values:
            waiting.insert(0, (obj.__table__, {"id": state.identity[0], **values}, _UPDATE))
            for key, value in values.items():
                set_committed_value(obj, key, value)  # sent: nothing left for the ORM's flush


@event.listens_for(Session, "before_commit")
def _send_before_commit(session) -> None:
    _fold_updates(session)
    session.flush()  # the ORM's rows first: a waiting row may name one (the new resident's id)
    send(session, last=True)  # the last statement before COMMIT (no other before_commit hook)


@event.listens_for(Session, "do_orm_execute")
def _send_before_reading(state) -> None:
    if state.session.info.get(_WAITING) or state.session.info.get(_DEFERRED) is not None:
        send(state.session)


@event.listens_for(Session, "after_soft_rollback")
def _drop_on_rollback(session, previous_transaction) -> None:
    # A SAVEPOINT's rollback keeps them: no turn adds a waiting row inside one
    # (callbacks.service's is around its own INSERT only).
    if not previous_transaction.nested:
        session.info.pop(_WAITING, None)
        session.info.pop(_DEFERRED, None)
