"""Staff read alert SMS in their own language (Staff.language), and only the taker's
SMS carries the person's number (DOMAIN.md, safety)."""
from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from hotline.alerts import escalation
from hotline.core.clock import now_utc
from tests.alerts.conftest import (BACKUP, COORDINATOR, NARYN_WORKER, OSH_WORKER, RESIDENT, alerts,
                                   outbox_to)

STAFF_PHONES = (OSH_WORKER, NARYN_WORKER, BACKUP, COORDINATOR)
# The person's number in any form a text could hold it: E.164, national, bare.
NUMBER_FORMS = (RESIDENT, "0700111222", "700111222", "700 111 222")


def speak(db, member, language: str) -> None:
    member.language = language
    db.session.commit()


def sos(twilio, db):
    assert twilio.sms(RESIDENT, "SOS").status == 200
    return alerts(db)[0]


def later(seconds: float):
    return now_utc() + timedelta(seconds=seconds)


def test_a_kyrgyz_speaking_worker_gets_the_alert_sms_in_kyrgyz(twilio, db, roster):
    speak(db, roster.osh, "ky")
    alert = sos(twilio, db)
    [notice] = outbox_to(db, OSH_WORKER, "alert")
    assert notice.body == (f"ШАШЫЛЫШ A{alert.id} {notice.body.split()[2]} жери белгисиз +996***22. "
                           f"Жооп: ACK {alert.id}")
    [russian] = outbox_to(db, NARYN_WORKER, "alert")  # the others keep Russian
    assert russian.body.startswith(f"СРОЧНО A{alert.id} ")

    reply = twilio.sms(OSH_WORKER, f"ACK {alert.id}").messages()[0]
    assert reply.startswith(f"A{alert.id} сизде: {RESIDENT}, жери белгисиз. Алгач: сүйлөй алабы?")
    assert f"DONE {alert.id}" in reply and f"PASS {alert.id}" in reply  # command words stay Latin
    assert twilio.sms(OSH_WORKER, f"ACK {alert.id}").messages() == [  # the number went once
        f"A{alert.id} сизде. Жабуу: DONE {alert.id} <жыйынтык>"]
    [taken] = outbox_to(db, NARYN_WORKER, "staff")
    assert taken.body == f"A{alert.id} принял(а) Nurlan."  # in the reader's language, not the taker's

    twilio.sms(RESIDENT, "жардам")
    [signal] = outbox_to(db, OSH_WORKER, "staff")
    assert signal.body.startswith(f"A{alert.id}: жаңы сигнал ") and signal.body.endswith("(SMS)")
    assert twilio.sms(OSH_WORKER, f"DONE {alert.id} тынч").messages() == [f"A{alert.id} жабылды. Рахмат."]
    assert twilio.sms(OSH_WORKER, f"ACK {alert.id}").messages() == [f"A{alert.id} мурунтан жабык."]
    assert twilio.sms(OSH_WORKER, "PASS").messages() == [
        "Сигналдын номерин жазыңыз: ACK 17, PASS 17, DONE 17 <жыйынтык>"]


def test_an_uzbek_speaking_worker_gets_the_alert_sms_in_uzbek(twilio, db, roster):
    speak(db, roster.naryn, "uz")
    alert = sos(twilio, db)
    [notice] = outbox_to(db, NARYN_WORKER, "alert")
    assert notice.body.startswith(f"SHOSHILINCH A{alert.id} ")
    assert "joyi noma'lum +996***22" in notice.body and notice.body.endswith(f"Javob: ACK {alert.id}")
    assert RESIDENT not in notice.body

    twilio.sms(OSH_WORKER, f"ACK {alert.id}")  # a Russian-speaking colleague takes it
    [taken] = outbox_to(db, NARYN_WORKER, "staff")
    assert taken.body == f"A{alert.id}: Nurlan qabul qildi."
    again = twilio.sms(NARYN_WORKER, f"ACK {alert.id}").messages()
    assert again == [f"A{alert.id}: Nurlan allaqachon qabul qilgan."]
    assert twilio.sms(NARYN_WORKER, f"PASS {alert.id}").messages() == again  # not theirs to pass

    assert twilio.sms(OSH_WORKER, f"PASS {alert.id}").messages() == [f"A{alert.id} передан дальше по очереди."]
    reply = twilio.sms(NARYN_WORKER, f"ACK {alert.id}").messages()[0]
    assert reply.startswith(f"A{alert.id} sizda: {RESIDENT}, joyi noma'lum. Avval: gapira oladimi?")
    assert twilio.sms(NARYN_WORKER, f"PASS {alert.id}").messages() == [f"A{alert.id} keyingi navbatga o'tdi."]


