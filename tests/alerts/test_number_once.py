"""The resident's full number goes to the worker who took the alert once per taking: in the
ACK answer, or by SMS when they took it by phone or on someone's behalf (service.give_number
says None to a second ask). Asked of the service itself: every caller today asks right after
a taking, so only the function's own guard stands between the number and a second copy."""
from __future__ import annotations

from hotline.alerts import service
from hotline.core.clock import now_utc
from tests.alerts.conftest import OSH_WORKER, RESIDENT, alerts, outbox_to, raise_alert


def test_a_second_ask_for_the_number_in_one_taking_gets_none(twilio, db, roster):
    alert = raise_alert(twilio, db)
    assert RESIDENT in twilio.sms(OSH_WORKER, f"ACK {alert.id}").messages()[0]
    [alert] = alerts(db)
    assert service.give_number(alert, roster.osh) is None
    assert [e.kind for e in alert.events].count("number_sent") == 1


def test_taking_it_with_the_number_by_sms_answers_that_it_is_theirs_in_their_language(twilio, db, roster):
    alert = raise_alert(twilio, db)
    roster.osh.language = "ky"
    db.session.commit()
    [alert] = alerts(db)
    answer = service.take(alert, roster.osh, now_utc(), number_by_sms=True)
    assert answer == f"A{alert.id} сизде. Жабуу: DONE {alert.id} <жыйынтык>"
    db.session.commit()
    [number] = outbox_to(db, OSH_WORKER, "staff")
    assert RESIDENT in number.body
