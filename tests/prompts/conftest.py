"""Places, visits and the machine voice for the voice-prompt tests, on a fixed "today"."""
from __future__ import annotations

from datetime import datetime, time

import pytest

from tests.schedule.helpers import add_visit, load_places


@pytest.fixture
def today(monkeypatch):
    """The day the voice reads dates against (today / tomorrow / the 12th of June): one fixed
    moment at 10:00 local, whatever the hour the test runs."""
    from hotline.core.clock import local_to_utc, now_local, to_local

    moment = to_local(local_to_utc(datetime.combine(now_local().date(), time(10, 0))))
    monkeypatch.setattr("ivr_flows.voice.now_local", lambda: moment)
    return moment.date()


@pytest.fixture
def places(db):
    load_places()


@pytest.fixture
def machine_voice(db, places):
    """Every prompt, piece, place and meeting point of the languages played, as after `hotline init`."""
    from hotline.prompts import generate

    generate.refresh()
    return generate


def visit(code: str, day, start: str = "09:30", end: str = "12:00", point: str = "айыл өкмөтү"):
    return add_visit(code, day, start, end, point)
