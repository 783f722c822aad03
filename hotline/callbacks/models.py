"""One callback request per ask; at most one open per phone (`open_key`)."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from hotline.db import Base, UTCDateTime, utcnow

TOPICS = ("family", "property", "documents", "work", "other")  # keypad 1-5 (CONTRACT.md)
SAFE_TIMES = ("morning", "afternoon", "evening", "any")  # keypad 1-4
CHANNELS = ("sms", "voice", "missed_call")
OPEN_STATUSES = ("new", "assigned")
STATUSES = OPEN_STATUSES + ("done", "unreachable", "withdrawn")
MAX_ATTEMPTS = 3


class CallbackRequest(Base):
    __tablename__ = "callback_requests"
    __batch_updates__ = True  # its UPDATE may go with a webhook's batch (hotline/core/batch.py)

    id: Mapped[int] = mapped_column(primary_key=True)
    phone: Mapped[str] = mapped_column(String(20), index=True)
    # The phone while the request is open, NULL once closed: the database itself
    # refuses a second open request for a phone (NULLs never collide).
    open_key: Mapped[str | None] = mapped_column(String(20), unique=True, nullable=True)
    language: Mapped[str] = mapped_column(String(8), default="ky")  # ky, ru, uz or uz_Cyrl
    channel: Mapped[str] = mapped_column(String(12))
    status: Mapped[str] = mapped_column(String(12), default="new", index=True)
    topic: Mapped[str | None] = mapped_column(String(12), nullable=True)
    safe_time: Mapped[str | None] = mapped_column(String(10), nullable=True)
    # Places belong to hotline.schedule: a plain id, plus what the lawyer and
    # the figures need, copied when the request is filed.
    place_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    place_text: Mapped[str | None] = mapped_column(String(60), nullable=True)
    oblast: Mapped[str | None] = mapped_column(String(40), nullable=True)
    district: Mapped[str | None] = mapped_column(String(60), nullable=True)
    recording_url: Mapped[str | None] = mapped_column(String(500), nullable=True)
    alert_id: Mapped[int | None] = mapped_column(Integer, nullable=True, index=True)  # set by alerts
    lawyer_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id", ondelete="SET NULL"),
                                                  nullable=True, index=True)
    attempts: Mapped[int] = mapped_column(Integer, default=0)  # calls not answered
    notifications: Mapped[int] = mapped_column(Integer, default=0)  # SMS sent to lawyers
    next_attempt_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True, index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    assigned_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    # When the resident was given the reference (the dialogue's end, the missed-call
    # SMS, or the SMS of a dialogue left half-way): never filed without telling.
    told_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)

    @property
    def reference(self) -> str:
        return f"K-{self.id}"

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES
