"""Sending one outbox row: claim it, pace it, send it, record what happened.

A row is claimed with a conditional UPDATE (queued -> sending), so two
deliveries of the same task send it once. Transient failures go back to
`queued` with exponential backoff and jitter; permanent ones are recorded.

Twilio has no idempotency key. When an earlier attempt may have reached Twilio
without our learning the sid (its answer timed out, or the worker died and the
sweeper freed the row), the retry first asks Twilio for it (_reconcile) and
records what Twilio has instead of sending a second copy.
"""
from __future__ import annotations

import logging
import random
import time
from dataclasses import dataclass
from datetime import timedelta

from flask import current_app
from sqlalchemy import select, update
from sqlalchemy.exc import DBAPIError

from hotline.core.clock import now_utc
from hotline.core.logs import log_event
from hotline.extensions import db
from hotline.messaging import events, providers
from hotline.messaging.models import OutboundMessage
from hotline.messaging.rate_limit import reserve_slot

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 8  # for non-urgent rows; urgent ones are retried until sent
MAX_BACKOFF_SECONDS = 300
LONGEST_INLINE_WAIT = 30.0  # bulk workers wait their slot; urgent has its own worker
# An urgent row whose lookup keeps failing is sent anyway: a second copy of an alert is the
# lesser harm next to an alert that never goes (or goes after Twilio's list API recovers).
# Only after two failed lookups in a row and once the row is this old, so one bad answer
# from the list costs no duplicate. Other rows keep asking (and fail after MAX_ATTEMPTS).
URGENT_BLIND_AFTER = timedelta(seconds=60)


@dataclass(frozen=True)
class Outcome:
    """What the task should do next: nothing, or run again after `retry_in` seconds."""

    status: str
    retry_in: float | None = None
    queue: str = "default"


def backoff_seconds(attempt: int) -> float:
    base = min(MAX_BACKOFF_SECONDS, 2 ** attempt)
    return base * random.uniform(0.5, 1.5)


def claim(message_id: int) -> OutboundMessage | None:
    """Take the row (queued -> sending) and return a detached copy of it.

    Detached, and the transaction ended: nothing holds a database lock while we
    wait for our sending slot or for Twilio (on SQLite that lock is the whole file).
    """
    claimed = db.session.execute(
        update(OutboundMessage)
        .where(OutboundMessage.id == message_id, OutboundMessage.status == "queued")
        .values(status="sending", claimed_at=now_utc(), attempts=OutboundMessage.attempts + 1)
    ).rowcount
    message = db.session.get(OutboundMessage, message_id) if claimed else None
    if message is not None:
        db.session.expunge(message)
    db.session.commit()
    return message


RECORD_RETRY_PAUSES = (0.5, 1.0, 2.0, 4.0)


def _record(message: OutboundMessage, **values) -> None:
    """Write the outcome in a short transaction of its own, and onto the detached copy.

    Retried on a fresh connection: after Twilio took the message, losing this write
    would leave the row `sending`, and the sweeper would send it a second time."""
    for pause in RECORD_RETRY_PAUSES + (None,):
        try:
            db.session.execute(update(OutboundMessage).where(OutboundMessage.id == message.id)
                               .values(**values))
            db.session.commit()
            break
        except DBAPIError:
            db.session.rollback()
            if pause is None:
                raise
            time.sleep(pause)
    for name, value in values.items():
        setattr(message, name, value)


def _release(message: OutboundMessage, delay: float) -> None:
    # enqueued_at: the caller re-publishes the row itself, with this countdown. A
    # slot it held has passed: it reserves a new one when it comes back.
    _record(message, status="queued", next_attempt_at=now_utc() + timedelta(seconds=delay),
            enqueued_at=now_utc(), error_code=message.error_code, slot_at=None)


def pace(message: OutboundMessage, redis_client) -> float:
    """Seconds still to wait before this row may go; urgent rows never wait.

    A row that already holds a slot waits for that one; others reserve the next."""
    if message.queue == "urgent" or message.kind != "sms":
        return 0.0
    if message.slot_at is not None:
        return max(0.0, (message.slot_at - now_utc()).total_seconds())
    settings = current_app.config["SETTINGS"]
    return reserve_slot(redis_client, message.from_phone or "default", message.segments,
                        settings.send_rate_per_second)


