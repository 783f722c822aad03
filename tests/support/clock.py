"""Fixed moments for the time-sensitive tests, and the frozen clock that puts a test there.

What a test proves must not depend on when it runs: a test of quiet hours, safe windows or
working days runs at each moment below (pytest.mark.parametrize over MOMENTS), with the test
process's clock frozen by time-machine and any worker it starts at the same moment
(HOTLINE_TEST_CLOCK, read by hotline.core.clock.start_test_clock).
"""
from __future__ import annotations

from datetime import datetime

# Local time in Bishkek (+06:00, no daylight saving). 2026-03-11 is a Wednesday.
MOMENTS = {
    "weekday_morning": "2026-03-11T10:00:00+06:00",
    "weekday_afternoon": "2026-03-11T15:30:00+06:00",
    "evening_21_30": "2026-03-11T21:30:00+06:00",
    "night_03_00": "2026-03-12T03:00:00+06:00",
    "sunday": "2026-03-15T12:00:00+06:00",
    "holiday": "2026-08-31T12:00:00+06:00",  # Independence Day, a Monday
}
HOLIDAYS = ("08-31",)  # HOTLINE_HOLIDAYS while a test's clock is frozen
QUIET = {"evening_21_30", "night_03_00"}  # SMS quiet hours (21:00-08:00)


def moment(name: str) -> datetime:
    return datetime.fromisoformat(MOMENTS[name])


def process_env(name: str) -> dict:
    """The env of a worker or beat process that must see the same moment as the test."""
    return {"HOTLINE_TEST_CLOCK": MOMENTS[name], "HOTLINE_HOLIDAYS": ",".join(HOLIDAYS)}
