"""The lawyers' queue: order, assignment, the lawyer's SMS, answers and retry windows.

Requests linked to an urgent alert come first, then the oldest. Functions write
to the session and take `now`; the caller commits (outbox.commit()).
"""
from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from flask import current_app
from sqlalchemy import func, select

from hotline.callbacks import service
from hotline.callbacks.models import MAX_ATTEMPTS, OPEN_STATUSES, CallbackRequest
from hotline.core.logs import log_event
from hotline.extensions import db
from hotline.messaging import outbox
from hotline.staff.models import Staff
from ivr_flows import texts

log = logging.getLogger(__name__)

OVERDUE_AFTER = timedelta(hours=48)
# A dialogue left half-way (or a missed call whose topic never came) is given
# to a lawyer after this long anyway.
SETTLE_AFTER = timedelta(minutes=30)
RETRY_GAP = timedelta(hours=2)  # never ring again sooner than this
# Local hours of each safe time (CONTRACT.md keypad 1-4), on working days.
WINDOWS = {"morning": (time(9), time(12)), "afternoon": (time(12), time(17)),
           "evening": (time(17), time(20)), "any": (time(9), time(20))}
WORKING_DAYS = range(0, 5)  # Monday to Friday


@dataclass(frozen=True)
class QueueItem:
    request: CallbackRequest
    overdue: bool
    urgent: bool


def open_queue(now: datetime, oblast: str | None = None, lawyer_id: int | None = None) -> list[QueueItem]:
    """Open requests, linked-to-an-alert first, then oldest first; >48 h flagged."""
    query = select(CallbackRequest).where(CallbackRequest.status.in_(OPEN_STATUSES))
    if oblast:
        query = query.where(CallbackRequest.oblast == oblast)
    if lawyer_id:
        query = query.where(CallbackRequest.lawyer_id == lawyer_id)
    query = query.order_by(CallbackRequest.alert_id.is_(None), CallbackRequest.created_at,
                           CallbackRequest.id)
    return [QueueItem(r, overdue=now - r.created_at > OVERDUE_AFTER, urgent=r.alert_id is not None)
            for r in db.session.scalars(query)]


# --- retry windows (pure) ---

def is_working_day(day, holidays: tuple[str, ...] = ()) -> bool:
    return (day.weekday() in WORKING_DAYS and day.strftime("%m-%d") not in holidays
            and day.isoformat() not in holidays)


def next_attempt_at(safe_time: str | None, now: datetime, tz: ZoneInfo,
                    gap: timedelta = RETRY_GAP, holidays: tuple[str, ...] = ()) -> datetime:
    """The first moment, at least `gap` after `now`, inside the person's safe window on a working day."""
    start, end = WINDOWS.get(safe_time or "any", WINDOWS["any"])
    candidate = (now + gap).astimezone(tz)
    for _ in range(30):
        day = candidate.date()
        opens = datetime.combine(day, start, tz)
        closes = datetime.combine(day, end, tz)
        if is_working_day(day, holidays) and candidate < closes:
            return max(candidate, opens).astimezone(now.tzinfo)
        candidate = datetime.combine(day + timedelta(days=1), time(0), tz)
    raise AssertionError("no working day in thirty days")


# --- assignment ---

def lawyers_for(request: CallbackRequest) -> list[Staff]:
    """Active lawyers of the request's oblast; every lawyer when none works there."""
    query = select(Staff).where(Staff.role == "lawyer", Staff.active.is_(True)).order_by(Staff.id)
    lawyers = list(db.session.scalars(query))
    local = [s for s in lawyers if request.oblast and s.oblast == request.oblast]
    return local or lawyers


def next_lawyer(request: CallbackRequest) -> Staff | None:
    """Round robin: the lawyer whose last assignment is the oldest (never assigned first)."""
    candidates = lawyers_for(request)
    if not candidates:
        return None
    last = dict(db.session.execute(
        select(CallbackRequest.lawyer_id, func.max(CallbackRequest.assigned_at))
        .where(CallbackRequest.lawyer_id.in_([s.id for s in candidates]))
        .group_by(CallbackRequest.lawyer_id)
    ).all())
    floor = datetime.min.replace(tzinfo=ZoneInfo("UTC"))
    return min(candidates, key=lambda s: (_aware(last.get(s.id)) or floor, s.id))


def _aware(moment: datetime | None) -> datetime | None:
    # func.max() bypasses the column type: SQLite hands back a naive string/datetime.
    if moment is None:
        return None
    if isinstance(moment, str):
        moment = datetime.fromisoformat(moment)
    return moment if moment.tzinfo else moment.replace(tzinfo=ZoneInfo("UTC"))


def assign(request: CallbackRequest, lawyer: Staff, now: datetime) -> None:
    """The coordinator's (or the round robin's) choice; the lawyer gets the SMS."""
    if not request.is_open:
        raise ValueError(f"{request.reference} is closed")
    if lawyer.role != "lawyer" or not lawyer.active:
        raise ValueError("only an active lawyer can take a callback")
    request.lawyer_id, request.status = lawyer.id, "assigned"
    request.assigned_at = request.updated_at = now
    request.next_attempt_at = None
    log_event(log, "callback.assigned", request_id=request.id, lawyer_id=lawyer.id)
    notify_lawyer(request, lawyer, "callbacks.lawyer_new")


