"""Thin tasks over hotline.alerts."""
from __future__ import annotations

from celery import shared_task

from hotline.core.clock import now_utc
from hotline.messaging import outbox


@shared_task(name="tasks.alerts.escalate_due")
def escalate_due() -> int:
    from hotline.alerts import beat_watch, escalation

    done = escalation.run_due(now_utc())
    outbox.flush_pending()
    try:
        beat_watch.record_pass()  # /healthz and the web hosts' watchers read it
    except Exception:  # noqa: BLE001 - Redis down: the pass itself is done
        pass
    return done
