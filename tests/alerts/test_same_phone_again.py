"""Which alert a new urgent SMS belongs to: the same phone's open alert, or the one taken
within the last half hour of its signals (the taker is told); else it is a new alert.
Another phone's alert never takes it."""
from __future__ import annotations

from datetime import timedelta

from tests.alerts.conftest import OSH_WORKER, RESIDENT, STRANGER, alerts, outbox_to, raise_alert

WINDOW = timedelta(minutes=30)


def signals(db) -> list[tuple[str, int]]:
    return [(alert.phone, alert.signals) for alert in alerts(db)]


def test_another_phones_sms_raises_an_alert_of_its_own(twilio, db, roster):
    raise_alert(twilio, db)
    twilio.sms(STRANGER, "SOS")
    assert signals(db) == [(RESIDENT, 1), (STRANGER, 1)]


def test_half_an_hour_after_the_last_signal_the_taken_alert_still_takes_it(twilio, db, roster, clock):
    alert = raise_alert(twilio, db)
    twilio.sms(OSH_WORKER, f"ACK {alert.id}")
    clock.shift(WINDOW)
    twilio.sms(RESIDENT, "SOS")
    assert signals(db) == [(RESIDENT, 2)]
    assert len(outbox_to(db, OSH_WORKER, "staff")) == 1  # the taker is told of the signal


def test_past_half_an_hour_a_taken_alert_gives_way_to_a_new_one(twilio, db, roster, clock):
    alert = raise_alert(twilio, db)
    twilio.sms(OSH_WORKER, f"ACK {alert.id}")
    clock.shift(WINDOW + timedelta(seconds=1))
    twilio.sms(RESIDENT, "SOS")
    assert signals(db) == [(RESIDENT, 1), (RESIDENT, 1)]
    assert outbox_to(db, OSH_WORKER, "staff") == []


def test_of_two_open_alerts_of_one_phone_the_newest_takes_the_signal(twilio, db, roster, clock):
    first = raise_alert(twilio, db)
    twilio.sms(OSH_WORKER, f"ACK {first.id}")
    clock.shift(WINDOW + timedelta(seconds=1))
    twilio.sms(RESIDENT, "SOS")  # a new alert
    twilio.sms(OSH_WORKER, f"PASS {first.id}")  # the first is open again
    assert [alert.status for alert in alerts(db)] == ["open", "open"]
    twilio.sms(RESIDENT, "SOS")
    assert signals(db) == [(RESIDENT, 1), (RESIDENT, 2)]
