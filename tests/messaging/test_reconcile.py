"""A retry after an attempt whose outcome is unknown asks Twilio first (sender._reconcile).

The sender runs here in the test process against the stand-in, with a client that
gives up after 0.5 s instead of 10 s, so each case is one deliver() per attempt;
tests/faults runs the same cases through a real worker with the real timeout.
"""
from __future__ import annotations

import dataclasses
import logging
from datetime import timedelta

import pytest
from sqlalchemy import update

from hotline.core.clock import now_utc
from hotline.messaging import events, outbox, providers, sender
from hotline.messaging.models import OutboundMessage
from hotline.messaging.twilio_http import make_twilio_client

TO = "+996700555003"
BODY = "Эртең саат 10:00до автобус келет"


@pytest.fixture
def impatient(app, monkeypatch):
    """The provider's Twilio client, with a 0.5 s timeout (the real one waits 10 s)."""
    settings = app.config["SETTINGS"]
    client = make_twilio_client(settings.twilio_account_sid, settings.twilio_auth_token,
                                settings.twilio_api_url, timeout=0.5)
    monkeypatch.setattr(providers, "_client", lambda *args: client)
    return client


def add_sms(db, body: str = BODY, queue: str = "default", **state) -> int:
    message = outbox.queue_sms(TO, body, queue=queue, purpose="staff")
    db.session.info.pop("outbox_pending", None)  # delivered by hand below, not by a worker
    db.session.commit()
    if state:
        set_state(db, message.id, **state)
    return message.id


def set_state(db, message_id: int, **values) -> None:
    db.session.execute(update(OutboundMessage).where(OutboundMessage.id == message_id).values(**values))
    db.session.commit()


def row(db, message_id: int) -> OutboundMessage:
    db.session.expire_all()
    return db.session.get(OutboundMessage, message_id)


def lists(standin) -> list[int]:
    return [r.http_status for r in standin.list_requests]


def test_a_lost_answer_after_twilio_took_the_sms_is_found_not_sent_again(db, standin, impatient):
    standin.hang_next(1, seconds=3, create=True)
    message_id = add_sms(db)
    assert sender.deliver(message_id).status == "retry"
    assert (row(db, message_id).error_code, lists(standin)) == ("ReadTimeout", [])  # a first try never asks
    [taken] = standin.messages(to=TO)

    assert sender.deliver(message_id).status == "reconciled"

    done = row(db, message_id)
    assert (done.status, done.provider_sid, done.error_code, done.attempts) == ("sent", taken.sid, None, 2)
    assert len(standin.messages(to=TO)) == 1
    assert lists(standin) == [200]


@pytest.mark.parametrize("fault", ["hang", "500"])
def test_a_request_that_created_nothing_is_sent_on_the_retry(db, standin, impatient, fault):
    if fault == "hang":
        standin.hang_next(1, seconds=3, create=False)
    else:
        standin.fail_next(1, status=500, create=False)
    message_id = add_sms(db)
    assert sender.deliver(message_id).status == "retry"
    assert standin.messages(to=TO) == []

    assert sender.deliver(message_id).status == "sent"

    [sent] = standin.messages(to=TO)
    assert row(db, message_id).provider_sid == sent.sid
    assert lists(standin) == [200]  # asked, found nothing, sent


@pytest.mark.parametrize("fault", ["500", "timeout"])
def test_a_failed_lookup_is_retried_later_and_neither_lost_nor_doubled(db, standin, impatient, fault):
    standin.hang_next(1, seconds=3, create=True)
    message_id = add_sms(db)
    sender.deliver(message_id)
    [taken] = standin.messages(to=TO)
    if fault == "500":
        standin.fail_next_list(1, status=500)
    else:
        standin.hang_next_list(1, seconds=2)

    outcome = sender.deliver(message_id)

    assert (outcome.status, outcome.queue) == ("retry", "default") and outcome.retry_in > 0
    waiting = row(db, message_id)
    assert (waiting.status, waiting.error_code, waiting.provider_sid) == ("queued", "lookup_failed", None)
    assert sender.deliver(message_id).status == "reconciled"
    assert row(db, message_id).provider_sid == taken.sid
    assert len(standin.messages(to=TO)) == 1
    assert len(standin.list_requests) == 2


