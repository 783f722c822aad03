"""The places, their match index and the coming visits, held by each process.

A bus answer read the place index stamp, the place and its next visit (and for "nearest", every
upcoming visit and every place) per message. They change a few times a day, so each process
keeps them and reloads when their version token moves (hotline/core/versions.py), which the
webhook reads with its receipt: no statement of their own on the hot path.

The objects are detached snapshots, shared by every request of the process: read them, never
change them or add them to a session (load the row by id for that).
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import joinedload

from hotline.core import versions
from hotline.extensions import db
from hotline.schedule.geo import Locator
from hotline.schedule.matching import PlaceEntry, PlaceIndex
from hotline.schedule.models import Place, Visit

# The visits held are those ending after the moment they were loaded; that many hours later
# (or before it: a clock set back) they are loaded again, leaving out the ones over.
MARGIN = timedelta(hours=6)


@dataclass(frozen=True)
class Places:
    by_id: dict[int, Place]
    index: PlaceIndex
    locator: Locator


@dataclass(frozen=True)
class Upcoming:
    since: datetime
    visits: tuple[Visit, ...]  # not cancelled, ending after `since`, by start
    by_place: dict[int, tuple[Visit, ...]]

    def covers(self, now: datetime) -> bool:
        return self.since <= now < self.since + MARGIN

    def after(self, now: datetime, place_id: int | None = None) -> list[Visit]:
        """Not over at `now`, by start: a place's, or every place's."""
        held = self.visits if place_id is None else self.by_place.get(place_id, ())
        return [visit for visit in held if visit.ends_at > now]


def _load_places(session) -> Places:
    with versions.detached_reader(session) as reader:
        # By id: the index lists places of one name in the order it was built, and PostgreSQL
        # returns an unordered SELECT in whatever order its pages hold the rows (after deletes
        # and updates, not the order of insertion): "1 Кара-Суу .., 2 .." must not change with it.
        by_id = {place.id: place for place in reader.scalars(select(Place).order_by(Place.id))}
    index = PlaceIndex.build(PlaceEntry(p.id, p.code, p.names(), p.oblast, p.district) for p in by_id.values())
    return Places(by_id, index, Locator(by_id.values()))


def _load_upcoming(session, now: datetime) -> Upcoming:
    with versions.detached_reader(session) as reader:
        visits = tuple(reader.scalars(
            select(Visit).options(joinedload(Visit.place))
            .where(Visit.status != "cancelled", Visit.ends_at > now)
            .order_by(Visit.starts_at, Visit.id)))
    by_place: dict[int, list[Visit]] = {}
    for visit in visits:
        by_place.setdefault(visit.place_id, []).append(visit)
    return Upcoming(now, visits, {pid: tuple(vs) for pid, vs in by_place.items()})


_places = versions.Cached(("places",), _load_places)
_upcoming = versions.Cached(("places", "schedule"), _load_upcoming)


def places() -> Places:
    return _places.get(db.session)


def upcoming(now: datetime) -> Upcoming:
    """Every visit not cancelled that ends after `now` (and perhaps some over by then)."""
    return _upcoming.get(db.session, lambda held: held.covers(now), now=now)
