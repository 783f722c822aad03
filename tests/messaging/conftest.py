"""Fixtures of the messaging tests."""
from __future__ import annotations

import dataclasses

import pytest


@pytest.fixture
def rate(app, monkeypatch):
    """rate(2.0): the send rate per number the sender paces to, for this test."""
    def per_second(value: float):
        monkeypatch.setitem(app.config, "SETTINGS",
                            dataclasses.replace(app.config["SETTINGS"], send_rate_per_second=value))
    return per_second
