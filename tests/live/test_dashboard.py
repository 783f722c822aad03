"""What the admin dashboard reads: where the bus is, and planned vs actual times of a visit."""
from __future__ import annotations

from datetime import timedelta

from hotline.live import service
from tests.live.conftest import CREW, at, visit


def test_current_position_follows_the_last_command_not_undone(twilio, crew, clock):
    stop = visit("1401", "10:00", "13:00")
    assert service.current_position(at(10, 0)) is None
    clock.set(10, 12)
    twilio.sms(CREW, "HERE 1401 until 12:30")
    position = service.current_position(at(10, 15))
    assert position["state"] == "here" and position["kind"] == "here"
    assert (position["place_code"], position["visit_id"], position["staff_name"]) == ("1401", stop.id, "Aibek")
    assert position["at"] == at(10, 12) and position["stays_until"] == at(12, 30)
    assert position["unplanned"] is False
    clock.set(10, 20)
    twilio.sms(CREW, "NEXT 1402 13:30")  # an unplanned next stop, made on the fly
    position = service.current_position(at(10, 21))
    assert (position["state"], position["place_code"], position["unplanned"]) == ("on_the_way", "1402", True)
    twilio.sms(CREW, "UNDO")
    assert service.current_position(at(10, 22))["place_code"] == "1401"
    assert service.current_position(at(12, 31))["state"] == "stale"


def test_visit_actuals_planned_against_actual(twilio, crew, clock):
    stop = visit("1401", "10:00", "13:00")
    clock.set(9, 30)
    twilio.sms(CREW, "LATE 1401 20")
    clock.set(10, 25)
    twilio.sms(CREW, "HERE 1401")
    clock.set(10, 26)
    twilio.sms(CREW, "HERE 1405")  # wrong place...
    twilio.sms(CREW, "UNDO")  # ...undone
    clock.set(13, 10)
    twilio.sms(CREW, "LEFT 1401")
    actuals = service.visit_actuals(stop.id)
    assert actuals["planned_start"] == at(10, 0) and actuals["planned_end"] == at(13, 0)
    assert actuals["expected_start"] == at(10, 20)
    assert actuals["arrived_at"] == at(10, 25) and actuals["left_at"] == at(13, 10)
    assert actuals["late_minutes"] == 25 and actuals["unplanned"] is False
    assert [e["kind"] for e in actuals["events"]] == ["late", "here", "left"]
    assert service.visit_actuals(stop.id + 999) is None
    assert at(13, 10) - actuals["arrived_at"] == timedelta(hours=2, minutes=45)
