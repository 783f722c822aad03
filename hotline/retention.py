"""Keep the least data that serves (DOMAIN.md): purge it after a set time."""
from __future__ import annotations

from datetime import timedelta

from flask import current_app
from sqlalchemy import delete, update

from hotline.core.clock import now_utc
from hotline.core.optional import import_optional
from hotline.extensions import db
from hotline.messaging.models import InboundMessage, OutboundMessage
from hotline.messaging.receipts import WebhookReceipt
from ivr_flows import sessions

RECEIPT_DAYS = 7  # Twilio retries within minutes; a week is plenty
# Each domain forgets who its closed cases were about: fn(before) -> rows changed.
DOMAIN_PURGES = {
    "alerts": "hotline.alerts.service:purge_closed",
    "callbacks": "hotline.callbacks.service:purge_closed",
}


def purge() -> dict:
    days = current_app.config["SETTINGS"].retention_days
    cutoff = now_utc() - timedelta(days=days)
    counts = {
        "sessions": sessions.purge_expired(),
        "receipts": db.session.execute(
            delete(WebhookReceipt).where(WebhookReceipt.created_at < now_utc() - timedelta(days=RECEIPT_DAYS))
        ).rowcount,
        "inbound_bodies": db.session.execute(
            update(InboundMessage).where(InboundMessage.created_at < cutoff, InboundMessage.body != "")
            .values(body="")
        ).rowcount,
        "outbound_bodies": db.session.execute(
            update(OutboundMessage).where(OutboundMessage.created_at < cutoff, OutboundMessage.body != "")
            .values(body="")
        ).rowcount,
    }
    for name, spec in DOMAIN_PURGES.items():
        module_name, _, attr = spec.partition(":")
        module = import_optional(module_name)
        if module is not None:
            counts[name] = getattr(module, attr)(cutoff)
    db.session.commit()
    return counts
