"""What a coordinator reads on an alert's timeline (the admin page, `hotline alerts show`):
each event's kind, who it was, and its detail: by which channel it came, that the live call
rings, after how long it was taken, how it ended, how long the recording is."""
from __future__ import annotations

import pytest

from tests.alerts.conftest import COORDINATOR, OSH_WORKER, RESIDENT, alerts, press_nine, raise_alert


def timeline(db) -> list[tuple[str, int | None, str]]:
    [alert] = alerts(db)
    return [(e.kind, e.staff_id, e.detail) for e in alert.events]


def test_an_sms_alert_reads_created_by_sms_and_the_next_sms_as_a_signal_by_sms(twilio, db, roster):
    raise_alert(twilio, db)
    twilio.sms(RESIDENT, "SOS again")
    assert timeline(db) == [("created", None, "sms"),
                            ("notified", roster.osh.id, "sms tier 1 round 0"),
                            ("notified", roster.naryn.id, "sms tier 1 round 0"),
                            ("signal", None, "sms")]


def test_a_voice_alert_reads_created_by_voice_while_the_live_call_rings(call, db, roster):
    press_nine(call)
    assert timeline(db) == [("created", None, "voice"),
                            ("dialing", None, "live call to on-duty workers")]


def test_an_ack_reads_who_took_it_and_after_how_many_seconds(twilio, db, roster, clock):
    alert = raise_alert(twilio, db)
    clock.shift(95)
    twilio.sms(OSH_WORKER, f"ACK {alert.id}")
    assert timeline(db)[-2:] == [("acknowledged", roster.osh.id, "after 95s"),
                                 ("number_sent", roster.osh.id, "")]


def test_a_long_outcome_is_kept_to_500_characters_and_read_on_the_timeline_to_150(twilio, db, roster):
    alert = raise_alert(twilio, db)
    twilio.sms(OSH_WORKER, f"ACK {alert.id}")
    outcome = "".join(str(n % 10) for n in range(700))  # one word: nothing to split on
    twilio.sms(OSH_WORKER, f"DONE {alert.id} {outcome}")
    assert alerts(db)[0].outcome == outcome[:500]
    assert timeline(db)[-1] == ("closed", roster.osh.id, outcome[:150])


def test_a_coordinator_closing_an_open_alert_is_named_as_taker_and_closer(twilio, db, roster, clock):
    alert = raise_alert(twilio, db)
    clock.shift(30)
    twilio.sms(COORDINATOR, f"DONE {alert.id} false alarm")
    assert [event for event in timeline(db) if event[0] in ("acknowledged", "closed")] == [
        ("acknowledged", roster.coordinator.id, "after 30s"), ("closed", roster.coordinator.id, "false alarm")]


@pytest.mark.parametrize(("duration", "detail"), [({"RecordingDuration": "12"}, "12s"), ({}, "?s")])
def test_the_recording_reads_its_length_or_a_question_mark(call, db, roster, duration, detail):
    c = press_nine(call)
    c.press(None, DialCallStatus="no-answer")
    c.press(None, RecordingUrl="https://api.twilio.com/rec/RE1", **duration)
    assert timeline(db)[-1] == ("recording", None, detail)


def test_a_recording_url_is_kept_to_the_500_its_column_holds(call, db, roster):
    c = press_nine(call)
    c.press(None, DialCallStatus="no-answer")
    url = "https://api.twilio.com/rec/RE" + "".join(str(n % 10) for n in range(600))
    c.press(None, RecordingUrl=url, RecordingDuration="3")
    assert alerts(db)[0].recording_url == url[:500]
