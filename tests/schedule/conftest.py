"""Lets schedule tests put a line (the matching accuracy) in pytest's final summary."""
from __future__ import annotations

from collections.abc import Callable

import pytest

_SUMMARY_LINES = pytest.StashKey[list[str]]()


@pytest.fixture
def report_in_summary(request: pytest.FixtureRequest) -> Callable[[str], None]:
    """Call with a line to show it at the end of any pytest run, -q included."""
    lines = request.config.stash.setdefault(_SUMMARY_LINES, [])
    return lines.append


def pytest_terminal_summary(terminalreporter, exitstatus, config) -> None:
    lines = config.stash.get(_SUMMARY_LINES, [])
    if lines:
        terminalreporter.section("schedule: place matching")
        for line in lines:
            terminalreporter.write_line(line)
