"""Reminders and change notices through the outbox and a real worker, checked at the Twilio stand-in."""
from __future__ import annotations

from datetime import datetime, time, timedelta

import pytest
from sqlalchemy import func, select

from hotline.core.clock import local_to_utc, now_local
from hotline.extensions import db as database
from hotline.messaging import outbox
from hotline.messaging.models import OutboundMessage
from hotline.residents import service as residents
from hotline.schedule import reminders, service
from hotline.schedule.models import BusQuery
from tests.schedule.helpers import add_visit, in_days, load_places, place

A, B, C, D = "+996700000001", "+996555000002", "+996770000003", "+996990000004"


def at(day, hh, mm=0):
    return local_to_utc(datetime.combine(day, time(hh, mm)))


def subscriber(phone, code="1101", lang="ky"):
    resident = residents.get_or_create(phone)
    residents.set_language(resident, lang)
    service.subscribe(resident, place(code).id)
    database.session.commit()
    return resident


def run(now):
    database.session.commit()  # a fresh snapshot: the worker and webhooks wrote meanwhile
    counts = reminders.tick(now)
    outbox.commit()
    return counts


def bulk_count(purpose):
    database.session.commit()
    return database.session.scalar(select(func.count(OutboundMessage.id))
                                   .where(OutboundMessage.purpose == purpose))


@pytest.fixture
def visit(db):
    load_places()
    return add_visit("1101", in_days(3))


def test_evening_before_and_morning_of_in_their_language(visit, worker, standin):
    day = in_days(3)
    subscriber(A, lang="ky")
    subscriber(B, lang="ru")
    assert run(at(day, 17, 59))["reminders"] == 0  # the evening before, not yet 18:00
    assert run(at(day - timedelta(days=1), 18, 0))["reminders"] == 2
    assert [m.body for m in standin.wait_for_messages(1, to=A)] == [
        f"Эртең автобус: Гүлчө, {day:%d.%m} 09:30-12:00, айыл өкмөтү"]
    assert [m.body for m in standin.wait_for_messages(1, to=B)] == [
        f"Завтра автобус: Гульча, {day:%d.%m} 09:30-12:00, айыл өкмөтү"]
    assert run(at(day - timedelta(days=1), 18, 1))["reminders"] == 0  # beat again: no second copy
    assert run(at(day, 8, 0))["reminders"] == 2
    standin.wait_for_messages(2, to=A)
    assert standin.messages(to=A)[1].body == "Бүгүн автобус: Гүлчө, 09:30-12:00, айыл өкмөтү"
    assert run(at(day, 9, 0))["reminders"] == 0
    assert bulk_count("reminder") == 4
    assert {m.queue for m in database.session.scalars(select(OutboundMessage))} == {"bulk"}


@pytest.mark.parametrize("hh, mm", [(21, 0), (23, 30), (3, 0), (7, 59)])
def test_no_reminder_at_night(visit, hh, mm):
    subscriber(A)
    day = in_days(3) - timedelta(days=1 if hh >= 21 else 0)
    assert run(at(day, hh, mm)) == {"purged": 0}
    assert bulk_count("reminder") == 0


def test_opted_out_subscriber_gets_nothing(visit, twilio):
    subscriber(A)
    twilio.sms(A, "STOP")
    assert run(at(in_days(2), 19, 0))["reminders"] == 0
    twilio.sms(A, "START")
    assert run(at(in_days(2), 19, 5))["reminders"] == 1


def test_change_reaches_subscribers_and_recent_askers_once(visit, twilio, worker, standin):
    subscriber(A)
    twilio.sms(B, "bus gulcho")  # asked today
    twilio.sms(D, "bus sary-tash")  # another place: not told
    old = residents.get_or_create(C)
    database.session.add(BusQuery(resident_id=old.id, place_id=place("1101").id,
                                  asked_at=now_local() - timedelta(days=15)))
    database.session.commit()
    service.change_visit(visit.id, "cancelled")
    database.session.commit()
    now = at(now_local().date(), 12, 0)
    assert run(now)["changes"] == 2
    standin.wait_for_messages(2)
    assert {m.to for m in standin.messages()} == {A, B}
    assert standin.messages(to=A)[0].body == f"Сапар жокко чыгарылды: Гүлчө, {in_days(3):%d.%m}. Кечиресиз."
    assert run(now + timedelta(minutes=1))["changes"] == 0
    assert bulk_count("visit_change") == 2


def test_change_at_night_waits_for_the_morning_and_sends_the_latest(visit, twilio):
    subscriber(A)
    service.change_visit(visit.id, "delayed", delay_minutes=30)
    service.change_visit(visit.id, "moved", starts_at=at(in_days(4), 10), ends_at=at(in_days(4), 12))
    database.session.commit()
    today = now_local().date()
    assert run(at(today, 22, 0)).get("changes") is None and bulk_count("visit_change") == 0
    assert run(at(today + timedelta(days=1), 8, 0))["changes"] == 1
    database.session.commit()
    body = database.session.scalar(select(OutboundMessage.body))
    assert body == f"Сапар жылдырылды: Гүлчө, {in_days(3):%d.%m} ордуна {in_days(4):%d.%m} 10:00-12:00, айыл өкмөтү"


def test_delay_moves_the_window_and_the_reminder_follows(visit):
    subscriber(A)
    service.change_visit(visit.id, "delayed", delay_minutes=45)
    database.session.commit()
    run(at(in_days(2), 18, 30))
    bodies = set(database.session.scalars(select(OutboundMessage.body)))
    assert bodies == {f"Автобус кечигет: Гүлчө, {in_days(3):%d.%m} 10:15-12:45, айыл өкмөтү",
                      f"Эртең автобус: Гүлчө, {in_days(3):%d.%m} 10:15-12:45, айыл өкмөтү"}


def test_cancelled_visit_gets_no_reminder(visit):
    subscriber(A)
    service.change_visit(visit.id, "cancelled")
    database.session.commit()
    assert run(at(in_days(2), 18, 30))["reminders"] == 0


def test_an_unplanned_stop_made_by_the_crew_gets_no_reminder(visit):
    subscriber(A)
    visit.status = "unplanned"  # as hotline.live makes them: its own notices tell people
    database.session.commit()
    assert run(at(in_days(2), 18, 30))["reminders"] == 0
    assert run(at(in_days(3), 8, 5))["reminders"] == 0


def test_subscribed_when_nothing_planned_hears_when_it_is(db, twilio):
    load_places()
    twilio.sms(A, "bus gulcho")
    twilio.sms(A, "1")
    assert run(at(now_local().date(), 12))["planned"] == 0
    add_visit("1101", in_days(10), "14:00", "16:30", "мектеп")
    assert run(at(now_local().date(), 12, 1))["planned"] == 1
    assert run(at(now_local().date(), 12, 2))["planned"] == 0
    database.session.commit()
    assert database.session.scalar(select(OutboundMessage.body).where(
        OutboundMessage.purpose == "visit_planned")) == \
        f"Автобус пландалды: Гүлчө, {in_days(10):%d.%m} 14:00-16:30, мектеп"


def test_change_service_rejects_bad_input(visit):
    with pytest.raises(ValueError):
        service.change_visit(visit.id, "exploded")
    with pytest.raises(ValueError):
        service.change_visit(visit.id, "delayed")
    with pytest.raises(LookupError):
        service.change_visit(999999, "cancelled")


# The real job on a real worker, by day and by night: tests/test_beat_at_fixed_moments.py.
