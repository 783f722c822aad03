"""Who is asked, tier by tier (CONTRACT.md, issue #5):

1. on-duty social workers covering the person's place (all on-duty ones when
   the place is unknown); 2. the other on-duty social workers; 3. backups;
4. coordinators. Empty tiers are skipped.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from hotline.core.optional import import_optional
from hotline.extensions import db
from hotline.staff.models import Staff
from hotline.staff.service import on_duty

LAST_TIER = 4


@dataclass(frozen=True)
class PlaceInfo:
    id: int
    name: str
    oblast: str | None
    district: str | None


def place_info(place_id: int | None) -> PlaceInfo | None:
    """The resident's village, if the schedule package knows it (degrades to None)."""
    models = import_optional("hotline.schedule.models")
    place_model = getattr(models, "Place", None)
    if place_id is None or place_model is None:
        return None
    place = db.session.get(place_model, place_id)
    if place is None:
        return None
    name = getattr(place, "name_latin", None) or getattr(place, "name_ru", None) or str(place_id)
    return PlaceInfo(place.id, name, getattr(place, "oblast", None), getattr(place, "district", None))


def covers(member: Staff, place: PlaceInfo | None) -> bool:
    if place is None:
        return True
    if not member.oblast or (place.oblast or "").lower() != member.oblast.lower():
        return False
    return not member.district or (place.district or "").lower() == member.district.lower()


def tiers(place: PlaceInfo | None, now: datetime) -> dict[int, list[Staff]]:
    """Tier number -> staff, current at `now`; a person appears in their first tier only."""
    duty = on_duty(now, "social_worker", backup=False)
    first = [m for m in duty if covers(m, place)]
    result = {
        1: first,
        2: [m for m in duty if m not in first],
        3: on_duty(now, "social_worker", backup=True),
        4: list(db.session.scalars(select(Staff).where(Staff.role == "coordinator",
                                                       Staff.active.is_(True)).order_by(Staff.id))),
    }
    seen: set[int] = set()
    for number in sorted(result):
        result[number] = [m for m in result[number] if not (m.id in seen or seen.add(m.id))]
    return result


def next_tier(current: int, by_tier: dict[int, list[Staff]]) -> int | None:
    """The first non-empty tier after `current`, else the highest non-empty one (repeat it)."""
    filled = [n for n in sorted(by_tier) if by_tier[n]]
    if not filled:
        return None
    later = [n for n in filled if n > current]
    return later[0] if later else max(filled)


def live_numbers(place: PlaceInfo | None, now: datetime, limit: int = 10) -> list[str]:
    """Phones to ring at once for a live call: tier 1, else any on-duty worker (Twilio: 10 max)."""
    by_tier = tiers(place, now)
    people = by_tier[1] or by_tier[2]
    return [m.phone for m in people][:limit]
