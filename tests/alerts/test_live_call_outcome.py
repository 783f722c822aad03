"""The live call (9) and the alert's phone call: who may take it by pressing 1, and that the
SMS round after the call goes out only while nobody holds the alert."""
from __future__ import annotations

from tests.alerts.conftest import NARYN_WORKER, OSH_WORKER, alerts, outbox_to
from tests.alerts.test_voice import press_nine
from tests.alerts.test_who_may_act import LAWYER, add_member


def test_a_worker_who_took_it_on_the_live_call_stops_the_sms_round(call, twilio, db, roster):
    """Pressed 1, then the bridged leg dropped (Twilio reports `failed`): the alert is held, so
    no urgent SMS tells everyone else to take it."""
    c, _ = press_nine(call)
    alert = alerts(db)[0]
    twilio.post(f"/alerts/screen/answer?alert={alert.id}", {"CallSid": "CA" + "1" * 32, "To": OSH_WORKER,
                                                             "Digits": "1"})
    c.press(None, DialCallStatus="failed")
    assert outbox_to(db, NARYN_WORKER, "alert") == []
    assert alerts(db)[0].status == "taken"


def test_a_live_call_nobody_answered_sends_the_round_once(call, db, roster):
    c, _ = press_nine(call)
    c.press(None, DialCallStatus="no-answer")
    c.press(None, DialCallStatus="no-answer")  # Twilio retries the after-dial step
    assert len(outbox_to(db, NARYN_WORKER, "alert")) == 1


def test_pressing_1_on_the_alerts_call_takes_nothing_for_someone_off_its_roster(twilio, db, roster):
    add_member(db, "Azamat", LAWYER, "lawyer")
    twilio.sms("+996700111222", "SOS")
    alert = alerts(db)[0]
    twilio.post(f"/alerts/call/answer?alert={alert.id}", {"CallSid": "CA" + "7" * 32, "To": LAWYER, "Digits": "1"})
    [alert] = alerts(db)
    assert (alert.status, alert.taken_by_id) == ("open", None)


def test_the_number_after_pressing_1_goes_on_the_urgent_queue_tied_to_the_alert(call, twilio, db, roster):
    """The taker is on the phone with no screen: the number must not wait behind bulk SMS."""
    press_nine(call)
    alert = alerts(db)[0]
    twilio.post(f"/alerts/screen/answer?alert={alert.id}", {"CallSid": "CA" + "1" * 32, "To": OSH_WORKER,
                                                             "Digits": "1"})
    [number] = [m for m in outbox_to(db, OSH_WORKER, "staff") if "+996700111222" in m.body]
    assert (number.queue, number.ref_id) == ("urgent", alert.id)
