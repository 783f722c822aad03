"""Demo callback requests: one over 48 hours old, two fresh, one done (for the figures)."""
from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from hotline.callbacks import service
from hotline.callbacks.models import CallbackRequest
from hotline.core.clock import now_utc
from hotline.extensions import db

# (phone, topic, safe time, oblast, district, hours ago, status)
REQUESTS = (
    ("+996700200001", "family", "evening", "osh", "Alai", 3, "new"),
    ("+996555200002", "property", "morning", "naryn", "At-Bashy", 50, "new"),
    ("+996770200003", "documents", "any", "osh", "Kara-Suu", 1, "new"),
    ("+996990200004", "work", "afternoon", "naryn", "Naryn", 30, "done"),
)


def load() -> str:
    if db.session.scalar(select(CallbackRequest.id).limit(1)):
        return "callbacks: already there"
    now = now_utc()
    for phone, topic, safe_time, oblast, district, hours, status in REQUESTS:
        asked = now - timedelta(hours=hours)
        request = service.file_request(phone, channel="sms", language="ru", now=asked, topic=topic,
                                       safe_time=safe_time, oblast=oblast, district=district)
        request.created_at = asked
        request.told_at = asked  # as if their dialogue ended: no reference SMS from the tick
        if status == "done":
            service.close(request, "done", now)
    db.session.flush()
    return f"callbacks: {len(REQUESTS)} requests (see `hotline callbacks list`)"
