"""The periodic jobs. Several beats may run, one acts (redbeat's lock, tasks/celery_app.py);
each job is safe to run twice anyway. The spool is not here: each web host replays its
own (hotline/webhooks/replayer.py)."""
from __future__ import annotations

from datetime import timedelta

# name -> (task, every, queue). Domain issues add their own lines here.
JOBS = {
    "sweep-outbox": ("tasks.messaging.sweep_outbox", timedelta(seconds=10), "urgent"),
    "escalate-alerts": ("tasks.alerts.escalate_due", timedelta(seconds=2), "urgent"),
    "callbacks-tick": ("tasks.callbacks.tick", timedelta(minutes=1), "default"),
    "purge-old-data": ("tasks.maintenance.purge_old_data", timedelta(hours=6), "default"),
    "schedule-reminders": ("tasks.schedule.tick", timedelta(minutes=1), "bulk"),
    "live-notices": ("tasks.live.tick", timedelta(seconds=30), "default"),
    # An import or an admin edit of places or visits is voiced within a minute; until then
    # the previous recording plays (or, for a brand-new name, the prompt is said in Russian).
    "prompts-refresh": ("tasks.prompts.refresh", timedelta(minutes=1), "bulk"),
}


def beat_schedule() -> dict:
    return {
        name: {"task": task, "schedule": every, "options": {"queue": queue, "expires": every.total_seconds() * 3}}
        for name, (task, every, queue) in JOBS.items()
    }
