"""The outbox: a message is a row first, and goes to the broker only after commit.

If the broker is down when the row commits, nothing is lost: the row stays
`queued` with no `enqueued_at`, and the sweeper (a beat job) enqueues it later.
"""
from __future__ import annotations

import logging
import time
from datetime import timedelta

from flask import current_app
from sqlalchemy import event, or_, select, update
from sqlalchemy.orm import Session

from hotline.core import batch
from hotline.core.clock import now_utc
from hotline.core.logs import log_event
from hotline.extensions import db
from hotline.messaging import optout
from hotline.messaging.models import QUEUES, OutboundMessage
from hotline.messaging.providers import STALE_SENDING
from hotline.messaging.segments import count_segments

log = logging.getLogger(__name__)

SEND_TASK = "tasks.messaging.send_message"
# After a failed publish, rows wait for the sweeper for this long instead of each
# one paying the broker's connect timeout inside a webhook.
BROKER_RETRY_PAUSE = 5.0
_broker_down_until = 0.0
_PENDING = "outbox_pending"  # added in the open transaction
_READY = "outbox_ready"  # committed, not yet published
# Purposes that reach a person whatever their STOP says: replies to what they
# just sent, and everything about urgent alerts.
_ALWAYS_DELIVER = {"reply", "alert", "alert_reply", "staff"}


def queue_sms(to: str, body: str, *, queue: str = "default", purpose: str = "reply",
              ref_id: int | None = None, dedupe_key: str | None = None) -> OutboundMessage | None:
    """Add an SMS to the outbox. Returns None when the person opted out or it is a duplicate."""
    if queue not in QUEUES:
        raise ValueError(f"unknown queue {queue!r}")
    if dedupe_key and db.session.scalar(
        select(OutboundMessage.id).where(OutboundMessage.dedupe_key == dedupe_key)
    ):
        return None
    if purpose not in _ALWAYS_DELIVER and optout.is_opted_out(to):
        return None
    message = OutboundMessage(
        kind="sms", to_phone=to, from_phone=_sender(), body=body, queue=queue, purpose=purpose,
        ref_id=ref_id, dedupe_key=dedupe_key, segments=count_segments(body), status="queued",
    )
    return _add(message)


def queue_call(to: str, *, twiml: str | None = None, url: str | None = None,
               queue: str = "urgent", purpose: str = "alert", ref_id: int | None = None,
               dedupe_key: str | None = None) -> OutboundMessage | None:
    if dedupe_key and db.session.scalar(
        select(OutboundMessage.id).where(OutboundMessage.dedupe_key == dedupe_key)
    ):
        return None
    message = OutboundMessage(
        kind="call", to_phone=to, from_phone=_sender(), body=twiml or "", call_url=url,
        queue=queue, purpose=purpose, ref_id=ref_id, dedupe_key=dedupe_key, segments=0,
    )
    return _add(message)


def record_twiml_reply(to: str, body: str) -> None:
    """A reply sent inside the webhook's TwiML: Twilio sends it, we keep the log and cost.
    Nothing reads the row back in the turn: it goes with the turn's other rows (core/batch.py)."""
    now = now_utc()
    batch.add(db.session, OutboundMessage.__table__, kind="reply", to_phone=to, from_phone=_sender(), body=body,
              queue="default", purpose="reply", segments=count_segments(body), status="sent",
              created_at=now, updated_at=now)


def _add(message: OutboundMessage) -> OutboundMessage:
    db.session.add(message)
    db.session.flush()
    db.session.info.setdefault(_PENDING, []).append((message.id, message.queue))
    return message


def _sender() -> str | None:
    return current_app.config["SETTINGS"].sms_number


def publish(message_id: int, queue: str, countdown: float | None = None) -> bool:
    """Hand a row's id to the broker; False (and a log line) when the broker is down."""
    if not _send_task(message_id, queue, countdown):
        return False
    _mark_enqueued([message_id])
    return True


