"""What the start command prints: no routine line every two seconds, Alembic quiet, ids whole."""
from __future__ import annotations

import json
import logging
import os

import redis

from hotline.embedded_redis import redis_py_url
from tasks import quiet
from tests.conftest import Process, wait_until


def _record(logger: str, message: str, level: int = logging.INFO) -> logging.LogRecord:
    return logging.LogRecord(logger, level, __file__, 1, message, None, None)


def test_the_frequent_jobs_routine_lines_are_dropped_and_their_failures_kept():
    routine = quiet.RoutineFilter(quiet.frequent_job_words())
    assert not routine.filter(_record("celery.beat", "Scheduler: Sending due task escalate-alerts "
                                                     "(tasks.alerts.escalate_due)"))
    assert not routine.filter(_record("celery.app.trace", "Task tasks.messaging.sweep_outbox[1-2] succeeded"))
    assert routine.filter(_record("celery.beat", "Scheduler: Sending due task callbacks-tick "
                                                 "(tasks.callbacks.tick)"))  # once a minute: kept
    assert routine.filter(_record("celery.app.trace", "Task tasks.alerts.escalate_due[1-2] raised", logging.ERROR))


def _queued_task_names(client: redis.Redis, queue: str) -> list[str]:
    return [json.loads(raw)["headers"]["task"] for raw in client.lrange(queue, 0, -1)]


def test_the_beat_sends_escalate_alerts_without_saying_so_every_two_seconds():
    client = redis.Redis.from_url(redis_py_url(os.environ["HOTLINE_REDIS_URL"]))
    client.delete("urgent")
    beat = Process("beat").wait_ready("beat: Starting", timeout=30)
    try:
        # The same source as the output: the beat's escalate-alerts runs reach the queue ...
        wait_until(lambda: _queued_task_names(client, "urgent").count("tasks.alerts.escalate_due") >= 2,
                   timeout=15, message="two escalate-alerts runs queued")
    finally:
        beat.stop()
        client.delete("urgent")
    # ... and none of them is on the console.
    assert "escalate-alerts" not in beat.output() and "escalate_due" not in beat.output()


def test_init_says_what_it_migrated_once_and_alembic_stays_quiet(tmp_path):
    import subprocess
    import sys

    env = {k: v for k, v in os.environ.items() if k != "HOTLINE_DATABASE_URL"}
    env["HOTLINE_INSTANCE_DIR"] = str(tmp_path)

    def init() -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-m", "hotline", "init"], env=env, capture_output=True,
                              text=True, timeout=120)

    first, again = init(), init()
    assert first.stdout.startswith("schema migrated: 0001_foundation, ") and "0004_alerts" in first.stdout
    assert again.stdout == "schema is up to date\n"
    assert "alembic" not in first.stderr + again.stderr
