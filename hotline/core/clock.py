"""Local time (HOTLINE_TIMEZONE) for replies and schedules; UTC everywhere else."""
from __future__ import annotations

import os
from datetime import datetime, timezone
from zoneinfo import ZoneInfo

from flask import current_app

# Tests only: the moment (ISO 8601 with an offset) a process's clock starts at, so a worker
# or beat process a test starts sees the moment the test froze its own clock at.
TEST_CLOCK_ENV = "HOTLINE_TEST_CLOCK"
_test_clock = None  # the running time_machine traveller, once started


def local_tz() -> ZoneInfo:
    return current_app.config["SETTINGS"].tz


def now_utc() -> datetime:
    return datetime.now(timezone.utc)


def now_local() -> datetime:
    return now_utc().astimezone(local_tz())


def to_local(moment: datetime) -> datetime:
    return moment.astimezone(local_tz())


def local_to_utc(naive_local: datetime) -> datetime:
    return naive_local.replace(tzinfo=local_tz()).astimezone(timezone.utc)


def fmt_date(moment: datetime) -> str:
    """Dates in replies are DD.MM, local (CONTRACT.md)."""
    return to_local(moment).strftime("%d.%m")


def fmt_time(moment: datetime) -> str:
    return to_local(moment).strftime("%H:%M")


def start_test_clock(environ=os.environ) -> datetime | None:
    """HOTLINE_TEST_CLOCK set: this process's time starts at that moment and ticks on.

    The whole process travels (time-machine patches datetime and time.time), not only
    now_utc(): Celery's ETAs and the test process's frozen clock must agree. Refused in
    production, where the setting can only be a mistake; time-machine is a dev dependency."""
    global _test_clock
    value = (environ.get(TEST_CLOCK_ENV) or "").strip()
    if not value or _test_clock is not None:
        return None
    from hotline.config import ConfigError

    if environ.get("HOTLINE_ENV", "development") == "production":
        raise ConfigError(f"{TEST_CLOCK_ENV} is for tests only: unset it in production")
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        raise ConfigError(f"{TEST_CLOCK_ENV} must be an ISO 8601 moment, got {value!r}") from None
    if moment.tzinfo is None:
        raise ConfigError(f"{TEST_CLOCK_ENV} needs an offset (2026-03-11T10:00+06:00), got {value!r}")
    import time_machine

    _test_clock = time_machine.travel(moment, tick=True)
    _test_clock.start()
    return moment
