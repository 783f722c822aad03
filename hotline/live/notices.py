"""Who hears of a crew command, what they read, and when.

- HERE: the place's people (subscribers, and who asked about it in the last 14
  days, as for schedule changes) and the subscribers of every place within
  HOTLINE_LIVE_RADIUS_KM (15 km) unless the bus comes to that place itself
  within OWN_VISIT_WINDOW: they wait for their own visit. One SMS each, with
  the distance from their nearest place when it is not their own.
- LATE and NEXT: the place's people. NEXT goes 60-30 minutes before the
  expected time: the due time is kept on the event (`notify_at`) and the beat
  job (`release_due`, tasks.live.tick) releases it; no long Celery ETAs.
- LEFT tells nobody; it stops HERE notices of that stop not yet sent.

Quiet hours are the schedule's (21:00-08:00 local). A notice falling due at
night is held until 08:00 when it is still true then (the bus stays, or is
expected, after 08:00), and dropped otherwise: nobody wants "the bus is here"
at 06:00 for a stop that ended at 22:00.

Queue "default", not "bulk": a live notice is worth something for an hour or
two, and must not wait behind a backlog of tomorrow's reminders on "bulk"; the
numbers are small (one stop's people) and the sender paces by segment anyway.
Never two notices of the same event to one phone: dedupe keys per visit
(and per new time for LATE).
"""
from __future__ import annotations

import logging
from datetime import datetime, timedelta

from sqlalchemy import select

from hotline.core.clock import fmt_time, local_to_utc, to_local
from hotline.core.logs import log_event
from hotline.extensions import db
from hotline.live import service
from hotline.live.models import CrewEvent
from hotline.messaging import outbox
from hotline.residents.models import Resident
from hotline.schedule import service as schedule
from hotline.schedule.geo import km_to_show
from hotline.schedule.models import Subscription, Visit
from hotline.schedule.reminders import QUIET_UNTIL, is_quiet
from ivr_flows import texts
from ivr_flows.texts import fitting
from ivr_flows.texts.fitting import render_fitted

log = logging.getLogger(__name__)

QUEUE = "default"
OWN_VISIT_WINDOW = timedelta(hours=24)
NEXT_EARLIEST = timedelta(minutes=60)  # NEXT notices go 60..30 minutes before the expected time
NEXT_LATEST = timedelta(minutes=30)


# -- who -----------------------------------------------------------------------

def recipients(event: CrewEvent, now: datetime) -> dict[int, float | None]:
    """Resident id -> km from the stop to tell them (0 for its own people, None when not known
    from both places' own coordinates), opted-out residents left out."""
    if event.kind == "left":
        return {}
    # (km to pick the nearest place by, km to show) of each resident
    told = {rid: (0.0, 0.0) for rid in schedule.change_recipients(event.visit, now)}
    if event.kind == "here":
        for place_id, distance in _places_around(event.place_id, event.visit_id, now).items():
            for rid in db.session.scalars(select(Subscription.resident_id).where(Subscription.place_id == place_id)):
                told[rid] = min(told.get(rid, distance), distance, key=lambda d: d[0])
    if not told:
        return {}
    reachable = set(db.session.scalars(select(Resident.id).where(
        Resident.id.in_(told), Resident.opted_out.is_(False))))
    return {rid: shown for rid, (_, shown) in told.items() if rid in reachable}


def _places_around(place_id: int, visit_id: int, now: datetime) -> dict[int, tuple[float, float | None]]:
    """Other places within the radius whose own next visit is not sooner than OWN_VISIT_WINDOW:
    (km, with a district centre standing in for missing coordinates; km from own coordinates or None)."""
    locator, radius = service.locator(), service.radius_km()
    around = {}
    for other in _subscribed_places():  # only subscribers of places around are told
        km = locator.km(place_id, other)
        if other != place_id and km is not None and km <= radius:
            around[other] = (km, locator.known_km(place_id, other))
    if not around:
        return {}
    soon = set(db.session.scalars(select(Visit.place_id).where(
        Visit.place_id.in_(around), Visit.id != visit_id, Visit.status != "cancelled",
        Visit.ends_at > now, Visit.starts_at <= now + OWN_VISIT_WINDOW)))
    return {pid: km for pid, km in around.items() if pid not in soon}


def _subscribed_places() -> list[int]:
    return list(db.session.scalars(select(Subscription.place_id).distinct()))


# -- when ----------------------------------------------------------------------

def plan(event: CrewEvent, now: datetime) -> None:
    """Decide when the event's notices go: now, later (NEXT, or held for the night), or never."""
    if event.kind == "left":
        _stop_here_notices(event)
        event.notice_state = "none"
        return
    due = max(now, event.expected_at - NEXT_EARLIEST) if event.kind == "next" else now
    due = _after_quiet_hours(due, _true_until(event))
    if due is None:
        event.notice_state, event.told = "dropped", 0
        return
    _supersede_pending(event)
    event.notice_state, event.notify_at = "pending", due
    if due <= now:
        release(event, now)
    else:
        event.told = len(recipients(event, now))


def _true_until(event: CrewEvent) -> datetime:
    return service.stays_until(event) if event.kind == "here" else event.expected_at


