"""Demo data: the shipped places (real, with sources in data/SOURCES.md) and a plausible schedule.

The schedule follows the bus's real rhythm (DOMAIN.md): weekdays, two village
administrations a day, 2-3 hours each; a week in Osh oblast, then a week in Naryn.
"""
from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import select

from hotline.core.clock import now_local
from hotline.extensions import db
from hotline.schedule import importer
from hotline.schedule.matching import SHIPPED_PLACES_CSV
from hotline.schedule.models import Place, Visit

WEEKS = 4
SLOTS = (("09:30", "12:00"), ("14:00", "16:30"))
MEETING_POINTS = ("айыл өкмөтү", "мектеп", "маданият үйү")


def load() -> str:
    if db.session.scalar(select(Place.id).limit(1)):
        places_note = "places: already there"
    else:
        places_note = importer.import_places(importer.read_rows(SHIPPED_PLACES_CSV, importer.PLACE_COLUMNS))
    if db.session.scalar(select(Visit.id).limit(1)):
        return f"{places_note}; schedule: already there"
    rows = schedule_rows(now_local().date() + timedelta(days=1))
    return f"{places_note}; {importer.import_schedule(rows)}"


def schedule_rows(first_day: date) -> list[tuple[int, dict]]:
    """CSV-shaped rows (line, row) for WEEKS weeks of weekdays from `first_day`."""
    places = db.session.scalars(select(Place).order_by(Place.oblast.desc(), Place.district, Place.code)).all()
    queues = {oblast: _district_by_district([p for p in places if p.oblast == oblast])
              for oblast in ("osh", "naryn")}
    taken = {oblast: 0 for oblast in queues}
    rows, day = [], first_day
    while day < first_day + timedelta(weeks=WEEKS):
        if day.weekday() < 5:
            oblast = "osh" if (day - first_day).days // 7 % 2 == 0 else "naryn"
            for start, end in SLOTS:
                place = queues[oblast][taken[oblast] % len(queues[oblast])] if queues[oblast] else None
                if place is None:
                    continue
                taken[oblast] += 1
                point = MEETING_POINTS[len(rows) % len(MEETING_POINTS)]
                rows.append((len(rows) + 2, {"place_code": place.code, "date": day.isoformat(),
                                             "start": start, "end": end, "meeting_point": point}))
        day += timedelta(days=1)
    return rows


def _district_by_district(places: list[Place]) -> list[Place]:
    """Two places of one district, then two of the next...: each day's pair are neighbours."""
    by_district: dict[str, list[Place]] = {}
    for place in places:
        by_district.setdefault(place.district, []).append(place)
    queues, order = list(by_district.values()), []
    while any(queues):
        for queue in queues:
            order.extend(queue[:2])
            del queue[:2]
    return order
