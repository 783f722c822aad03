"""Thin tasks over hotline.schedule: the reminder / notice job, and a nudge to run it now."""
from __future__ import annotations

from celery import shared_task

from hotline.messaging import outbox
from hotline.schedule import reminders

TICK = "tasks.schedule.tick"
LOCK_SECONDS = 300


@shared_task(name=TICK)
def tick() -> dict:
    """One run at a time (a Redis lock); each message has its dedupe_key anyway."""
    from tasks.messaging import _redis

    lock = _redis().lock("lock:tasks.schedule.tick", timeout=LOCK_SECONDS, blocking=False)
    if not lock.acquire():
        return {"skipped": "another run holds the lock"}
    try:
        counts = reminders.tick()
        outbox.commit()
        return counts
    finally:
        try:
            lock.release()
        except Exception:  # expired while we ran: nothing to release
            pass
