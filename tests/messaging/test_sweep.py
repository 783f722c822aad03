"""The sweeper (a beat job) in this process, no worker: rows the broker lost or never got go to
it again, on their own queue, urgent first; rows a dead worker held are freed to be asked about
(never simply sent twice); rows waiting for their time, sent, or answered in TwiML stay put."""
from __future__ import annotations

import os
import time
from datetime import timedelta

import pytest

from hotline.core.clock import now_utc
from hotline.core.redis_client import client
from hotline.messaging import outbox
from hotline.messaging.models import OutboundMessage
from hotline.messaging.providers import STALE_SENDING


def _row(db, **values) -> int:
    values = {"to_phone": "+996700111222", "body": "Гүлчө: 30.11 09:30", "status": "queued",
              "purpose": "reminder", **values}
    message = OutboundMessage(**values)
    db.session.add(message)
    db.session.commit()
    return message.id


def _get(db, message_id: int) -> OutboundMessage:
    db.session.rollback()
    return db.session.get(OutboundMessage, message_id)


def _tasks_on(queue: str) -> int:
    """Tasks the broker holds for that queue (nobody consumes them here)."""
    return client(os.environ["HOTLINE_REDIS_URL"]).llen(queue)


def ago(**delta) -> object:
    return now_utc() - timedelta(**delta)


def test_a_row_the_broker_never_got_goes_to_it_on_its_own_queue(db):
    urgent, default = _row(db, queue="urgent"), _row(db, queue="default")
    assert outbox.sweep() == 2
    assert (_tasks_on("urgent"), _tasks_on("default"), _tasks_on("bulk")) == (1, 1, 0)
    assert _get(db, urgent).enqueued_at is not None and _get(db, default).enqueued_at is not None


def test_a_row_published_a_minute_ago_and_not_sent_is_published_again(db):
    lost = _row(db, enqueued_at=ago(seconds=90))
    fresh = _row(db, enqueued_at=ago(seconds=10))
    assert outbox.sweep() == 1
    assert _get(db, lost).enqueued_at > ago(seconds=30)
    assert _get(db, fresh).enqueued_at < ago(seconds=5)


def test_a_bulk_row_waits_an_hour_before_it_counts_as_lost(db):
    """Bulk rows queue behind each other for minutes: a minute's wait is no loss."""
    waiting = _row(db, queue="bulk", enqueued_at=ago(minutes=30))
    lost = _row(db, queue="bulk", enqueued_at=ago(minutes=61))
    assert outbox.sweep() == 1
    assert _get(db, lost).enqueued_at > ago(seconds=30)
    assert _get(db, waiting).enqueued_at < ago(minutes=29)


@pytest.mark.parametrize("values", [
    # Made as the test runs, not as it is collected: five minutes from collection can be past.
    lambda: {"next_attempt_at": now_utc() + timedelta(minutes=5)},  # a retry's or a slot's time not come
    lambda: {"status": "sent"}, lambda: {"status": "failed"},
    lambda: {"kind": "reply"},  # done, or sent by Twilio in TwiML
], ids=["not-due", "sent", "failed", "twiml-reply"])
def test_rows_that_are_not_lost_stay_put(db, values):
    message_id = _row(db, **values())
    assert outbox.sweep() == 0
    assert _get(db, message_id).enqueued_at is None


def test_a_retry_whose_time_has_come_is_published(db):
    message_id = _row(db, next_attempt_at=ago(seconds=1))
    assert outbox.sweep() == 1
    assert _get(db, message_id).enqueued_at is not None


def test_a_row_a_dead_worker_held_is_freed_marked_to_be_asked_about_first(db):
    held = _row(db, status="sending", claimed_at=ago(minutes=6), enqueued_at=ago(minutes=6))
    working = _row(db, status="sending", claimed_at=ago(minutes=4), enqueued_at=ago(minutes=4))
    assert outbox.sweep() == 1
    freed = _get(db, held)
    assert (freed.status, freed.error_code) == ("queued", STALE_SENDING)
    assert freed.enqueued_at > ago(seconds=30)  # and published again in the same sweep
    assert _get(db, working).status == "sending"


def test_an_urgent_row_is_freed_after_30_seconds_not_5_minutes(db):
    urgent = _row(db, queue="urgent", status="sending", claimed_at=ago(seconds=40), enqueued_at=ago(seconds=40))
    default = _row(db, queue="default", status="sending", claimed_at=ago(seconds=40), enqueued_at=ago(seconds=40))
    urgent_now = _row(db, queue="urgent", status="sending", claimed_at=ago(seconds=20), enqueued_at=ago(seconds=20))
    outbox.sweep()
    assert [_get(db, i).status for i in (urgent, default, urgent_now)] == ["queued", "sending", "sending"]


def test_urgent_rows_go_first_when_the_sweep_has_a_limit(db):
    first_default = _row(db, queue="default")
    _row(db, queue="bulk")
    urgent = _row(db, queue="urgent")
    assert outbox.sweep(limit=2) == 2
    assert _get(db, urgent).enqueued_at is not None and _get(db, first_default).enqueued_at is not None
    assert (_tasks_on("urgent"), _tasks_on("default"), _tasks_on("bulk")) == (1, 1, 0)


def test_while_the_broker_is_down_the_sweep_stops_and_keeps_the_rows(db, monkeypatch):
    ids = [_row(db), _row(db)]
    monkeypatch.setattr(outbox, "_broker_down_until", time.monotonic() + 60)
    assert outbox.sweep() == 0
    assert all(_get(db, i).enqueued_at is None for i in ids)
    assert _tasks_on("default") == 0
