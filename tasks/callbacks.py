"""Thin tasks over hotline.callbacks: hand settled requests to lawyers, remind retries."""
from __future__ import annotations

from celery import shared_task

from hotline.callbacks import queue
from hotline.core.clock import now_utc
from hotline.messaging import outbox


@shared_task(name="tasks.callbacks.tick")
def tick() -> dict:
    """Every minute: round-robin what waits, tell a dialogue left half-way its reference, re-notify lawyers whose retry window opened,
    tell the unreachable in their safe window."""
    now = now_utc()
    assigned = queue.auto_assign(now)
    told_reference = queue.tell_left_halfway(now)
    reminded = queue.remind_due(now)
    told = queue.tell_unreachable_due(now)
    outbox.commit()  # the SMS go out through the outbox after this commit
    return {"assigned": assigned, "told_reference": told_reference, "reminded": reminded,
            "told_unreachable": told}
