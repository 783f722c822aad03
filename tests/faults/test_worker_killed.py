"""A Celery worker killed with SIGKILL (the whole worker, not one pool process) while
its task waits on the Twilio API; then a new worker starts.

What the design promises (tasks/celery_app.py, hotline/messaging/sender.py, outbox.sweep):
- acks_late: the task stays unacked in Redis and is handed to another worker once
  its visibility timeout has passed (1 h in production; 3 s here through
  HOTLINE_BROKER_VISIBILITY_TIMEOUT). The redelivered task finds its row `sending`
  (claimed by the dead worker) and leaves it: the claim keeps the send to one.
- the sweeper frees rows left `sending` for longer than `sending_stale_after`
  (5 minutes; 0 here), marked `stale_sending`, and publishes them again.
- Twilio has no idempotency key: the new worker first asks Twilio's message list
  whether the dead worker's request created the message, and records it if so.
  Exactly once either way.
"""
from __future__ import annotations

import os
import re
import signal
import time
from datetime import timedelta

import pytest

from tests.conftest import start_worker, wait_until
from tests.faults.support import outbox_rows, private_app, private_redis, sweep  # noqa: F401

pytestmark = [pytest.mark.faults, pytest.mark.worker]

TO = "+996700555888"
VISIBILITY = 3


def _status(db, message_id: int) -> str:
    db.session.rollback()
    from hotline.messaging.models import OutboundMessage

    return db.session.get(OutboundMessage, message_id).status


@pytest.mark.parametrize("twilio_took_it", [False, True], ids=["request-lost", "answer-lost"])
def test_a_worker_killed_mid_send_gets_the_message_sent_after_a_new_worker_starts(
        app, db, standin, private_redis, twilio_took_it):
    from hotline.messaging import outbox

    env = {"HOTLINE_REDIS_URL": private_redis.url, "HOTLINE_BROKER_VISIBILITY_TIMEOUT": str(VISIBILITY)}
    flask_app = private_app(app, private_redis.url)
    first = start_worker("urgent", env=env)
    second = None
    try:
        standin.hang_next(1, seconds=30, create=twilio_took_it)
        with flask_app.app_context():
            message_id = outbox.queue_sms(TO, "killed worker test", queue="urgent", purpose="alert").id
            outbox.commit()
        # The worker claimed the row and its request is hanging at "Twilio".
        standin.wait_for(lambda records: any(r.to == TO for r in records), timeout=20)
        assert _status(db, message_id) == "sending"
        os.killpg(first.proc.pid, signal.SIGKILL)
        first.proc.wait(10)
        first.stop()
        time.sleep(VISIBILITY + 1)  # the unacked task's visibility timeout has passed

        second = start_worker("urgent", env=env)
        # On start the new worker takes the unacked task back from Redis: redelivered...
        # Any task id: the log masks digit runs that could be a phone number, inside ids too.
        wait_until(lambda: re.search(r"send_message\[[^\]]+\] received",
                                     second.log_path.read_text(errors="replace")), timeout=60,
                   message="the task redelivered to the new worker")  # kombu restores on its own poll cycle
        # ...and it leaves the row alone: the dead worker's claim still holds it.
        standin.assert_no_more_messages(1 if twilio_took_it else 0, to=TO, quiet=1)
        assert _status(db, message_id) == "sending"

        # The sweeper frees the stale claim; the new worker sends.
        wait_until(lambda: sweep(flask_app, sending_stale_after=timedelta(0)) >= 0
                   and _status(db, message_id) == "sent", timeout=30, interval=1,
                   message="the message sent after the sweep")
        [sent] = standin.assert_no_more_messages(1, to=TO, quiet=2)  # no late second copy
        db.session.rollback()
        from hotline.messaging.models import OutboundMessage

        assert db.session.get(OutboundMessage, message_id).provider_sid == sent.sid
        assert [r.params["To"] for r in standin.list_requests] == [TO]  # asked Twilio before the resend
    finally:
        for worker in (first, second):
            if worker is not None:
                worker.stop()
