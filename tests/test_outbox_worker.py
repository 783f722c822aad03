"""The outbox end to end: a real worker, real Redis, the twilio SDK, a local Twilio."""
from __future__ import annotations

import time

from sqlalchemy import select

from hotline.messaging import outbox
from hotline.messaging.models import OutboundMessage

TO = "+996700555001"


def queue_one(db, body="Салам", queue="default", purpose="staff", **kwargs) -> int:
    message = outbox.queue_sms(TO, body, queue=queue, purpose=purpose, **kwargs)
    outbox.commit()
    return message.id


def row(db, message_id) -> OutboundMessage:
    db.session.rollback()  # a fresh snapshot: on SQLite an open read transaction sees no later commit
    return db.session.get(OutboundMessage, message_id)


def test_worker_sends_through_the_twilio_sdk(db, worker, standin, eventually):
    message_id = queue_one(db, body="Салам, тест")
    sent = standin.wait_for_messages(1, to=TO, timeout=15)
    assert sent[0].body == "Салам, тест"
    assert sent[0].from_ == "+996312900900"
    assert eventually(lambda: row(db, message_id).status == "sent", timeout=10)
    assert row(db, message_id).provider_sid == sent[0].sid


def test_server_errors_and_429_are_retried(db, worker, standin, eventually):
    standin.fail_next(1, status=500)
    standin.fail_next(1, status=429)
    message_id = queue_one(db)
    standin.wait_for_messages(1, to=TO, timeout=20)
    assert eventually(lambda: row(db, message_id).status == "sent", timeout=10)
    refused = [r for r in standin.records if r.to == TO and not r.accepted]
    assert [r.http_status for r in refused] == [500, 429]
    assert row(db, message_id).attempts == 3


def test_permanent_error_is_recorded_not_retried(db, worker, standin, eventually):
    standin.reject_to(TO, code=21610)
    message_id = queue_one(db)
    assert eventually(lambda: row(db, message_id).status == "failed", timeout=15)
    assert row(db, message_id).error_code == "21610"
    assert len([r for r in standin.records if r.to == TO]) == 1


def test_status_callback_moves_the_row_forward_never_back(db, worker, standin, live_server, eventually):
    message_id = queue_one(db)
    sent = standin.wait_for_messages(1, to=TO, timeout=15)
    eventually(lambda: row(db, message_id).status == "sent", timeout=10)
    standin.send_status(sent[0].sid, "delivered")
    assert eventually(lambda: row(db, message_id).status == "delivered", timeout=5)
    late = standin.send_status(sent[0].sid, "sent")  # late and out of order
    assert late.http_status == 204  # the app has taken it when send_status returns
    assert row(db, message_id).status == "delivered"


def test_undelivered_callback_records_the_error_code(db, worker, standin, live_server, eventually):
    message_id = queue_one(db)
    sent = standin.wait_for_messages(1, to=TO, timeout=15)
    eventually(lambda: row(db, message_id).status == "sent", timeout=10)
    standin.send_status(sent[0].sid, "undelivered", error_code="30003")
    assert eventually(lambda: row(db, message_id).status == "undelivered", timeout=5)
    assert row(db, message_id).error_code == "30003"


def test_message_survives_a_broker_outage_and_the_sweeper_sends_it(app, db, worker, standin, eventually):
    """A web process whose broker is down (nothing listens on its URL) keeps the rows;
    the sweeper of a process that reaches the broker sends them."""
    import dataclasses

    from hotline.app import create_app

    cut_off = create_app(dataclasses.replace(app.config["SETTINGS"], redis_url="redis://127.0.0.1:1/0"))
    with cut_off.app_context():
        started = time.monotonic()
        ids = [queue_one(db), queue_one(db)]
        assert time.monotonic() - started < 5  # the second row does not wait for the broker again
    db.session.rollback()
    assert all(row(db, i).enqueued_at is None and row(db, i).status == "queued" for i in ids)
    app.extensions["celery"].set_default()
    outbox._broker_down_until = 0.0
    standin.assert_no_more_messages(0, to=TO, quiet=1)  # nothing sends them before the sweep
    assert outbox.sweep() == 2
    standin.wait_for_messages(2, to=TO, timeout=15)
    assert eventually(lambda: all(row(db, i).status == "sent" for i in ids), timeout=10)


