"""HOTLINE_TEST_CLOCK is for tests only (hotline.core.clock.start_test_clock). That a worker
started with it sees the moment is proven by tests/test_beat_at_fixed_moments.py."""
from __future__ import annotations

import pytest

from hotline.config import ConfigError
from hotline.core.clock import start_test_clock


def test_production_refuses_a_test_clock():
    with pytest.raises(ConfigError, match="for tests only"):
        start_test_clock({"HOTLINE_TEST_CLOCK": "2026-03-11T10:00:00+06:00", "HOTLINE_ENV": "production"})


@pytest.mark.parametrize("value", ["2026-03-11T10:00:00", "tomorrow"])
def test_a_moment_without_an_offset_or_not_a_moment_is_refused(value):
    with pytest.raises(ConfigError, match="HOTLINE_TEST_CLOCK"):
        start_test_clock({"HOTLINE_TEST_CLOCK": value})


def test_no_setting_no_travel():
    assert start_test_clock({}) is None
