"""ACK / PASS / DONE, and escalation steps driven by the beat job's function."""
from __future__ import annotations

from datetime import timedelta

from hotline.alerts import escalation
from hotline.core.clock import now_utc
from tests.alerts.conftest import (BACKUP, COORDINATOR, NARYN_WORKER, OSH_WORKER, RESIDENT, STRANGER,
                                   alerts, outbox_to, raise_alert)


def later(seconds: float):
    return now_utc() + timedelta(seconds=seconds)


def test_ack_from_a_registered_phone_takes_it(twilio, db, roster):
    alert = raise_alert(twilio, db)
    answer = twilio.sms(OSH_WORKER, f"ack {alert.id}")
    reply = answer.messages()[0]
    assert RESIDENT in reply and f"A{alert.id}" in reply  # the taker gets the full phone
    [alert] = alerts(db)
    assert alert.status == "taken" and alert.taken_by_id == roster.osh.id
    assert alert.next_escalation_at is None
    [notice] = outbox_to(db, NARYN_WORKER, "staff")
    assert notice.body == f"A{alert.id} принял(а) Nurlan."
    assert RESIDENT not in notice.body
    assert escalation.run_due(later(3600)) == 0  # escalation stopped


def test_ack_from_an_unknown_phone_changes_nothing(twilio, db, roster):
    alert = raise_alert(twilio, db)
    answer = twilio.sms(STRANGER, f"ACK {alert.id}")
    assert RESIDENT not in answer.text
    [alert] = alerts(db)
    assert alert.status == "open" and alert.taken_by_id is None


def test_ack_of_a_number_that_is_no_alert_is_answered_as_any_unknown_text(twilio, db, roster):
    raise_alert(twilio, db)
    unknown = twilio.sms(OSH_WORKER, "HELLO 9999").messages()
    assert twilio.sms(OSH_WORKER, "ACK 9999").messages() == twilio.sms(OSH_WORKER, "ack а9999").messages() \
        == unknown
    usage = ["Укажите номер сигнала: ACK 17, PASS 17, DONE 17 <итог>"]
    # Too long for the id column (a database error on PostgreSQL), not ASCII, a phone typed by
    # mistake (never echoed), nothing: how to write it.
    for typed in ("99999999999999999999", "A²", "0700111222", ""):
        assert twilio.sms(OSH_WORKER, f"ACK {typed}".strip()).messages() == usage
    assert alerts(db)[0].status == "open"


def test_second_ack_is_told_who_has_it(twilio, db, roster):
    alert = raise_alert(twilio, db)
    twilio.sms(OSH_WORKER, f"ACK {alert.id}")
    reply = twilio.sms(NARYN_WORKER, f"ACK {alert.id}").messages()[0]
    assert reply == f"A{alert.id} уже принял(а) Nurlan." and RESIDENT not in reply


def test_no_ack_escalates_tier_by_tier_and_reminds_without_cap(twilio, db, roster):
    alert = raise_alert(twilio, db)
    assert escalation.run_due(later(1)) == 0  # not due yet
    assert escalation.run_due(later(4)) == 1  # tier 3: backups (tier 2 is empty: place unknown)
    assert len(outbox_to(db, BACKUP, "alert")) == 1
    reminders = outbox_to(db, OSH_WORKER, "alert")
    assert len(reminders) == 2 and reminders[1].body.startswith("ПОВТОР: СРОЧНО")
    assert outbox_to(db, COORDINATOR) == []
    assert escalation.run_due(later(8)) == 1  # tier 4: coordinators
    assert len(outbox_to(db, COORDINATOR, "alert")) == 1
    for n in range(3, 8):  # and again, and again
        assert escalation.run_due(later(4 * n)) == 1
    assert len(outbox_to(db, COORDINATOR, "alert")) == 6
    [alert] = alerts(db)
    assert alert.tier == 4 and alert.step == 8
    assert [e.kind for e in alert.events].count("escalated") == 2