def test_a_duplicate_task_sends_once(app, db, worker, standin, eventually):
    before = worker.output().count("] succeeded")
    message_id = queue_one(db)
    outbox.publish(message_id, "default")
    outbox.publish(message_id, "default")
    standin.wait_for_messages(1, to=TO, timeout=15)
    eventually(lambda: row(db, message_id).status == "sent", timeout=10)
    # All three tasks ran (the two duplicates found the row taken)...
    eventually(lambda: worker.output().count("] succeeded") >= before + 3, timeout=10,
               message="the worker ran the three tasks")
    standin.assert_no_more_messages(1, to=TO, quiet=0.5)  # ...and no late copy reached Twilio


def test_opted_out_resident_gets_no_bulk_but_does_get_replies(db):
    from hotline.residents.service import get_or_create

    get_or_create(TO).opted_out = True
    db.session.commit()
    assert outbox.queue_sms(TO, "reminder", queue="bulk", purpose="reminder") is None
    assert outbox.queue_sms(TO, "answer", purpose="reply") is not None


def test_dedupe_key_keeps_one_copy(db):
    first = outbox.queue_sms(TO, "x", purpose="reminder", dedupe_key="reminder:1:x")
    outbox.commit()
    assert first is not None
    assert outbox.queue_sms(TO, "x", purpose="reminder", dedupe_key="reminder:1:x") is None
    assert len(db.session.scalars(select(OutboundMessage)).all()) == 1


def test_sweeper_frees_a_row_a_dead_worker_left_sending(db, worker, standin, eventually):
    from datetime import timedelta

    from hotline.core.clock import now_utc

    message = outbox.queue_sms(TO, "stuck", purpose="staff")
    message.status = "sending"
    message.claimed_at = now_utc() - timedelta(minutes=10)
    message.enqueued_at = now_utc() - timedelta(minutes=10)
    db.session.info.pop("outbox_pending", None)  # as if its task died with the worker
    db.session.commit()
    outbox.sweep()
    standin.wait_for_messages(1, to=TO, timeout=15)
    assert eventually(lambda: row(db, message.id).status == "sent", timeout=10)


def test_backoff_grows_and_has_jitter():
    from hotline.messaging.sender import backoff_seconds

    first = [backoff_seconds(1) for _ in range(50)]
    later = [backoff_seconds(6) for _ in range(50)]
    assert max(first) <= 3 and min(later) >= 32
    assert len(set(round(x, 3) for x in later)) > 10


def test_rate_limit_spaces_sends_per_number(app):
    import redis

    from hotline.embedded_redis import redis_py_url
    from hotline.messaging.rate_limit import reserve_slot

    client = redis.Redis.from_url(redis_py_url(app.config["SETTINGS"].redis_url))
    waits = [reserve_slot(client, "+996312000001", 1, per_second=2.0) for _ in range(5)]
    assert waits[0] < 0.05
    assert 1.9 <= waits[4] <= 2.1
    assert reserve_slot(client, "+996312000002", 1, per_second=2.0) < 0.05  # another number


def test_a_paced_row_keeps_its_slot_and_waits_in_the_database(app, db, standin):
    """At 1 SMS a minute the second row holds the next slot; running it again early
    neither sends it nor reserves a third slot."""
    import dataclasses

    import redis as redis_lib

    from hotline.embedded_redis import redis_py_url
    from hotline.messaging import sender

    settings = app.config["SETTINGS"]
    app.config["SETTINGS"] = dataclasses.replace(settings, send_rate_per_second=1 / 60)
    client = redis_lib.Redis.from_url(redis_py_url(settings.redis_url))
    try:
        ids = [outbox.queue_sms(f"+99670077{n:04d}", "reminder", queue="bulk", purpose="reminder").id
               for n in range(2)]
        db.session.info.pop("outbox_pending", None)  # run by hand below, not by a worker
        db.session.commit()
        assert sender.deliver(ids[0], client).status == "sent"
        assert sender.deliver(ids[1], client).status == "paced"
        held = row(db, ids[1])
        assert held.status == "queued" and held.enqueued_at is None
        assert 50 < (held.slot_at - held.created_at).total_seconds() < 70
        next_free = client.get(f"hotline:rate:{held.from_phone}")
        db.session.commit()
        assert sender.deliver(ids[1], client).status == "paced"  # early: still waits for its slot
        assert client.get(f"hotline:rate:{held.from_phone}") == next_free  # no second reservation
        assert row(db, ids[1]).slot_at == held.slot_at
        assert len(standin.messages()) == 1
    finally:
        app.config["SETTINGS"] = settings
