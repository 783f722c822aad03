"""An alert raised by pressing 9 is a voice alert (its timeline and list say so), and an SMS
from the same person while the live call still rings sends the workers' SMS round now."""
from __future__ import annotations

from tests.alerts.conftest import OSH_WORKER, RESIDENT, alerts, outbox_to, press_nine


def test_pressing_nine_raises_a_voice_alert(call, db, roster):
    press_nine(call)
    [alert] = alerts(db)
    assert alert.channel == "voice"


def test_an_sms_while_the_live_call_rings_sends_the_round_at_once(twilio, call, db, roster):
    press_nine(call)
    assert outbox_to(db, OSH_WORKER, "alert") == []  # the SMS wait for the live call
    twilio.sms(RESIDENT, "SOS")
    [alert] = alerts(db)
    assert alert.signals == 2
    assert len(outbox_to(db, OSH_WORKER, "alert")) == 1
