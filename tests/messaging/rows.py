"""Outbox rows made by hand for the sender's tests: queued, published by nobody, then shaped."""
from __future__ import annotations

from sqlalchemy import update

from hotline.messaging import outbox
from hotline.messaging.models import OutboundMessage


def add_staff_sms(db, to: str, body: str, queue: str = "default", **values) -> int:
    """A staff SMS row, committed with no task published (the test delivers it by hand), then
    given `values` (status, attempts, slot...) as a later state of the row."""
    message = outbox.queue_sms(to, body, queue=queue, purpose="staff")
    db.session.info.pop("outbox_pending", None)
    db.session.commit()
    if values:
        db.session.execute(update(OutboundMessage).where(OutboundMessage.id == message.id).values(**values))
        db.session.commit()
    return message.id


def fresh_row(db, message_id: int) -> OutboundMessage:
    db.session.expire_all()
    return db.session.get(OutboundMessage, message_id)
