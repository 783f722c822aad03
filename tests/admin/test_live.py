"""The live bus in the admin: where the bus is on the dashboard, planned vs actual in the schedule,
and notices stopped by a crew UNDO kept out of the delivery failures."""
from __future__ import annotations

import re

import pytest

from hotline.core.clock import fmt_time
from tests.admin.conftest import PEOPLE

CREW = "+996555123456"


@pytest.fixture
def crew(db, staff):
    from hotline.staff import service as staff_service
    from tests.schedule.helpers import load_places

    load_places()
    member = staff_service.add_staff("Aibek Crew", CREW, "social_worker")
    db.session.commit()
    return member


def _section(page: str, element_id: str) -> str:
    match = re.search(rf'<(section|div)[^>]*id="{element_id}".*?</\1>', page, re.S)
    assert match, f"no #{element_id} in the page"
    return match.group(0)


def _here(twilio, db, stop):
    from hotline.live.models import CrewEvent
    from sqlalchemy import select

    assert twilio.sms(CREW, "HERE 1401").status == 200
    db.session.commit()  # a fresh snapshot: the webhook wrote from its own session
    event = db.session.scalars(select(CrewEvent)).one()
    assert (event.kind, event.visit_id) == ("here", stop.id)
    return event


def test_dashboard_says_no_command_yet(client_as, crew):
    page = client_as("coordinator").get("/admin/").get_data(as_text=True)
    card = _section(page, "bus-position")
    assert "Где автобус" in card and "Команд от экипажа ещё не было." in card
    # Only the coordinator's dashboard has the card.
    assert 'id="bus-position"' not in client_as("social_worker").get("/admin/").get_data(as_text=True)


def test_dashboard_shows_where_the_bus_is_after_a_signed_here(client_as, twilio, db, crew):
    from tests.live.conftest import today, visit

    stop = visit("1401", "10:00", "13:00", day=today())
    event = _here(twilio, db, stop)
    coordinator = client_as("coordinator")
    card = _section(coordinator.get("/admin/").get_data(as_text=True), "bus-position")
    assert "Кара-Кульджа" in card and "(1401)" in card
    assert "На месте" in card and "bus-here" in card
    assert "HERE" in card and fmt_time(event.at) in card and "Aibek Crew" in card
    assert f"#{stop.id}" in card
    coordinator.get("/admin/lang/ky")
    card = _section(coordinator.get("/admin/").get_data(as_text=True), "bus-position")
    assert "Автобус кайда" in card and "Кара-Кулжа" in card and "Ордунда" in card
    coordinator.get("/admin/lang/en")
    card = _section(coordinator.get("/admin/").get_data(as_text=True), "bus-position")
    assert "Where the bus is" in card and "At the place" in card


def test_schedule_shows_the_actual_arrival(client_as, twilio, db, crew, frozen_clock):
    from tests.live.conftest import today, visit
    from tests.schedule.helpers import in_days

    frozen_clock("weekday_afternoon")  # 15:30: the crew is late for a 10:00 stop at any real hour
    stop = visit("1401", "10:00", "13:00", day=today())
    later = visit("1405", "10:00", "13:00", day=in_days(2))
    event = _here(twilio, db, stop)
    page = client_as("coordinator").get("/admin/schedule").get_data(as_text=True)
    actual = _section(page, f"actual-{stop.id}")
    assert "Факт" in actual and fmt_time(event.at) in actual
    late = round((event.at - stop.starts_at).total_seconds() / 60)
    assert late == 330 and f"опоздание {late} мин" in actual
    assert f'id="actual-{later.id}"' not in page  # no live data, and not called for it


def test_schedule_without_the_live_package(client_as, twilio, db, crew, monkeypatch):
    from hotline.admin import domains
    from tests.live.conftest import today, visit

    stop = visit("1401", "10:00", "13:00", day=today())
    _here(twilio, db, stop)
    real = domains.import_optional
    monkeypatch.setattr(domains, "import_optional",
                        lambda name: None if name.startswith("hotline.live") else real(name))
    coordinator = client_as("coordinator")
    schedule = coordinator.get("/admin/schedule")
    assert schedule.status_code == 200 and f'id="actual-{stop.id}"' not in schedule.get_data(as_text=True)
    page = coordinator.get("/admin/").get_data(as_text=True)
    assert "Этот раздел пока недоступен." in _section(page, "bus-position")


def test_notices_stopped_by_undo_are_not_failures(client_as, db, staff):
    from hotline.messaging.models import OutboundMessage

    db.session.add_all([
        OutboundMessage(to_phone="+996700111299", body="undone notice", purpose="live", status="failed",
                        error_code="undone", segments=1),
        OutboundMessage(to_phone="+996700111222", body="x", purpose="reminder", status="failed",
                        error_code="30003", segments=1),
    ])
    db.session.commit()
    coordinator = client_as("coordinator")
    failures = _section(coordinator.get("/admin/").get_data(as_text=True), "failed-messages")
    assert "30003" in failures and "+996***22" in failures
    assert "undone" not in failures and "+996***99" not in failures
    failed_filter = coordinator.get("/admin/messages?status=failed").get_data(as_text=True)
    assert "30003" in failed_filter and "+996***99" not in failed_filter
    everything = coordinator.get("/admin/messages").get_data(as_text=True)
    assert "+996***99" in everything  # still in the log, just not a failure
    assert PEOPLE["coordinator"][1] not in failures
