"""Places and visits for the schedule tests, written through the real importers."""
from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import select

from hotline.core.clock import now_local
from hotline.extensions import db
from hotline.schedule import importer
from hotline.schedule.matching import SHIPPED_PLACES_CSV
from hotline.schedule.models import Place, Visit


def load_places() -> None:
    importer.import_places(importer.read_rows(SHIPPED_PLACES_CSV, importer.PLACE_COLUMNS))
    db.session.commit()


def in_days(days: int) -> date:
    return now_local().date() + timedelta(days=days)


def add_visit(code: str, day: date, start: str = "09:30", end: str = "12:00",
              point: str = "айыл өкмөтү") -> Visit:
    importer.import_schedule([(2, {"place_code": code, "date": day.isoformat(), "start": start,
                                   "end": end, "meeting_point": point})])
    db.session.commit()
    place = db.session.scalar(select(Place).where(Place.code == code))
    return db.session.scalars(select(Visit).where(Visit.place_id == place.id)
                              .order_by(Visit.id.desc())).first()


def place(code: str) -> Place:
    return db.session.scalar(select(Place).where(Place.code == code))
