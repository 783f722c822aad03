"""The live bus's test set-up: places, a crew phone, residents around Kara-Kulja, and a clock to stand at any hour.

Kara-Kulja (1401) is the stop. Around it: Biy-Myrza 1405 (1.8 km), Ylai-Talaa
1419 (4.7 km), Birinchi May 1404 (7.4 km), Kara-Kochkor 1412 (8.6 km); Jiide
1409 (17.6 km) is outside the default 15 km.
"""
from __future__ import annotations

from datetime import date, datetime, time, timedelta

import pytest
from sqlalchemy import func, select

from hotline.core.clock import local_to_utc, now_local
from hotline.extensions import db as database
from hotline.live.models import CrewEvent
from hotline.messaging import outbox
from hotline.messaging.models import OutboundMessage
from hotline.residents import service as residents
from hotline.schedule import service as schedule
from hotline.staff import service as staff_service
from tests.schedule.helpers import add_visit, load_places, place

CREW = "+996555123456"


def at(hh: int, mm: int = 0, day: date | None = None) -> datetime:
    """UTC of a local time today (or on `day`)."""
    return local_to_utc(datetime.combine(day or now_local().date(), time(hh, mm)))


class Clock:
    """What the crew commands and the BUS live line take for "now" (hotline.live.flows.now_utc)."""

    def __init__(self, monkeypatch):
        self.now = at(10, 0)
        monkeypatch.setattr("hotline.live.flows.now_utc", lambda: self.now)

    def set(self, hh: int, mm: int = 0) -> datetime:
        self.now = at(hh, mm)
        return self.now

    def advance(self, **delta) -> datetime:
        self.now += timedelta(**delta)
        return self.now


@pytest.fixture
def clock(monkeypatch):
    return Clock(monkeypatch)


@pytest.fixture
def places(db):
    load_places()


@pytest.fixture
def crew(places):
    member = staff_service.add_staff("Aibek", CREW, "social_worker")
    database.session.commit()
    return member


def today() -> date:
    return now_local().date()


def visit(code: str, start: str = "10:00", end: str = "13:00", point: str = "айыл өкмөтү", day: date | None = None):
    return add_visit(code, day or today(), start, end, point)


def subscriber(phone: str, *codes: str, lang: str = "ky", opted_out: bool = False):
    resident = residents.get_or_create(phone)
    residents.set_language(resident, lang)
    resident.opted_out = opted_out
    for code in codes:
        schedule.subscribe(resident, place(code).id)
    database.session.commit()
    return resident


def live_rows(**where) -> list[OutboundMessage]:
    database.session.commit()  # a fresh snapshot: the worker wrote meanwhile
    query = select(OutboundMessage).where(OutboundMessage.purpose == "live")
    for name, value in where.items():
        query = query.where(getattr(OutboundMessage, name) == value)
    return list(database.session.scalars(query.order_by(OutboundMessage.id)))


def events() -> list[CrewEvent]:
    database.session.commit()
    return list(database.session.scalars(select(CrewEvent).order_by(CrewEvent.id)))


def release(now: datetime) -> int:
    """What the beat job does (tasks.live.tick), at a chosen hour."""
    from hotline.live import notices

    database.session.commit()
    queued = notices.release_due(now)
    outbox.commit()
    return queued


def count_live() -> int:
    database.session.commit()
    return database.session.scalar(select(func.count(OutboundMessage.id)).where(OutboundMessage.purpose == "live"))
