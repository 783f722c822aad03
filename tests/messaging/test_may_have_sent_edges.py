"""Which Twilio answers leave a message possibly sent (sender looks it up before sending again,
so the person gets no second SMS): HTTP 5xx and Twilio's 205xx server errors, and nothing
just outside those ranges (a 4xx refusal or a 206xx code is resent or failed as it is)."""
from __future__ import annotations

import pytest

from hotline.messaging.providers import may_have_sent


@pytest.mark.parametrize(("code", "maybe"), [
    ("499", False), ("500", True), ("599", True), ("600", False),
    ("20499", False), ("20500", True), ("20599", True), ("20600", False),
])
def test_server_error_ranges_end_exactly_at_their_edges(code, maybe):
    assert may_have_sent(code) is maybe
