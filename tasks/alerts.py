"""Thin tasks over hotline.alerts."""
from __future__ import annotations

from celery import shared_task

from hotline.core.clock import now_utc
from hotline.messaging import outbox


@shared_task(name="tasks.alerts.escalate_due")
def escalate_due() -> int:
    from hotline.alerts import escalation

    done = escalation.run_due(now_utc())
    outbox.flush_pending()
    return done
