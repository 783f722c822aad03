"""Twilio's status callbacks move an outbox row forward, never back, in this process (no worker):
what the staff pages and the alert's follow-up (a call after a failed SMS) read from the row."""
from __future__ import annotations

import pytest

from hotline.messaging import events, outbox
from hotline.messaging.models import OutboundMessage
from hotline.messaging.status import apply_status, normalise_status
from hotline.webhooks import spool
from tests.support.phone import new_sid

TO = "+996700111222"


@pytest.mark.parametrize("raw, is_call, expected", [
    ("accepted", False, "queued"), ("scheduled", False, "queued"), ("read", False, "delivered"),
    (" Delivered ", False, "delivered"), ("undelivered", False, "undelivered"), ("sending", False, "sending"),
    ("ringing", False, None), ("", False, None), (None, False, None),
    ("queued", True, "sent"), ("initiated", True, "sent"), ("ringing", True, "sent"),
    ("in-progress", True, "delivered"), (" Completed", True, "delivered"), ("busy", True, "undelivered"),
    ("no-answer", True, "undelivered"), ("failed", True, "failed"), ("canceled", True, "failed"),
    ("delivered", True, None),
])
def test_twilios_words_are_read_as_the_rows_statuses(raw, is_call, expected):
    assert normalise_status(raw, is_call) == expected


def _sent_row(db, kind: str = "sms", status: str = "sent") -> OutboundMessage:
    if kind == "sms":
        message = outbox.queue_sms(TO, "Гүлчө: 30.11 09:30", purpose="reminder")
    else:
        message = outbox.queue_call(TO, url="http://127.0.0.1/alerts/call", purpose="staff")
    message.status, message.provider_sid = status, new_sid("SM" if kind == "sms" else "CA")
    db.session.commit()
    return message


def _status(twilio, sid: str, status: str, kind: str = "sms", **extra) -> int:
    if kind == "sms":
        form = {"MessageSid": sid, "MessageStatus": status}
    else:
        form = {"CallSid": sid, "CallStatus": status}
    return twilio.post("/twilio/status", {"AccountSid": "AC" + "1" * 32, **form, **extra}).status


def _now(db, message_id: int) -> OutboundMessage:
    db.session.rollback()  # a fresh read of what the webhook committed
    return db.session.get(OutboundMessage, message_id)


@pytest.fixture
def signals():
    """What the row's status told the rest of the app (the alert's follow-up listens)."""
    heard = []

    def failed(message):
        heard.append(("failed", message.id))

    def delivered(message):
        heard.append(("delivered", message.id))

    events.message_failed.connect(failed)
    events.message_delivered.connect(delivered)
    yield heard
    events.message_failed.disconnect(failed)
    events.message_delivered.disconnect(delivered)


def test_delivered_moves_a_sent_row_forward_and_says_so_once(db, twilio, signals):
    message = _sent_row(db)
    assert _status(twilio, message.provider_sid, "delivered") == 204
    assert _now(db, message.id).status == "delivered"
    _status(twilio, message.provider_sid, "delivered")  # Twilio repeats itself
    assert signals == [("delivered", message.id)]


def test_a_late_sent_after_delivered_changes_nothing(db, twilio, signals):
    message = _sent_row(db, status="delivered")
    _status(twilio, message.provider_sid, "sent")
    assert _now(db, message.id).status == "delivered"
    assert signals == []


def test_a_failure_after_delivered_is_recorded_and_acted_on(db, twilio, signals):
    """delivered, then failed (both final, the same rank): the later word is recorded, so a
    failure Twilio reports late still makes the alert phone the worker."""
    message = _sent_row(db, status="delivered")
    _status(twilio, message.provider_sid, "failed", ErrorCode="30008")
    assert _now(db, message.id).status == "failed"
    assert _now(db, message.id).error_code == "30008"
    assert signals == [("failed", message.id)]


def test_undelivered_records_twilios_error_code_and_tells_the_app(db, twilio, signals):
    message = _sent_row(db)
    _status(twilio, message.provider_sid, "undelivered", ErrorCode="30003")
    row = _now(db, message.id)
    assert (row.status, row.error_code) == ("undelivered", "30003")
    assert signals == [("failed", message.id)]


def test_a_status_without_an_error_code_keeps_the_one_recorded(db, twilio):
    message = _sent_row(db)
    message.error_code = "20503"  # from a retried send
    db.session.commit()
    _status(twilio, message.provider_sid, "delivered")
    assert _now(db, message.id).error_code == "20503"


def test_a_call_busy_is_undelivered(db, twilio, signals):
    call = _sent_row(db, kind="call")
    _status(twilio, call.provider_sid, "busy", kind="call")
    assert _now(db, call.id).status == "undelivered"
    assert signals == [("failed", call.id)]


def test_a_call_answered_is_delivered(db, twilio, signals):
    call = _sent_row(db, kind="call")
    _status(twilio, call.provider_sid, "completed", kind="call")
    assert _now(db, call.id).status == "delivered"
    assert signals == [("delivered", call.id)]


def test_an_unknown_sid_or_word_changes_no_row(db, twilio, signals):
    message = _sent_row(db)
    assert _status(twilio, new_sid("SM"), "delivered") == 204
    _status(twilio, message.provider_sid, "exploded")
    assert _now(db, message.id).status == "sent"
    assert signals == []


def test_a_status_nobody_can_apply_is_dropped_not_spooled(db, twilio):
    """An unknown sid (another app on the account, a row purged) or an unknown word is answered
    and forgotten: spooled, it would be replayed again and again for nothing."""
    message = _sent_row(db)
    assert _status(twilio, new_sid("SM"), "delivered") == 204
    assert _status(twilio, message.provider_sid, "exploded") == 204
    assert spool.pending() == []


def test_a_row_whose_status_this_release_does_not_know_takes_twilios_word(db, twilio, signals):
    """A status word another release wrote (a rolling deploy) ranks lowest: the callback still
    moves the row and is acted on, not crashed on and spooled."""
    message = _sent_row(db, status="scheduled")
    assert _status(twilio, message.provider_sid, "undelivered", ErrorCode="30003") == 204
    assert (_now(db, message.id).status, spool.pending()) == ("undelivered", [])
    assert signals == [("failed", message.id)]


def test_apply_status_says_whether_the_row_changed(db, signals):
    message = _sent_row(db)
    assert apply_status(new_sid("SM"), "delivered", None, False) is False
    assert apply_status(message.provider_sid, "exploded", None, False) is False
    assert apply_status(message.provider_sid, "delivered", None, False) is True
    assert apply_status(message.provider_sid, "delivered", None, False) is False  # Twilio repeats itself
    assert apply_status(message.provider_sid, "sent", None, False) is False  # late, and behind
    assert signals == [("delivered", message.id)]