def _send_task(message_id: int, queue: str, countdown: float | None = None) -> bool:
    global _broker_down_until
    if time.monotonic() < _broker_down_until:
        return False  # failed moments ago: don't make every webhook wait for it again
    celery = current_app.extensions["celery"]
    try:
        celery.send_task(SEND_TASK, args=[message_id], queue=queue, countdown=countdown,
                         retry=False)
    except Exception as error:  # broker down: the sweeper will publish it later
        _broker_down_until = time.monotonic() + BROKER_RETRY_PAUSE
        log_event(log, "outbox.publish_failed", logging.WARNING, message_id=message_id,
                  error=type(error).__name__)
        return False
    return True


def _mark_enqueued(message_ids: list[int]) -> None:
    # Called after a commit, so this is a fresh transaction. If the mark is lost
    # the sweeper re-publishes later; the claim keeps the sending to one.
    if not message_ids:
        return
    try:
        for start in range(0, len(message_ids), 500):  # SQLite caps bound parameters
            chunk = message_ids[start:start + 500]
            db.session.execute(update(OutboundMessage).where(OutboundMessage.id.in_(chunk))
                               .values(enqueued_at=now_utc()))
        db.session.commit()
    except Exception as error:
        db.session.rollback()
        log_event(log, "outbox.mark_failed", logging.WARNING, rows=len(message_ids),
                  error=type(error).__name__)


def install_commit_hooks() -> None:
    """Enqueue after commit: a task must never run before its row exists."""
    if not event.contains(Session, "after_commit", _after_commit):
        event.listen(Session, "after_commit", _after_commit)
        event.listen(Session, "after_soft_rollback", _after_rollback)


def _after_commit(session: Session) -> None:
    if session.info.get(_PENDING):
        # after_commit may not use the session itself: the rows wait in "ready"
        # until flush_pending() runs (outbox.commit(), end of request, end of task).
        session.info.setdefault(_READY, []).extend(session.info.pop(_PENDING))


def _after_rollback(session: Session, previous_transaction) -> None:
    if previous_transaction.parent is None:
        session.info.pop(_PENDING, None)


def flush_pending() -> int:
    """Publish what the last commit added; called after each commit point."""
    ready = db.session.info.pop(_READY, [])
    published = [message_id for message_id, queue in ready if _send_task(message_id, queue)]
    _mark_enqueued(published)  # one UPDATE for a whole batch of reminders
    return len(ready)


def commit() -> None:
    """Commit and then publish the outbox rows the transaction added."""
    db.session.commit()
    flush_pending()


def sweep(stale_after: timedelta = timedelta(seconds=60), bulk_stale_after: timedelta = timedelta(hours=1),
          sending_stale_after: timedelta = timedelta(minutes=5),
          urgent_sending_stale_after: timedelta = timedelta(seconds=30), limit: int = 500) -> int:
    """Re-publish rows the broker lost or never got; free rows a dead worker held.

    A row left `sending` by a killed worker goes back to `queued`, marked
    `stale_sending`: the worker may have died after Twilio accepted it, so the
    retry asks Twilio first (sender._reconcile) instead of sending a second copy.
    An urgent row is freed sooner (the Twilio client times out after 10 s).
    """
    now = now_utc()
    is_urgent = OutboundMessage.queue == "urgent"
    db.session.execute(
        update(OutboundMessage)
        .where(OutboundMessage.status == "sending",
               or_(is_urgent & (OutboundMessage.claimed_at < now - urgent_sending_stale_after),
                   OutboundMessage.claimed_at < now - sending_stale_after))
        .values(status="queued", enqueued_at=None, error_code=STALE_SENDING)
    )
    db.session.commit()
    due = or_(OutboundMessage.next_attempt_at.is_(None), OutboundMessage.next_attempt_at <= now)
    lost = or_(
        OutboundMessage.enqueued_at.is_(None),
        (OutboundMessage.queue != "bulk") & (OutboundMessage.enqueued_at < now - stale_after),
        OutboundMessage.enqueued_at < now - bulk_stale_after,
    )
    rows = db.session.execute(
        select(OutboundMessage.id, OutboundMessage.queue)
        .where(OutboundMessage.status == "queued", OutboundMessage.kind != "reply", due, lost)
        .order_by(OutboundMessage.queue != "urgent", OutboundMessage.id).limit(limit)
    ).all()
    published = 0
    for message_id, queue in rows:
        if not publish(message_id, queue):
            break  # broker still down: try the rest on the next sweep
        published += 1
    return published
