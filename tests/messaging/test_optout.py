"""The outbox asks the opt-out list messaging keeps the registry of; without one it refuses."""
from __future__ import annotations

import pytest

from hotline.messaging import optout, outbox

PHONE = "+996700111222"


def test_a_phone_that_said_stop_gets_no_sms(db, twilio):
    twilio.sms(PHONE, "STOP")
    assert outbox.queue_sms(PHONE, "Гүлчө: 30.11 09:30", purpose="reminder") is None
    assert outbox.queue_sms("+996700111333", "Гүлчө: 30.11 09:30", purpose="reminder") is not None


def test_without_an_opt_out_list_nothing_is_queued(db, monkeypatch):
    monkeypatch.setattr(optout, "_LISTS", [])
    with pytest.raises(RuntimeError, match="no opt-out list"):
        outbox.queue_sms(PHONE, "Гүлчө: 30.11 09:30", purpose="reminder")
