"""What the crew said, one row per command: the record behind notices, UNDO and planned-vs-actual."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from hotline.db import Base, UTCDateTime, utcnow
from hotline.schedule.models import Place, Visit

KINDS = ("here", "late", "next", "left")
# What became of the residents' notices of an event.
NOTICE_STATES = ("none", "pending", "sent", "dropped", "undone", "superseded")


class CrewEvent(Base):
    """`HERE Gulcho until 13:00` from a crew phone, recorded against the visit it belongs to."""

    __tablename__ = "live_events"
    __table_args__ = (
        Index("ix_live_events_notify", "notice_state", "notify_at"),
        Index("ix_live_events_phone_at", "phone", "at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(8))
    staff_id: Mapped[int] = mapped_column(ForeignKey("staff.id"))
    phone: Mapped[str] = mapped_column(String(20))
    visit_id: Mapped[int] = mapped_column(ForeignKey("visits.id"), index=True)
    place_id: Mapped[int] = mapped_column(ForeignKey("places.id"))
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    until_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)  # HERE ... until
    expected_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)  # NEXT, LATE
    minutes: Mapped[int | None] = mapped_column(Integer, nullable=True)  # LATE
    # The command made an unplanned stop on the fly; UNDO cancels that visit again.
    created_visit: Mapped[bool] = mapped_column(Boolean, default=False)
    notice_state: Mapped[str] = mapped_column(String(12), default="none")
    notify_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)  # when notices go
    told: Mapped[int] = mapped_column(Integer, default=0)  # notices queued (or expected, while pending)
    undone_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)

    visit: Mapped[Visit] = relationship()
    place: Mapped[Place] = relationship()
