"""Housekeeping: replay spooled webhooks, purge what we no longer need to keep."""
from __future__ import annotations

from celery import shared_task

from hotline import retention
from hotline.webhooks import spool
from hotline.webhooks.replay import replay_item


@shared_task(name="tasks.maintenance.replay_spool")
def replay_spool() -> int:
    return spool.replay(replay_item)


@shared_task(name="tasks.maintenance.purge_old_data")
def purge_old_data() -> dict:
    return retention.purge()