def test_a_step_delivered_twice_acts_once(twilio, db, roster):
    alert = raise_alert(twilio, db)
    moment = later(4)
    assert escalation.escalate_alert(alert.id, 1, moment) is True
    db.session.commit()
    assert escalation.escalate_alert(alert.id, 1, moment) is False  # the twin
    db.session.rollback()
    assert len(outbox_to(db, BACKUP, "alert")) == 1


def test_pass_puts_it_back_to_the_next_tier(twilio, db, roster):
    alert = raise_alert(twilio, db)
    twilio.sms(OSH_WORKER, f"ACK {alert.id}")
    reply = twilio.sms(OSH_WORKER, f"PASS {alert.id}").messages()[0]
    assert reply == f"A{alert.id} передан дальше по очереди."
    [alert] = alerts(db)
    assert alert.status == "open" and alert.tier == 3
    assert len(outbox_to(db, BACKUP, "alert")) == 1
    assert len(outbox_to(db, OSH_WORKER, "alert")) == 1  # who passed is not asked again


def test_done_closes_with_an_outcome_and_the_timeline_tells_the_story(twilio, db, roster):
    from hotline.alerts.service import time_to_ack

    alert = raise_alert(twilio, db)
    twilio.sms(OSH_WORKER, f"ACK {alert.id}")
    reply = twilio.sms(OSH_WORKER, f"DONE {alert.id} safe at her sister's").messages()[0]
    assert reply == f"A{alert.id} закрыт. Спасибо."
    [alert] = alerts(db)
    assert alert.status == "closed" and alert.outcome == "safe at her sister's"
    kinds = [e.kind for e in alert.events]
    assert kinds[0] == "created" and "acknowledged" in kinds and kinds[-1] == "closed"
    assert time_to_ack(alert) is not None and time_to_ack(alert).total_seconds() >= 0


def test_done_from_another_worker_is_refused(twilio, db, roster):
    alert = raise_alert(twilio, db)
    twilio.sms(OSH_WORKER, f"ACK {alert.id}")
    twilio.sms(NARYN_WORKER, f"DONE {alert.id} x")
    assert alerts(db)[0].status == "taken"


def test_done_alert_is_what_the_callbacks_done_hands_over(db, roster, twilio):
    from ivr_flows import dispatch

    assert "DONE_ALERT" in dispatch.STAFF_COMMANDS and "DONE" in dispatch.STAFF_COMMANDS
    alert = raise_alert(twilio, db)
    twilio.sms(OSH_WORKER, f"DONE {alert.id} talked")
    assert alerts(db)[0].status == "closed"


def test_a_signal_after_ack_reaches_the_taker(twilio, db, roster):
    alert = raise_alert(twilio, db)
    twilio.sms(OSH_WORKER, f"ACK {alert.id}")
    twilio.sms(RESIDENT, "SOS")
    assert len(alerts(db)) == 1
    assert any(m.body.startswith(f"A{alert.id}: новый сигнал ") and m.body.endswith("(SMS)")
               for m in outbox_to(db, OSH_WORKER, "staff"))


def test_nobody_on_duty_goes_straight_to_the_coordinators(twilio, db):
    from hotline.staff.service import add_staff

    add_staff("Aigul", COORDINATOR, "coordinator")
    db.session.commit()
    twilio.sms(RESIDENT, "SOS")
    assert len(outbox_to(db, COORDINATOR, "alert")) == 1


def test_purge_keeps_the_figures_and_drops_the_person(twilio, db, roster):
    from hotline.alerts.service import purge_closed

    alert = raise_alert(twilio, db)
    twilio.sms(OSH_WORKER, f"DONE {alert.id} ok")
    assert purge_closed(later(60)) == 1
    db.session.commit()
    [alert] = alerts(db)
    assert alert.phone == "" and alert.outcome is None and alert.taken_at is not None
