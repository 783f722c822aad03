from __future__ import annotations

from datetime import datetime

from sqlalchemy import Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from hotline.db import Base, UTCDateTime, utcnow

# queued -> sending -> sent -> delivered | undelivered | failed
STATUS_ORDER = {"queued": 0, "sending": 1, "sent": 2, "delivered": 3, "undelivered": 3, "failed": 3}
FINAL_STATUSES = ("delivered", "undelivered", "failed")
QUEUES = ("urgent", "default", "bulk")


class OutboundMessage(Base):
    """Every SMS or call we send is first this row (the outbox)."""

    __tablename__ = "outbound_messages"
    __table_args__ = (
        Index("ix_outbound_messages_status_next", "status", "next_attempt_at"),
        Index("ix_outbound_messages_created", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(10), default="sms")  # sms | call | reply
    to_phone: Mapped[str] = mapped_column(String(20), index=True)
    from_phone: Mapped[str | None] = mapped_column(String(20), nullable=True)
    body: Mapped[str] = mapped_column(Text, default="")  # SMS text, or TwiML of a call
    call_url: Mapped[str | None] = mapped_column(String(500), nullable=True)
    queue: Mapped[str] = mapped_column(String(10), default="default")
    purpose: Mapped[str] = mapped_column(String(40), default="reply")
    ref_id: Mapped[int | None] = mapped_column(Integer, nullable=True)  # e.g. alert id
    dedupe_key: Mapped[str | None] = mapped_column(String(120), unique=True, nullable=True)
    segments: Mapped[int] = mapped_column(Integer, default=1)
    status: Mapped[str] = mapped_column(String(12), default="queued")
    provider_sid: Mapped[str | None] = mapped_column(String(64), unique=True, nullable=True)
    error_code: Mapped[str | None] = mapped_column(String(20), nullable=True)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    # The per-number sending slot this row already reserved (a paced bulk row):
    # it goes then, without reserving another.
    slot_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    enqueued_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    claimed_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)


class InboundMessage(Base):
    """Every SMS that reached us, once (MessageSid is unique)."""

    __tablename__ = "inbound_messages"

    id: Mapped[int] = mapped_column(primary_key=True)
    sid: Mapped[str] = mapped_column(String(64), unique=True)
    from_phone: Mapped[str] = mapped_column(String(20), index=True)
    to_phone: Mapped[str | None] = mapped_column(String(20), nullable=True)
    body: Mapped[str] = mapped_column(Text, default="")
    handled_as: Mapped[str | None] = mapped_column(String(40), nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
