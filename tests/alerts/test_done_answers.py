"""DONE by SMS: a closed alert stays as its closer left it; a coordinator on its roster (tier 4)
may close an alert someone else holds (service.close: "the taker (or a coordinator)");
another worker may not."""
from __future__ import annotations

from tests.alerts.conftest import COORDINATOR, NARYN_WORKER, OSH_WORKER, alerts, raise_alert


def test_done_on_a_closed_alert_says_so_and_keeps_the_first_outcome(twilio, db, roster):
    alert = raise_alert(twilio, db)
    twilio.sms(OSH_WORKER, f"DONE {alert.id} safe at home")
    closed_at = alerts(db)[0].closed_at
    assert twilio.sms(OSH_WORKER, f"DONE {alert.id} other").messages() == [f"A{alert.id} уже закрыт."]
    [alert] = alerts(db)
    assert (alert.outcome, alert.closed_at) == ("safe at home", closed_at)


def test_a_coordinator_closes_an_alert_another_worker_holds(twilio, db, roster):
    alert = raise_alert(twilio, db)
    twilio.sms(OSH_WORKER, f"ACK {alert.id}")
    answer = twilio.sms(COORDINATOR, f"DONE {alert.id} handed to police")
    assert answer.messages() == [f"A{alert.id} закрыт. Спасибо."]
    [alert] = alerts(db)
    assert (alert.status, alert.outcome) == ("closed", "handed to police")


def test_another_worker_cannot_close_an_alert_someone_holds_and_is_told_in_their_language(twilio, db, roster):
    alert = raise_alert(twilio, db)
    twilio.sms(OSH_WORKER, f"ACK {alert.id}")
    roster.naryn.language = "ky"
    db.session.commit()
    answer = twilio.sms(NARYN_WORKER, f"DONE {alert.id} x").messages()
    assert answer == [f"A{alert.id}: Nurlan буга чейин кабыл алган."]
    [alert] = alerts(db)
    assert (alert.status, alert.taken_by_id, alert.outcome) == ("taken", roster.osh.id, None)
