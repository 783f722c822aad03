"""Crew commands as Twilio sends them (signed webhooks), notices through a real worker to the Twilio stand-in."""
from __future__ import annotations

from datetime import timedelta

import pytest

from hotline.extensions import db as database
from hotline.messaging import outbox
from hotline.messaging.segments import count_segments
from hotline.schedule.models import Visit
from hotline.staff import service as staff_service
from tests.live.conftest import CREW, count_live, events, live_rows, subscriber, visit
from tests.schedule.helpers import place

A, B, C, D, E, F, G = ("+996700000001", "+996555000002", "+996770000003", "+996990000004",
                       "+996700000005", "+996700000006", "+996880000007")


@pytest.fixture
def around(crew, clock):
    """A stop at Kara-Kulja 10:00-13:00 today and residents around it."""
    stop = visit("1401", "10:00", "13:00")
    visit("1404", "15:00", "17:00")  # Birinchi May gets the bus itself this afternoon
    subscriber(A, "1401", lang="ky")  # the place itself
    subscriber(B, "1412", lang="ru")  # Kara-Kochkor, 8.6 km
    subscriber(C, "1409", lang="ky")  # Jiide, 17.6 km: too far
    subscriber(D, "1404", lang="ky")  # Birinchi May, 7.4 km, but its own visit is sooner
    subscriber(E, "1401", "1405", lang="ky")  # two places around: one SMS
    subscriber(F, "1401", opted_out=True)  # STOP
    subscriber(G, "1419", lang="uz")  # Ylai-Talaa, 4.7 km
    clock.set(10, 5)
    return stop


def test_here_tells_the_place_and_around_once_each(twilio, around, worker, standin):
    reply = twilio.sms(CREW, "HERE Kara-Kulja").messages()
    assert reply == ["Принято: Кара-Кульджа, автобус на месте с 10:05, до 13:00. SMS получат: 4."]
    assert [m.body for m in standin.wait_for_messages(1, to=A)] == ["Автобус азыр: Кара-Кулжа, 13:00 чейин, айыл өкмөтү"]
    assert [m.body for m in standin.wait_for_messages(1, to=B)] == [
        "Автобус сейчас: Кара-Кульджа, до 13:00, айыл өкмөтү, 9 км от вас"]
    assert [m.body for m in standin.wait_for_messages(1, to=E)] == ["Автобус азыр: Кара-Кулжа, 13:00 чейин, айыл өкмөтү"]
    assert [m.body for m in standin.wait_for_messages(1, to=G)] == [
        "Avtobus hozir: Kara-Kulja, 13:00 gacha, ayil okmotu, sizdan 5 km"]
    assert all(count_segments(m.body) == 1 for m in standin.messages())
    assert standin.messages(to=C) == standin.messages(to=D) == standin.messages(to=F) == []
    # The same news again (a crew member who got no confirmation resends): nobody hears it twice.
    assert twilio.sms(CREW, "ЗДЕСЬ 1401").messages() == [
        "Принято: Кара-Кульджа, автобус на месте с 10:05, до 13:00. SMS получат: 0."]
    assert count_live() == 4
    event = events()[0]
    assert (event.kind, event.visit_id, event.created_visit) == ("here", around.id, False)


def test_a_retried_webhook_records_once(twilio, around):
    first = twilio.sms(CREW, "HERE 1401", sid="SM" + "a" * 32).messages()
    again = twilio.sms(CREW, "HERE 1401", sid="SM" + "a" * 32)
    assert again.status == 200 and again.messages() in ([], first)
    assert len(events()) == 1 and count_live() == 4


def test_the_radius_is_a_setting(twilio, around, monkeypatch):
    monkeypatch.setenv("HOTLINE_LIVE_RADIUS_KM", "5")  # Ylai-Talaa (4.7) stays in, Kara-Kochkor (8.6) drops out
    assert twilio.sms(CREW, "HERE 1401").messages()[0].endswith("SMS получат: 3.")
    assert {m.to_phone for m in live_rows()} == {A, E, G}


