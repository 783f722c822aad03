"""Reminders, change notices and "it is planned now" notices, sent by one beat job through the outbox.

Every function takes `now` so tests can stand at any hour. Nothing goes out
between 21:00 and 08:00 local: what falls due at night waits for the morning
(change and planned notices) or lapses (an evening reminder at 21:00 is too late).
Each message has a dedupe_key, so a job run twice never sends a second copy.
"""
from __future__ import annotations

import logging
from datetime import datetime, time, timedelta

from sqlalchemy import select

from hotline.core.clock import fmt_date, local_to_utc, now_utc, to_local
from hotline.core.logs import log_event
from hotline.extensions import db
from hotline.messaging import outbox
from hotline.residents.models import Resident
from hotline.schedule import service
from hotline.schedule.models import Subscription, Visit

log = logging.getLogger(__name__)

QUIET_FROM, QUIET_UNTIL = time(21, 0), time(8, 0)
EVENING_AT, MORNING_AT = time(18, 0), time(8, 0)


def is_quiet(local_now: datetime) -> bool:
    return local_now.time() >= QUIET_FROM or local_now.time() < QUIET_UNTIL


def tick(now: datetime | None = None) -> dict:
    """What the beat job does each minute. The caller commits (outbox.commit)."""
    now = now or now_utc()
    counts = {"purged": service.purge_old_questions(now)}
    if is_quiet(to_local(now)):
        return counts
    counts.update(reminders=send_reminders(now), changes=send_change_notices(now),
                  planned=send_planned_notices(now))
    log_event(log, "schedule.tick", **counts)
    return counts


def send_reminders(now: datetime) -> int:
    """18:00 the evening before and 08:00 the morning of each visit, to the place's subscribers."""
    local = to_local(now)
    if is_quiet(local):
        return 0
    sent = 0
    if local.time() >= MORNING_AT:
        sent += _remind(_visits_on(local.date(), after=now), "day")
    if local.time() >= EVENING_AT:
        sent += _remind(_visits_on(local.date() + timedelta(days=1), after=now), "eve")
    return sent


def _visits_on(day, after: datetime) -> list[Visit]:
    start = local_to_utc(datetime.combine(day, time()))
    # Unplanned stops are announced by the crew's live notices, not by reminders.
    return list(db.session.scalars(select(Visit).where(
        Visit.status.not_in(("cancelled", "unplanned")), Visit.starts_at >= start,
        Visit.starts_at < start + timedelta(days=1), Visit.starts_at > after)))


def _remind(visits: list[Visit], kind: str) -> int:
    sent = 0
    for visit in visits:
        day = to_local(visit.starts_at).date().isoformat()
        for phone, lang in _subscribers(visit.place_id):
            body = service.visit_sms(f"bus.reminder_{kind}", visit, lang)
            sent += _queue(phone, body, "reminder", visit.id, f"reminder:{visit.id}:{phone}:{kind}:{day}")
    return sent


def send_change_notices(now: datetime) -> int:
    """Tell subscribers and recent askers of a place that its visit was delayed, moved or cancelled,
    or that a new schedule file changed its time or meeting point."""
    if is_quiet(to_local(now)):
        return 0
    sent = 0
    changed = list(db.session.scalars(select(Visit).where(Visit.revision > Visit.notified_revision)
                                      .with_for_update(skip_locked=True)))
    for visit in changed:
        for resident in _residents(service.change_recipients(visit, now)):
            body = _change_text(visit, resident.language)
            sent += _queue(resident.phone, body, "visit_change", visit.id,
                           f"change:{visit.id}:{visit.revision}:{resident.phone}")
        visit.notified_revision = visit.revision
    return sent


def _change_text(visit: Visit, lang: str) -> str:
    if visit.status == "planned":  # a new schedule file changed it (service.replan_visit)
        return service.visit_sms("bus.changed", visit, lang)
    if visit.status == "moved" and visit.previous_starts_at is not None:
        return service.visit_sms("bus.moved", visit, lang, old_date=fmt_date(visit.previous_starts_at))
    return service.visit_sms(f"bus.{visit.status}", visit, lang)


def send_planned_notices(now: datetime) -> int:
    """Those who subscribed when nothing was planned hear of the first visit planned since."""
    if is_quiet(to_local(now)):
        return 0
    sent = 0
    waiting = list(db.session.scalars(select(Subscription).where(Subscription.waiting.is_(True))))
    for subscription in waiting:
        visit = db.session.scalars(select(Visit).where(
            Visit.place_id == subscription.place_id, Visit.status.not_in(("cancelled", "unplanned")),
            Visit.ends_at > now)
            .order_by(Visit.starts_at).limit(1)).first()
        resident = db.session.get(Resident, subscription.resident_id)
        if visit is None or resident is None:
            continue
        body = service.visit_sms("bus.planned", visit, resident.language)
        sent += _queue(resident.phone, body, "visit_planned", visit.id, f"planned:{visit.id}:{resident.phone}")
        subscription.waiting = False
    return sent


def _subscribers(place_id: int) -> list[tuple[str, str]]:
    return list(db.session.execute(
        select(Resident.phone, Resident.language)
        .join(Subscription, Subscription.resident_id == Resident.id)
        .where(Subscription.place_id == place_id)
    ).all())


def _residents(resident_ids: list[int]) -> list[Resident]:
    if not resident_ids:
        return []
    return list(db.session.scalars(select(Resident).where(Resident.id.in_(resident_ids))))


def _queue(phone: str, body: str, purpose: str, visit_id: int, dedupe_key: str) -> int:
    message = outbox.queue_sms(phone, body, queue="bulk", purpose=purpose, ref_id=visit_id,
                               dedupe_key=dedupe_key)
    return 0 if message is None else 1


def run_soon() -> bool:
    """Ask a worker to run the job now (after a coordinator's change); the beat job runs it anyway."""
    from flask import current_app

    try:
        current_app.extensions["celery"].send_task("tasks.schedule.tick", queue="bulk", retry=False)
    except Exception as error:  # broker down: the next beat run sends the notices
        log_event(log, "schedule.run_soon_failed", logging.WARNING, error=type(error).__name__)
        return False
    return True
