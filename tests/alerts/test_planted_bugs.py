"""Alert behaviour a planted bug once changed unnoticed (issue 15): plain functions, fixed `now`.

Each test here failed with its bug planted: DIAL_HOLD of 60 min instead of 60 s; an alert SMS
that failed after the alert was taken still phoning the worker; by_phone ignoring `active`.
"""
from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from tests.alerts.conftest import OSH_WORKER, RESIDENT


def _voice_alert(db, now):
    """A 9 pressed on a call: the live call rings first, the SMS wait (notify=False)."""
    from hotline.alerts import service

    alert, created = service.raise_signal(RESIDENT, None, "voice", now, notify=False)
    db.session.commit()
    assert created
    return alert


def _alert_sms(db, phone):
    from hotline.messaging.models import OutboundMessage

    db.session.rollback()
    return list(db.session.scalars(select(OutboundMessage).where(
        OutboundMessage.to_phone == phone, OutboundMessage.purpose == "alert",
        OutboundMessage.kind == "sms")))


def test_an_unanswered_live_call_falls_back_to_sms_within_about_a_minute(db, roster):
    from hotline.alerts import escalation
    from hotline.core.clock import now_utc

    now = now_utc()
    _voice_alert(db, now)
    assert escalation.run_due(now + timedelta(seconds=30)) == 0  # the live call still rings
    assert _alert_sms(db, OSH_WORKER) == []

    assert escalation.run_due(now + timedelta(seconds=61)) == 1  # after-dial step never came
    assert len(_alert_sms(db, OSH_WORKER)) == 1


def _failed_alert_sms(db, alert, phone):
    from hotline.messaging import outbox

    message = outbox.queue_sms(phone, "alert text", queue="urgent", purpose="alert", ref_id=alert.id)
    db.session.info.pop("outbox_pending", None)  # no worker: this row is not to be sent
    message.status, message.error_code = "failed", "30003"
    db.session.commit()
    return message


def _calls_to(db, phone):
    from hotline.messaging.models import OutboundMessage

    db.session.rollback()
    return list(db.session.scalars(select(OutboundMessage).where(
        OutboundMessage.to_phone == phone, OutboundMessage.kind == "call")))


@pytest.mark.parametrize("taken, calls", [(False, 1), (True, 0)])
def test_a_failed_alert_sms_phones_the_worker_only_while_the_alert_is_open(db, roster, taken, calls):
    from hotline.alerts import service
    from hotline.core.clock import now_utc

    now = now_utc()
    alert, _ = service.raise_signal(RESIDENT, None, "sms", now)
    if taken:
        service.take(alert, roster.naryn, now)
    db.session.commit()

    service.on_message_failed(_failed_alert_sms(db, alert, OSH_WORKER))

    assert len(_calls_to(db, OSH_WORKER)) == calls


def test_a_deactivated_worker_is_not_found_by_phone(db, roster):
    from hotline.staff.service import by_phone

    assert by_phone(OSH_WORKER).id == roster.osh.id
    roster.osh.active = False
    db.session.commit()
    assert by_phone(OSH_WORKER) is None
