"""Thin tasks over hotline.messaging."""
from __future__ import annotations

import redis
from celery import shared_task
from flask import current_app

from hotline.embedded_redis import redis_py_url
from hotline.messaging import outbox, sender

_redis_clients: dict[str, redis.Redis] = {}


def _redis() -> redis.Redis:
    url = redis_py_url(current_app.config["SETTINGS"].redis_url)
    if url not in _redis_clients:
        _redis_clients[url] = redis.Redis.from_url(url, socket_connect_timeout=1, socket_timeout=2)
    return _redis_clients[url]


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
