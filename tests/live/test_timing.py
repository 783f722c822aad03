"""When notices go: NEXT 60-30 minutes ahead (released by the beat job), quiet hours, and the task on a real worker."""
from __future__ import annotations

from datetime import timedelta

import pytest

from tests.live.conftest import CREW, at, count_live, events, live_rows, release, subscriber, visit

A, B = "+996700000001", "+996555000002"


@pytest.fixture
def next_stop(crew, clock):
    stop = visit("1402", "13:00", "15:00")
    subscriber(A, "1402", lang="ky")
    return stop


def test_next_is_held_in_the_database_and_released_an_hour_ahead(twilio, next_stop, clock, worker, standin):
    clock.set(10, 0)
    assert twilio.sms(CREW, "NEXT 1402 13:00").messages() == [
        "Принято: следующая остановка Ак-Кыя, около 13:00. SMS в 12:00 получат: 1."]
    assert count_live() == 0
    assert release(at(11, 59)) == 0
    assert release(at(12, 0)) == 1
    assert [m.body for m in standin.wait_for_messages(1, to=A)] == ["Автобус жолдо: Ак-Кыя, болжол менен 13:00, айыл өкмөтү"]
    assert release(at(12, 1)) == 0 and count_live() == 1


def test_next_inside_the_hour_goes_at_once(twilio, next_stop, clock):
    clock.set(12, 45)
    assert twilio.sms(CREW, "КИЙИНКИ 1402 13:00").messages()[0].endswith("SMS получат: 1.")
    assert [m.body for m in live_rows()] == ["Автобус жолдо: Ак-Кыя, болжол менен 13:00, айыл өкмөтү"]


def test_a_corrected_next_replaces_the_waiting_one(twilio, next_stop, clock):
    clock.set(10, 0)
    twilio.sms(CREW, "NEXT 1402 13:00")
    clock.set(11, 0)
    twilio.sms(CREW, "NEXT 1402 13:30")
    assert release(at(12, 0)) == 0
    assert release(at(12, 30)) == 1
    assert [m.body for m in live_rows()] == ["Автобус жолдо: Ак-Кыя, болжол менен 13:30, айыл өкмөтү"]
    assert [e.notice_state for e in events()] == ["superseded", "sent"]


def test_undo_of_a_waiting_next_stops_it(twilio, next_stop, clock):
    clock.set(10, 0)
    twilio.sms(CREW, "NEXT 1402 13:00")
    clock.set(10, 3)
    assert twilio.sms(CREW, "UNDO").messages() == ["Отменено: NEXT Ак-Кыя. Остановлено SMS: 1, уже ушло: 0."]
    assert release(at(12, 0)) == 0 and count_live() == 0


def test_a_next_the_bus_beat_is_not_sent(twilio, next_stop, clock):
    clock.set(10, 0)
    twilio.sms(CREW, "NEXT 1402 13:00")
    clock.set(11, 30)
    assert twilio.sms(CREW, "HERE 1402").messages()[0].endswith("SMS получат: 1.")  # early: HERE is the news
    assert release(at(12, 0)) == 0
    assert [m.dedupe_key.split(":")[1] for m in live_rows()] == ["here"]


def test_at_night_a_notice_still_true_at_eight_waits_for_eight(twilio, crew, clock, worker, standin):
    visit("1401", "07:00", "12:00")
    subscriber(A, "1401")
    clock.set(7, 30)
    assert twilio.sms(CREW, "HERE 1401").messages() == [
        "Принято: Кара-Кульджа, автобус на месте с 07:30, до 12:00. SMS в 08:00 получат: 1."]
    assert count_live() == 0
    assert release(at(7, 59)) == 0
    assert release(at(8, 0)) == 1
    assert [m.body for m in standin.wait_for_messages(1, to=A)] == ["Автобус азыр: Кара-Кулжа, 12:00 чейин, айыл өкмөтү"]


def test_at_night_a_notice_no_longer_true_at_eight_is_dropped(twilio, crew, clock):
    visit("1401", "18:00", "21:00")
    visit("1402", "21:00", "23:00")
    subscriber(A, "1401")
    subscriber(B, "1402")
    clock.set(21, 30)
    assert twilio.sms(CREW, "HERE 1401 until 22:30").messages() == [
        "Принято: Кара-Кульджа, автобус на месте с 21:30, до 22:30. Ночь: жителям SMS не шлём."]
    clock.set(20, 30)
    assert twilio.sms(CREW, "NEXT 1402 22:00").messages()[0].endswith("Ночь: жителям SMS не шлём.")
    assert release(at(8, 0) + timedelta(days=1)) == 0
    assert count_live() == 0
    assert {e.notice_state for e in events()} == {"dropped"}


def test_a_held_notice_whose_beat_missed_the_morning_is_checked_again(twilio, crew, clock):
    visit("1401", "07:00", "09:00")
    subscriber(A, "1401")
    clock.set(7, 30)
    twilio.sms(CREW, "HERE 1401")  # held for 08:00
    assert release(at(9, 30)) == 0  # the beat was down until after the stop ended
    assert events()[0].notice_state == "dropped"


# The task on a real worker, by day and by night: tests/test_beat_at_fixed_moments.py.


def test_next_after_todays_visit_there_is_over_is_a_new_stop(twilio, crew, clock):
    morning = visit("1402", "08:00", "10:00")
    clock.set(12, 0)
    twilio.sms(CREW, "NEXT 1402 14:00")
    event = events()[0]
    assert event.created_visit and event.visit_id != morning.id


@pytest.mark.parametrize("undone", [False, True], ids=["left", "left-undone"])
def test_left_stops_a_held_here_and_undoing_it_brings_it_back(twilio, crew, clock, undone):
    visit("1401", "07:00", "12:00")
    subscriber(A, "1401")
    clock.set(7, 30)
    twilio.sms(CREW, "HERE 1401")  # held for 08:00
    clock.set(7, 50)
    twilio.sms(CREW, "LEFT 1401")
    if undone:  # a mistaken LEFT: the bus is still there
        clock.set(7, 55)
        twilio.sms(CREW, "UNDO")
    assert release(at(8, 0)) == int(undone) and count_live() == int(undone)
