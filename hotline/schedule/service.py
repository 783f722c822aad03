"""What the bus questions need: find a place, its next visit or the nearest ones, subscriptions, changes."""
from __future__ import annotations

import heapq
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select

from hotline.core import batch
from hotline.core.clock import fmt_date, fmt_time, now_utc
from hotline.extensions import db
from hotline.schedule import cache, sentence
from hotline.schedule.geo import great_circle_km
from hotline.schedule.latin import to_latin
from hotline.schedule.matching import PlaceIndex, Resolution
from hotline.schedule.models import BusQuery, Place, Subscription, Visit
from ivr_flows.texts.fitting import render_fitted

HORIZON = timedelta(days=30)  # "next visit" looks this far ahead
ASKED_RECENTLY = timedelta(days=14)  # who asked is told of changes this long
NEAREST_COUNT = 2  # nearest other visits named when a place has none soon
CHANGE_KINDS = ("delayed", "moved", "cancelled")

# Names of districts in Cyrillic, for Kyrgyz and Russian replies (the data keeps them in Latin).
_DISTRICTS_CYRILLIC = {
    "Alai": "Алай", "Aravan": "Араван", "Chon-Alai": "Чоң-Алай", "Kara-Kulja": "Кара-Кулжа",
    "Kara-Suu": "Кара-Суу", "Nookat": "Ноокат", "Uzgen": "Өзгөн", "Ak-Talaa": "Ак-Талаа",
    "At-Bashy": "Ат-Башы", "Jumgal": "Жумгал", "Kochkor": "Кочкор", "Naryn": "Нарын",
    "Naryn city": "Нарын ш.", "Osh city": "Ош ш.",
}


# -- finding the place ------------------------------------------------------

def place_index() -> PlaceIndex:
    """The match index of this process, rebuilt only when the places changed (cache.py)."""
    return cache.places().index


def resolve(query: str) -> Resolution:
    return place_index().resolve(query)


def resolve_sentence(text: str, intent: bool = False) -> Resolution:
    """The place named inside a sentence (exact names, declined or not); see sentence.py."""
    return sentence.find_place(place_index(), text, intent=intent)


def place_name(place: Place, lang: str) -> str:
    """Kyrgyz and Russian read Cyrillic; Uzbek (and old phones) get the Latin name,
    spelled from the Cyrillic one when the place has none (one Cyrillic letter makes an SMS UCS-2)."""
    order = {"ky": (place.name_ky, place.name_ru), "ru": (place.name_ru, place.name_ky),
             "uz": (place.name_latin, place.name_ky)}.get(lang, ())
    name = next(name for name in (*order, place.name_latin, place.name_ru, place.name_ky, place.code) if name)
    return in_script(name, lang)


def in_script(text: str, lang: str) -> str:
    """Text as the language is read: Latin for Uzbek (a Cyrillic meeting point is spelled out)."""
    return to_latin(text) if lang == "uz" else text


def district_name(place: Place, lang: str) -> str:
    if lang in ("ky", "ru"):
        return _DISTRICTS_CYRILLIC.get(place.district, place.district)
    return place.district


def choice_items(place_ids: list[int], lang: str) -> list[tuple[str, str]]:
    """(name, suffix) of each place offered: the suffix " (Ат-Башы)" only where names repeat."""
    places = [db.session.get(Place, pid) for pid in place_ids]
    names = [place_name(p, lang) for p in places]
    return [(name, f" ({district_name(place, lang)})" if names.count(name) > 1 else "")
            for place, name in zip(places, names)]


# -- when the bus comes -----------------------------------------------------

@dataclass
class Answer:
    place: Place
    kind: str  # "next" | "nearest" | "none"
    visit: Visit | None = None
    nearest: tuple[tuple[Visit, float | None], ...] = ()


def _upcoming(now: datetime):
    return select(Visit).where(Visit.status != "cancelled", Visit.ends_at > now).order_by(Visit.starts_at)


def next_visit(place_id: int, now: datetime | None = None) -> Visit | None:
    """A detached snapshot (cache.py): to change the visit, load it by id."""
    now = now or now_utc()
    visits = cache.upcoming(now).after(now, place_id)
    return next((visit for visit in visits if visit.starts_at <= now + HORIZON), None)


def nearest_visits(place_id: int, now: datetime | None = None,
                   count: int = NEAREST_COUNT) -> list[tuple[Visit, float | None]]:
    """The first planned visit of each other place, nearest first, with the km between the two
    places' own coordinates (None when either has none: a district centre is a guess to rank by,
    not a distance to tell anyone)."""
    now = now or now_utc()
    firsts = [first for other, visits in cache.upcoming(now).by_place.items() if other != place_id
              if (first := next((v for v in visits if v.ends_at > now), None)) is not None]
    if not firsts:
        return []
    locator = cache.places().locator
    origin = locator.point(place_id)  # once, not once per place: with thousands of places it counts

    def rank(visit: Visit):
        target = locator.point(visit.place_id) if origin is not None else None
        km = great_circle_km(origin, target) if target is not None else None
        # starts_at, id: the order of the schedule, so ties fall the same way on every call
        return (km is None, km or 0.0, not locator.same_district(place_id, visit.place_id),
                visit.starts_at, visit.id)

    ranked = heapq.nsmallest(count, firsts, key=rank)
    return [(v, locator.known_km(place_id, v.place_id)) for v in ranked]


