"""Where recordings live: the database, so every web process (any host, any instance
folder) plays the same ones. A voice webhook asks `best()` for each piece it plays; the
answer comes from a small per-process index of ids, read again every few seconds, so
composing a prompt costs no query (bench/bench_voice.py).
"""
from __future__ import annotations

import logging
import time
from dataclasses import dataclass

from sqlalchemy import delete, select
from sqlalchemy.exc import SQLAlchemyError

from hotline.core.logs import log_event
from hotline.extensions import db
from hotline.prompts import audio
from hotline.prompts.models import Recording

INDEX_SECONDS = 5.0  # a recording saved by another process is played within this
EXTENSIONS = {"audio/wav": "wav", "audio/mpeg": "mp3"}  # what <Play> takes


@dataclass(frozen=True)
class Found:
    id: int
    source: str
    text: str
    duration_ms: int
    ext: str = "wav"


_index: dict[tuple[str, str, str], Found] = {}
_machine: dict[tuple[str, str, str], Found] = {}
_loaded_at = -INDEX_SECONDS
log = logging.getLogger(__name__)


def forget() -> None:
    """Read the index again at the next lookup (after this process saved a recording)."""
    global _loaded_at
    _loaded_at = -INDEX_SECONDS


def _load() -> None:
    """Read the index; when it cannot be read (the database restarting) the previous index
    serves until the next try, and the webhook goes on (its own error handling decides).
    Read in the request's own transaction: on SQLite a second connection would wait for this
    process's own write lock (BEGIN IMMEDIATE) until it timed out."""
    global _loaded_at, _index, _machine
    try:
        rows = _read_index()
    except SQLAlchemyError as error:
        log_event(log, "prompts.index_unavailable", logging.WARNING, error=type(error).__name__)
        _loaded_at = time.monotonic()
        return
    best, machine = {}, {}
    for row in rows:
        found = Found(row.id, row.source, row.text, row.duration_ms, EXTENSIONS[row.content_type])
        where = (row.lang, row.kind, row.key)
        if row.source == "machine":
            machine[where] = found
        if row.source == "human" or where not in best:  # a human recording always wins
            best[where] = found
    _index, _machine, _loaded_at = best, machine, time.monotonic()


def _read_index() -> list:
    query = select(Recording.id, Recording.lang, Recording.kind, Recording.key, Recording.source,
                   Recording.text, Recording.duration_ms, Recording.content_type)
    return db.session.execute(query).all()


def _fresh() -> None:
    # No lock around the read: its query first sends the turn's waiting rows, which can wait on
    # another turn's row, and a lock held across that wait stopped that turn here too, for ever
    # (hotline/texts/store.py, tests/test_cache_locks.py). Threads due at once each read; _load
    # replaces the index whole.
    if time.monotonic() - _loaded_at >= INDEX_SECONDS:
        _load()


def best(lang: str, kind: str, key: str) -> Found | None:
    _fresh()
    return _index.get((lang, kind, key))


def machine_made(lang: str, kind: str, key: str) -> Found | None:
    _fresh()
    return _machine.get((lang, kind, key))


def everything() -> dict[tuple[str, str, str], Found]:
    _fresh()
    return _index


def save(lang: str, kind: str, key: str, text: str, source: str, data: bytes,
         content_type: str = "audio/wav") -> Recording:
    """Replace the `source` recording of this piece (a new id: Twilio may cache the old URL)."""
    db.session.execute(delete(Recording).where(Recording.lang == lang, Recording.kind == kind,
                                               Recording.key == key, Recording.source == source))
    length = audio.duration_ms(data) if content_type == "audio/wav" else 0
    recording = Recording(lang=lang, kind=kind, key=key, text=text, source=source, audio=data,
                          content_type=content_type, duration_ms=length)
    db.session.add(recording)
    return recording


def audio_of(recording_id: int) -> tuple[bytes, str] | None:
    row = db.session.execute(select(Recording.audio, Recording.content_type)
                             .where(Recording.id == recording_id)).first()
    return None if row is None else (row.audio, row.content_type)


def words_of(recording_id: int) -> str | None:
    """What a recording says (the admin simulator shows it beside the player)."""
    return db.session.scalar(select(Recording.text).where(Recording.id == recording_id))
