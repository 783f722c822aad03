"""Housekeeping: purge what we no longer need to keep. (Spooled webhooks are replayed
on the host that spooled them, by hotline/webhooks/replayer.py.)"""
from __future__ import annotations

from celery import shared_task

from hotline import retention


@shared_task(name="tasks.maintenance.purge_old_data")
def purge_old_data() -> dict:
    return retention.purge()
