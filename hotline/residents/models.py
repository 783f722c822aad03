from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from hotline.db import Base, UTCDateTime, utcnow
from hotline.messaging import optout

LANGUAGES = ("ky", "ru", "uz", "uz_Cyrl")  # uz is Latin; uz_Cyrl the same Uzbek in Cyrillic (SMS only)


class Resident(Base):
    """One row per phone that has reached us; the least data that serves."""

    __tablename__ = "residents"
    __batch_updates__ = True  # its UPDATE may go with a webhook's batch (hotline/core/batch.py)

    id: Mapped[int] = mapped_column(primary_key=True)
    phone: Mapped[str] = mapped_column(String(20), unique=True)
    language: Mapped[str] = mapped_column(String(8), default="ky")  # ky, ru, uz or uz_Cyrl
    language_chosen: Mapped[bool] = mapped_column(Boolean, default=False)
    opted_out: Mapped[bool] = mapped_column(Boolean, default=False)
    # The village they asked about last; a plain id so this package needs no
    # import of the schedule package (which owns places).
    place_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_seen_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


def opted_out(phone: str) -> bool:
    """The STOP flag of the phone, for the outbox (hotline.messaging.optout)."""
    from sqlalchemy import select

    from hotline.extensions import db

    return bool(db.session.scalar(select(Resident.opted_out).where(Resident.phone == phone)))


optout.register(opted_out)