def answer(place_id: int, now: datetime | None = None) -> Answer:
    place = cache.places().by_id.get(place_id) or db.session.get(Place, place_id)
    visit = next_visit(place_id, now)
    if visit is not None:
        return Answer(place, "next", visit=visit)
    nearest = nearest_visits(place_id, now)
    return Answer(place, "nearest" if nearest else "none", nearest=tuple(nearest))


def visit_params(visit: Visit, lang: str) -> dict:
    return {"place": place_name(visit.place, lang), "date": fmt_date(visit.starts_at),
            "start": fmt_time(visit.starts_at), "end": fmt_time(visit.ends_at),
            "point": in_script(visit.meeting_point, lang)}


def visit_sms(key: str, visit: Visit, lang: str, **extra) -> str:
    """An SMS about a visit, its meeting point and then place name shortened to the text's budget."""
    return render_fitted(key, lang, "sms", **visit_params(visit, lang), **extra)


def note_question(resident, place_id: int) -> None:
    """Remember the village (a bare BUS next time) and who asked, for change notices."""
    if resident.place_id != place_id:
        resident.place_id = place_id
    # Read back by nothing in the turn: sent with its other rows before the commit (core/batch.py).
    batch.add(db.session, BusQuery.__table__, resident_id=resident.id, place_id=place_id, asked_at=now_utc())


# -- reminders --------------------------------------------------------------

def subscribe(resident, place_id: int, now: datetime | None = None) -> Subscription:
    """Reminders of every visit to the place; `waiting` when nothing is planned there yet."""
    now = now or now_utc()
    waiting = db.session.scalar(_upcoming(now).where(Visit.place_id == place_id).limit(1)) is None
    subscription = db.session.scalar(select(Subscription).where(
        Subscription.resident_id == resident.id, Subscription.place_id == place_id))
    if subscription is None:
        subscription = Subscription(resident_id=resident.id, place_id=place_id, created_at=now)
        db.session.add(subscription)
    subscription.waiting = waiting
    db.session.flush()
    return subscription


def purge_old_questions(now: datetime | None = None) -> int:
    cutoff = (now or now_utc()) - ASKED_RECENTLY
    return db.session.execute(BusQuery.__table__.delete().where(BusQuery.asked_at < cutoff)).rowcount


# -- coordinator changes ----------------------------------------------------

def change_visit(visit_id: int, kind: str, *, delay_minutes: int | None = None,
                 starts_at: datetime | None = None, ends_at: datetime | None = None,
                 meeting_point: str | None = None) -> Visit:
    """Mark a visit delayed (by minutes), moved (to a new UTC window) or cancelled.

    The change notices go out from the beat job (reminders.send_change_notices):
    never at night, once per change. The caller commits.
    """
    if kind not in CHANGE_KINDS:
        raise ValueError(f"kind must be one of {', '.join(CHANGE_KINDS)}")
    visit = db.session.get(Visit, visit_id, with_for_update=True)
    if visit is None:
        raise LookupError(f"no visit {visit_id}")
    previous = visit.starts_at
    if kind == "delayed":
        if not delay_minutes or delay_minutes <= 0:
            raise ValueError("a delay needs a positive number of minutes")
        visit.starts_at += timedelta(minutes=delay_minutes)
        visit.ends_at += timedelta(minutes=delay_minutes)
    elif kind == "moved":
        if starts_at is None or ends_at is None or ends_at <= starts_at:
            raise ValueError("a move needs a new start before a new end")
        visit.starts_at, visit.ends_at = starts_at, ends_at
    if meeting_point:
        visit.meeting_point = meeting_point
    visit.previous_starts_at = previous
    visit.status = kind
    visit.revision += 1
    db.session.flush()
    return visit


def replan_visit(visit: Visit, starts_at: datetime, ends_at: datetime, meeting_point: str) -> Visit:
    """A new schedule file changed a planned visit's time or meeting point. Like change_visit
    it bumps `revision`, so the beat job tells subscribers and recent askers (text
    sms.bus.changed); the visit stays "planned", so a later file may still change it, while a
    coordinator's or the crew's change (another status) is never undone by a file."""
    visit.previous_starts_at = visit.starts_at
    visit.starts_at, visit.ends_at, visit.meeting_point = starts_at, ends_at, meeting_point
    visit.revision += 1
    db.session.flush()
    return visit


def change_recipients(visit: Visit, now: datetime | None = None) -> list[int]:
    """Resident ids: subscribers of the visit's place and whoever asked about it lately."""
    now = now or now_utc()
    subscribers = select(Subscription.resident_id).where(Subscription.place_id == visit.place_id)
    askers = select(BusQuery.resident_id).where(BusQuery.place_id == visit.place_id,
                                                BusQuery.asked_at >= now - ASKED_RECENTLY)
    return sorted(set(db.session.scalars(subscribers)) | set(db.session.scalars(askers)))
