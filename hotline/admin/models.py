"""Failed logins, the database side of the login rate limit (used when Redis is down)."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import Index, String
from sqlalchemy.orm import Mapped, mapped_column

from hotline.db import Base, UTCDateTime, utcnow


class LoginFailure(Base):
    __tablename__ = "admin_login_failures"
    __table_args__ = (Index("ix_admin_login_failures_key_at", "key", "created_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(120))  # hash of phone + IP, no raw phone kept
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
