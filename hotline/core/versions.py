"""Version tokens of read-mostly data, so each process can hold it and know when it changed.

Every write to a watched table (places, visits, the crew's live events) sets a fresh random
token for its name in the same transaction, so a reader that sees the new token also sees the
new rows. Readers compare the token they hold against the table `data_versions`; a webhook
reads the tokens in the same statement as its receipt, resident and dialogue (see
hotline/webhooks/prefetch.py), so a process cache costs no extra round trip and is never stale.

Random tokens, not counters: a counter restarts when the table is emptied (tests do that
between cases) and an old cache could match a new count.
"""
from __future__ import annotations

import secrets
from typing import Callable

from sqlalchemy import BigInteger, String, event, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Mapped, Session, mapped_column

from hotline.core import prefetch
from hotline.db import Base

# table name -> version name. Here, not in the domains, so that every process (web, worker,
# beat, CLI) bumps on every write whether or not it imports the caches.
WATCHED: dict[str, str] = {"places": "places", "visits": "schedule", "live_events": "live"}


class DataVersion(Base):
    __tablename__ = "data_versions"

    name: Mapped[str] = mapped_column(String(40), primary_key=True)
    token: Mapped[int] = mapped_column(BigInteger)


def current(session, name: str) -> int | None:
    """The token this transaction sees: the webhook's prefetched one, else read now.

    Watched rows changed but not yet flushed are flushed first (which bumps), as a query
    would have autoflushed them: a turn that wrote a visit then reads the schedule sees it."""
    _flush_watched(session)
    return _token(session, name)


def _flush_watched(session) -> None:
    if any(table in WATCHED for table in _tables_written(session)):
        session.flush()


def _token(session, name: str) -> int | None:
    found, token = prefetch.lookup("version", name)
    if found:
        return token
    return session.scalar(select(DataVersion.token).where(DataVersion.name == name))


def bump(session, names) -> None:
    """Fresh tokens, sorted so two writers take the rows' locks in one order."""
    connection = session.connection()
    insert = postgresql.insert if connection.dialect.name == "postgresql" else sqlite.insert
    for name in sorted(set(names)):
        token = secrets.randbits(62)
        connection.execute(insert(DataVersion).values(name=name, token=token)
                           .on_conflict_do_update(index_elements=[DataVersion.name], set_={"token": token}))
        prefetch.forget("version", name)


class Cached:
    """One value per process, rebuilt by `load(session, **args)` when a token of `names` moved,
    or when `fresh(value)` says the value no longer covers what is asked (the day moved on)."""

    def __init__(self, names: tuple[str, ...], load: Callable):
        self.names, self._load = names, load
        self._held: tuple | None = None  # (tokens, value), swapped whole: threads share it

    def get(self, session, fresh: Callable[[object], bool] | None = None, **args):
        _flush_watched(session)  # once, not once per name: it walks the session's objects
        tokens = tuple(_token(session, name) for name in self.names)
        held = self._held
        if held is not None and held[0] == tokens and (fresh is None or fresh(held[1])):
            return held[1]
        value = self._load(session, **args)
        self._held = (tokens, value)
        return value


def detached_reader(session) -> Session:
    """A session on the caller's connection and transaction whose objects outlive it: close()
    detaches them with what they loaded, to be read (never changed) by any later request."""
    return Session(bind=session.connection(), autoflush=False, expire_on_commit=False)


def _tables_written(session: Session) -> set[str]:
    objects = (*session.new, *session.dirty, *session.deleted)
    return {obj.__table__.name for obj in objects if getattr(obj, "__table__", None) is not None}


@event.listens_for(Session, "before_flush")
def _bump_on_flush(session, flush_context, instances) -> None:
    names = {WATCHED[t] for t in _tables_written(session) if t in WATCHED}
    if names:
        bump(session, names)


@event.listens_for(Session, "do_orm_execute")
def _bump_on_bulk(state) -> None:
    """update(Visit)..., delete(Place)... and Core statements run through the session."""
    if not (state.is_insert or state.is_update or state.is_delete):
        return
    table = getattr(state.statement, "table", None)
    name = WATCHED.get(getattr(table, "name", None) or "")
    if name is not None and table.name != DataVersion.__tablename__:
        bump(state.session, [name])
