"""Places the bus visits, its visits, who wants reminders, and who asked about a place."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, Float, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from hotline.db import Base, UTCDateTime, utcnow

# "unplanned": a stop the crew made on the fly (HERE/NEXT at a place with no visit today)
VISIT_STATUSES = ("planned", "delayed", "moved", "cancelled", "unplanned")


class Place(Base):
    """A village or town; `code` is what a caller types on the keypad."""

    __tablename__ = "places"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(10), unique=True)
    name_ky: Mapped[str] = mapped_column(String(100))
    name_ru: Mapped[str] = mapped_column(String(100))
    name_latin: Mapped[str] = mapped_column(String(100))
    aliases: Mapped[str] = mapped_column(Text, default="")  # separated by ";"
    oblast: Mapped[str] = mapped_column(String(40))
    district: Mapped[str] = mapped_column(String(60))
    lat: Mapped[float | None] = mapped_column(Float, nullable=True)
    lon: Mapped[float | None] = mapped_column(Float, nullable=True)
    # Changes when names change, so each process knows to rebuild its match index.
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    def names(self) -> tuple[str, ...]:
        every = [self.name_ky, self.name_ru, self.name_latin, *self.aliases.split(";")]
        return tuple(dict.fromkeys(n.strip() for n in every if n and n.strip()))


class Visit(Base):
    """One stop of the bus: a place, a local-time window (stored UTC), a meeting point."""

    __tablename__ = "visits"
    __table_args__ = (UniqueConstraint("place_id", "starts_at", name="uq_visits_place_start"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    place_id: Mapped[int] = mapped_column(ForeignKey("places.id"), index=True)
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    ends_at: Mapped[datetime] = mapped_column(UTCDateTime)
    meeting_point: Mapped[str] = mapped_column(String(120), default="")
    status: Mapped[str] = mapped_column(String(12), default="planned")
    # Each coordinator change bumps `revision`; notices are sent up to `notified_revision`.
    revision: Mapped[int] = mapped_column(Integer, default=0)
    notified_revision: Mapped[int] = mapped_column(Integer, default=0)
    previous_starts_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    place: Mapped[Place] = relationship()


class Subscription(Base):
    """A resident who wants reminders of visits to a place (resident id: plain, no FK)."""

    __tablename__ = "bus_subscriptions"
    __table_args__ = (UniqueConstraint("resident_id", "place_id", name="uq_bus_subscriptions_resident"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    resident_id: Mapped[int] = mapped_column(Integer)
    place_id: Mapped[int] = mapped_column(ForeignKey("places.id"), index=True)
    # Subscribed when nothing was planned: tell them once a visit is.
    waiting: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class BusQuery(Base):
    """Who asked about which place, kept 14 days so a change reaches them."""

    __tablename__ = "bus_queries"
    __table_args__ = (Index("ix_bus_queries_place_asked", "place_id", "asked_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    resident_id: Mapped[int] = mapped_column(Integer)
    place_id: Mapped[int] = mapped_column(Integer)
    asked_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
