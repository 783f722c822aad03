"""Keep the console readable: the routine runs of the frequent beat jobs are not logged.

`escalate-alerts` runs every 2 s, the outbox sweep every 10 s: at INFO, their "Sending due
task", "received" and "succeeded" lines were most of what the start command printed. A
failure is logged above INFO and still shows; jobs that run once a minute or less often
are still logged.
"""
from __future__ import annotations

import logging
from datetime import timedelta

FREQUENT = timedelta(minutes=1)
# Where Celery logs each due job (beat), each task received (worker) and each success.
ROUTINE_LOGGERS = ("celery.beat", "celery.worker.strategy", "celery.app.trace")


class RoutineFilter(logging.Filter):
    def __init__(self, words: set[str]):
        super().__init__()
        self.words = words

    def filter(self, record: logging.LogRecord) -> bool:
        if record.levelno > logging.INFO:
            return True
        message = record.getMessage()
        return not any(word in message for word in self.words)


def frequent_job_words() -> set[str]:
    """The names and task names of the jobs that run more often than once a minute."""
    from tasks.beat import JOBS

    return {word for name, (task, every, _) in JOBS.items() if every < FREQUENT for word in (name, task)}


def install() -> RoutineFilter:
    routine = RoutineFilter(frequent_job_words())
    for name in ROUTINE_LOGGERS:
        logging.getLogger(name).addFilter(routine)
    return routine
