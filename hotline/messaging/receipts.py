"""A retried webhook has its effects once and gets the same answer.

The answer is stored under the retry key in the same transaction as the
effects, so either both are kept or neither is.
"""
from __future__ import annotations


from datetime import datetime
from typing import Callable

from sqlalchemy import String, Text, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Mapped, mapped_column

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


def once(key: str, handle: Callable[[], str]) -> str:
    """Run `handle` (which writes but does not commit) once per key; return its answer."""
    return retry_when_locked(lambda: _once(key, handle), db.session.rollback)


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