@pytest.mark.parametrize("phone_kind", ["unknown", "inactive"])
def test_an_unregistered_phone_changes_nothing_and_learns_nothing(twilio, around, phone_kind):
    phone = "+996700999999"
    if phone_kind == "inactive":
        staff_service.add_staff("Former", phone, "lawyer").active = False
        database.session.commit()
    reply = twilio.sms(phone, "HERE 1401 until 13:00").text
    # The resident's answer to the same words from any other resident phone.
    assert reply == twilio.sms("+996700888888", "HERE 1401 until 13:00").text
    assert "Принято" not in reply and "SMS" not in reply
    for word in ("UNDO", "LEFT 1401", "LATE 1401 30", "NEXT 1402 14:00"):
        assert "Принято" not in twilio.sms(phone, word).text
    assert events() == [] and count_live() == 0


def test_any_role_may_send_and_the_answer_is_in_their_language(twilio, around):
    lawyer = staff_service.add_staff("Lawyer", "+996777000111", "lawyer")
    lawyer.language = "ky"
    database.session.commit()
    assert twilio.sms("+996777000111", "мында кара-кулжа").messages() == [
        "Кабыл алынды: автобус Кара-Кулжа, 10:05, 13:00 чейин. SMS алат: 4 киши."]


def test_undo_stops_the_notices_not_yet_sent(twilio, around, worker, standin, monkeypatch, clock):
    # The broker is slow to take them (a backlog, a Redis hiccup): the rows wait in the outbox.
    # Its own patch context: undoing all of monkeypatch would undo the clock too, and the
    # rest of the test would run at the real time of day (after 17:00 D's own visit is over).
    with monkeypatch.context() as broker:
        broker.setattr(outbox, "_send_task", lambda *args, **kwargs: False)
        assert twilio.sms(CREW, "HERE 1401").messages()[0].endswith("SMS получат: 4.")
        assert {m.status for m in live_rows()} == {"queued"}
        clock.advance(minutes=9)
        assert twilio.sms(CREW, "UNDO").messages() == ["Отменено: HERE Кара-Кульджа. Остановлено SMS: 4, уже ушло: 0."]
        rows = live_rows()
        assert {(m.status, m.error_code) for m in rows} == {("failed", "undone")}
    database.session.commit()
    assert outbox.sweep(stale_after=timedelta(0)) == 0  # nothing left to send
    assert events()[0].undone_at is not None
    # The real HERE later still reaches everyone (the undone rows do not block it).
    clock.advance(minutes=1)
    assert twilio.sms(CREW, "HERE 1401").messages()[0].endswith("SMS получат: 4.")
    standin.wait_for_messages(4)


def test_undo_only_within_ten_minutes_and_only_ones_own(twilio, around, clock):
    staff_service.add_staff("Other", "+996555765432", "coordinator")
    database.session.commit()
    twilio.sms(CREW, "HERE 1401")
    assert twilio.sms("+996555765432", "UNDO").messages() == [
        "Нечего отменять: отменить можно только в течение 10 минут."]
    clock.advance(minutes=10, seconds=1)
    assert twilio.sms(CREW, "ОТМЕНИТЬ").messages() == [
        "Нечего отменять: отменить можно только в течение 10 минут."]
    assert events()[0].undone_at is None


def test_late_tells_those_waiting_for_that_stop_the_new_time(twilio, crew, clock, worker, standin):
    stop = visit("1401", "12:00", "15:00")
    subscriber(A, "1401", lang="ky")
    subscriber(B, "1412", lang="ru")  # around, but LATE is for those of the stop
    clock.set(11, 0)
    assert twilio.sms(CREW, "LATE 1401 40").messages() == [
        "Принято: Кара-Кульджа, опоздание 40 мин, ожидаем в 12:40. SMS получат: 1."]
    assert [m.body for m in standin.wait_for_messages(1, to=A)] == ["Автобус кечигет: Кара-Кулжа, болжол менен 12:40 келет"]
    assert twilio.sms(CREW, "КЕЧИГЕБИЗ 1401 40").messages()[0].endswith("SMS получат: 0.")  # the same news
    assert twilio.sms(CREW, "LATE 1401 60").messages()[0].endswith("ожидаем в 13:00. SMS получат: 1.")
    assert [m.body for m in standin.wait_for_messages(2, to=A)][1] == "Автобус кечигет: Кара-Кулжа, болжол менен 13:00 келет"
    assert standin.messages(to=B) == []
    assert database.session.get(Visit, stop.id).status == "planned"  # the plan stays; actuals are the live record


