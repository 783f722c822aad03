"""Today's crew commands, held by each process for the "where is the bus" line of every answer.

Read per bus answer before; a day holds a few dozen and they change when the crew texts, so
each process keeps the day's and reloads when the live, schedule or places token moves
(hotline/core/versions.py) or the local day changes. Detached snapshots with their visit and
place loaded: read them, never change them (load the row by id for that).
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import joinedload

from hotline.core import versions
from hotline.extensions import db
from hotline.live.models import CrewEvent
from hotline.schedule.models import Visit


@dataclass(frozen=True)
class Day:
    start: datetime
    events: tuple[CrewEvent, ...]  # standing (not undone), latest first

    def so_far(self, now: datetime) -> list[CrewEvent]:
        return [event for event in self.events if event.at <= now]


def _load(session, start: datetime, end: datetime) -> Day:
    with versions.detached_reader(session) as reader:
        events = tuple(reader.scalars(
            select(CrewEvent).options(joinedload(CrewEvent.visit).joinedload(Visit.place), joinedload(CrewEvent.place))
            .where(CrewEvent.at >= start, CrewEvent.at < end, CrewEvent.undone_at.is_(None))
            .order_by(CrewEvent.at.desc(), CrewEvent.id.desc())))
    return Day(start, events)


_day = versions.Cached(("live", "schedule", "places"), _load)


def today_so_far(start: datetime, end: datetime, now: datetime) -> list[CrewEvent]:
    """The standing commands of the day [start, end) up to `now`, latest first."""
    return _day.get(db.session, lambda held: held.start == start, start=start, end=end).so_far(now)
