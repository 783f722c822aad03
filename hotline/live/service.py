"""Applying the crew's commands to visits, UNDO, and where the bus is (for BUS answers and the admin).

Every function takes `now` (UTC) so tests can stand at any hour. The caller
commits: a webhook's receipt layer, or the beat task.

Which visit a command belongs to: that place's visit today (local date, not
cancelled), the one whose time is nearest; none today means an unplanned stop,
created on the fly as a visit (status "unplanned", no meeting point) and marked
`created_visit` on the event, so UNDO cancels it again.
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import datetime, time, timedelta

from sqlalchemy import select, update

from hotline.core.clock import local_to_utc, to_local
from hotline.extensions import db
from hotline.live import cache
from hotline.live.commands import Command
from hotline.live.models import CrewEvent
from hotline.messaging.models import OutboundMessage
from hotline.schedule import cache as schedule_cache
from hotline.schedule import service as schedule
from hotline.schedule.geo import Locator
from hotline.schedule.models import Visit

UNDO_WINDOW = timedelta(minutes=10)
# An unplanned stop, or HERE without "until" after the planned end: the bus stays about this long
# (2-3 hours a village, DOMAIN.md).
DEFAULT_STOP = timedelta(hours=3)
DEFAULT_RADIUS_KM = 15.0
PURPOSE = "live"  # outbox purpose of residents' notices (STOP is respected)


def radius_km() -> float:
    """HOTLINE_LIVE_RADIUS_KM: who counts as "around" a stop (default 15 km)."""
    try:
        value = float(os.environ.get("HOTLINE_LIVE_RADIUS_KM") or DEFAULT_RADIUS_KM)
    except ValueError:
        return DEFAULT_RADIUS_KM
    return value if value >= 0 else DEFAULT_RADIUS_KM


def locator() -> Locator:
    return schedule_cache.places().locator  # the process's, rebuilt when a place changes


# -- the visit a command belongs to -------------------------------------------

def _day_bounds(now: datetime) -> tuple[datetime, datetime]:
    start = local_to_utc(datetime.combine(to_local(now).date(), time()))
    return start, start + timedelta(days=1)


def visit_today(place_id: int, now: datetime, upcoming: bool = False) -> Visit | None:
    """That place's visit today nearest to now; `upcoming`: prefer one not yet over."""
    start, end = _day_bounds(now)
    visits = list(db.session.scalars(select(Visit).where(
        Visit.place_id == place_id, Visit.status != "cancelled",
        Visit.starts_at >= start, Visit.starts_at < end)))
    if upcoming:
        visits = [v for v in visits if v.ends_at > now] or visits
    if not visits:
        return None

    def distance(visit: Visit) -> timedelta:
        if visit.starts_at <= now < visit.ends_at:
            return timedelta(0)
        return min(abs(visit.starts_at - now), abs(visit.ends_at - now))

    return min(visits, key=distance)


def _unplanned_stop(place_id: int, starts_at: datetime, ends_at: datetime) -> Visit:
    starts_at = starts_at.replace(second=0, microsecond=0)
    visit = Visit(place_id=place_id, starts_at=starts_at, ends_at=max(ends_at, starts_at + timedelta(minutes=1)),
                  meeting_point="", status="unplanned")
    db.session.add(visit)
    db.session.flush()
    return visit


def local_time_today(moment: time, now: datetime) -> datetime:
    return local_to_utc(datetime.combine(to_local(now).date(), moment))


# -- the commands -------------------------------------------------------------

class CommandError(Exception):
    """The command cannot be applied; `reason` picks the crew's answer."""

    def __init__(self, reason: str, **params):
        super().__init__(reason)
        self.reason = reason
        self.params = params


def record(staff, phone: str, command: Command, place_id: int | None, now: datetime) -> CrewEvent:
    """Record HERE / LATE / NEXT / LEFT against its visit; notices are planned by notices.plan."""
    handler = {"here": _here, "late": _late, "next": _next, "left": _left}[command.kind]
    event = handler(command, place_id, now)
    event.staff_id, event.phone, event.at = staff.id, phone, now
    db.session.add(event)
    db.session.flush()
    return event


