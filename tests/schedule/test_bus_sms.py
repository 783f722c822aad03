"""'When does the bus come?' by SMS, walked through the signed webhook as Twilio sends it."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from hotline.messaging.segments import count_segments
from hotline.residents.models import Resident
from hotline.schedule.models import BusQuery, Subscription
from tests.schedule.helpers import add_visit, in_days, load_places, place

PHONE = "+996700111222"


@pytest.fixture
def gulcho_soon(db):
    load_places()
    day = in_days(3)
    add_visit("1101", day)
    return f"{day:%d.%m}"


@pytest.mark.parametrize("body", ["BUS Gulcho", "Гүлчө", "gulch8", "avtobus gulcha", "bus 1101",
                                  "Bus  GULCHO!", "АВТОБУС гүлчө"])
def test_any_spelling_gets_the_next_visit_in_one_segment(twilio, gulcho_soon, body):
    reply = twilio.sms(PHONE, body).messages()
    assert reply == [f"Гүлчө: {gulcho_soon} 09:30-12:00, айыл өкмөтү. 1 - эскертүү"]
    assert count_segments(reply[0]) == 1


def test_russian_question_gets_a_russian_answer(twilio, gulcho_soon):
    # A first message in Russian Cyrillic is taken for Russian (residents.guess_language).
    assert twilio.sms(PHONE, "автобус Гульча").messages() == [
        f"Гульча: {gulcho_soon} 09:30-12:00, айыл өкмөтү. 1 - напомнить"]


@pytest.mark.parametrize("body, code, name", [("kara kuldja", "1401", "Кара-Кулжа"),
                                              ("8zg8n", "1701", "Өзгөн")])
def test_keypad_and_latin_spellings(twilio, db, body, code, name):
    load_places()
    day = in_days(2)
    add_visit(code, day, "14:00", "16:30", "мектеп")
    assert twilio.sms(PHONE, body).messages() == [f"{name}: {day:%d.%m} 14:00-16:30, мектеп. 1 - эскертүү"]


def test_answer_in_the_residents_language(twilio, gulcho_soon):
    twilio.sms(PHONE, "LANG RU")
    assert twilio.sms(PHONE, "bus gulcho").messages()[0].startswith(f"Гульча: {gulcho_soon} 09:30")
    twilio.sms(PHONE, "LANG UZ")
    assert twilio.sms(PHONE, "bus gulcho").messages()[0] == \
        f"Gulcho: {gulcho_soon} 09:30-12:00, ayil okmotu. 1 - eslatma"  # Latin: one GSM-7 segment


def test_bare_bus_remembers_the_village(twilio, db, gulcho_soon):
    first = twilio.sms(PHONE, "BUS").messages()
    assert first == ["Айылыңыздын атын же кодун жазыңыз."]
    assert twilio.sms(PHONE, "gulcho").messages()[0].startswith("Гүлчө:")
    db.session.commit()
    resident = db.session.scalar(select(Resident).where(Resident.phone == PHONE))
    assert resident.place_id == place("1101").id
    assert twilio.sms(PHONE, "АВТОБУС").messages()[0].startswith(f"Гүлчө: {gulcho_soon}")


def test_short_menu_one_asks_for_the_place(twilio, gulcho_soon):
    twilio.sms(PHONE, "hello")  # the short menu
    assert twilio.sms(PHONE, "1").messages() == ["Айылыңыздын атын же кодун жазыңыз."]
    assert twilio.sms(PHONE, "Gulcho").messages()[0].startswith("Гүлчө:")


def test_ambiguous_name_offers_a_numbered_choice(twilio, db):
    load_places()
    day = in_days(4)
    add_visit("5204", day, "10:00", "12:30", "клуб")
    reply = twilio.sms(PHONE, "BUS Kara-Suu").messages()
    assert reply == ["Кайсы айыл? 1 Кара-Суу (Кара-Суу), 2 Кара-Суу (Ат-Башы)"]
    assert twilio.sms(PHONE, "5").messages()[0].startswith("Мындай тандоо жок. Кайсы айыл? 1 Кара-Суу")
    assert twilio.sms(PHONE, "2").messages() == [f"Кара-Суу: {day:%d.%m} 10:00-12:30, клуб. 1 - эскертүү"]


def test_unknown_name_after_bus_says_not_found(twilio, gulcho_soon):
    assert twilio.sms(PHONE, "BUS Zzyzxqwv").messages() == [
        "Айыл табылган жок. Айылдын атын же кодун жазыңыз."]
    assert twilio.sms(PHONE, "gulcho").messages()[0].startswith("Гүлчө:")


def test_a_sentence_is_not_a_place(twilio, gulcho_soon):
    reply = twilio.sms(PHONE, "менин күйөөм мага акча бербей жатат").messages()[0]
    assert reply.startswith("1 - автобус качан келет")


def test_thanks_after_an_answer_is_not_a_village(twilio, gulcho_soon):
    twilio.sms(PHONE, "bus gulcho")
    assert twilio.sms(PHONE, "спасибо").messages()[0].startswith("1 - ")  # the short menu, not Сары-Бээ
    assert twilio.sms(PHONE, "BUS акча").messages()[0].startswith("Ак-Кыя")  # after BUS it is a guess


def test_another_digit_after_an_answer_answers_the_short_menu(twilio, gulcho_soon):
    from ivr_flows import engine

    twilio.sms(PHONE, "bus gulcho")
    reply = twilio.sms(PHONE, "2").messages()
    if engine.known("callbacks.start"):
        assert not reply[0].startswith("Макул")  # not a reminder: the lawyer flow answered
    else:
        assert reply[0].startswith("1 - ")


def test_no_visit_soon_names_the_nearest_without_a_guessed_km(twilio, db):
    load_places()
    add_visit("1502", in_days(40))  # Papan itself: too far ahead
    near, far = in_days(5), in_days(2)
    add_visit("1501", near, "09:30")  # Kara-Suu town, Papan's district (Papan has no coordinates)
    add_visit("5001", far, "14:00", "16:00")  # Naryn: hundreds of km away
    add_visit("1101", far, "09:00")  # Gulcho
    reply = twilio.sms(PHONE, "bus papan").messages()[0]
    # Papan has no coordinates: its district's centre ranks the places, but no "0 km" is said.
    assert reply.startswith(f"Папан: 30 күндө сапар жок. Жакын: Кара-Суу {near:%d.%m} 09:30; Гүлчө {far:%d.%m}")
    assert "Нарын" not in reply and count_segments(reply) <= 2


def test_nothing_planned_offers_a_reminder_when_planned(twilio, db):
    load_places()
    assert twilio.sms(PHONE, "bus gulcho").messages() == [
        "Гүлчө: сапар азырынча жок. 1 - пландалганда кабарлайбыз"]
    assert twilio.sms(PHONE, "1").messages() == ["Макул: сапар пландалганда SMS жиберебиз."]
    db.session.commit()
    assert db.session.scalar(select(Subscription.waiting)) is True


def test_one_after_an_answer_subscribes(twilio, db, gulcho_soon):
    twilio.sms(PHONE, "bus gulcho")
    assert twilio.sms(PHONE, "1").messages() == [
        "Макул: алдыңкы кечте жана сапар күнү эртең менен эскертебиз."]
    twilio.sms(PHONE, "bus gulcho")
    twilio.sms(PHONE, "1")  # twice: still one subscription
    db.session.commit()
    subs = db.session.scalars(select(Subscription)).all()
    assert [(s.place_id, s.waiting) for s in subs] == [(place("1101").id, False)]
    assert len(db.session.scalars(select(BusQuery)).all()) == 2


def test_retried_webhook_answers_once(twilio, db, gulcho_soon):
    first = twilio.sms(PHONE, "bus gulcho", sid="SM" + "a" * 32)
    twilio.sms(PHONE, "bus gulcho", sid="SM" + "a" * 32)
    assert first.messages()[0].startswith("Гүлчө:")
    db.session.commit()
    assert len(db.session.scalars(select(BusQuery)).all()) == 1
