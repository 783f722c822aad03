"""An alert and its timeline. Escalation state lives here, never in broker ETAs."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from hotline.db import Base, UTCDateTime, utcnow

STATUSES = ("open", "taken", "closed")
# Timeline kinds: created, signal (the same phone again), dialing, notified,
# delivered, sms_failed, call_failed, escalated, acknowledged, passed, closed,
# recording, nobody (no one to notify at a step), refused (ACK/PASS/DONE from someone not on
# its roster), number_sent (the taker got the full number: once per taking).


class Alert(Base):
    __tablename__ = "alerts"
    __table_args__ = (Index("ix_alerts_status_next", "status", "next_escalation_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    phone: Mapped[str] = mapped_column(String(20), index=True)  # emptied by purge
    resident_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    place_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    channel: Mapped[str] = mapped_column(String(10), default="sms")  # sms | voice
    status: Mapped[str] = mapped_column(String(12), default="open")
    tier: Mapped[int] = mapped_column(Integer, default=0)  # highest tier notified so far
    step: Mapped[int] = mapped_column(Integer, default=0)  # notification rounds done
    next_escalation_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    taken_by_id: Mapped[int | None] = mapped_column(Integer, nullable=True)  # staff id
    taken_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    outcome: Mapped[str | None] = mapped_column(Text, nullable=True)
    recording_url: Mapped[str | None] = mapped_column(String(500), nullable=True)
    signals: Mapped[int] = mapped_column(Integer, default=1)
    last_signal_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    events: Mapped[list["AlertEvent"]] = relationship(
        back_populates="alert", cascade="all, delete-orphan", order_by="AlertEvent.id")

    @property
    def code(self) -> str:
        return f"A{self.id}"

    def log(self, kind: str, staff_id: int | None = None, detail: str = "") -> "AlertEvent":
        event = AlertEvent(kind=kind, staff_id=staff_id, detail=detail[:200])
        self.events.append(event)
        return event

    def staff_notified(self) -> list[int]:
        """Ids of staff sent a notice so far, first notice first."""
        return list(dict.fromkeys(e.staff_id for e in self.events if e.kind == "notified" and e.staff_id))


class AlertEvent(Base):
    """One step on an alert's timeline; no phone numbers here, staff by id."""

    __tablename__ = "alert_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    alert_id: Mapped[int] = mapped_column(ForeignKey("alerts.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(20))
    staff_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    detail: Mapped[str] = mapped_column(String(200), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    alert: Mapped[Alert] = relationship(back_populates="events")


class AlertRefusal(Base):
    """An ACK/PASS/DONE refused (not on the alert's roster, or no such alert): the count that
    slows a phone down. Staff by id, never a phone; alert_id is None when no such alert exists."""

    __tablename__ = "alert_refusals"

    id: Mapped[int] = mapped_column(primary_key=True)
    staff_id: Mapped[int] = mapped_column(ForeignKey("staff.id", ondelete="CASCADE"), index=True)
    alert_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
