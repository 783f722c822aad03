"""Celery wired the way Flask's Celery pattern does: every task runs in an app context.

Reliability settings (DOMAIN.md): late acks and reject-on-worker-lost, so a
killed worker's task is redelivered (tasks are idempotent); short broker
timeouts, so publishing fails fast when Redis is down and the outbox sweeper
takes over; far-future work stays in the database, never in long ETAs.

Beat is celery-redbeat: the schedule lives in Redis and a Redis lock lets one of
several `hotline beat` processes act while the others wait for the lock; a dead
holder's lock expires after BEAT_LOCK_SECONDS and a waiting beat takes it within
a loop interval more (docs/deployment.md).
"""
from __future__ import annotations

import importlib.util
import os

from celery import Celery, Task
from flask import Flask
from kombu import Queue
from sqlalchemy.exc import OperationalError

from hotline.core import redis_client
from hotline.extensions import db
from hotline.sqlite import is_lock_error

from tasks.beat import beat_schedule

QUEUES = ("urgent", "default", "bulk")
# A standby beat takes over at most this plus a loop interval (a third) after the
# active one died: 20 s, inside the 30 s the issue asks.
BEAT_LOCK_SECONDS = 15
# One module of thin tasks per domain; a domain not built yet is skipped.
TASK_MODULES = ("tasks.messaging", "tasks.maintenance", "tasks.schedule", "tasks.callbacks",
                "tasks.alerts", "tasks.live", "tasks.prompts")


def celery_init_app(app: Flask) -> Celery:
    class FlaskTask(Task):
        def __call__(self, *args, **kwargs):
            with app.app_context():
                try:
                    return self.run(*args, **kwargs)
                except OperationalError as error:
                    db.session.rollback()
                    if is_lock_error(error):  # SQLite busy: run again shortly
                        raise self.retry(countdown=0.2, max_retries=20)
                    raise
                finally:
                    db.session.remove()

    settings = app.config["SETTINGS"]
    broker_url, sentinel_options = redis_client.celery_broker(settings.redis_url)
    celery = Celery(app.name, task_cls=FlaskTask)
    celery.conf.update(
        broker_url=broker_url,
        task_ignore_result=True,
        result_backend=None,
        task_acks_late=True,
        task_reject_on_worker_lost=True,
        worker_prefetch_multiplier=1,
        task_default_queue="default",
        task_queues=[Queue(name) for name in QUEUES],
        task_create_missing_queues=False,
        broker_connection_retry_on_startup=True,
        broker_connection_timeout=1,
        broker_transport_options={
            # Seconds before Redis hands an unacked task (its worker died) to another
            # worker; the fault tests shorten it.
            "visibility_timeout": int(os.environ.get("HOTLINE_BROKER_VISIBILITY_TIMEOUT") or 3600),
            # kombu looks for such tasks every 10 s but scans only every 10th look by
            # default (~100 s): scan every look, it is one ZRANGE. A worker killed while
            # it held the scan's lock blocks scans until the lock expires (300 s by default).
            "unacked_restore_throttle": 1,
            "unacked_mutex_expire": 60,
            "socket_connect_timeout": 1,
            "socket_timeout": 5,
            "max_connections": 20,
            **sentinel_options,
        },
        task_publish_retry=False,
        beat_schedule=beat_schedule(),
        **beat_settings(settings.redis_url),
        timezone="UTC",
        worker_hijack_root_logger=False,
        include=[name for name in TASK_MODULES if importlib.util.find_spec(name)],
    )
    celery.set_default()
    app.extensions["celery"] = celery
    return celery


def beat_settings(redis_url: str) -> dict:
    """One active beat among several: the holder extends its lock at every tick (at
    most every loop interval); the fault tests shorten the lock through the env."""
    lock_seconds = int(os.environ.get("HOTLINE_BEAT_LOCK_SECONDS") or BEAT_LOCK_SECONDS)
    return {
        "beat_scheduler": "redbeat.RedBeatScheduler",
        "redbeat_key_prefix": "hotline:redbeat",
        "redbeat_lock_timeout": lock_seconds,
        "beat_max_loop_interval": max(1, lock_seconds // 3),
        **redis_client.redbeat_options(redis_url),
    }