def _after_quiet_hours(due: datetime, true_until: datetime) -> datetime | None:
    """`due` outside quiet hours; at night, 08:00 if the news is still true then, else None."""
    local = to_local(due)
    if not is_quiet(local):
        return due
    day = local.date() if local.time() < QUIET_UNTIL else local.date() + timedelta(days=1)
    morning = local_to_utc(datetime.combine(day, QUIET_UNTIL))
    return morning if morning < true_until else None


def _supersede_pending(event: CrewEvent) -> None:
    """A newer command about the same visit replaces notices still waiting (a corrected NEXT time)."""
    for older in db.session.scalars(select(CrewEvent).where(
            CrewEvent.visit_id == event.visit_id, CrewEvent.notice_state == "pending",
            CrewEvent.id != event.id)):
        older.notice_state = "superseded"


def _stop_here_notices(left: CrewEvent) -> None:
    """The bus has gone: "the bus is here" notices of that stop not yet sent would mislead."""
    for here in db.session.scalars(select(CrewEvent).where(
            CrewEvent.visit_id == left.visit_id, CrewEvent.kind == "here")):
        if here.notice_state == "pending":
            here.notice_state = "superseded"
        service.cancel_notices(here.id, "left")


def release_due(now: datetime) -> int:
    """The beat job: send the notices whose time has come. Returns notices queued."""
    due = list(db.session.scalars(select(CrewEvent).where(
        CrewEvent.notice_state == "pending", CrewEvent.notify_at <= now, CrewEvent.undone_at.is_(None))
        .order_by(CrewEvent.notify_at).with_for_update(skip_locked=True)))
    queued = 0
    for event in due:
        true_until = _true_until(event)
        later = _after_quiet_hours(now, true_until)  # the beat was down, or it is night
        if later is None or true_until <= now or (event.kind == "next" and _arrived(event)):
            event.notice_state = "dropped"
        elif later > now:
            event.notify_at = later
        else:
            queued += release(event, now)
    return queued


def _arrived(event: CrewEvent) -> bool:
    return db.session.scalar(select(CrewEvent.id).where(
        CrewEvent.visit_id == event.visit_id, CrewEvent.kind.in_(("here", "left")),
        CrewEvent.undone_at.is_(None), CrewEvent.id > event.id).limit(1)) is not None


def release(event: CrewEvent, now: datetime) -> int:
    """Queue one SMS per resident told; the caller commits (outbox.commit / the receipt layer)."""
    queued = 0
    people = recipients(event, now)
    residents = db.session.scalars(select(Resident).where(Resident.id.in_(people))) if people else []
    for resident in residents:
        body = render(event, resident.language, people[resident.id])
        message = outbox.queue_sms(resident.phone, body, queue=QUEUE, purpose=service.PURPOSE,
                                   ref_id=event.id, dedupe_key=dedupe_key(event, resident.phone))
        queued += message is not None
    event.notice_state, event.told = "sent", queued
    log_event(log, "live.notices", event_id=event.id, kind=event.kind, queued=queued)
    return queued


def dedupe_key(event: CrewEvent, phone: str) -> str:
    if event.kind == "late":
        return f"live:late:{event.visit_id}:{to_local(event.expected_at):%H%M}:{phone}"
    return f"live:{event.kind}:{event.visit_id}:{phone}"


# -- what ----------------------------------------------------------------------

def render(event: CrewEvent, lang: str, km: float | None) -> str:
    """The notice in the resident's language, in one segment: a long meeting point, then the
    place name, are shortened (texts.fitting); when even that is not enough, the meeting
    point and then the distance are left out before a second segment is paid for."""
    place = schedule.place_name(event.place, lang)
    if event.kind == "late":
        return render_fitted("live.late", lang, "sms", place=place, time=fmt_time(event.expected_at))
    point = schedule.in_script(event.visit.meeting_point.strip(), lang)  # Latin for Uzbek
    if event.kind == "next":
        time_ = fmt_time(event.expected_at)
        return _fit("live.next", lambda v: texts.render("live.next", lang, "sms", place=v["place"], time=time_,
                                                        point=_details(v["point"])),
                    [{"place": place, "point": point}, {"place": place, "point": ""}])
    until = service.shown_until(event)
    until_part = texts.render("live.until", lang, time=fmt_time(until)) if until else ""
    shown_km = km_to_show(km)  # no "0 km", nor a district centre's guess
    km_part = texts.render("live.km", lang, km=shown_km) if shown_km else ""
    return _fit("live.here", lambda v: texts.render("live.here", lang, "sms", place=v["place"],
                                                    details=_details(until_part, v["point"], v["km"])),
                [{"place": place, "point": point, "km": km_part}, {"place": place, "point": "", "km": km_part},
                 {"place": place, "point": "", "km": ""}])


def _details(*parts: str) -> str:
    return "".join(", " + part for part in parts if part)


def _fit(key: str, build, versions: list[dict]) -> str:
    """The first version that fits the text's budget once its meeting point and place name are
    shortened; else the last, shortest one."""
    budget = fitting.budget_of(key)
    for values in versions:
        values = fitting.shrink_to_fit(build, values, budget, fitting.SHRINK_ORDER)
        if fitting.fits(build(values), budget):
            break
    return build(values)
