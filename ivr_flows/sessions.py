"""Dialog state per call (CallSid) and per phone (SMS), kept in the database.

The database, not Redis, because a webhook must keep working when Redis is
down. SMS sessions expire: a digit sent next week must not answer today's menu.
"""
from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import JSON, Integer, String, delete, select
from sqlalchemy.orm import Mapped, mapped_column

from hotline.core import batch, prefetch
from hotline.core.clock import now_utc
from hotline.db import Base, UTCDateTime, utcnow
from hotline.extensions import db

CALL_SESSION_HOURS = 2


class DialogSession(Base):
    __tablename__ = "dialog_sessions"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(80), unique=True)  # "call:CA..." or "sms:+996..."
    awaiting: Mapped[str | None] = mapped_column(String(80), nullable=True)
    state: Mapped[dict] = mapped_column(JSON, default=dict)
    step: Mapped[int] = mapped_column(Integer, default=0)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


def load(key: str, lifetime: timedelta) -> DialogSession:
    """The live session for `key`, or a fresh one when it expired or never existed.

    Detached from the database session: nothing is written while the turn runs; end_turn()
    upserts the whole state once, with the turn's other rows (hotline/core/batch.py)."""
    now = now_utc()
    found, session = prefetch.lookup("session", key)  # read with the webhook's receipt
    if not found:
        session = db.session.scalar(select(DialogSession).where(DialogSession.key == key))
    if session is not None:
        db.session.expunge(session)
        if session.expires_at <= now:
            session.awaiting, session.state, session.step = None, {}, 0
    if session is None:
        session = DialogSession(key=key, awaiting=None, state={}, step=0, expires_at=now + lifetime,
                                created_at=now)
    session.lifetime = lifetime
    return session


def end_turn(session: DialogSession, awaiting: str | None, step: bool = True) -> None:
    """What the next input answers, and a fresh lifetime from now: one upsert, sent before the
    commit (two first messages at once both write, neither fails on the key)."""
    session.awaiting = awaiting
    if step:
        session.step += 1
    session.expires_at = now_utc() + getattr(session, "lifetime", timedelta(hours=CALL_SESSION_HOURS))
    batch.upsert(db.session, DialogSession.__table__, "key", key=session.key, awaiting=session.awaiting,
                 state=session.state or {}, step=session.step, expires_at=session.expires_at,
                 created_at=session.created_at or now_utc())


def update_state(session: DialogSession, **values) -> None:
    # Reassign so SQLAlchemy sees the JSON change.
    session.state = {**(session.state or {}), **values}


def purge_expired() -> int:
    return db.session.execute(delete(DialogSession).where(DialogSession.expires_at < now_utc())).rowcount
