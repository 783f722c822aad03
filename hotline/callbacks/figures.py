"""Figures for the admin page, as plain data: consultations by oblast, district, topic and
month, and how long people wait for the call. A consultation is a request marked DONE.
"""
from __future__ import annotations

from collections import Counter
from datetime import datetime
from statistics import median
from zoneinfo import ZoneInfo

from sqlalchemy import func, select

from hotline.callbacks.models import STATUSES, CallbackRequest
from hotline.extensions import db

DIMENSIONS = ("oblast", "district", "topic", "month")
UNKNOWN = "unknown"


def _done(start: datetime | None, end: datetime | None) -> list[CallbackRequest]:
    query = select(CallbackRequest).where(CallbackRequest.status == "done")
    if start is not None:
        query = query.where(CallbackRequest.closed_at >= start)
    if end is not None:
        query = query.where(CallbackRequest.closed_at < end)
    return list(db.session.scalars(query))


def consultations(by: str, tz: ZoneInfo, start: datetime | None = None,
                  end: datetime | None = None) -> list[tuple[str, int]]:
    """[(key, count)] sorted by key; `by` is oblast, district, topic or month (YYYY-MM, local)."""
    if by not in DIMENSIONS:
        raise ValueError(f"figures by one of {', '.join(DIMENSIONS)}")
    counts = Counter(_key(request, by, tz) for request in _done(start, end))
    return sorted(counts.items())


def _key(request: CallbackRequest, by: str, tz: ZoneInfo) -> str:
    if by == "month":
        return request.closed_at.astimezone(tz).strftime("%Y-%m")
    if by == "district" and request.district:
        return f"{request.oblast or UNKNOWN}/{request.district}"
    return getattr(request, by) or UNKNOWN


def median_hours_to_call(start: datetime | None = None, end: datetime | None = None) -> float | None:
    """Median hours from the request to the lawyer's DONE; None when there is none."""
    waits = [(r.closed_at - r.created_at).total_seconds() / 3600 for r in _done(start, end)]
    return round(median(waits), 1) if waits else None


def by_status() -> dict[str, int]:
    rows = db.session.execute(select(CallbackRequest.status, func.count()).group_by(CallbackRequest.status))
    counts = dict(rows.all())
    return {status: counts.get(status, 0) for status in STATUSES}


def summary(tz: ZoneInfo, start: datetime | None = None, end: datetime | None = None) -> dict:
    """Everything the admin page shows, in one dict."""
    return {
        **{f"by_{dim}": consultations(dim, tz, start, end) for dim in DIMENSIONS},
        "median_hours_to_call": median_hours_to_call(start, end),
        "by_status": by_status(),
    }
