"""The "unreachable" SMS waits for the person's safe time, whenever the last call failed.

Issue 15: with the safe time ignored the old test caught it only between 12:00 and 20:00 on
a weekday. Here the last NOANSWER comes at each fixed moment and each safe time, and the SMS
is due exactly when the person's next safe window opens (DOMAIN.md: never at night).
"""
from __future__ import annotations

from datetime import timedelta

import pytest

from hotline.callbacks import queue, service
from hotline.callbacks.models import MAX_ATTEMPTS
from tests.callbacks.helpers import RESIDENT, outbox_to

# (moment of the last unanswered call, safe time) -> when the SMS may go, local time
CASES = [
    ("weekday_morning", "evening", "2026-03-11T17:00:00+06:00"),
    ("weekday_afternoon", "morning", "2026-03-12T09:00:00+06:00"),
    ("evening_21_30", "afternoon", "2026-03-12T12:00:00+06:00"),
    ("night_03_00", "morning", "2026-03-12T09:00:00+06:00"),
    ("sunday", "morning", "2026-03-16T09:00:00+06:00"),
    ("holiday", "afternoon", "2026-09-01T12:00:00+06:00"),
    ("weekday_afternoon", "any", "2026-03-11T15:30:00+06:00"),  # inside the window: at once
]


@pytest.mark.parametrize("when, safe_time, due", CASES)
def test_the_unreachable_sms_is_due_when_the_safe_window_opens(db, frozen_clock, when, safe_time, due):
    from datetime import datetime

    now = frozen_clock(when)
    request = service.file_request(RESIDENT, channel="sms", language="ru", now=now, topic="family",
                                   safe_time=safe_time)
    request.status, request.attempts = "assigned", MAX_ATTEMPTS - 1
    db.session.commit()

    assert queue.mark_no_answer(request, now, queue.ZoneInfo("Asia/Bishkek")) == "closed"
    db.session.commit()

    opens = datetime.fromisoformat(due)
    assert request.next_attempt_at == opens
    assert queue.tell_unreachable_due(opens - timedelta(seconds=1)) == 0
    db.session.commit()
    assert queue.tell_unreachable_due(opens) == 1
    db.session.commit()
    assert [m.purpose for m in outbox_to(RESIDENT)] == ["callback"]