def _hold_until_slot(message: OutboundMessage, wait: float) -> None:
    """Far slots wait in the database, not in a Celery ETA: the sweeper publishes the
    row when it is due (an ETA past the broker's visibility timeout would loop)."""
    slot = now_utc() + timedelta(seconds=wait)
    _record(message, status="queued", slot_at=slot, next_attempt_at=slot, enqueued_at=None)


def deliver(message_id: int, redis_client=None) -> Outcome:
    message = claim(message_id)
    if message is None:
        return Outcome("skipped")  # already sent, or another worker has it
    wait = pace(message, redis_client) if redis_client is not None else 0.0
    if wait > LONGEST_INLINE_WAIT:
        _hold_until_slot(message, wait)
        return Outcome("paced")
    if wait > 0:
        time.sleep(wait)
    if message.attempts > 1 and providers.may_have_sent(message.error_code):
        settled = _reconcile(message)
        if settled is not None:
            return settled
    try:
        sent = providers.send(message)
    except providers.TransientSendError as error:
        return _transient(message, error.code)
    except providers.PermanentSendError as error:
        _fail(message, error.code)
        return Outcome("failed")
    _record(message, status=sent.status, provider_sid=sent.sid, error_code=None)
    log_event(log, "outbox.sent", message_id=message.id, queue=message.queue, attempts=message.attempts)
    return Outcome("sent")


def _reconcile(message: OutboundMessage) -> Outcome | None:
    """Ask Twilio whether an earlier attempt's message exists; record it if so.

    None: Twilio has nothing of ours (or an urgent row stopped waiting for the lookup), send."""
    try:
        candidates = providers.find_existing(message)
    except Exception as error:  # any failure to ask, even an unexpected answer: an alert must not stall on it
        code = error.code if isinstance(error, providers.TransientSendError) else type(error).__name__
        if _send_blind(message):
            log_event(log, "outbox.reconciled", logging.WARNING, message_id=message.id, result="blind",
                      code=code, attempts=message.attempts)
            return None
        log_event(log, "outbox.reconciled", logging.WARNING, message_id=message.id, result="lookup_failed",
                  code=code, attempts=message.attempts)
        return _transient(message, providers.LOOKUP_FAILED)
    taken = _sids_of_other_rows(message, [c.sid for c in candidates])
    found = next((c for c in candidates if c.sid not in taken), None)
    if found is None:
        log_event(log, "outbox.reconciled", message_id=message.id, result="not_found", attempts=message.attempts)
        return None
    _record(message, status=found.status, provider_sid=found.sid, error_code=found.error_code)
    log_event(log, "outbox.reconciled", message_id=message.id, result="found", status=found.status,
              attempts=message.attempts)
    # Its status callbacks came before we knew the sid and were dropped: act on the status now.
    if found.status in ("failed", "undelivered"):
        events.message_failed.send(message)
    elif found.status == "delivered":
        events.message_delivered.send(message)
        db.session.commit()
    return Outcome("reconciled")


def _send_blind(message: OutboundMessage) -> bool:
    return (message.queue == "urgent" and message.error_code == providers.LOOKUP_FAILED
            and now_utc() - message.created_at >= URGENT_BLIND_AFTER)


def _sids_of_other_rows(message: OutboundMessage, sids: list[str]) -> set[str]:
    """Candidates another row already recorded are that row's messages, not ours."""
    if not sids:
        return set()
    taken = set(db.session.scalars(select(OutboundMessage.provider_sid).where(
        OutboundMessage.provider_sid.in_(sids), OutboundMessage.id != message.id)))
    db.session.commit()  # end the read: no transaction stays open while we talk to Twilio
    return taken


def _transient(message: OutboundMessage, code: str) -> Outcome:
    message.error_code = code
    if message.queue != "urgent" and message.attempts >= MAX_ATTEMPTS:
        _fail(message, code)
        return Outcome("failed")
    delay = backoff_seconds(message.attempts)
    log_event(log, "outbox.retry", logging.WARNING, message_id=message.id, code=code,
              attempts=message.attempts, retry_in=round(delay, 1))
    _release(message, delay)
    return Outcome("retry", retry_in=delay, queue=message.queue)


def _fail(message: OutboundMessage, code: str) -> None:
    _record(message, status="failed", error_code=code)
    log_event(log, "outbox.failed", logging.WARNING, message_id=message.id, code=code)
    events.message_failed.send(message)
