"""An alert SMS that does not reach a worker: they are phoned instead (press 1 = ACK), once;
what reached them or failed is on the alert's timeline. In this process, through Twilio's
status callback (no worker), so that mutmut can tell service.on_message_failed's mutants apart."""
from __future__ import annotations

from hotline.alerts.models import Alert
from tests.alerts.conftest import NARYN_WORKER, OSH_WORKER, RESIDENT, alerts, outbox_to
from tests.support.phone import new_sid


def _alert_with_notices_sent(twilio, db) -> Alert:
    twilio.sms(RESIDENT, "SOS")
    for message in outbox_to(db, OSH_WORKER, "alert") + outbox_to(db, NARYN_WORKER, "alert"):
        message.status, message.provider_sid = "sent", new_sid("SM")
    db.session.commit()
    return alerts(db)[0]


def _report(twilio, message, status: str, **extra) -> None:
    field = "CallSid" if message.kind == "call" else "MessageSid"
    word = "CallStatus" if message.kind == "call" else "MessageStatus"
    answer = twilio.post("/twilio/status", {"AccountSid": "AC" + "1" * 32, field: message.provider_sid,
                                            word: status, **extra})
    assert answer.status == 204


def _timeline(db, alert: Alert) -> list[tuple[str, int | None, str]]:
    db.session.rollback()
    return [(e.kind, e.staff_id, e.detail) for e in db.session.get(Alert, alert.id).events]


def test_an_undelivered_alert_sms_phones_that_worker_with_the_alerts_call(twilio, db, roster):
    alert = _alert_with_notices_sent(twilio, db)
    [notice] = outbox_to(db, OSH_WORKER, "alert")
    _report(twilio, notice, "undelivered", ErrorCode="30005")
    [_, call] = outbox_to(db, OSH_WORKER, "alert")
    assert (call.kind, call.queue, call.ref_id) == ("call", "urgent", alert.id)
    assert call.call_url.endswith(f"/alerts/call?alert={alert.id}")
    assert call.call_url.startswith("http://127.0.0.1:")  # HOTLINE_PUBLIC_URL: where Twilio reaches us
    assert _timeline(db, alert)[-2:] == [("sms_failed", roster.osh.id, "code 30005"),
                                         ("notified", roster.osh.id, "call after failed sms")]
    assert outbox_to(db, NARYN_WORKER, "alert")[-1].kind == "sms"  # the other worker's notice went


def test_the_same_failure_reported_twice_phones_once(twilio, db, roster):
    alert = _alert_with_notices_sent(twilio, db)
    [notice] = outbox_to(db, OSH_WORKER, "alert")
    _report(twilio, notice, "failed", ErrorCode="30005")
    _report(twilio, notice, "undelivered", ErrorCode="30005")  # failed -> undelivered: same rank, moves
    assert [m.kind for m in outbox_to(db, OSH_WORKER, "alert")] == ["sms", "call"]
    assert [kind for kind, _, _ in _timeline(db, alert)].count("notified") == 3  # 2 SMS + 1 call


def test_a_failure_without_twilios_code_names_the_status(twilio, db, roster):
    alert = _alert_with_notices_sent(twilio, db)
    [notice] = outbox_to(db, OSH_WORKER, "alert")
    _report(twilio, notice, "failed")
    assert ("sms_failed", roster.osh.id, "code failed") in _timeline(db, alert)


def test_a_taken_alert_phones_nobody_after_a_failed_sms(twilio, db, roster):
    alert = _alert_with_notices_sent(twilio, db)
    twilio.sms(NARYN_WORKER, f"ACK {alert.id}")
    [notice] = outbox_to(db, OSH_WORKER, "alert")
    _report(twilio, notice, "undelivered", ErrorCode="30003")
    assert [m.kind for m in outbox_to(db, OSH_WORKER, "alert")] == ["sms"]
    assert _timeline(db, alert)[-1] == ("sms_failed", roster.osh.id, "code 30003")


def test_a_failed_call_is_on_the_timeline_and_starts_no_other_call(twilio, db, roster):
    alert = _alert_with_notices_sent(twilio, db)
    [notice] = outbox_to(db, OSH_WORKER, "alert")
    _report(twilio, notice, "undelivered", ErrorCode="30005")
    call = outbox_to(db, OSH_WORKER, "alert")[-1]
    call.status, call.provider_sid = "sent", new_sid("CA")
    db.session.commit()
    _report(twilio, call, "no-answer")
    assert [m.kind for m in outbox_to(db, OSH_WORKER, "alert")] == ["sms", "call"]
    assert _timeline(db, alert)[-1] == ("call_failed", roster.osh.id, "code undelivered")


def test_a_delivered_notice_is_on_the_timeline_with_whom_it_reached(twilio, db, roster):
    alert = _alert_with_notices_sent(twilio, db)
    [notice] = outbox_to(db, OSH_WORKER, "alert")
    _report(twilio, notice, "delivered")
    assert _timeline(db, alert)[-1] == ("delivered", roster.osh.id, "sms")


def test_a_failed_sms_that_is_not_an_alerts_leaves_the_alert_alone(twilio, db, roster):
    from hotline.messaging import outbox

    alert = _alert_with_notices_sent(twilio, db)
    other = outbox.queue_sms(OSH_WORKER, "Гүлчө: 30.11 09:30", purpose="staff", ref_id=alert.id)
    other.status, other.provider_sid = "sent", new_sid("SM")
    db.session.commit()
    before = _timeline(db, alert)
    _report(twilio, other, "undelivered", ErrorCode="30005")
    _report(twilio, other, "delivered")
    assert _timeline(db, alert) == before
    assert [m.kind for m in outbox_to(db, OSH_WORKER, "alert")] == ["sms"]


def test_a_worker_deactivated_since_the_notice_is_still_phoned(twilio, db, roster):
    """Whom the timeline names is only bookkeeping: the call goes to the number the SMS missed."""
    alert = _alert_with_notices_sent(twilio, db)
    [notice] = outbox_to(db, OSH_WORKER, "alert")
    roster.osh.active = False
    db.session.commit()
    _report(twilio, notice, "undelivered", ErrorCode="30005")
    assert [m.kind for m in outbox_to(db, OSH_WORKER, "alert")] == ["sms", "call"]
    assert _timeline(db, alert)[-2:] == [("sms_failed", None, "code 30005"),
                                         ("notified", None, "call after failed sms")]


def test_a_notice_delivered_to_a_worker_deactivated_since_names_nobody(twilio, db, roster):
    alert = _alert_with_notices_sent(twilio, db)
    [notice] = outbox_to(db, OSH_WORKER, "alert")
    roster.osh.active = False
    db.session.commit()
    _report(twilio, notice, "delivered")
    assert _timeline(db, alert)[-1] == ("delivered", None, "sms")
