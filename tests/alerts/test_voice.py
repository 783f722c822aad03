"""9 at any menu: a live call to the on-duty workers, screened, else a recording and SMS."""
from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

from tests.alerts.conftest import COORDINATOR, NARYN_WORKER, OSH_WORKER, RESIDENT, STRANGER, alerts, outbox_to


def press_nine(call):
    c = call(RESIDENT)
    c.start()
    c.press("2")
    return c, c.press("9")


def test_nine_dials_the_on_duty_workers_with_a_screen(call, db, roster):
    c, answer = press_nine(call)
    dial = next(answer.root.iter("Dial"))
    assert dial.get("timeout") == "20"
    numbers = [n.text for n in dial.iter("Number")]
    assert set(numbers) == {OSH_WORKER, NARYN_WORKER}
    [alert] = alerts(db)
    for number in dial.iter("Number"):
        assert urlsplit(number.get("url")).path == "/alerts/screen"
        assert parse_qs(urlsplit(number.get("url")).query)["alert"] == [str(alert.id)]
    assert outbox_to(db, OSH_WORKER) == []  # the SMS wait for the live call's outcome
    assert alert.next_escalation_at is not None  # ...at most DIAL_HOLD


def test_the_phones_that_ring_see_the_hotline_number_not_the_person(call, db, roster, settings):
    _, answer = press_nine(call)
    assert next(answer.root.iter("Dial")).get("callerId") == "+996312900900"  # HOTLINE_SMS_NUMBER
    assert RESIDENT not in answer.xml
    settings(sms_number=None)  # unset: the number the person called, ours too
    c = call(RESIDENT, to="+996312900901")
    c.start()
    c.press("2")
    assert next(c.press("9").root.iter("Dial")).get("callerId") == "+996312900901"


def test_no_answer_records_and_sends_the_alert(call, db, roster):
    c, _ = press_nine(call)
    answer = c.press(None, DialCallStatus="no-answer")
    assert "перезвонят" in answer.text
    assert next(answer.root.iter("Record")).get("maxLength") == "60"
    assert len(outbox_to(db, OSH_WORKER, "alert")) == 1
    done = c.press(None, RecordingUrl="https://api.twilio.com/rec/RE1", RecordingDuration="12")
    assert "Hangup" in done.verbs()
    [alert] = alerts(db)
    assert alert.recording_url.endswith("RE1")
    assert "recording" in [e.kind for e in alert.events]


def test_screen_asks_for_1_and_hangs_up_otherwise(twilio, call, db, roster):
    press_nine(call)
    alert = alerts(db)[0]
    screen = twilio.post(f"/alerts/screen?alert={alert.id}", {"CallSid": "CA" + "1" * 32, "To": OSH_WORKER,
                                                               "From": "+996312900900"})
    assert screen.gather() is not None and "Нажмите 1" in screen.text
    assert screen.verbs()[-1] == "Hangup"  # a voicemail never takes the call
    other = twilio.post(f"/alerts/screen/answer?alert={alert.id}", {"CallSid": "CA" + "2" * 32, "To": NARYN_WORKER,
                                                                     "Digits": "5"})
    assert other.verbs() == ["Hangup"]
    taken = twilio.post(f"/alerts/screen/answer?alert={alert.id}", {"CallSid": "CA" + "1" * 32, "To": OSH_WORKER,
                                                                     "Digits": "1"})
    assert "Hangup" not in taken.verbs()  # the TwiML ends: Twilio bridges the call
    [alert] = alerts(db)
    assert alert.status == "taken" and alert.taken_by_id == roster.osh.id
    # The number by SMS after pressing 1, once: a second 1 (a retried leg) sends it no more.
    assert len([m for m in outbox_to(db, OSH_WORKER, "staff") if RESIDENT in m.body]) == 1
    twilio.post(f"/alerts/screen/answer?alert={alert.id}", {"CallSid": "CA3", "To": OSH_WORKER, "Digits": "1"})
    assert len([m for m in outbox_to(db, OSH_WORKER, "staff") if RESIDENT in m.body]) == 1


def test_answered_call_ends_with_goodbye(call, twilio, db, roster):
    c, _ = press_nine(call)
    alert = alerts(db)[0]
    twilio.post(f"/alerts/screen/answer?alert={alert.id}", {"CallSid": "CA" + "1" * 32, "To": OSH_WORKER, "Digits": "1"})
    answer = c.press(None, DialCallStatus="completed")
    assert next(answer.root.iter("Record"), None) is None
    assert outbox_to(db, NARYN_WORKER, "alert") == []


def test_screen_routes_are_signed(app, db):
    response = app.test_client().post("/alerts/screen/answer?alert=1", data={"Digits": "1", "To": OSH_WORKER})
    assert response.status_code == 403


def test_nobody_on_duty_records_at_once(call, db):
    from hotline.staff.service import add_staff

    add_staff("Aigul", COORDINATOR, "coordinator")
    db.session.commit()
    _, answer = press_nine(call)
    assert next(answer.root.iter("Dial"), None) is None
    assert next(answer.root.iter("Record")) is not None
    assert len(outbox_to(db, COORDINATOR, "alert")) == 1


def test_alert_call_takes_1_as_ack(twilio, db, roster):
    twilio.sms(RESIDENT, "SOS")
    alert = alerts(db)[0]
    ask = twilio.post(f"/alerts/call?alert={alert.id}", {"CallSid": "CA" + "9" * 32, "To": NARYN_WORKER})
    assert ask.gather() is not None
    stranger = twilio.post(f"/alerts/call/answer?alert={alert.id}", {"CallSid": "CA" + "8" * 32, "To": STRANGER,
                                                                      "Digits": "1"})
    assert alerts(db)[0].status == "open" and "Hangup" in stranger.verbs()
    twilio.post(f"/alerts/call/answer?alert={alert.id}", {"CallSid": "CA" + "9" * 32, "To": NARYN_WORKER, "Digits": "1"})
    assert alerts(db)[0].taken_by_id == roster.naryn.id
