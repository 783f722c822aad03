"""A recording of one prompt, phrase, value word, place name or meeting point in one language."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import Integer, LargeBinary, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from hotline.db import Base, UTCDateTime, utcnow

KINDS = ("text", "place", "point")  # text: a catalog key (or key#n for a phrase of one)
SOURCES = ("human", "machine")  # a human recording always wins; the machine one stays as fallback


class Recording(Base):
    __tablename__ = "prompt_recordings"
    __table_args__ = (UniqueConstraint("lang", "kind", "key", "source", name="uq_prompt_recordings_one"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    lang: Mapped[str] = mapped_column(String(2))
    kind: Mapped[str] = mapped_column(String(8))
    key: Mapped[str] = mapped_column(String(255))
    # The words it says: a machine recording whose text differs is made again.
    text: Mapped[str] = mapped_column(Text)
    source: Mapped[str] = mapped_column(String(8))
    content_type: Mapped[str] = mapped_column(String(20), default="audio/wav")
    duration_ms: Mapped[int] = mapped_column(Integer, default=0)
    # Deferred: the webhook's lookup reads ids only, the media route reads the audio.
    audio: Mapped[bytes] = mapped_column(LargeBinary, deferred=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
