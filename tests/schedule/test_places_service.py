"""Distances, the per-process match index, and the demo schedule."""
from __future__ import annotations

from datetime import date
from types import SimpleNamespace

from sqlalchemy import select

from hotline.core.clock import to_local
from hotline.schedule import demo, importer, service
from hotline.schedule.geo import Locator, great_circle_km
from hotline.schedule.models import Place, Visit
from tests.schedule.helpers import load_places


def test_great_circle_osh_to_naryn():
    # Osh city (40.53, 72.80) to Naryn town (41.43, 75.99): about 280 km as the crow flies.
    assert 270 < great_circle_km((40.53, 72.80), (41.43, 75.99)) < 290


def test_a_place_without_coordinates_stands_at_its_district_centre():
    p = lambda i, district, lat=None, lon=None: SimpleNamespace(id=i, oblast="osh", district=district,
                                                                lat=lat, lon=lon)
    locator = Locator([p(1, "A", 40.0, 73.0), p(2, "A", 40.2, 73.2), p(3, "A"), p(4, "B"), p(5, "B")])
    assert locator.point(3) == (40.1, 73.1)
    assert round(locator.km(1, 3)) == round(great_circle_km((40.0, 73.0), (40.1, 73.1)))
    assert locator.km(1, 4) is None and locator.km(4, 4) == 0.0
    assert locator.same_district(4, 5) and not locator.same_district(1, 4)


def test_match_index_is_built_once_and_rebuilt_when_places_change(db):
    load_places()
    first = service.place_index()
    assert service.place_index() is first
    assert service.resolve("Шыбыйбаш").kind == "none"
    importer.import_places([(2, {"code": "1799", "name_ky": "Шыбыйбаш", "name_ru": "Шыбыйбаш",
                                 "name_latin": "Shybyibash", "aliases": "", "oblast": "osh",
                                 "district": "Uzgen", "lat": "", "lon": ""})])
    db.session.commit()
    assert service.place_index() is not first
    found = service.resolve("shybyibash")
    assert found.kind == "one" and db.session.get(Place, found.place_ids[0]).code == "1799"


def test_demo_schedule_is_real_places_on_weekdays_two_a_day(db):
    first = demo.load()
    db.session.commit()
    assert "places: 60 added" in first and "40 visits added" in first
    assert "already there" in demo.load()
    visits = db.session.scalars(select(Visit)).all()
    days: dict[date, list[Visit]] = {}
    for visit in visits:
        days.setdefault(to_local(visit.starts_at).date(), []).append(visit)
    assert all(day.weekday() < 5 and len(on_day) == 2 for day, on_day in days.items())
    assert all(2 <= (v.ends_at - v.starts_at).total_seconds() / 3600 <= 3 for v in visits)
    oblasts = {db.session.get(Place, v.place_id).oblast for v in visits}
    assert oblasts == {"osh", "naryn"}


def test_nearest_unlocatable_places_go_by_district_then_date(db):
    """No place of either district has coordinates, so no distance ranks them: the asker's own
    district first, then the earlier visit, then the order the schedule was filed in."""
    places = [("9001", "Asker", "Alpha"), ("9002", "Beta soonest", "Beta"), ("9003", "Alpha filed second", "Alpha"),
              ("9004", "Alpha filed first", "Alpha"), ("9005", "Alpha soonest", "Alpha")]
    importer.import_places([(2 + i, {"code": code, "name_ky": name, "name_ru": name, "name_latin": name,
                                     "aliases": "", "oblast": "naryn", "district": district, "lat": "", "lon": ""})
                            for i, (code, name, district) in enumerate(places)])
    visits = [("9002", "2030-05-01"), ("9004", "2030-05-09"), ("9003", "2030-05-09"), ("9005", "2030-05-05")]
    importer.import_schedule([(2 + i, {"place_code": code, "date": day, "start": "09:30", "end": "12:00",
                                       "meeting_point": "school"}) for i, (code, day) in enumerate(visits)])
    db.session.commit()
    asker = db.session.scalar(select(Place.id).where(Place.code == "9001"))
    nearest = service.nearest_visits(asker, count=4)
    assert [(visit.place.name_latin, km) for visit, km in nearest] == [
        ("Alpha soonest", None), ("Alpha filed first", None), ("Alpha filed second", None), ("Beta soonest", None)]
