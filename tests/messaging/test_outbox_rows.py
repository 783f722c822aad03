"""The outbox in this process, no worker: the row an SMS or a TwiML reply leaves, the task the
broker then holds (which task, which row, which queue, when), a broker that is down (the row
waits for the sweeper, and the next webhooks do not knock again for a few seconds), and the
sweeper's limits to the instant (frozen clock)."""
from __future__ import annotations

import base64
import json
import os
from datetime import datetime, timedelta

import pytest

from hotline.core.clock import now_utc
from hotline.core.redis_client import client
from hotline.messaging import outbox
from hotline.messaging.models import OutboundMessage
from hotline.messaging.providers import STALE_SENDING
from tests.conftest import OUR_NUMBER

TO = "+996700555009"
SHORT = "Гүлчө: 02.12 11:00"
LONG = "Эртең саат 10:00до автобус келет. " * 3  # 102 characters of Cyrillic: two segments


def _tasks(queue: str) -> list[tuple[str, list, datetime | None]]:
    """(task name, args, eta) of each task the broker holds on that queue, oldest first."""
    found = []
    for raw in reversed(client(os.environ["HOTLINE_REDIS_URL"]).lrange(queue, 0, -1)):
        message = json.loads(raw)
        args = json.loads(base64.b64decode(message["body"]))[0]
        eta = message["headers"]["eta"]
        found.append((message["headers"]["task"], args, datetime.fromisoformat(eta) if eta else None))
    return found


def _get(db, message_id: int) -> OutboundMessage:
    db.session.rollback()
    return db.session.get(OutboundMessage, message_id)


def _row(db, **values) -> int:
    values = {"to_phone": TO, "body": SHORT, "status": "queued", "purpose": "reminder", **values}
    message = OutboundMessage(**values)
    db.session.add(message)
    db.session.commit()
    return message.id


# -- rows ----------------------------------------------------------------------------------


def test_an_sms_is_a_queued_row_from_our_number_and_a_task_on_its_queue_after_commit(db):
    message = outbox.queue_sms(TO, LONG, queue="bulk", purpose="reminder", ref_id=41, dedupe_key="visit:41")
    assert _tasks("bulk") == []  # nothing before the commit
    outbox.commit()
    row = _get(db, message.id)
    assert (row.kind, row.to_phone, row.from_phone, row.body, row.queue, row.purpose) == (
        "sms", TO, OUR_NUMBER, LONG, "bulk", "reminder")
    assert (row.ref_id, row.dedupe_key, row.segments, row.status) == (41, "visit:41", 2, "queued")
    assert _tasks("bulk") == [(outbox.SEND_TASK, [message.id], None)]
    assert row.enqueued_at is not None


def test_a_second_sms_with_the_same_key_is_not_added(db):
    first = outbox.queue_sms(TO, SHORT, purpose="reminder", dedupe_key="visit:42")
    outbox.commit()
    assert outbox.queue_sms(TO, SHORT, purpose="reminder", dedupe_key="visit:42") is None
    assert outbox.queue_sms(TO, SHORT, purpose="reminder", dedupe_key="visit:43") is not None
    outbox.commit()
    assert [m.dedupe_key for m in db.session.query(OutboundMessage).order_by(OutboundMessage.id)] == [
        "visit:42", "visit:43"]
    assert first.id == _tasks("default")[0][1][0]


@pytest.mark.parametrize("purpose, kept", [
    ("reminder", False), ("bulk", False),
    ("reply", True), ("alert", True), ("alert_reply", True), ("staff", True),
])
def test_after_stop_only_replies_and_alerts_reach_the_person(db, twilio, purpose, kept):
    twilio.sms(TO, "STOP")
    message = outbox.queue_sms(TO, SHORT, purpose=purpose)
    outbox.commit()
    assert (message is not None) is kept
    assert db.session.query(OutboundMessage).filter_by(body=SHORT).count() == (1 if kept else 0)


def test_an_sms_is_by_default_a_reply_on_the_default_queue(db, twilio):
    """A reply answers what the person just sent: it reaches them even after STOP."""
    twilio.sms(TO, "STOP")
    message = outbox.queue_sms(TO, SHORT)
    outbox.commit()
    assert (_get(db, message.id).queue, _get(db, message.id).purpose) == ("default", "reply")


def test_a_queue_that_does_not_exist_is_refused(db):
    with pytest.raises(ValueError):
        outbox.queue_sms(TO, SHORT, queue="later")
    assert db.session.query(OutboundMessage).count() == 0


def test_a_twiml_reply_is_kept_as_sent_from_our_number_and_never_published(db, frozen_clock):
    moment = frozen_clock("weekday_morning")
    outbox.record_twiml_reply(TO, LONG)
    outbox.commit()
    [row] = db.session.query(OutboundMessage).all()
    assert (row.kind, row.to_phone, row.from_phone, row.body, row.status) == ("reply", TO, OUR_NUMBER, LONG, "sent")
    assert (row.queue, row.purpose, row.segments) == ("default", "reply", 2)
    assert row.created_at == row.updated_at == moment
    assert _tasks("default") == []


