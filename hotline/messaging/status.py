"""Twilio's status callbacks, applied to the outbox row they concern."""
from __future__ import annotations

import logging

from sqlalchemy import select

from hotline.core.logs import log_event
from hotline.extensions import db
from hotline.messaging import events
from hotline.messaging.models import STATUS_ORDER, OutboundMessage

log = logging.getLogger(__name__)

# A call's statuses, read as a message's: did it reach the person or not?
_CALL_STATUS = {
    "queued": "sent", "initiated": "sent", "ringing": "sent", "in-progress": "delivered",
    "completed": "delivered", "busy": "undelivered", "no-answer": "undelivered",
    "failed": "failed", "canceled": "failed",
}


def normalise_status(raw: str, is_call: bool) -> str | None:
    raw = (raw or "").strip().lower()
    if is_call:
        return _CALL_STATUS.get(raw)
    if raw in ("accepted", "scheduled"):
        return "queued"
    if raw in ("read",):
        return "delivered"
    return raw if raw in STATUS_ORDER else None


def apply_status(sid: str, raw_status: str, error_code: str | None, is_call: bool) -> bool:
    """Move the row forward (never back); True when the row changed."""
    message = db.session.scalar(select(OutboundMessage).where(OutboundMessage.provider_sid == sid))
    status = normalise_status(raw_status, is_call)
    if message is None or status is None:
        return False
    if STATUS_ORDER[status] <= STATUS_ORDER.get(message.status, 0) and status == message.status:
        return False
    if STATUS_ORDER[status] < STATUS_ORDER.get(message.status, 0):
        return False  # a late "sent" after "delivered" changes nothing
    message.status = status
    if error_code:
        message.error_code = str(error_code)
    db.session.flush()
    log_event(log, "outbox.status", message_id=message.id, status=status, code=error_code)
    if status in ("failed", "undelivered"):
        events.message_failed.send(message)
    elif status == "delivered":
        events.message_delivered.send(message)
    return True
