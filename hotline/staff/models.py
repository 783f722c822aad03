from __future__ import annotations

from datetime import datetime

from flask_login import UserMixin
from sqlalchemy import Boolean, ForeignKey, Index, String
from sqlalchemy import false as sa_false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from hotline.db import Base, UTCDateTime, utcnow

ROLES = ("coordinator", "social_worker", "lawyer")
OBLASTS = ("osh", "naryn")


class Staff(UserMixin, Base):
    __tablename__ = "staff"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120))
    phone: Mapped[str] = mapped_column(String(20), unique=True)
    role: Mapped[str] = mapped_column(String(20))
    oblast: Mapped[str | None] = mapped_column(String(10), nullable=True)
    district: Mapped[str | None] = mapped_column(String(60), nullable=True)
    password_hash: Mapped[str | None] = mapped_column(String(255), nullable=True)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    on_bus_crew: Mapped[bool] = mapped_column(Boolean, default=False)
    # Marked by a coordinator on the staff page: reaches the recording menu when calling the
    # hotline from this phone (coordinators always do: hotline/prompts/phone.py).
    voice_recorder: Mapped[bool] = mapped_column(Boolean, default=False, server_default=sa_false())
    language: Mapped[str] = mapped_column(String(2), default="ru")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    shifts: Mapped[list["Shift"]] = relationship(back_populates="staff", cascade="all, delete-orphan")


class Shift(Base):
    """A span of duty in UTC; `backup` shifts are the second tier of escalation."""

    __tablename__ = "shifts"
    __table_args__ = (Index("ix_shifts_window", "starts_at", "ends_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    staff_id: Mapped[int] = mapped_column(ForeignKey("staff.id", ondelete="CASCADE"), index=True)
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime)
    ends_at: Mapped[datetime] = mapped_column(UTCDateTime)
    backup: Mapped[bool] = mapped_column(Boolean, default=False)

    staff: Mapped[Staff] = relationship(back_populates="shifts")
