"""The Twilio API failing: 500, 429, and an answer that never comes (past the SDK's
10 s timeout). The worker retries with backoff and the message is sent once.

When Twilio took a message but its answer was lost (the hang with create=True),
Twilio has no idempotency key: the retry asks Twilio's message list first and
records the message it finds instead of sending it again (sender._reconcile).
"""
from __future__ import annotations

import time

import pytest
from sqlalchemy import select

from hotline.messaging import outbox
from hotline.messaging.models import OutboundMessage
from tests.conftest import wait_until

pytestmark = [pytest.mark.faults, pytest.mark.worker]

TO = "+996700555777"


def _queue(db, queue: str, body: str) -> int:
    message = outbox.queue_sms(TO, body, queue=queue, purpose="staff")
    outbox.commit()
    return message.id


def _row(db, message_id: int) -> OutboundMessage:
    db.session.rollback()
    return db.session.get(OutboundMessage, message_id)


@pytest.mark.parametrize("queue", ["urgent", "default"])
def test_500_then_429_then_a_hang_is_retried_and_sent_once(db, worker, standin, queue):
    time.sleep(0.5)  # the last test's sends have drained: the faults are for this message
    standin.fail_next(1, status=500)
    standin.fail_next(1, status=429)
    standin.hang_next(1, seconds=12, create=False)  # past the SDK's 10 s timeout, nothing created
    started = time.monotonic()
    message_id = _queue(db, queue, f"fault test {queue}")
    [sent] = standin.wait_for_messages(1, to=TO, timeout=60)
    assert sent.body == f"fault test {queue}"
    wait_until(lambda: _row(db, message_id).status == "sent", timeout=15, message="the row marked sent")
    row = _row(db, message_id)
    assert row.provider_sid == sent.sid
    assert row.attempts == 4  # 500, 429, timeout, sent
    refused = [r.http_status for r in standin.records if r.to == TO and not r.accepted]
    assert refused == [500, 429, 503]
    standin.assert_no_more_messages(1, to=TO, quiet=2)  # nothing else turns up later
    assert time.monotonic() - started < 60


def test_a_lost_answer_after_twilio_took_the_message_is_sent_exactly_once(db, worker, standin):
    """Twilio created the message, the answer hung past the timeout: the retry finds it in
    Twilio's list and records its sid instead of sending a second copy."""
    time.sleep(0.5)
    standin.hang_next(1, seconds=12, create=True)
    message_id = _queue(db, "urgent", "lost answer")
    [sent] = standin.wait_for_messages(1, to=TO, timeout=10)
    wait_until(lambda: _row(db, message_id).status == "sent", timeout=60, message="the row marked sent")
    row = _row(db, message_id)
    assert (row.provider_sid, row.attempts, row.error_code) == (sent.sid, 2, None)
    assert [r.params["To"] for r in standin.list_requests] == [TO]  # asked once, before the retry
    standin.assert_no_more_messages(1, to=TO, quiet=2)  # nothing else turns up later


def test_a_permanent_error_is_not_retried(db, worker, standin):
    standin.reject_to(TO, code=21211)  # invalid 'To'
    message_id = _queue(db, "urgent", "never")
    wait_until(lambda: _row(db, message_id).status == "failed", timeout=15, message="the row failed")
    assert [r.error_code for r in standin.records if r.to == TO] == [21211]
    assert db.session.scalar(select(OutboundMessage.error_code).where(OutboundMessage.id == message_id)) == "21211"
