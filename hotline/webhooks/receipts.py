"""A retried webhook has its effects once and gets the same answer.

The answer is stored under the retry key in the same transaction as the
effects, so either both are kept or neither is.
"""
from __future__ import annotations

import time

from datetime import datetime
from typing import Callable

from sqlalchemy import String, Text, select
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.orm import Mapped, mapped_column

from hotline.db import Base, UTCDateTime, utcnow
from hotline.extensions import db
from hotline.messaging import outbox
from hotline.sqlite import is_lock_error


class WebhookReceipt(Base):
    __tablename__ = "webhook_receipts"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(160), unique=True)
    response: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)


def stored_answer(key: str) -> str | None:
    return db.session.scalar(select(WebhookReceipt.response).where(WebhookReceipt.key == key))


# Pauses before running a unit of work again after SQLite said "locked" (a stale
# snapshot in a deferred transaction); about 2 s in all, far inside Twilio's 15 s.
LOCK_RETRY_PAUSES = (0.02, 0.05, 0.1, 0.2, 0.4, 0.6, 0.8)


def once(key: str, handle: Callable[[], str]) -> str:
    """Run `handle` (which writes but does not commit) once per key; return its answer."""
    for pause in LOCK_RETRY_PAUSES + (None,):
        try:
            return _once(key, handle)
        except OperationalError as error:
            db.session.rollback()
            if not is_lock_error(error) or pause is None:
                raise
            time.sleep(pause)
    raise AssertionError("unreachable")


def _once(key: str, handle: Callable[[], str]) -> str:
    answer = stored_answer(key)
    if answer is not None:
        return answer
    answer = handle()
    db.session.add(WebhookReceipt(key=key, response=answer))
    try:
        outbox.commit()
    except IntegrityError:
        # The same webhook, retried while we worked: its twin's effects stand.
        db.session.rollback()
        answer = stored_answer(key) or answer
    return answer
