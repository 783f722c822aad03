"""Rows a webhook read ahead in one statement, for the code that would read them one by one.

The webhook reads its receipt, the resident, the dialogue state and the data version tokens in
one round trip (hotline/webhooks/prefetch.py) and leaves them here; residents.get_or_create,
sessions.load and the version checks look here first. Kept in flask.g, cleared when the
webhook's transaction ends, so nothing outlives the transaction that read it.
"""
from __future__ import annotations

from flask import g, has_app_context

_MISSING = object()


def remember(kind: str, key, value) -> None:
    if has_app_context():
        g.setdefault("prefetched", {})[(kind, key)] = value


def lookup(kind: str, key) -> tuple[bool, object]:
    """(True, value) when read ahead (value may be None: read, and no such row)."""
    if not has_app_context():
        return False, None
    value = g.get("prefetched", {}).get((kind, key), _MISSING)
    return (False, None) if value is _MISSING else (True, value)


def forget(kind: str, key) -> None:
    if has_app_context():
        g.get("prefetched", {}).pop((kind, key), None)


def clear() -> None:
    if has_app_context():
        g.pop("prefetched", None)
