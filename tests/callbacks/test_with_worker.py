"""With a real Celery worker: the lawyer's SMS reaches the Twilio stand-in; the tick task assigns."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

from flask import current_app

from hotline.callbacks import service
from tests.callbacks.helpers import (LAWYER_NARYN, LAWYER_OSH, RESIDENT, add_lawyers, open_request,
                                     outbox_to)


def all_sent(phone: str) -> bool:
    """The worker has finished writing (so the next test's cleanup finds SQLite unlocked)."""
    rows = outbox_to(phone)
    return bool(rows) and all(row.status == "sent" for row in rows)


def test_the_lawyer_sms_reaches_twilio_after_the_dialogue(db, twilio, worker, standin, eventually):
    add_lawyers()
    for text in ("ЮРИСТ", "2", "4", "0"):
        twilio.sms(RESIDENT, text)
    request = open_request()
    sent = standin.wait_for_messages(1, to=LAWYER_OSH, timeout=20)
    body = sent[0].body
    assert request.reference in body and RESIDENT in body
    assert "имущество" in body and "в любое время" in body
    assert eventually(lambda: all_sent(LAWYER_OSH), timeout=10)


def test_the_tick_task_assigns_a_settled_missed_call_and_sms_goes_out(db, worker, standin, eventually):
    add_lawyers()
    long_ago = datetime.now(timezone.utc) - timedelta(hours=1)
    request = service.file_request(RESIDENT, channel="missed_call", language="ky", now=long_ago)
    request.oblast = "naryn"
    db.session.commit()
    current_app.extensions["celery"].send_task("tasks.callbacks.tick", queue="default")
    sent = standin.wait_for_messages(1, to=LAWYER_NARYN, timeout=20)
    assert request.reference in sent[0].body
    assert eventually(lambda: open_request().status == "assigned", timeout=10)
    assert eventually(lambda: all_sent(LAWYER_NARYN), timeout=10)
