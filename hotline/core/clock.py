"""Local time (HOTLINE_TIMEZONE) for replies and schedules; UTC everywhere else."""
from __future__ import annotations

from datetime import datetime, timezone
from zoneinfo import ZoneInfo

from flask import current_app


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
