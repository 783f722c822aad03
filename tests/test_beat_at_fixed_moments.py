"""The beat's jobs on a real worker whose clock stands at a fixed moment (HOTLINE_TEST_CLOCK).

These replace tests that skipped, or checked nothing, whenever the real clock was in quiet
hours (issue 15). One worker per moment for the whole module; each test sends the beat's
task and waits for that worker's own "succeeded" line before it looks at the rows.
"""
from __future__ import annotations

from datetime import datetime

import pytest

from hotline.core.clock import now_utc
from hotline.extensions import db as database
from tests.conftest import start_worker_at
from tests.live.conftest import CREW, count_live, events, subscriber, visit
from tests.schedule.helpers import add_visit, in_days
from tests.support.clock import MOMENTS, QUIET

pytestmark = pytest.mark.worker
A = "+996700000001"


@pytest.fixture(scope="module", params=["weekday_afternoon", "night_03_00"])
def moment_worker(request, app, live_server):
    process = start_worker_at(request.param)
    process.moment = request.param
    yield process
    process.stop()


@pytest.fixture
def moment(moment_worker, frozen_clock):
    frozen_clock(moment_worker.moment, tick=True)
    return moment_worker.moment


def run_task(worker, app, task: str, queue: str) -> None:
    """Send the beat's task and wait until that worker has run it."""
    result = app.extensions["celery"].send_task(task, queue=queue)
    worker.wait_for(f"Task {task}[{result.id}] succeeded", timeout=20)


@pytest.fixture
def crew(db):
    from hotline.staff import service as staff_service
    from tests.schedule.helpers import load_places

    load_places()
    member = staff_service.add_staff("Aibek", CREW, "social_worker")
    database.session.commit()
    return member


# moment -> the visit's hours and the NEXT time (a notice due at 16:30, and at 08:00)
NEXT_AT = {"weekday_afternoon": ("17:00", "19:00", "17:30"), "night_03_00": ("09:00", "11:00", "09:00")}


def test_the_live_tick_releases_a_due_notice_by_day_and_holds_it_by_night(
        twilio, crew, moment, moment_worker, standin, app):
    from tasks.live import TICK

    starts, ends, expected = NEXT_AT[moment]
    visit("1402", starts, ends)
    subscriber(A, "1402", lang="ky")
    twilio.sms(CREW, f"NEXT 1402 {expected}")
    [event] = events()
    assert event.notice_state == "pending"
    event.notify_at = now_utc()  # due now, as the beat finds it
    database.session.commit()

    run_task(moment_worker, app, TICK, "default")

    if moment in QUIET:
        [event] = events()
        assert (event.notice_state, event.notify_at) == (
            "pending", datetime.fromisoformat(MOMENTS[moment].replace("03:00", "08:00")))
        assert count_live() == 0
    else:
        assert [m.body for m in standin.wait_for_messages(1, to=A, timeout=15)] == [
            f"Автобус жолдо: Ак-Кыя, болжол менен {expected}, айыл өкмөтү"]


def test_the_schedule_tick_sends_a_change_notice_by_day_and_not_by_night(
        twilio, crew, moment, moment_worker, standin, app):
    from sqlalchemy import func, select

    from hotline.messaging.models import OutboundMessage
    from hotline.schedule import service
    from hotline.schedule.models import Visit

    stop = add_visit("1101", in_days(3))
    twilio.sms(A, "bus gulcho")  # a recent asker hears of changes
    service.change_visit(stop.id, "cancelled")
    database.session.commit()

    run_task(moment_worker, app, "tasks.schedule.tick", "bulk")

    if moment in QUIET:
        database.session.commit()
        assert database.session.scalar(select(func.count(OutboundMessage.id)).where(
            OutboundMessage.purpose == "visit_change")) == 0
        changed = database.session.get(Visit, stop.id)
        assert changed.notified_revision < changed.revision  # still to tell, in the morning
    else:
        [notice] = standin.wait_for_messages(1, to=A, timeout=15)
        assert notice.body.startswith("Сапар жокко")