def test_a_place_name_two_villages_share_asks_for_the_code(twilio, crew):
    assert twilio.sms(CREW, "HERE Kara-Suu").messages() == [
        "Какое село? 1501 Кара-Суу (Кара-Суу), 5204 Кара-Суу (Ат-Башы). Повторите с кодом."]
    assert twilio.sms(CREW, "HERE Qwertyuiop").messages() == ["Село не найдено: Qwertyuiop. Напишите код села."]
    assert twilio.sms(CREW, "HERE").messages() == ["Формат: HERE 1101 until 13:00"]
    assert events() == []


def test_an_unplanned_stop_is_made_on_the_fly_and_undo_cancels_it(twilio, crew, clock):
    subscriber(A, "1403")
    assert twilio.sms(CREW, "HERE 1403 until 12:30").messages() == [
        "Принято: Алтын-Кюрек, автобус на месте с 10:00, до 12:30. SMS получат: 1."]
    event = events()[0]
    assert event.created_visit and event.visit.place_id == place("1403").id
    assert (event.visit.status, event.visit.meeting_point) == ("unplanned", "")
    assert live_rows()[0].body == "Автобус азыр: Алтын-Күрөк, 12:30 чейин"
    twilio.sms(CREW, "UNDO")
    database.session.commit()
    assert database.session.get(Visit, event.visit_id).status == "cancelled"


def test_left_records_the_departure_and_tells_nobody(twilio, around, clock):
    twilio.sms(CREW, "HERE 1401")
    clock.set(12, 50)
    assert twilio.sms(CREW, "LEFT").messages() == ["Принято: Кара-Кульджа, отъезд в 12:50. Жителям SMS нет."]
    assert twilio.sms(CREW, "LEFT").messages() == ["Сейчас остановки нет. Формат: LEFT <код>"]
    assert twilio.sms(CREW, "УЕХАЛИ 1405").messages() == ["Сегодня здесь нет остановки: Бий-Мырза."]
    assert [e.kind for e in events()] == ["here", "left"]
    assert count_live() == 4


def test_a_time_already_past_is_refused(twilio, crew, clock):
    clock.set(15, 0)
    assert twilio.sms(CREW, "NEXT 1402 14:00").messages() == [
        "Время 14:00 уже прошло. Формат: NEXT 1101 14:30"]
    assert events() == []


def test_undo_of_a_mistaken_left_sends_the_here_notices_it_stopped(twilio, around, worker, standin, monkeypatch,
                                                                   clock):
    publish = outbox._send_task
    monkeypatch.setattr(outbox, "_send_task", lambda *args, **kwargs: False)  # the rows wait in the outbox
    twilio.sms(CREW, "HERE 1401")
    clock.advance(minutes=5)
    assert twilio.sms(CREW, "LEFT 1401").messages()[0].startswith("Принято: Кара-Кульджа, отъезд")
    assert {(m.status, m.error_code) for m in live_rows()} == {("failed", "left")}
    monkeypatch.setattr(outbox, "_send_task", publish)  # (monkeypatch.undo() would undo the clock too)
    clock.advance(minutes=1)
    assert twilio.sms(CREW, "UNDO").messages()[0].startswith("Отменено: LEFT")
    standin.wait_for_messages(4)
    sent = standin.assert_no_more_messages(4, quiet=1)  # no fifth (a duplicate)
    assert sorted(m.to for m in sent) == sorted({m.to_phone for m in live_rows()})
