"""An urgent SMS: detected anywhere, stored before the answer, answered neutrally."""
from __future__ import annotations

import pytest

from tests.alerts.conftest import (BACKUP, NARYN_WORKER, OSH_WORKER, RESIDENT, alerts, outbox_to)

NEUTRAL = {"Кабыл алынды, рахмат.", "Получено, спасибо.", "Qabul qilindi, rahmat."}


@pytest.mark.parametrize("body", ["SOS", "sos", "Помогите пожалуйста", "мага ЖАРДАМ керек", "yordam!",
                                  "please... sos.", "SОS"])  # the last with a Cyrillic О
def test_urgent_words_anywhere_raise_an_alert(twilio, db, roster, body):
    answer = twilio.sms(RESIDENT, body)
    assert answer.status == 200
    assert len(alerts(db)) == 1
    assert answer.messages() and answer.messages()[0] in NEUTRAL


@pytest.mark.parametrize("body", ["SOSNA", "помогитесь", "BUS Gulcha", "hello"])
def test_other_words_raise_nothing(twilio, db, roster, body):
    twilio.sms(RESIDENT, body)
    assert alerts(db) == []


def test_reply_is_neutral_and_never_echoes_the_code_word(twilio, db, roster, settings):
    settings(alert_keywords=("blue teapot",))
    answer = twilio.sms(RESIDENT, "do you sell a Blue Teapot?")
    assert len(alerts(db)) == 1
    reply = answer.messages()[0]
    assert reply in NEUTRAL
    for word in ("teapot", "SOS", "alert", "hotline", "насили", "зомбулу", "urgent", "срочн"):
        assert word.lower() not in reply.lower()


def test_reply_none_sends_nothing_back(twilio, db, roster, settings):
    settings(alert_reply="none")
    answer = twilio.sms(RESIDENT, "SOS")
    assert answer.messages() == []
    assert len(alerts(db)) == 1


def test_first_notice_is_queued_for_every_on_duty_worker_when_the_place_is_unknown(twilio, db, roster):
    twilio.sms(RESIDENT, "SOS")
    alert = alerts(db)[0]
    for phone in (OSH_WORKER, NARYN_WORKER):
        [message] = outbox_to(db, phone, "alert")
        assert message.queue == "urgent"
        # Staff read Russian unless they chose otherwise (Staff.language).
        assert message.body.startswith(f"СРОЧНО A{alert.id} ")
        assert "место неизвестно" in message.body and message.body.endswith(f"Ответ: ACK {alert.id}")
        assert RESIDENT not in message.body and "+996***22" in message.body
    assert outbox_to(db, BACKUP) == []
    assert alert.next_escalation_at is not None
    kinds = [e.kind for e in alert.events]
    assert kinds == ["created", "notified", "notified"]


def test_the_same_phone_again_adds_to_the_open_alert(twilio, db, roster):
    twilio.sms(RESIDENT, "SOS")
    twilio.sms(RESIDENT, "помогите")
    [alert] = alerts(db)
    assert alert.signals == 2
    assert [e.kind for e in alert.events].count("signal") == 1
    assert len(outbox_to(db, OSH_WORKER, "alert")) == 1  # no duplicate notice


def test_nine_answers_the_short_menu_with_an_alert(twilio, db, roster):
    twilio.sms(RESIDENT, "hello")
    answer = twilio.sms(RESIDENT, "9")
    assert len(alerts(db)) == 1
    assert answer.messages()[0] in NEUTRAL


def test_a_retried_urgent_webhook_raises_one_alert(twilio, db, roster):
    twilio.sms(RESIDENT, "SOS", sid="SM" + "5" * 32)
    twilio.sms(RESIDENT, "SOS", sid="SM" + "5" * 32)
    [alert] = alerts(db)
    assert alert.signals == 1


def test_place_known_notifies_the_workers_covering_it_first(twilio, db, roster):
    models = pytest.importorskip("hotline.schedule.models")
    from hotline.residents.service import get_or_create

    place = models.Place(code="4170", name_ky="Гүлчө", name_ru="Гульча", name_latin="Gulcha",
                         oblast="osh", district="Alai")
    db.session.add(place)
    db.session.flush()
    get_or_create(RESIDENT).place_id = place.id
    db.session.commit()
    twilio.sms(RESIDENT, "SOS")
    [message] = outbox_to(db, OSH_WORKER, "alert")
    assert " Gulcha " in message.body
    assert outbox_to(db, NARYN_WORKER) == []
