"""The callback dialogue by SMS, as Twilio posts it: keyword, topic, time, village, confirmation."""
from __future__ import annotations

import pytest

from tests.callbacks.helpers import (LAWYER_OSH, RESIDENT, add_lawyers, add_place, open_request,
                                     outbox_to, requests_of)


def test_lawyer_keyword_walks_topic_time_village_and_confirms(db, twilio):
    add_lawyers()
    place_id = add_place()
    answer = twilio.sms(RESIDENT, "юрист")
    assert "1 семья" in answer.text and "5 другое" in answer.text
    assert "1 утром" in twilio.sms(RESIDENT, "2").text
    asked = twilio.sms(RESIDENT, "3").text
    assert "села" in asked
    done = twilio.sms(RESIDENT, "Gulcha" if place_id else "0").text
    request = open_request()
    assert request.reference in done and "2 рабочих дней" in done
    assert "имущество" not in done.lower() and "земл" not in done  # the confirmation names no topic
    assert (request.topic, request.safe_time, request.channel) == ("property", "evening", "sms")
    if place_id:
        assert request.place_id == place_id and request.oblast == "osh"
        assert request.lawyer_id is not None and request.status == "assigned"
        assert request.reference in outbox_to(LAWYER_OSH)[0].body


@pytest.mark.parametrize("word", ["LAWYER", "Yurist", "advokat", "ЮРИСТ"])
def test_every_keyword_starts_the_dialogue(db, twilio, word):
    assert "1" in twilio.sms(RESIDENT, word).text and "5" in twilio.sms(RESIDENT, word).text


def test_two_at_the_short_menu_starts_the_dialogue(db, twilio):
    assert "2 - юрист чалсын" in twilio.sms(RESIDENT, "HELP").text  # a new number: Kyrgyz
    assert "5 башка" in twilio.sms(RESIDENT, "2").text  # the topic question, from "2" alone


def test_remembered_village_is_not_asked_again(db, twilio):
    place_id = add_place()
    if place_id is None:
        pytest.skip("hotline.schedule has no Place yet")
    from hotline.residents.service import get_or_create

    get_or_create(RESIDENT).place_id = place_id
    db.session.commit()
    twilio.sms(RESIDENT, "LAWYER")
    twilio.sms(RESIDENT, "1")
    confirmed = twilio.sms(RESIDENT, "4").text
    assert "K-" in confirmed and open_request().place_id == place_id


def test_unknown_village_is_asked_once_more_then_kept_as_typed(db, twilio):
    for text in ("ЮРИСТ", "1", "1"):
        twilio.sms(RESIDENT, text)
    assert "не найдено" in twilio.sms(RESIDENT, "Zzyzx Qwv").text
    assert "K-" in twilio.sms(RESIDENT, "Zzyzx Qwv").text
    assert open_request().place_text == "Zzyzx Qwv"


def test_asking_twice_updates_the_one_open_request(db, twilio):
    for text in ("ЮРИСТ", "1", "1", "0"):
        twilio.sms(RESIDENT, text)
    for text in ("ЮРИСТ", "4", "3", "0"):
        last = twilio.sms(RESIDENT, text)
    requests = requests_of()
    assert len(requests) == 1
    assert (requests[0].topic, requests[0].safe_time) == ("work", "evening")
    assert requests[0].reference in last.text


def test_the_database_refuses_a_second_open_request(db):
    from sqlalchemy.exc import IntegrityError

    from hotline.callbacks.models import CallbackRequest

    for _ in range(2):
        db.session.add(CallbackRequest(phone=RESIDENT, open_key=RESIDENT, channel="sms", language="ru"))
    with pytest.raises(IntegrityError):
        db.session.flush()
    db.session.rollback()