def test_an_unexpected_lookup_error_is_a_failed_lookup_not_a_stuck_row(db, standin, impatient, monkeypatch):
    def broken(message):
        raise KeyError("a list answer we cannot read")

    monkeypatch.setattr(providers, "find_existing", broken)
    message_id = add_sms(db, queue="urgent", attempts=1, error_code="stale_sending")
    assert sender.deliver(message_id).status == "retry"
    waiting = row(db, message_id)
    assert (waiting.status, waiting.error_code) == ("queued", "lookup_failed")  # the backoff retries it
    assert standin.records == []


def test_a_row_whose_lookups_keep_failing_fails_without_a_second_copy(db, standin, impatient):
    message_id = add_sms(db, attempts=sender.MAX_ATTEMPTS - 1, error_code="lookup_failed")
    standin.fail_next_list(1, status=503)
    assert sender.deliver(message_id).status == "failed"
    assert row(db, message_id).error_code == "lookup_failed"
    assert standin.records == []


@pytest.mark.parametrize("age, sends", [(timedelta(minutes=2), True), (timedelta(seconds=5), False)])
def test_an_urgent_row_sends_anyway_once_its_lookups_kept_failing_for_a_minute(db, standin, impatient, age, sends):
    message_id = add_sms(db, queue="urgent", attempts=2, error_code="lookup_failed", created_at=now_utc() - age)
    standin.fail_next_list(1, status=500)

    outcome = sender.deliver(message_id)

    assert outcome.status == ("sent" if sends else "retry")
    assert len(standin.messages(to=TO)) == (1 if sends else 0)
    assert lists(standin) == [500]


def test_an_urgent_row_does_not_send_blind_after_its_first_failed_lookup(db, standin, impatient):
    message_id = add_sms(db, queue="urgent", attempts=1, error_code="ReadTimeout",
                         created_at=now_utc() - timedelta(minutes=5))
    standin.fail_next_list(1, status=500)
    assert sender.deliver(message_id).status == "retry"
    assert standin.records == []


def test_a_known_refusal_is_retried_without_asking(db, standin, impatient):
    standin.fail_next(1, status=429)
    message_id = add_sms(db)
    assert sender.deliver(message_id).status == "retry"
    assert sender.deliver(message_id).status == "sent"
    assert lists(standin) == []  # a 429 means Twilio took nothing
    assert len(standin.messages(to=TO)) == 1


def test_a_message_another_row_recorded_is_not_taken(db, standin, impatient):
    """The same text to the same person twice (two rows): the second row's lost attempt
    must not claim the first row's message."""
    first = add_sms(db)
    assert sender.deliver(first).status == "sent"
    second = add_sms(db, attempts=1, error_code="stale_sending")  # as the sweeper leaves it

    assert sender.deliver(second).status == "sent"

    sids = {row(db, first).provider_sid, row(db, second).provider_sid}
    assert sids == {m.sid for m in standin.messages(to=TO)} and len(sids) == 2
    assert lists(standin) == [200]


def test_a_call_whose_answer_was_lost_is_found(db, standin, impatient):
    standin.hang_next(1, seconds=3, create=True)
    call = outbox.queue_call(TO, url="http://127.0.0.1:1/alerts/call?alert=1", queue="urgent", purpose="staff")
    db.session.info.pop("outbox_pending", None)
    db.session.commit()
    assert sender.deliver(call.id).status == "retry"
    assert sender.deliver(call.id).status == "reconciled"
    [made] = standin.calls(to=TO)
    assert row(db, call.id).provider_sid == made.sid
    assert standin.list_requests[0].kind == "call"


def test_what_twilio_already_knows_of_the_found_message_is_recorded_and_acted_on(db, standin, impatient):
    standin.hang_next(1, seconds=3, create=True)
    message_id = add_sms(db)
    sender.deliver(message_id)
    [taken] = standin.messages(to=TO)
    standin.send_status(taken.sid, "undelivered", error_code=30003)  # its callback found no row: lost
    failed = []

    def on_failed(message):
        failed.append(message.id)

    events.message_failed.connect(on_failed)
    try:
        assert sender.deliver(message_id).status == "reconciled"
    finally:
        events.message_failed.disconnect(on_failed)
    done = row(db, message_id)
    assert (done.status, done.error_code, done.provider_sid) == ("undelivered", "30003", taken.sid)
    assert failed == [message_id]  # an alert SMS would now be followed by a call


