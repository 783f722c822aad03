"""sender.deliver's bookkeeping in this process against the stand-in (no worker): the outcome
written again when the write is lost (Twilio has the message: a row left `sending` would be sent
twice), what a failure's listeners read, a slot the row already holds (waited for in the worker
when near, given back on a retry), each sending number paced apart, urgent rows never failed
for their attempts."""
from __future__ import annotations

import os
import types
from datetime import timedelta

import pytest
from sqlalchemy import event
from sqlalchemy.exc import DBAPIError

from hotline.core.clock import now_utc
from hotline.core.redis_client import client
from hotline.messaging import events, outbox, sender
from tests.messaging.rows import add_staff_sms, fresh_row

TO = "+996700555008"
BODY = "Гүлчө: 02.12 11:00"
NUMBER_A, NUMBER_B = "+996312900911", "+996312900922"


@pytest.fixture
def redis():
    return client(os.environ["HOTLINE_REDIS_URL"])


@pytest.fixture
def slept(monkeypatch):
    """The sender's pauses, taken at once and written down (its own `time` only)."""
    pauses: list = []
    monkeypatch.setattr(sender, "time", types.SimpleNamespace(sleep=pauses.append))
    return pauses


@pytest.fixture
def lost_writes(db):
    """lost_writes(n): the next n writes of a sent row's outcome fail as on a dropped connection."""
    left: list[int] = []
    dbapi = db.engine.dialect.loaded_dbapi

    def drop(connection, cursor, statement, parameters, context, executemany):
        if left and statement.startswith("UPDATE outbound_messages") and "provider_sid" in statement:
            left.pop()
            raise dbapi.OperationalError("server closed the connection unexpectedly")

    event.listen(db.engine, "before_cursor_execute", drop)
    yield lambda n: left.extend([1] * n)
    event.remove(db.engine, "before_cursor_execute", drop)


def add(db, queue: str = "default", **values) -> int:
    return add_staff_sms(db, TO, BODY, queue, **values)  # delivered by hand below


row = fresh_row


def test_a_lost_write_of_what_twilio_took_is_written_again_after_a_pause(db, standin, lost_writes, slept):
    message_id = add(db)
    lost_writes(1)
    assert sender.deliver(message_id) == sender.Outcome("sent")
    done = row(db, message_id)
    assert (done.status, done.provider_sid) == ("sent", standin.messages(to=TO)[0].sid)
    assert slept == [0.5]
    assert len(standin.messages(to=TO)) == 1


def test_a_write_lost_five_times_gives_up_after_pauses_of_half_a_second_to_four(db, standin, lost_writes, slept):
    """Then the row stays `sending`: the sweeper frees it as stale_sending, and the retry asks Twilio."""
    message_id = add(db)
    lost_writes(5)
    with pytest.raises(DBAPIError):
        sender.deliver(message_id)
    assert slept == [0.5, 1.0, 2.0, 4.0]
    assert row(db, message_id).status == "sending"


def test_whoever_hears_of_a_failure_reads_the_failed_row(db, standin):
    """The alert's follow-up (a call after a failed SMS) listens: it must see the failure."""
    standin.reject_to(TO, code=21610)
    message_id = add(db)
    heard = []

    def on_failed(message):
        heard.append((message.id, message.status, message.error_code))

    events.message_failed.connect(on_failed)
    try:
        assert sender.deliver(message_id) == sender.Outcome("failed")
    finally:
        events.message_failed.disconnect(on_failed)
    assert heard == [(message_id, "failed", "21610")]


def test_a_row_with_nothing_to_wait_for_goes_without_a_pause(db, standin, slept):
    assert sender.deliver(add(db)) == sender.Outcome("sent")
    assert slept == []


@pytest.mark.parametrize("ahead", [0.5, sender.LONGEST_INLINE_WAIT])
def test_a_row_whose_slot_is_near_waits_for_it_in_the_worker_and_goes(db, standin, redis, frozen_clock,
                                                                       slept, ahead):
    frozen_clock("weekday_morning")
    message_id = add(db, queue="bulk", slot_at=now_utc() + timedelta(seconds=ahead))
    assert sender.deliver(message_id, redis) == sender.Outcome("sent")
    assert slept == [ahead]
    assert len(standin.messages(to=TO)) == 1


def test_urgent_rows_and_calls_never_wait_and_take_no_slot(db, redis, rate):
    rate(0.01)  # one segment per 100 s
    call = outbox.queue_call(TO, url="http://127.0.0.1/alerts/call?alert=4", queue="bulk", purpose="staff")
    db.session.info.pop("outbox_pending", None)
    db.session.commit()
    assert sender.pace(row(db, add(db, queue="urgent")), redis) == 0.0
    assert sender.pace(row(db, call.id), redis) == 0.0
    assert sender.pace(row(db, add(db, queue="bulk")), redis) == 0.0  # the number's first slot was still free


def test_a_row_that_holds_a_slot_waits_for_that_one_and_reserves_none(db, redis, rate, frozen_clock):
    rate(0.01)
    frozen_clock("weekday_morning")
    ahead = row(db, add(db, queue="bulk", slot_at=now_utc() + timedelta(seconds=10)))
    passed = row(db, add(db, queue="bulk", slot_at=now_utc() - timedelta(seconds=5)))
    assert sender.pace(ahead, redis) == 10.0
    assert sender.pace(passed, redis) == 0.0
    assert sender.pace(row(db, add(db, queue="bulk")), redis) == 0.0


def test_each_sending_number_keeps_its_own_pace(db, redis, rate):
    rate(0.01)
    first_a = row(db, add(db, queue="bulk", from_phone=NUMBER_A))
    first_b = row(db, add(db, queue="bulk", from_phone=NUMBER_B))
    second_a = row(db, add(db, queue="bulk", from_phone=NUMBER_A))
    assert sender.pace(first_a, redis) == 0.0
    assert sender.pace(first_b, redis) == 0.0
    assert 60 < sender.pace(second_a, redis) <= 100


def test_a_paced_row_that_is_refused_for_now_gives_its_slot_back(db, standin, redis):
    """Its slot passes while it waits for the retry: it reserves a new one when it comes back."""
    standin.fail_next(1, status=500)
    message_id = add(db, queue="bulk", slot_at=now_utc() - timedelta(seconds=1))
    assert sender.deliver(message_id, redis).status == "retry"
    back = row(db, message_id)
    assert (back.status, back.slot_at) == ("queued", None)


def test_an_urgent_row_is_retried_past_the_attempts_another_row_fails_at(db, standin):
    standin.fail_next(2, status=500)
    urgent = add(db, queue="urgent", attempts=sender.MAX_ATTEMPTS - 1)
    default = add(db, attempts=sender.MAX_ATTEMPTS - 1)
    assert sender.deliver(urgent).status == "retry"
    assert sender.deliver(default).status == "failed"
    assert (row(db, urgent).status, row(db, default).status) == ("queued", "failed")