def test_cancel_withdraws_the_open_request(db, twilio):
    add_lawyers()
    for text in ("ЮРИСТ", "1", "1", "0"):
        twilio.sms(RESIDENT, text)
    request = open_request()
    reply = twilio.sms(RESIDENT, f"отмена {request.reference}").text
    assert request.reference in reply and "отменена" in reply
    assert open_request() is None and requests_of()[0].status == "withdrawn"
    assert "отменена" in outbox_to(LAWYER_OSH)[-1].body  # the lawyer it was given to is told
    assert "нет открытой" in twilio.sms(RESIDENT, "OTMENA").text


@pytest.mark.parametrize("word", ["ЖОККО", "jokko", "BEKOR", "Отмена"])
def test_every_cancel_word_withdraws(db, twilio, word):
    for text in ("ЮРИСТ", "5", "4", "0"):
        twilio.sms(RESIDENT, text)
    twilio.sms(RESIDENT, word)
    assert open_request() is None


def test_cancel_with_another_reference_changes_nothing(db, twilio):
    for text in ("ЮРИСТ", "5", "4", "0"):
        twilio.sms(RESIDENT, text)
    twilio.sms(RESIDENT, "OTMENA K-999999")
    assert open_request() is not None


def test_cancel_is_an_opt_out_word_not_a_withdrawal(db, twilio):
    for text in ("ЮРИСТ", "5", "4", "0"):
        twilio.sms(RESIDENT, text)
    twilio.sms(RESIDENT, "CANCEL")
    assert open_request() is not None


def test_nine_in_the_callback_menus_is_urgent_when_alerts_are_there(db, twilio):
    from ivr_flows import engine

    twilio.sms(RESIDENT, "ЮРИСТ")
    answer = twilio.sms(RESIDENT, "9")
    if "urgent" in engine.NODES:
        assert "1 утром" not in answer.text
    assert requests_of() == []


def test_a_dialogue_left_at_the_village_is_not_assigned_until_it_settles(db, twilio):
    from datetime import datetime, timezone

    from hotline.callbacks import queue

    add_lawyers()
    for text in ("ЮРИСТ", "1", "1"):  # topic and time given; the village is being asked
        twilio.sms(RESIDENT, text)
    assert queue.auto_assign(datetime.now(timezone.utc)) == 0
    assert open_request().status == "new"


def test_a_dialogue_left_half_way_sends_its_reference_once(db, twilio):
    from datetime import datetime, timezone

    from hotline.callbacks import queue

    for text in ("ЮРИСТ", "1"):  # stops after the topic
        twilio.sms(RESIDENT, text)
    request = open_request()
    now = datetime.now(timezone.utc)
    assert queue.tell_left_halfway(now) == 0  # still answering, perhaps
    assert queue.tell_left_halfway(now + queue.SETTLE_AFTER) == 1
    assert queue.tell_left_halfway(now + 2 * queue.SETTLE_AFTER) == 0
    sent = outbox_to(RESIDENT)
    assert len(sent) == 1 and sent[0].purpose == "callback"
    assert f"ОТМЕНА {request.reference}" in sent[0].body  # Russian, the resident's language


def test_a_dialogue_that_ended_gets_no_second_reference(db, twilio):
    from datetime import datetime, timezone

    from hotline.callbacks import queue

    for text in ("ЮРИСТ", "1", "1", "0"):
        twilio.sms(RESIDENT, text)
    assert queue.tell_left_halfway(datetime.now(timezone.utc) + queue.SETTLE_AFTER) == 0
    assert outbox_to(RESIDENT) == []


def test_the_village_answered_in_a_sentence_is_found(db, twilio):
    place_id = add_place()
    for text in ("ЮРИСТ", "1", "1"):
        twilio.sms(RESIDENT, text)
    assert "K-" in twilio.sms(RESIDENT, "я из Гульчи").text
    assert open_request().place_id == place_id


def test_the_demo_requests_get_no_reference_sms(db):
    from datetime import datetime, timedelta, timezone

    from hotline.callbacks import demo, queue

    demo.load()
    db.session.commit()
    assert queue.tell_left_halfway(datetime.now(timezone.utc) + timedelta(days=1)) == 0