def _here(command: Command, place_id: int, now: datetime) -> CrewEvent:
    until = local_time_today(command.at, now) if command.at else None
    if until is not None and until <= now:
        raise CommandError("time_past", time=command.at.strftime("%H:%M"))
    visit = visit_today(place_id, now)
    created = visit is None
    if created:
        visit = _unplanned_stop(place_id, now, until or now + DEFAULT_STOP)
    return CrewEvent(kind="here", visit_id=visit.id, place_id=place_id, until_at=until, created_visit=created)


def _late(command: Command, place_id: int, now: datetime) -> CrewEvent:
    """Late against the plan: planned start + minutes; when that has passed already, now + minutes."""
    delay = timedelta(minutes=command.minutes)
    visit = visit_today(place_id, now, upcoming=True)
    created = visit is None
    if created:
        visit = _unplanned_stop(place_id, now + delay, now + delay + DEFAULT_STOP)
    expected = visit.starts_at + delay if not created else now + delay
    if expected <= now:
        expected = now + delay
    return CrewEvent(kind="late", visit_id=visit.id, place_id=place_id, expected_at=expected,
                     minutes=command.minutes, created_visit=created)


def _next(command: Command, place_id: int, now: datetime) -> CrewEvent:
    expected = local_time_today(command.at, now)
    if expected <= now:
        raise CommandError("time_past", time=command.at.strftime("%H:%M"))
    visit = visit_today(place_id, expected, upcoming=True)
    if visit is not None and visit.ends_at <= expected:
        visit = None  # today's visit there is over by then: this is another stop
    created = visit is None
    if created:
        visit = _unplanned_stop(place_id, expected, expected + DEFAULT_STOP)
    return CrewEvent(kind="next", visit_id=visit.id, place_id=place_id, expected_at=expected,
                     created_visit=created)


def _left(command: Command, place_id: int | None, now: datetime) -> CrewEvent:
    if place_id is None:  # LEFT alone: the stop the bus is at
        stop = stop_now(now)
        if stop is None:
            raise CommandError("no_stop")
        return CrewEvent(kind="left", visit_id=stop.visit_id, place_id=stop.place_id)
    here = _last_event(select(CrewEvent).where(CrewEvent.place_id == place_id, CrewEvent.kind == "here",
                                               CrewEvent.at >= _day_bounds(now)[0]))
    visit_id = here.visit_id if here else getattr(visit_today(place_id, now), "id", None)
    if visit_id is None:
        raise CommandError("no_visit", place_id=place_id)
    return CrewEvent(kind="left", visit_id=visit_id, place_id=place_id)


# -- UNDO ---------------------------------------------------------------------

@dataclass
class Undone:
    event: CrewEvent
    stopped: int  # notices that had not gone yet and never will
    sent: int  # notices already on their way


def undo(phone: str, now: datetime) -> Undone:
    """Undo this phone's last command if it is at most 10 minutes old; stop its notices not yet sent."""
    event = _last_event(select(CrewEvent).where(CrewEvent.phone == phone), lock=True)
    if event is None or now - event.at > UNDO_WINDOW:
        raise CommandError("nothing_to_undo")
    event.undone_at = now
    held = 0
    if event.notice_state == "pending":  # not released yet: none of them will go
        event.notice_state, held = "undone", event.told
    stopped, sent = cancel_notices(event.id, "undone")
    stopped += held
    if event.created_visit and not _other_events(event):
        event.visit.status = "cancelled"  # the unplanned stop it made never happened
    if event.kind == "left":
        _bring_back_here_notices(event, now)
    db.session.flush()
    return Undone(event, stopped, sent)


def _bring_back_here_notices(left: CrewEvent, now: datetime) -> None:
    """A mistaken LEFT undone: the bus is still there, so the "bus is here" notices the LEFT
    stopped go after all. Planned again; the outbox's dedupe keys skip everyone already told."""
    from hotline.live import notices  # notices imports this module

    here = _last_event(select(CrewEvent).where(CrewEvent.visit_id == left.visit_id, CrewEvent.kind == "here",
                                               CrewEvent.at <= left.at))
    if here is not None and stays_until(here) > now:
        notices.plan(here, now)


