"""Edits of resident texts in the database, in force at once in every process.

The webhook's hot path asks for texts many times a turn; it must not pay a query each
time. Each process keeps the edits in memory and, at most once a second, reads the
newest row's token (one indexed query): a new token means someone edited a text, in
this process or another (a web worker, a Celery worker), and the edits are read again.
An edit made in this process is seen at once (forget()).
"""
from __future__ import annotations

import hashlib
import time
import uuid
from dataclasses import dataclass, field
from datetime import datetime

from flask import has_app_context
from sqlalchemy import select

from hotline.core import lone_statements
from hotline.core.clock import now_utc
from hotline.extensions import db
from hotline.texts.models import TextEdit

CHECK_SECONDS = 1.0
monotonic = time.monotonic  # patched by tests that count the checks


@dataclass
class _Cache:
    token: str | None = "(not read)"
    checked_at: float = float("-inf")
    edits: dict[str, dict[str, str]] = field(default_factory=dict)


_cache = _Cache()


def edits() -> dict[str, dict[str, str]]:
    """{key: {lang: wording}} of every text edited and not put back; {} outside an app."""
    if not has_app_context():
        return {}
    global _cache
    now = monotonic()
    cache = _cache
    if now - cache.checked_at < CHECK_SECONDS:
        return cache.edits
    # No lock around the reads. A query first sends the turn's waiting rows (hotline/core/batch.py),
    # which can wait on a row another turn holds (two first texts of one phone): held across that
    # wait, a process lock stopped the other turn at its own text lookup, and both waited for ever
    # (tests/test_cache_locks.py). Threads checking at once each read; the cache is replaced
    # whole, and one a moment stale is mended by the next check.
    # LONE: a plain read, sound outside a transaction; in a webhook that has not opened one it
    # costs no BEGIN/COMMIT (hotline/core/lone_statements.py).
    token = db.session.scalar(select(TextEdit.token).order_by(TextEdit.id.desc()).limit(1),
                              execution_options={lone_statements.LONE: True})
    edits = cache.edits if token == cache.token else _read_all()
    _cache = _Cache(token=token, checked_at=now, edits=edits)
    return edits


_UNREAD = "(not read)"  # no row's token: the next check reads the edits, even of an empty table


def forget() -> None:
    """Read the edits again at the next lookup (after a write; tests between cases)."""
    _cache.checked_at = float("-inf")
    _cache.token = _UNREAD


def _read_all() -> dict[str, dict[str, str]]:
    found: dict[str, dict[str, str]] = {}
    for key, lang, body in db.session.execute(
            select(TextEdit.key, TextEdit.lang, TextEdit.body).order_by(TextEdit.id)):
        if body is None:
            found.get(key, {}).pop(lang, None)  # back to the shipped wording
        else:
            found.setdefault(key, {})[lang] = body
    return {key: wording for key, wording in found.items() if wording}


def text_hash(body: str) -> str:
    return hashlib.sha256(body.encode("utf-8")).hexdigest()


def save(key: str, lang: str, body: str | None, shipped: str, *, staff_id: int | None,
         source: str) -> TextEdit:
    """Record an edit (body None: back to `shipped`). The caller checked it (checks.py)
    and commits; this process sees it at once, the others within CHECK_SECONDS."""
    edit = TextEdit(key=key, lang=lang, body=body, staff_id=staff_id, source=source,
                    token=uuid.uuid4().hex, text_hash=text_hash(shipped if body is None else body),
                    created_at=now_utc())
    db.session.add(edit)
    db.session.flush()
    forget()
    return edit


def history(key: str) -> list[TextEdit]:
    """Every edit of a text, newest first."""
    return list(db.session.scalars(select(TextEdit).where(TextEdit.key == key)
                                   .order_by(TextEdit.id.desc())))


def latest(keys: list[str] | None = None) -> dict[tuple[str, str], TextEdit]:
    """The newest edit of each (key, lang) (also one that put the shipped wording back)."""
    query = select(TextEdit).order_by(TextEdit.id)
    if keys is not None:
        query = query.where(TextEdit.key.in_(keys))
    return {(edit.key, edit.lang): edit for edit in db.session.scalars(query)}


def voice_edits() -> dict[tuple[str, str], tuple[str, datetime]]:
    """For the recordings: {(voice key, lang): (hash of the wording in force, when it
    changed)}. A recording made before that moment, or of a wording with another
    hash, says something else than the text: it is out of date."""
    return {pair: (edit.text_hash, edit.created_at) for pair, edit in latest().items()
            if pair[0].startswith("voice.")}
