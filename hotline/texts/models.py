from __future__ import annotations

from datetime import datetime

from sqlalchemy import Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from hotline.db import Base, UTCDateTime, utcnow


class TextEdit(Base):
    """One edit of one text in one language; the newest row per (key, lang) is in force.

    Rows are never changed, so the table is also the history (who, when, what). A row
    with no body puts the shipped wording back. `token` is new on every row: a process
    compares the newest token with the one its cache was built from (store.py).
    `text_hash` is the hash of the wording in force after the edit: a voice recording
    made of another wording is out of date (store.voice_edits)."""

    __tablename__ = "text_edits"
    __table_args__ = (Index("ix_text_edits_key_lang", "key", "lang"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(120))
    lang: Mapped[str] = mapped_column(String(8))
    body: Mapped[str | None] = mapped_column(Text, nullable=True)
    staff_id: Mapped[int | None] = mapped_column(Integer, nullable=True)  # None: an import from the CLI
    source: Mapped[str] = mapped_column(String(20))  # admin | import
    token: Mapped[str] = mapped_column(String(32))
    text_hash: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
