"""Escalation's details mutation testing found unchecked (docs/mutation.md, hotline/alerts/escalation.py):
which alerts are due (open ones, deadline come, earliest first, a batch at a time), the exact
instant of a deadline with the clock frozen, an alert gone or moved on, how many the beat job
escalated, and what the timeline and the SMS say at each round."""
from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from hotline.alerts import escalation
from hotline.alerts import service as alerts
from hotline.alerts.models import Alert
from tests.alerts.conftest import BACKUP, NARYN_WORKER, OSH_WORKER, RESIDENT, STRANGER, outbox_to
from tests.support.clock import moment

TICK = timedelta(microseconds=1)


@pytest.fixture
def still(app):
    """The clock stopped on a weekday morning in Bishkek, before the roster's shifts are written
    (list it before `roster`): the shifts then cover the moment."""
    import time_machine

    frozen = moment("weekday_morning")
    with time_machine.travel(frozen, tick=False):
        yield frozen


def _raise(db, phone, now):
    alert, created = alerts.raise_signal(phone, None, "sms", now)
    db.session.commit()
    assert created
    return alert


def test_an_alert_is_due_at_the_exact_instant_of_its_deadline_not_before(still, db, roster):
    alert = _raise(db, RESIDENT, still)
    deadline = alert.next_escalation_at
    assert deadline == still + escalation.ack_delay()
    assert escalation.due(deadline - TICK) == []
    assert escalation.escalate_alert(alert.id, 1, deadline - TICK) is False
    db.session.rollback()
    assert escalation.due(deadline) == [(alert.id, 1)]
    assert escalation.escalate_alert(alert.id, 1, deadline) is True
    db.session.commit()
    assert (alert.step, alert.next_escalation_at) == (2, deadline + escalation.ack_delay())
    assert len(outbox_to(db, BACKUP, "alert")) == 1


def test_due_alerts_come_earliest_deadline_first_a_batch_at_a_time(still, db):
    count = escalation.DUE_BATCH + 1
    for n in range(count):  # each row's deadline earlier than the row before it
        db.session.add(Alert(phone=f"+99670000{n:04d}", status="open", step=1,
                             next_escalation_at=still - timedelta(seconds=n + 1)))
    db.session.commit()
    earliest_first = [(alert_id, 1) for alert_id in
                      db.session.scalars(select(Alert.id).order_by(Alert.next_escalation_at))]
    assert escalation.due(still) == earliest_first[:escalation.DUE_BATCH]
    assert escalation.due(still, limit=3) == earliest_first[:3]


def test_only_open_alerts_are_due_and_escalated(still, db, roster):
    waiting = _raise(db, RESIDENT, still)
    taken = _raise(db, STRANGER, still)
    alerts.take(taken, roster.osh, still + timedelta(seconds=1))
    # Taking clears the deadline; due() and escalate_alert() look at the status all the same.
    taken.next_escalation_at = waiting.next_escalation_at
    db.session.commit()
    deadline = waiting.next_escalation_at
    assert escalation.due(deadline) == [(waiting.id, 1)]
    assert escalation.escalate_alert(taken.id, taken.step, deadline) is False
    db.session.rollback()
    assert taken.step == 1 and outbox_to(db, BACKUP, "alert") == []


def test_an_alert_that_is_gone_is_not_escalated(still, db):
    assert escalation.escalate_alert(4242, 0, still) is False


def test_the_beat_job_counts_each_alert_it_escalated(still, db, roster):
    first = _raise(db, RESIDENT, still)
    _raise(db, STRANGER, still)
    assert escalation.run_due(first.next_escalation_at) == 2


def test_each_round_is_on_the_timeline_with_its_tier_and_reminders(still, db, roster):
    alert = _raise(db, RESIDENT, still)
    assert escalation.run_due(alert.next_escalation_at) == 1
    db.session.expire_all()
    osh, naryn, backup = roster.osh.id, roster.naryn.id, roster.backup.id
    assert [(e.kind, e.staff_id, e.detail) for e in alert.events] == [
        ("created", None, "sms"),
        ("notified", osh, "sms tier 1 round 0"),
        ("notified", naryn, "sms tier 1 round 0"),
        ("escalated", None, "tier 1 -> 3"),  # tier 2 is empty: the place is unknown
        ("notified", osh, "sms tier 1 round 1 reminder"),
        ("notified", naryn, "sms tier 1 round 1 reminder"),
        ("notified", backup, "sms tier 3 round 1"),
    ]
    code = alert.code
    assert [m.body for m in outbox_to(db, OSH_WORKER, "alert")] == [
        f"СРОЧНО {code} 10:00 место неизвестно +996***22. Ответ: ACK {alert.id}",
        f"ПОВТОР: СРОЧНО {code} 10:00 место неизвестно +996***22. Ответ: ACK {alert.id}",
    ]
    assert [m.body for m in outbox_to(db, BACKUP, "alert")] == [
        f"СРОЧНО {code} 10:00 место неизвестно +996***22. Ответ: ACK {alert.id}"]
    assert len(outbox_to(db, NARYN_WORKER, "alert")) == 2


def test_a_round_with_nobody_to_notify_is_on_the_timeline(still, db):
    alert = _raise(db, RESIDENT, still)
    assert escalation.run_due(alert.next_escalation_at) == 1
    db.session.expire_all()
    assert [(e.kind, e.staff_id, e.detail) for e in alert.events] == [
        ("created", None, "sms"),
        ("nobody", None, "round 0: no staff to notify"),
        ("nobody", None, "round 1: no staff to notify"),
    ]
    assert alert.step == 2 and alert.status == "open"
