"""An urgent message never waits behind bulk ones: its own queue, its own worker."""
from __future__ import annotations

import time

from hotline.messaging import outbox
from tests.conftest import start_worker


def test_urgent_overtakes_a_paced_bulk_backlog(app, db, standin, live_server):
    workers = [start_worker("urgent", env={"HOTLINE_SEND_RATE": "2"}),
               start_worker("default,bulk", env={"HOTLINE_SEND_RATE": "2"})]
    try:
        for n in range(40):
            outbox.queue_sms(f"+99670010{n:04d}", f"reminder {n}", queue="bulk", purpose="reminder")
        outbox.commit()
        standin.wait_for_messages(2, timeout=20)  # the bulk worker is busy, 2 a second
        started = time.monotonic()
        outbox.queue_sms("+996555000111", "URGENT A1", queue="urgent", purpose="alert")
        outbox.commit()
        standin.wait_for_messages(1, to="+996555000111", timeout=10)
        waited = time.monotonic() - started
        bulk_sent = len([m for m in standin.messages() if m.body.startswith("reminder")])
    finally:
        for worker in workers:
            worker.stop()
    assert waited < 3, f"urgent waited {waited:.1f}s"
    assert bulk_sent < 40  # it overtook the backlog rather than waiting for its end