# -- publishing ---------------------------------------------------------------------------


def test_a_retry_is_published_with_its_countdown(db, frozen_clock):
    moment = frozen_clock("weekday_morning")
    message_id = _row(db, queue="urgent")
    assert outbox.publish(message_id, "urgent", countdown=30) is True
    assert _tasks("urgent") == [(outbox.SEND_TASK, [message_id], moment + timedelta(seconds=30))]
    assert _get(db, message_id).enqueued_at == moment


@pytest.fixture
def broker(app, monkeypatch):
    """broker.down(): every publish fails as with Redis gone; broker.up(): it answers again."""
    monkeypatch.setattr(outbox, "_broker_down_until", 0.0)
    celery = app.extensions["celery"]
    asked = []
    real = celery.send_task

    def refused(*args, **kwargs):
        asked.append(args)
        raise ConnectionError("Error 111 connecting to the broker")

    class Broker:
        def down(self):
            monkeypatch.setattr(celery, "send_task", refused)

        def up(self):
            monkeypatch.setattr(celery, "send_task", real)

    Broker.asked = asked
    return Broker()


def test_a_row_the_broker_refused_waits_for_the_sweeper(db, broker):
    broker.down()
    message = outbox.queue_sms(TO, SHORT, purpose="reminder")
    outbox.commit()
    assert _get(db, message.id).enqueued_at is None  # the sweeper's to publish
    assert outbox.publish(message.id, "default") is False


def test_after_a_refusal_nobody_knocks_again_for_a_few_seconds(db, broker):
    """Each webhook would otherwise wait for the broker's connect timeout in turn."""
    first, second = _row(db), _row(db)
    broker.down()
    assert outbox.publish(first, "default") is False
    broker.up()
    assert outbox.publish(second, "default") is False  # within BROKER_RETRY_PAUSE: not even asked
    assert len(broker.asked) == 1 and _tasks("default") == []
    outbox._broker_down_until = 0.0  # the pause is over
    assert outbox.publish(second, "default") is True
    assert _tasks("default") == [(outbox.SEND_TASK, [second], None)]


# -- the sweeper, to the instant -------------------------------------------------------------


@pytest.fixture
def frozen_now(frozen_clock):
    frozen_clock("weekday_morning")
    return now_utc()


def test_a_worker_is_given_exactly_its_time_before_its_row_is_freed(db, frozen_now):
    urgent = _row(db, queue="urgent", status="sending", claimed_at=frozen_now - timedelta(seconds=30),
                  enqueued_at=frozen_now - timedelta(seconds=30))
    default = _row(db, status="sending", claimed_at=frozen_now - timedelta(minutes=5),
                   enqueued_at=frozen_now - timedelta(minutes=5))
    assert outbox.sweep() == 0
    assert [_get(db, i).status for i in (urgent, default)] == ["sending", "sending"]


def test_an_urgent_row_freed_is_published_again_in_the_same_sweep(db):
    """Published 40 s ago: not yet "lost" by its age, but its worker died, so it goes now."""
    forty = now_utc() - timedelta(seconds=40)
    urgent = _row(db, queue="urgent", status="sending", claimed_at=forty, enqueued_at=forty)
    assert outbox.sweep() == 1
    freed = _get(db, urgent)
    assert (freed.status, freed.error_code) == ("queued", STALE_SENDING)
    assert _tasks("urgent") == [(outbox.SEND_TASK, [urgent], None)]


def test_a_sent_row_its_worker_claimed_long_ago_stays_sent(db):
    sent = _row(db, status="sent", claimed_at=now_utc() - timedelta(hours=1), enqueued_at=now_utc() - timedelta(hours=1))
    assert outbox.sweep() == 0
    assert (_get(db, sent).status, _get(db, sent).error_code) == ("sent", None)


def test_a_retry_due_this_instant_is_published(db, frozen_now):
    message_id = _row(db, next_attempt_at=frozen_now)
    assert outbox.sweep() == 1
    assert _get(db, message_id).enqueued_at == frozen_now


def test_a_row_published_exactly_a_minute_or_an_hour_ago_is_not_yet_lost(db, frozen_now):
    default = _row(db, enqueued_at=frozen_now - timedelta(seconds=60))
    bulk = _row(db, queue="bulk", enqueued_at=frozen_now - timedelta(hours=1))
    assert outbox.sweep() == 0
    assert [_get(db, i).enqueued_at for i in (default, bulk)] == [
        frozen_now - timedelta(seconds=60), frozen_now - timedelta(hours=1)]


def test_rows_of_one_queue_go_oldest_first_whatever_their_retry_time(db):
    older = _row(db, next_attempt_at=now_utc() - timedelta(seconds=1))
    newer = _row(db, next_attempt_at=now_utc() - timedelta(seconds=30))
    assert outbox.sweep(limit=1) == 1
    assert [_get(db, i).enqueued_at is not None for i in (older, newer)] == [True, False]
