"""Thin task over hotline.live: release the crew's notices whose time has come (NEXT, held at night)."""
from __future__ import annotations

from celery import shared_task

from hotline.core.clock import now_utc
from hotline.live import notices
from hotline.messaging import outbox

TICK = "tasks.live.tick"
LOCK_SECONDS = 120


@shared_task(name=TICK)
def tick() -> dict:
    """One run at a time (a Redis lock); rows are locked and every SMS has its dedupe_key anyway."""
    from tasks.messaging import _redis

    lock = _redis().lock("lock:tasks.live.tick", timeout=LOCK_SECONDS, blocking=False)
    if not lock.acquire():
        return {"skipped": "another run holds the lock"}
    try:
        queued = notices.release_due(now_utc())
        outbox.commit()
        return {"queued": queued}
    finally:
        try:
            lock.release()
        except Exception:  # expired while we ran: nothing to release
            pass
