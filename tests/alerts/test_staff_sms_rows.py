"""The staff SMS an alert sends besides the notices: each on the urgent queue, as a staff
message (sent even to a phone that once texted STOP as a resident), tied to its alert (the
admin's outbox page, the failed-SMS handling), with a key that is the same for the same
step and person, so that a twin run of that step adds no second row."""
from __future__ import annotations

from tests.alerts.conftest import NARYN_WORKER, OSH_WORKER, RESIDENT, outbox_to, raise_alert


def fields(row) -> tuple:
    return row.queue, row.purpose, row.ref_id, row.dedupe_key


def test_the_others_notified_are_told_who_took_it(twilio, db, roster):
    alert = raise_alert(twilio, db)
    twilio.sms(OSH_WORKER, f"ACK {alert.id}")
    [told] = outbox_to(db, NARYN_WORKER, "staff")
    assert told.body == f"A{alert.id} принял(а) Nurlan."
    assert fields(told) == ("urgent", "staff", alert.id, f"alert:{alert.id}:taken:1:{roster.naryn.id}")
    assert outbox_to(db, OSH_WORKER, "staff") == []  # the taker had the number in the answer


def test_pressing_1_on_the_alert_call_sends_the_number_by_sms(twilio, db, roster):
    alert = raise_alert(twilio, db)
    twilio.post(f"/alerts/call/answer?alert={alert.id}", {"CallSid": "CA" + "9" * 32, "To": OSH_WORKER,
                                                          "Digits": "1"})
    [number] = outbox_to(db, OSH_WORKER, "staff")
    assert number.body.startswith(f"A{alert.id} ваш: {RESIDENT}, ")
    assert fields(number) == ("urgent", "staff", alert.id, f"alert:{alert.id}:taker:1:{roster.osh.id}")


def test_a_new_signal_to_the_taker_is_keyed_by_the_signals_count(twilio, db, roster):
    alert = raise_alert(twilio, db)
    twilio.sms(OSH_WORKER, f"ACK {alert.id}")
    twilio.sms(RESIDENT, "SOS")
    twilio.sms(RESIDENT, "SOS")
    keys = [row.dedupe_key for row in outbox_to(db, OSH_WORKER, "staff")]
    assert keys == [f"alert:{alert.id}:signal:2", f"alert:{alert.id}:signal:3"]