def test_an_uzbek_speaking_worker_who_presses_1_on_the_alert_call_gets_the_number_in_uzbek(twilio, db,
                                                                                           roster):
    speak(db, roster.naryn, "uz")
    alert = sos(twilio, db)
    twilio.post(f"/alerts/call/answer?alert={alert.id}", {"CallSid": "CA" + "9" * 32, "To": NARYN_WORKER, "Digits": "1"})
    [told] = outbox_to(db, NARYN_WORKER, "staff")
    assert told.body.startswith(f"A{alert.id} sizda: {RESIDENT}, ")
    [taken] = outbox_to(db, OSH_WORKER, "staff")
    assert taken.body == f"A{alert.id} принял(а) Bakyt." and RESIDENT not in taken.body


def _staff_texts(db):
    """Every SMS queued for a staff phone (replies to their commands are collected apart)."""
    from hotline.messaging.models import OutboundMessage

    db.session.rollback()
    query = select(OutboundMessage).where(OutboundMessage.to_phone.in_(STAFF_PHONES),
                                          OutboundMessage.kind != "reply").order_by(OutboundMessage.id)
    return list(db.session.scalars(query))


@pytest.mark.parametrize("language", ["ky", "ru", "uz"])
def test_no_staff_text_but_the_takers_holds_the_persons_number(twilio, db, roster, language):
    from ivr_flows import texts

    for member in (roster.osh, roster.naryn, roster.backup, roster.coordinator):
        member.language = language
    db.session.commit()
    alert = sos(twilio, db)
    assert escalation.run_due(later(4)) == 1  # backups, and reminders to tier 1
    assert escalation.run_due(later(8)) == 1  # coordinators
    replies = []

    def command(phone, body):
        replies.append((phone, twilio.sms(phone, body).messages()))

    command(OSH_WORKER, f"ACK {alert.id}")  # the taker: the number
    command(NARYN_WORKER, f"ACK {alert.id}")  # too late: who has it
    twilio.sms(RESIDENT, "SOS")  # a new signal, to the taker
    command(BACKUP, f"DONE {alert.id} x")  # not theirs
    command(OSH_WORKER, f"PASS {alert.id}")  # back to the next tier: everyone asked again
    command(BACKUP, f"ACK {alert.id}")  # the new taker: the number
    command(COORDINATOR, f"DONE {alert.id} ok")  # a coordinator closes it
    command(NARYN_WORKER, f"PASS {alert.id}")
    command(OSH_WORKER, "ACK")

    taker_start = texts.render("alerts.staff_taker", language, "sms", code=f"A{alert.id}", id=alert.id,
                               phone=RESIDENT, place="").split(RESIDENT)[0]
    sent = _staff_texts(db)
    assert {m.to_phone for m in sent} == set(STAFF_PHONES)
    assert {m.purpose for m in sent} == {"alert", "staff"}  # notices, reminders, "taken", new signal
    holding = [(phone, body) for phone, bodies in replies for body in bodies]
    holding += [(m.to_phone, m.body) for m in sent]
    with_number = [(phone, body) for phone, body in holding if any(form in body for form in NUMBER_FORMS)]
    assert with_number == [(OSH_WORKER, with_number[0][1]), (BACKUP, with_number[1][1])]
    for phone, body in with_number:
        assert body.startswith(taker_start)  # the taker's text, and only it
    for phone, body in holding:
        if not body.startswith(taker_start):
            assert "700111222" not in body.replace(" ", "")
