"""Only the people an alert belongs to may act on it (issue 14): an active social worker or
coordinator on its roster. Anyone else is answered as an unknown text is and changes nothing."""
from __future__ import annotations

from sqlalchemy import select

from tests.alerts.conftest import NARYN_WORKER, OSH_WORKER, RESIDENT, alerts, logged_in, outbox_to

LAWYER = "+996880100005"
OFF_DUTY = "+996555100077"  # a social worker with no shift: on no alert's roster


def raise_alert(twilio, db):
    twilio.sms(RESIDENT, "SOS")
    return alerts(db)[0]


def add_member(db, name: str, phone: str, role: str):
    from hotline.staff.service import add_staff

    member = add_staff(name, phone, role, "osh")
    db.session.commit()
    return member


def all_messages(db):
    from hotline.messaging.models import OutboundMessage

    db.session.rollback()
    return list(db.session.scalars(select(OutboundMessage).order_by(OutboundMessage.id)))


def test_a_lawyer_gets_the_unknown_text_answer_and_the_alert_is_unchanged(twilio, db, roster):
    lawyer = add_member(db, "Ermek", LAWYER, "lawyer")
    alert = raise_alert(twilio, db)
    sent_before = len(all_messages(db))
    unknown = twilio.sms(LAWYER, f"HELLO {alert.id}").messages()
    for command in ("ACK", "PASS", "DONE"):
        answer = twilio.sms(LAWYER, f"{command} {alert.id} x")
        assert answer.messages() == unknown, command
        assert RESIDENT not in answer.text
    [alert] = alerts(db)
    assert (alert.status, alert.taken_by_id, alert.tier, alert.step) == ("open", None, 1, 1)
    # Nothing went to anyone but the lawyer's own answers (recorded replies).
    assert [m.to_phone for m in all_messages(db)[sent_before:]] == [LAWYER] * 4
    refused = [(e.staff_id, e.detail) for e in alert.events if e.kind == "refused"]
    assert refused == [(lawyer.id, f"{c}: not on its roster") for c in ("ACK", "PASS", "DONE")]


def test_a_foreign_alert_and_no_alert_at_all_get_the_same_answer(twilio, db, roster):
    add_member(db, "Aziz", OFF_DUTY, "social_worker")
    alert = raise_alert(twilio, db)
    foreign = twilio.sms(OFF_DUTY, f"ACK {alert.id}").messages()
    assert foreign == twilio.sms(OFF_DUTY, f"ACK {alert.id + 1000}").messages()
    assert foreign == twilio.sms(OFF_DUTY, "HELLO").messages()
    [alert] = alerts(db)
    assert alert.status == "open" and alert.taken_by_id is None
    assert outbox_to(db, NARYN_WORKER, "staff") == []  # nobody was told it was taken


def test_someone_notified_for_it_or_on_duty_for_it_may_take_it(twilio, db, roster):
    alert = raise_alert(twilio, db)
    assert RESIDENT in twilio.sms(NARYN_WORKER, f"ACK {alert.id}").messages()[0]
    assert alerts(db)[0].taken_by_id == roster.naryn.id


def test_the_number_goes_to_the_taker_once_per_taking(twilio, db, roster):
    alert = raise_alert(twilio, db)
    assert RESIDENT in twilio.sms(OSH_WORKER, f"ACK {alert.id}").messages()[0]
    again = twilio.sms(OSH_WORKER, f"ACK {alert.id}").messages()
    assert again == [f"A{alert.id} у вас. Закрыть: DONE {alert.id} <итог>"]
    twilio.sms(OSH_WORKER, f"PASS {alert.id}")
    assert RESIDENT in twilio.sms(NARYN_WORKER, f"ACK {alert.id}").messages()[0]  # a new taking
    [alert] = alerts(db)
    assert [e.staff_id for e in alert.events if e.kind == "number_sent"] == [roster.osh.id, roster.naryn.id]


def coordinator_page(app, db, member, path: str) -> str:
    return logged_in(app, db, member).get(path).get_data(as_text=True)


def test_a_phone_that_keeps_guessing_is_slowed_and_the_coordinators_see_it(app, twilio, db, roster):
    from hotline.alerts import guard

    add_member(db, "Ermek", LAWYER, "lawyer")
    alert = raise_alert(twilio, db)
    answers = [twilio.sms(LAWYER, f"ACK {number}").messages() for number in range(1, 11)]
    unknown = twilio.sms(LAWYER, "HELLO").messages()
    assert answers[:guard.MAX_WRONG] == [unknown] * guard.MAX_WRONG
    assert answers[guard.MAX_WRONG:] == [[]] * (10 - guard.MAX_WRONG)  # slowed: no answer at all
    assert alerts(db)[0].status == "open"
    # Someone on the roster is not slowed by the guesses of another phone.
    assert RESIDENT in twilio.sms(OSH_WORKER, f"ACK {alert.id}").messages()[0]

    page = coordinator_page(app, db, roster.coordinator, "/admin/alerts")
    assert 'id="slowed"' in page and "Ermek" in page
    worker_page = coordinator_page(app, db, roster.osh, "/admin/alerts")
    assert "Ermek" not in worker_page  # the list is the coordinators'


def test_ten_pass_from_one_phone_send_at_most_one_round(twilio, db, roster):
    alert = raise_alert(twilio, db)
    twilio.sms(OSH_WORKER, f"ACK {alert.id}")
    before = len(all_messages(db))
    for _ in range(10):
        twilio.sms(OSH_WORKER, f"PASS {alert.id}")
    rounds = {m.dedupe_key.split(":")[2] for m in all_messages(db)[before:] if m.purpose == "alert"}
    assert len(rounds) == 1
    [alert] = alerts(db)
    assert [e.staff_id for e in alert.events if e.kind == "passed"] == [roster.osh.id]


def test_a_pass_from_a_notified_worker_tells_a_tier_once(twilio, db, roster):
    alert = raise_alert(twilio, db)  # place unknown: tier 1 is both on-duty workers
    before = len(all_messages(db))
    for _ in range(5):
        twilio.sms(NARYN_WORKER, f"PASS {alert.id}")
    sent = [m.to_phone for m in all_messages(db)[before:] if m.purpose == "alert"]
    assert sorted(sent) == sorted(set(sent))  # nobody told twice