def cancel_notices(event_id: int, code: str) -> tuple[int, int]:
    """Mark an event's notices still `queued` failed with `code` (the sender claims only `queued`).

    Their dedupe keys are freed, so the same event commanded again later reaches those people.
    """
    rows = db.session.execute(select(OutboundMessage.id, OutboundMessage.status, OutboundMessage.dedupe_key)
                              .where(OutboundMessage.purpose == PURPOSE, OutboundMessage.ref_id == event_id)).all()
    stopped = 0
    for message_id, status, key in rows:
        if status != "queued":
            continue
        stopped += db.session.execute(
            update(OutboundMessage).where(OutboundMessage.id == message_id, OutboundMessage.status == "queued")
            .values(status="failed", error_code=code, dedupe_key=f"{key}:{code}:{message_id}" if key else None)
            .execution_options(synchronize_session=False)).rowcount
    return stopped, len(rows) - stopped


def _other_events(event: CrewEvent) -> bool:
    return db.session.scalar(select(CrewEvent.id).where(
        CrewEvent.visit_id == event.visit_id, CrewEvent.id != event.id,
        CrewEvent.undone_at.is_(None)).limit(1)) is not None


def _last_event(query, lock: bool = False) -> CrewEvent | None:
    query = query.where(CrewEvent.undone_at.is_(None)).order_by(CrewEvent.at.desc(), CrewEvent.id.desc()).limit(1)
    if lock:
        query = query.with_for_update()
    return db.session.scalars(query).first()


# -- where the bus is ---------------------------------------------------------

def stays_until(event: CrewEvent) -> datetime:
    """Until when a HERE holds: its `until`, else the planned end if still ahead, else a usual stop."""
    if event.until_at is not None:
        return event.until_at
    if not event.created_visit and event.visit.ends_at > event.at:
        return event.visit.ends_at
    return event.at + DEFAULT_STOP


def shown_until(event: CrewEvent) -> datetime | None:
    """The "until" residents are told: said by the crew, or the plan's end (an unplanned stop has none)."""
    if event.until_at is not None:
        return event.until_at
    if not event.created_visit and event.visit.ends_at > event.at:
        return event.visit.ends_at
    return None


def _today_so_far(now: datetime) -> list[CrewEvent]:
    """Today's standing crew commands up to now, latest first: a day holds a few dozen."""
    return list(db.session.scalars(
        select(CrewEvent).where(CrewEvent.at >= _day_bounds(now)[0], CrewEvent.at <= now,
                                CrewEvent.undone_at.is_(None))
        .order_by(CrewEvent.at.desc(), CrewEvent.id.desc())))


def _stop_among(events: list[CrewEvent], now: datetime) -> CrewEvent | None:
    last = events[0] if events else None
    if last is None or last.kind != "here" or stays_until(last) <= now:
        return None
    return last


def _expected_among(events: list[CrewEvent], place_id: int, now: datetime) -> CrewEvent | None:
    """The latest NEXT or LATE for this place today whose time is ahead and the bus has not arrived since."""
    event = next((e for e in events if e.place_id == place_id and e.kind in ("here", "next", "late", "left")),
                 None)
    if event is None or event.kind not in ("next", "late") or event.expected_at <= now - timedelta(minutes=30):
        return None
    return event


def stop_now(now: datetime) -> CrewEvent | None:
    """The HERE of the stop the bus is at now, if its last command today is a HERE that still holds."""
    return _stop_among(_today_so_far(now), now)


@dataclass
class LiveState:
    kind: str  # "here" (at this place), "expected" (on the way, NEXT/LATE), "near" (at a place around)
    event: CrewEvent
    km: float | None = None  # "near": from both places' own coordinates, None when not known