def auto_assign(now: datetime) -> int:
    """Give every settled unassigned request to the next lawyer of its oblast."""
    waiting = db.session.scalars(
        select(CallbackRequest).where(CallbackRequest.status == "new")
        .order_by(CallbackRequest.alert_id.is_(None), CallbackRequest.created_at)
        .with_for_update(skip_locked=True)  # PostgreSQL: a twin tick skips these rows
    ).all()
    assigned = 0
    for request in waiting:
        if not is_settled(request, now):
            continue
        lawyer = next_lawyer(request)
        if lawyer is None:
            break  # no lawyer at all: the coordinator sees them in the queue
        assign(request, lawyer, now)
        assigned += 1
    return assigned


def is_settled(request: CallbackRequest, now: datetime) -> bool:
    """Left alone long enough. A dialogue that ends is assigned by its last step
    (flows.confirm); topic and time alone are not an end: the village is asked next.
    A request tied to an urgent alert never waits: a lawyer should have it at once."""
    return request.alert_id is not None or now - request.updated_at >= SETTLE_AFTER


def tell_left_halfway(now: datetime) -> int:
    """A dialogue left half-way is still filed: its resident gets the reference by SMS
    once it has settled, in their language (never after an urgent alert: DOMAIN.md)."""
    waiting = db.session.scalars(
        select(CallbackRequest).where(CallbackRequest.status.in_(OPEN_STATUSES),
                                      CallbackRequest.told_at.is_(None),
                                      CallbackRequest.updated_at <= now - SETTLE_AFTER)
        .with_for_update(skip_locked=True)
    ).all()
    for request in waiting:
        request.told_at = now
        if request.alert_id is not None or service.latest_alert_id(request.phone) is not None:
            continue
        outbox.queue_sms(request.phone, texts.render("callbacks.confirmed", request.language, "sms",
                                                     ref=request.reference),
                         purpose="callback", ref_id=request.id,
                         dedupe_key=f"callback:{request.id}:reference")
    return len(waiting)


def notify_lawyer(request: CallbackRequest, lawyer: Staff, key: str) -> None:
    request.notifications += 1
    lang = lawyer.language
    body = texts.render(
        key, lang, "sms", ref=request.reference, phone=request.phone,
        topic=texts.render(f"callbacks.topic_name.{request.topic or 'unknown'}", lang),
        village=service.place_label(request, lang),
        time=texts.render(f"callbacks.time_name.{request.safe_time or 'any'}", lang),
        attempt=request.attempts + 1, max=MAX_ATTEMPTS,
    )
    outbox.queue_sms(lawyer.phone, body, queue="default", purpose="staff", ref_id=request.id,
                     dedupe_key=f"callback:{request.id}:lawyer:{request.notifications}")


def tell_lawyer_withdrawn(request: CallbackRequest) -> None:
    lawyer = db.session.get(Staff, request.lawyer_id) if request.lawyer_id else None
    if lawyer is not None:
        outbox.queue_sms(lawyer.phone, texts.render("callbacks.lawyer_withdrawn", lawyer.language, "sms",
                                                    ref=request.reference),
                         purpose="staff", ref_id=request.id, dedupe_key=f"callback:{request.id}:withdrawn")


# --- the lawyer's answers ---

def mark_done(request: CallbackRequest, lawyer: Staff, now: datetime) -> None:
    if request.lawyer_id is None:
        request.lawyer_id, request.assigned_at = lawyer.id, now
    service.close(request, "done", now)


def mark_no_answer(request: CallbackRequest, now: datetime, tz: ZoneInfo) -> str:
    """One more unanswered call: "retry" (next window set), "closed" (that was the last),
    or "too_early" (the next safe window has not come: not counted)."""
    if request.next_attempt_at is not None and now < request.next_attempt_at:
        return "too_early"  # three taps in a row must not close a request in a minute
    request.attempts += 1
    request.updated_at = now
    holidays = current_app.config["SETTINGS"].holidays
    if request.attempts >= MAX_ATTEMPTS:
        service.close(request, "unreachable", now)
        if request.alert_id is None:  # after an alert, an SMS could endanger the person
            # The resident hears of it in their own safe window, not at night.
            request.next_attempt_at = next_attempt_at(request.safe_time, now, tz, gap=timedelta(0),
                                                      holidays=holidays)
        return "closed"
    request.next_attempt_at = next_attempt_at(request.safe_time, now, tz, holidays=holidays)
    return "retry"


def tell_unreachable_due(now: datetime) -> int:
    """Closed as unreachable, and the person's safe window has come: one SMS to ask again."""
    due = db.session.scalars(
        select(CallbackRequest).where(CallbackRequest.status == "unreachable",
                                      CallbackRequest.next_attempt_at <= now,
                                      CallbackRequest.phone != "")
        .with_for_update(skip_locked=True)
    ).all()
    for request in due:
        request.next_attempt_at = None
        if service.latest_alert_id(request.phone) is not None:
            continue  # an alert came meanwhile: no SMS
        outbox.queue_sms(request.phone, texts.render("callbacks.unreachable", request.language, "sms"),
                         purpose="callback", ref_id=request.id,
                         dedupe_key=f"callback:{request.id}:unreachable")
    return len(due)


def remind_due(now: datetime) -> int:
    """The resident's next safe window has come: tell the lawyer to ring again."""
    due = db.session.scalars(
        select(CallbackRequest).where(CallbackRequest.status == "assigned",
                                      CallbackRequest.next_attempt_at <= now)
        .with_for_update(skip_locked=True)
    ).all()
    for request in due:
        request.next_attempt_at = None
        lawyer = db.session.get(Staff, request.lawyer_id)
        if lawyer is not None and lawyer.active:
            notify_lawyer(request, lawyer, "callbacks.lawyer_retry")
        else:
            request.status, request.lawyer_id = "new", None  # back to the round robin
    return len(due)
