"""Thin tasks over hotline.messaging."""
from __future__ import annotations

import redis
from celery import shared_task
from flask import current_app

from hotline.core import redis_client
from hotline.messaging import outbox, sender

def _redis() -> redis.Redis:
    return redis_client.shared_client(current_app.config["SETTINGS"].redis_url)


@shared_task(name="tasks.messaging.send_message")
def send_message(message_id: int) -> str:
    outcome = sender.deliver(message_id, _redis())
    if outcome.retry_in is not None:
        outbox.publish(message_id, outcome.queue, countdown=outcome.retry_in)
    outbox.flush_pending()
    return outcome.status


@shared_task(name="tasks.messaging.sweep_outbox")
def sweep_outbox() -> int:
    return outbox.sweep()