def test_the_console_provider_sends_without_asking(app, db, standin):
    settings = app.config["SETTINGS"]
    app.config["SETTINGS"] = dataclasses.replace(settings, sms_provider="console")
    try:
        message_id = add_sms(db, attempts=1, error_code="stale_sending")
        assert sender.deliver(message_id).status == "sent"
    finally:
        app.config["SETTINGS"] = settings
    sid = row(db, message_id).provider_sid
    assert sid.startswith("CONSOLE")
    assert len(sid) <= OutboundMessage.provider_sid.type.length  # PostgreSQL refuses a longer one
    assert standin.list_requests == [] and standin.records == []


def test_the_reconcile_log_names_the_row_not_the_person(db, standin, impatient, caplog):
    standin.hang_next(1, seconds=3, create=True)
    message_id = add_sms(db)
    sender.deliver(message_id)
    with caplog.at_level(logging.INFO, logger="hotline.messaging.sender"):
        sender.deliver(message_id)
    [entry] = [r for r in caplog.records if r.getMessage() == "outbox.reconciled"]
    assert entry.fields == {"message_id": message_id, "result": "found", "status": "sent", "attempts": 2}
    assert TO not in caplog.text and BODY not in caplog.text


@pytest.mark.parametrize("fault, code", [("500", "20500"), ("503", "20503"), ("reset", "ConnectionError")])
def test_twilio_took_it_and_the_answer_failed_the_retry_finds_it(db, standin, impatient, fault, code):
    """Twilio created the message, then answered 5xx or reset the connection (issue 15: a
    retry that sent again without asking after a 500 stayed green)."""
    if fault == "reset":
        standin.reset_next(1, create=True)
    else:
        standin.fail_next(1, status=int(fault), create=True)
    message_id = add_sms(db)
    assert sender.deliver(message_id).status == "retry"
    [taken] = standin.messages(to=TO)
    assert row(db, message_id).error_code == code

    assert sender.deliver(message_id).status == "reconciled"

    assert row(db, message_id).provider_sid == taken.sid
    assert len(standin.messages(to=TO)) == 1
    assert lists(standin) == [200]



@pytest.mark.parametrize("twilio_status, told", [("failed", ["failed"]), ("delivered", ["delivered"]), ("sent", [])])
def test_a_found_messages_final_status_is_told_to_the_app(db, standin, impatient, twilio_status, told):
    """The worker died after Twilio took it (the sweeper's stale_sending); the status callbacks came
    while the row had no sid and were dropped: a failure must still bring the alert's call, a delivery
    its timeline line; a message merely sent tells nothing yet."""
    message_id = add_sms(db)
    taken = providers.send(row(db, message_id))
    set_state(db, message_id, attempts=1, error_code="stale_sending")
    standin.alter(taken.sid, status=twilio_status)
    heard = []

    def on_failed(message):
        heard.append(("failed", message.id))

    def on_delivered(message):
        heard.append(("delivered", message.id))

    events.message_failed.connect(on_failed)
    events.message_delivered.connect(on_delivered)
    try:
        assert sender.deliver(message_id).status == "reconciled"
    finally:
        events.message_failed.disconnect(on_failed)
        events.message_delivered.disconnect(on_delivered)
    done = row(db, message_id)
    assert (done.status, done.provider_sid) == (twilio_status, taken.sid)
    assert heard == [(word, message_id) for word in told]
    assert len(standin.messages(to=TO)) == 1


def test_an_urgent_row_sends_anyway_at_the_minute_to_the_instant(db, standin, impatient, frozen_clock):
    frozen_clock("weekday_morning")
    message_id = add_sms(db, queue="urgent", attempts=2, error_code="lookup_failed",
                         created_at=now_utc() - sender.URGENT_BLIND_AFTER)
    standin.fail_next_list(1, status=500)
    assert sender.deliver(message_id).status == "sent"
    assert len(standin.messages(to=TO)) == 1
