"""A retried webhook has its effects once and gets the same answer.

The answer is stored under the retry key in the same transaction as the
effects, so either both are kept or neither is.
"""
from __future__ import annotations


from datetime import datetime
from typing import Callable

from sqlalchemy import String, Text, select
from sqlalchemy.exc import DBAPIError, IntegrityError
from sqlalchemy.orm import Mapped, mapped_column

from hotline.core import batch, lone_statements, pool_ping, prefetch
from hotline.db import Base, UTCDateTime, utcnow
from hotline.extensions import db
from hotline.messaging import outbox
from hotline.sqlite import retry_when_locked


class WebhookReceipt(Base):
    __tablename__ = "webhook_receipts"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(160), unique=True)
    response: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)


def stored_answer(key: str) -> str | None:
    return db.session.scalar(select(WebhookReceipt.response).where(WebhookReceipt.key == key))


def once(key: str, handle: Callable[[], str], read: Callable[[], str | None] | None = None) -> str:
    """Run `handle` (which writes but does not commit) once per key; return its answer.

    `read`, if given, returns the stored answer in place of stored_answer(key) and reads ahead
    what the handler will need in the same statement (hotline/webhooks/prefetch.py)."""
    def run(last_try: bool):
        try:
            with pool_ping.turn_that_can_rerun():
                return _once(key, handle, read, last_try)
        except DBAPIError as error:
            if last_try or not _can_run_again(error):
                raise
            db.session.rollback()
            return _AGAIN
        finally:
            prefetch.clear()  # read in this transaction: never trusted after it

    def attempt() -> str:
        answer = run(last_try=False)
        return run(last_try=True) if answer is _AGAIN else answer

    return retry_when_locked(attempt, db.session.rollback)


# PostgreSQL rolled the whole turn back and says to try again: a deadlock's victim, a
# serialization failure.
RERUN_SQLSTATES = frozenset({"40P01", "40001"})


def _can_run_again(error: DBAPIError) -> bool:
    """Nothing of the turn is kept and running it again is safe. Its pooled connection died
    under it (a turn's connection is pinged only after idling: hotline/core/pool_ping.py): once
    more on a new one, and a write the dead one took is found by the read. Or PostgreSQL chose it
    as a deadlock's victim (or a serialization failure's): the rerun reads what the other
    committed, as a twin's rerun does. Two texts of one phone at once (Twilio posts them side by
    side) take the resident's row before the dialogue's (hotline/core/batch.py, _together) and
    do not deadlock each other; this is for any pair of turns that still could."""
    return error.connection_invalidated or getattr(error.orig, "sqlstate", None) in RERUN_SQLSTATES


_AGAIN = object()  # run the turn again, reading afresh: it met a twin's row, its connection died or it lost a deadlock


def _once(key: str, handle: Callable[[], str], read: Callable[[], str | None] | None, last_try: bool):
    if read is not None:
        # PostgreSQL: the read, and the batched write if it is the only one, without BEGIN and
        # COMMIT; anything else in the turn opens the transaction (hotline/core/lone_statements.py).
        lone_statements.start(db.session)
    answer = read() if read is not None else stored_answer(key)
    if answer is not None:
        return answer
    try:
        # A twin's row can refuse ours at the commit or earlier: a query in the turn sends the
        # rows batched so far before it reads (hotline/core/batch.py), a new resident's among them.
        answer = handle()
        # Sent with the turn's other rows right before the commit (hotline/core/batch.py).
        batch.add(db.session, WebhookReceipt.__table__, key=key, response=answer)
        outbox.commit()
    except IntegrityError:
        # Nothing of ours is kept (one transaction, or one statement when the batch was the
        # only write). The same webhook, retried while we worked: its twin's effects stand.
        db.session.rollback()
        stored = stored_answer(key)
        db.session.rollback()
        if stored is not None:
            return stored
        # Another key: a twin's row this turn would have written too (the first two texts of one
        # phone at once: its resident). Run once more; the read now finds that row.
        if not last_try:
            return _AGAIN
        # Twice: nothing of this turn is kept, so no answer may go out as if it were. The
        # webhook spools it and the spool replays it later (hotline/webhooks/routes.py).
        raise
    return answer
