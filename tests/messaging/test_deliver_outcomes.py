"""sender.deliver in this process against the stand-in (no worker): what each outcome leaves on
the row and tells the task, and the pacing of bulk SMS per sending number (urgent never waits)."""
from __future__ import annotations

import os
from datetime import timedelta

import pytest

from hotline.core.clock import now_utc
from hotline.core.redis_client import client
from hotline.messaging import sender
from tests.messaging.rows import add_staff_sms, fresh_row

TO = "+996700555006"
BODY = "Гүлчө: 30.11 09:30"


def add(db, queue: str = "default", **values) -> int:
    return add_staff_sms(db, TO, BODY, queue, **values)  # delivered by hand below


row = fresh_row


def test_a_sent_row_records_twilios_sid_and_a_second_delivery_skips_it(db, standin):
    message_id = add(db)
    assert sender.deliver(message_id) == sender.Outcome("sent")
    sent = row(db, message_id)
    assert (sent.status, sent.provider_sid, sent.attempts) == ("sent", standin.messages(to=TO)[0].sid, 1)
    assert sent.claimed_at is not None and sent.error_code is None
    assert sender.deliver(message_id) == sender.Outcome("skipped")
    assert len(standin.messages(to=TO)) == 1


def test_a_claim_takes_only_its_own_queued_row(db):
    mine, other = add(db), add(db)
    claimed = sender.claim(mine)
    assert claimed.id == mine and claimed.status == "sending"
    assert (row(db, mine).status, row(db, other).status) == ("sending", "queued")
    assert sender.claim(mine) is None


def test_a_permanent_refusal_fails_the_row_with_twilios_code(db, standin):
    standin.reject_to(TO, code=21610)
    message_id = add(db)
    assert sender.deliver(message_id) == sender.Outcome("failed")
    failed = row(db, message_id)
    assert (failed.status, failed.error_code) == ("failed", "21610")


def test_a_transient_refusal_goes_back_to_the_queue_with_a_backoff(db, standin):
    standin.fail_next(1, status=500)
    message_id = add(db, queue="urgent")
    outcome = sender.deliver(message_id)
    assert (outcome.status, outcome.queue) == ("retry", "urgent")
    assert 1.0 <= outcome.retry_in <= 3.0  # 2 s for the first attempt, +-50%
    back = row(db, message_id)
    assert (back.status, back.error_code) == ("queued", "20500")
    assert back.next_attempt_at > now_utc() + timedelta(seconds=0.5)
    assert back.enqueued_at is not None  # the task re-publishes it itself: not the sweeper's
    assert sender.deliver(message_id) == sender.Outcome("sent")
    assert row(db, message_id).error_code is None  # sent: the last attempt's refusal is history


def test_backoff_doubles_per_attempt_up_to_five_minutes_with_half_to_one_and_a_half_jitter(monkeypatch):
    monkeypatch.setattr(sender.random, "uniform", lambda low, high: low)
    assert [sender.backoff_seconds(n) for n in (1, 3, 8, 9, 20)] == [1.0, 4.0, 128.0, 150.0, 150.0]
    monkeypatch.setattr(sender.random, "uniform", lambda low, high: high)
    assert [sender.backoff_seconds(n) for n in (1, 3, 9)] == [3.0, 12.0, 450.0]


def test_a_bulk_sms_far_from_its_slot_waits_in_the_database_not_in_the_worker(db, standin, rate):
    rate(0.01)  # one segment per 100 s
    redis = client(os.environ["HOTLINE_REDIS_URL"])
    first = add(db, queue="bulk")
    second = add(db, queue="bulk", enqueued_at=now_utc())  # the broker had it: the sweeper must not think so
    assert sender.deliver(first, redis) == sender.Outcome("sent")
    assert sender.deliver(second, redis) == sender.Outcome("paced")
    held = row(db, second)
    assert held.status == "queued" and held.enqueued_at is None
    assert held.slot_at == held.next_attempt_at
    assert now_utc() + timedelta(seconds=60) < held.slot_at < now_utc() + timedelta(seconds=140)
    assert len(standin.messages(to=TO)) == 1


def test_an_urgent_sms_never_waits_for_a_slot(db, standin, rate):
    rate(0.01)
    redis = client(os.environ["HOTLINE_REDIS_URL"])
    assert sender.deliver(add(db, queue="bulk"), redis).status == "sent"
    assert sender.deliver(add(db, queue="urgent"), redis).status == "sent"
    assert len(standin.messages(to=TO)) == 2
