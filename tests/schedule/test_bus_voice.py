"""'When does the bus come?' by phone: language, 1, the village code and #, the answer spoken."""
from __future__ import annotations

from sqlalchemy import select

from hotline.messaging.models import OutboundMessage
from hotline.schedule.models import Subscription
from tests.schedule.helpers import add_visit, in_days, load_places, place

PHONE = "+996555123456"
MONTHS = ("января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа", "сентября",
          "октября", "ноября", "декабря")


def _to_code_prompt(call, lang_digit="2"):
    c = call(PHONE)
    c.start()
    c.press(lang_digit)  # 2: Russian
    answer = c.press("1")  # main menu: when the bus comes
    gather = answer.gather()
    assert gather is not None and gather.get("finishOnKey") == "#"
    return c, answer


def test_code_then_hash_speaks_the_answer_and_sends_it_by_sms(call, db, worker, standin, eventually):
    load_places()
    day = in_days(3)
    add_visit("1101", day)
    c, prompt = _to_code_prompt(call)
    assert "Введите код вашего населённого пункта" in prompt.text
    answer = c.press("1101")
    # Speakable: "12 июня", not "12.06" (CONTRACT.md: voice says dates in words).
    assert f"Гульча. Автобус будет {day.day} {MONTHS[day.month - 1]}, с 9:30 до 12:00. Место встречи: айыл өкмөтү." in answer.text
    assert "по SMS, нажмите 1" in answer.text
    sent = c.press("1")
    assert "SMS отправлено" in sent.text
    db.session.commit()
    sms = db.session.scalars(select(OutboundMessage).where(OutboundMessage.kind == "sms")).all()
    assert [(m.to_phone, m.body, m.purpose) for m in sms] == [
        (PHONE, f"Гульча: {day:%d.%m} 09:30-12:00, айыл өкмөтү. 1 - напомнить", "reply")]
    assert standin.wait_for_messages(1, to=PHONE, timeout=15)[0].body == sms[0].body

    def sent():
        db.session.commit()
        return db.session.get(OutboundMessage, sms[0].id).status == "sent"
    eventually(sent, timeout=10)  # the worker is done writing before the caller presses on
    subscribed = c.press("2")
    assert "Напоминания включены" in subscribed.text and "Hangup" in subscribed.verbs()
    db.session.commit()
    assert db.session.scalar(select(Subscription.place_id)) == place("1101").id


def test_kyrgyz_caller_hears_the_russian_fallback_of_a_missing_recording(call, db):
    load_places()
    add_visit("5001", in_days(2), "10:00", "12:00", "клуб")
    c, _ = _to_code_prompt(call, lang_digit="1")
    answer = c.press("5001")
    assert "Нарын" in answer.text and "10:00" in answer.text  # never silence


def test_retried_step_sends_the_sms_once(call, db, twilio):
    load_places()
    add_visit("1101", in_days(3))
    c, _ = _to_code_prompt(call)
    c.press("1101")
    url = c.next_url()
    c.press("1")
    twilio.post(url, dict(c.params, Digits="1"))  # Twilio retries the same step
    db.session.commit()
    assert len(db.session.scalars(select(OutboundMessage).where(OutboundMessage.kind == "sms")).all()) == 1


def test_wrong_code_three_times_says_goodbye(call, db):
    load_places()
    c, _ = _to_code_prompt(call)
    first = c.press("9999")
    assert "Такой код не найден" in first.text and first.gather() is not None
    c.press("")
    last = c.press("12")
    assert "Спасибо за звонок" in last.text and "Hangup" in last.verbs()


def test_nothing_planned_is_said_and_a_reminder_offered(call, db):
    load_places()
    c, _ = _to_code_prompt(call)
    answer = c.press("1101")
    assert "Гульча. Поездки пока не запланированы." in answer.text
    assert "Напоминания включены" in c.press("2").text
    db.session.commit()
    assert db.session.scalar(select(Subscription.waiting)) is True