def live_state(place_id: int, now: datetime) -> LiveState | None:
    """What a resident asking about this place should hear first, if anything."""
    # Both questions from one list, held per process (cache.py): this runs on every bus answer.
    events = cache.today_so_far(*_day_bounds(now), now)
    stop = _stop_among(events, now)
    if stop is not None and stop.place_id == place_id:
        return LiveState("here", stop, 0.0)
    coming = _expected_among(events, place_id, now)
    if coming is not None:
        return LiveState("expected", coming)
    if stop is not None:
        places = schedule_cache.places().locator
        km = places.km(place_id, stop.place_id)  # a district centre stands in for missing coordinates
        if km is not None and km <= radius_km():
            return LiveState("near", stop, places.known_km(place_id, stop.place_id))
    return None


# -- for the coordinators' dashboard ------------------------------------------

def _event_dict(event: CrewEvent) -> dict:
    from hotline.staff.models import Staff

    staff = db.session.get(Staff, event.staff_id)
    return {"id": event.id, "kind": event.kind, "at": event.at, "staff_name": staff.name if staff else None,
            "until": event.until_at, "expected": event.expected_at, "minutes": event.minutes,
            "undone_at": event.undone_at, "notice_state": event.notice_state, "told": event.told}


def current_position(now: datetime | None = None) -> dict | None:
    """Where the bus is: the last command not undone (any day), its place and visit, and if it still holds.

    `state`: "here" (a HERE that still holds), "on_the_way" (NEXT/LATE ahead), "left",
    or "stale" (a HERE or NEXT whose time has passed). Datetimes are UTC.
    """
    from hotline.core.clock import now_utc

    now = now or now_utc()
    event = _last_event(select(CrewEvent).where(CrewEvent.at <= now))
    if event is None:
        return None
    place = event.place
    if event.kind == "here":
        state = "here" if stays_until(event) > now else "stale"
    elif event.kind in ("next", "late"):
        state = "on_the_way" if event.expected_at > now - timedelta(minutes=30) else "stale"
    else:
        state = "left"
    return {**_event_dict(event), "state": state, "visit_id": event.visit_id, "place_id": place.id,
            "place_code": place.code, "place_name": place.name_ru or place.name_latin,
            "place_names": {"ky": place.name_ky, "ru": place.name_ru, "latin": place.name_latin},
            "stays_until": stays_until(event) if event.kind == "here" else None,
            "unplanned": _unplanned(event.visit_id)}


def visit_actuals(visit_id: int) -> dict | None:
    """Planned vs actual times of one visit, from the crew's commands that were not undone."""
    visit = db.session.get(Visit, visit_id)
    if visit is None:
        return None
    events = list(db.session.scalars(select(CrewEvent).where(CrewEvent.visit_id == visit_id)
                                     .order_by(CrewEvent.at, CrewEvent.id)))
    kept = [e for e in events if e.undone_at is None]
    heres = [e for e in kept if e.kind == "here"]
    lefts = [e for e in kept if e.kind == "left"]
    ahead = [e for e in kept if e.kind in ("next", "late")]
    arrived = heres[0].at if heres else None
    left = lefts[-1].at if lefts else None
    return {
        "visit_id": visit.id, "place_id": visit.place_id, "unplanned": _unplanned(visit_id),
        "planned_start": visit.starts_at, "planned_end": visit.ends_at,
        "expected_start": ahead[-1].expected_at if ahead else None,
        "arrived_at": arrived, "left_at": left, "until": heres[-1].until_at if heres else None,
        "late_minutes": (round((arrived - visit.starts_at).total_seconds() / 60)
                         if arrived is not None and not _unplanned(visit_id) else None),
        "events": [_event_dict(e) for e in events],
    }


def _unplanned(visit_id: int) -> bool:
    return db.session.scalar(select(CrewEvent.id).where(
        CrewEvent.visit_id == visit_id, CrewEvent.created_visit.is_(True)).limit(1)) is not None


def resolve_place(query: str):
    """The schedule's matcher (codes, any script, keypad spellings)."""
    return schedule.resolve(query)
