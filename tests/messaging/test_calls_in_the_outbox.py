"""A call is an outbox row like an SMS: from our number, urgent unless told otherwise, no SMS
segments to pay for, once per dedupe key."""
from __future__ import annotations

from hotline.messaging import outbox
from tests.conftest import OUR_NUMBER

TO = "+996555100002"


def test_a_call_row_is_urgent_from_our_number_and_costs_no_segments(db):
    call = outbox.queue_call(TO, url="http://127.0.0.1/alerts/call?alert=7", ref_id=7)
    assert (call.kind, call.to_phone, call.from_phone) == ("call", TO, OUR_NUMBER)
    assert (call.queue, call.purpose, call.ref_id) == ("urgent", "alert", 7)
    assert (call.body, call.segments, call.status) == ("", 0, "queued")
    assert call.call_url == "http://127.0.0.1/alerts/call?alert=7"


def test_a_call_may_carry_its_twiml_instead_of_a_url(db):
    call = outbox.queue_call(TO, twiml="<Response><Say>test</Say></Response>", queue="default", purpose="staff")
    assert (call.body, call.call_url, call.queue, call.purpose) == (
        "<Response><Say>test</Say></Response>", None, "default", "staff")


def test_a_call_is_queued_once_per_dedupe_key(db):
    first = outbox.queue_call(TO, url="http://127.0.0.1/a", dedupe_key="alert:7:call:1")
    db.session.commit()
    assert first.dedupe_key == "alert:7:call:1"
    assert outbox.queue_call(TO, url="http://127.0.0.1/a", dedupe_key="alert:7:call:1") is None
    assert outbox.queue_call(TO, url="http://127.0.0.1/a", dedupe_key="alert:7:call:2") is not None
