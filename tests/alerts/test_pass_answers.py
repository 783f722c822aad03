"""PASS by SMS: what the worker is told and whom a pass sends the alert to, on a closed alert,
someone else's, one passed already, and one already at its last tier."""
from __future__ import annotations

from datetime import timedelta

from hotline.alerts import escalation
from hotline.core.clock import now_utc
from tests.alerts.conftest import (BACKUP, COORDINATOR, NARYN_WORKER, OSH_WORKER, RESIDENT, alerts, outbox_to,
                                   raise_alert)
from tests.alerts.test_who_may_act import all_messages as every_row


def all_messages(db):
    """What was queued to be sent: not the TwiML answers (kind reply), which every command gets."""
    return [m for m in every_row(db) if m.kind != "reply"]


def test_pass_on_a_closed_alert_says_so_and_reopens_nothing(twilio, db, roster):
    alert = raise_alert(twilio, db)
    twilio.sms(OSH_WORKER, f"DONE {alert.id} safe")
    before = len(all_messages(db))
    assert twilio.sms(OSH_WORKER, f"PASS {alert.id}").messages() == [f"A{alert.id} уже закрыт."]
    assert alerts(db)[0].status == "closed"
    assert len(all_messages(db)) == before


def test_pass_on_an_alert_someone_else_holds_says_who_and_changes_nothing(twilio, db, roster):
    alert = raise_alert(twilio, db)
    twilio.sms(OSH_WORKER, f"ACK {alert.id}")
    assert twilio.sms(NARYN_WORKER, f"PASS {alert.id}").messages() == [f"A{alert.id} уже принял(а) Nurlan."]
    [alert] = alerts(db)
    assert (alert.status, alert.taken_by_id) == ("taken", roster.osh.id)
    assert "passed" not in [e.kind for e in alert.events]


def test_a_notified_worker_who_cannot_take_it_sends_it_to_the_next_tier_at_once(twilio, db, roster):
    alert = raise_alert(twilio, db)
    assert outbox_to(db, BACKUP, "alert") == []
    assert twilio.sms(NARYN_WORKER, f"PASS {alert.id}").messages() == [f"A{alert.id} передан дальше по очереди."]
    assert len(outbox_to(db, BACKUP, "alert")) == 1  # tier 3 waits no ACK delay
    [alert] = alerts(db)
    assert alert.status == "open" and [e.staff_id for e in alert.events if e.kind == "passed"] == [roster.naryn.id]


def test_a_second_pass_from_the_same_worker_gets_the_same_answer_and_no_round(twilio, db, roster):
    alert = raise_alert(twilio, db)
    twilio.sms(NARYN_WORKER, f"PASS {alert.id}")
    before = len(all_messages(db))
    assert twilio.sms(NARYN_WORKER, f"PASS {alert.id}").messages() == [f"A{alert.id} передан дальше по очереди."]
    assert len(all_messages(db)) == before
    assert [e.kind for e in alerts(db)[0].events].count("passed") == 1


def test_a_pass_at_the_last_tier_waits_for_the_next_reminder(twilio, db, roster):
    """Coordinators (tier 4) were told: a worker's pass has no higher tier to tell, so nobody
    gets an extra SMS now; the reminders go on at the ACK delay."""
    alert = raise_alert(twilio, db)
    escalation.run_due(now_utc() + timedelta(seconds=4))  # tier 3
    escalation.run_due(now_utc() + timedelta(seconds=8))  # tier 4
    assert alerts(db)[0].tier == 4 and len(outbox_to(db, COORDINATOR, "alert")) == 1
    before = len([m for m in all_messages(db) if m.purpose == "alert"])
    twilio.sms(OSH_WORKER, f"PASS {alert.id}")
    assert len([m for m in all_messages(db) if m.purpose == "alert"]) == before
    assert alerts(db)[0].status == "open"


def test_the_taker_passing_at_the_last_tier_sends_a_round_at_once(twilio, db, roster):
    """A held alert handed back is everyone's again now, not at the next reminder."""
    alert = raise_alert(twilio, db)
    escalation.run_due(now_utc() + timedelta(seconds=4))  # tier 3
    escalation.run_due(now_utc() + timedelta(seconds=8))  # tier 4
    twilio.sms(OSH_WORKER, f"ACK {alert.id}")
    twilio.sms(OSH_WORKER, f"PASS {alert.id}")
    assert len(outbox_to(db, COORDINATOR, "alert")) == 2
    assert alerts(db)[0].status == "open"


def test_a_pass_while_the_live_call_rings_sends_the_sms_round_to_the_others_at_once(twilio, call, db, roster):
    """Tier 1 (both on-duty workers: the caller is not registered) is the only one filled; the
    alert has told no tier yet, so tier 1 is still above it and hears of it now."""
    roster.backup.active = roster.coordinator.active = False
    db.session.commit()
    c = call(RESIDENT)
    c.start()
    c.press("2")
    c.press("9")
    [alert] = alerts(db)
    assert outbox_to(db, NARYN_WORKER, "alert") == []  # the SMS wait for the live call
    twilio.sms(OSH_WORKER, f"PASS {alert.id}")
    [notice] = outbox_to(db, NARYN_WORKER, "alert")
    assert notice.body.startswith(f"СРОЧНО A{alert.id} ")
    assert outbox_to(db, OSH_WORKER, "alert") == []  # not the one who passed
