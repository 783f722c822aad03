"""Watching escalation (hotline/alerts/beat_watch.py), its clock given explicitly:
the escalation job's mark, the stale status, one SMS to each coordinator however
many watchers look, one when it is back. The real processes: tests/faults/test_beat_stale.py."""
from __future__ import annotations

import pytest

from hotline.alerts import beat_watch
from ivr_flows import texts
from tests.alerts.conftest import COORDINATOR, OSH_WORKER, outbox_to

T0 = 1_000_000.0  # wall-clock seconds; the watcher is given `now` explicitly
INTERVAL = 2.0  # tasks/beat.py: escalate-alerts every 2 s


def test_stale_after_three_intervals_without_a_pass(app, db):
    assert beat_watch.status(T0) == "stale"  # no pass ever recorded
    beat_watch.record_pass(T0)
    assert beat_watch.status(T0 + 3 * INTERVAL) == "ok"
    assert beat_watch.status(T0 + 3 * INTERVAL + 0.1) == "stale"


def test_each_coordinator_gets_one_sms_in_their_language_when_stale_for_the_alarm_delay(app, db, roster,
                                                                                       settings):
    settings(beat_alarm_seconds=60)
    roster.coordinator.language = "ky"
    db.session.commit()
    beat_watch.record_pass(T0)
    stale_at = T0 + 3 * INTERVAL + 1
    assert beat_watch.watch(stale_at) is None  # stale, not yet for a minute
    assert beat_watch.watch(stale_at + 59) is None
    assert outbox_to(db, COORDINATOR) == []
    assert beat_watch.watch(stale_at + 60) == "stale"
    assert beat_watch.watch(stale_at + 62) is None  # another look, or another web host's
    [notice] = outbox_to(db, COORDINATOR, "staff")
    assert notice.body == texts.render("alerts.beat_stale", "ky", "sms") and notice.queue == "urgent"
    assert outbox_to(db, OSH_WORKER) == []  # coordinators only

    beat_watch.record_pass(stale_at + 70)
    assert beat_watch.watch(stale_at + 71) == "back"
    assert beat_watch.watch(stale_at + 72) is None
    assert [m.body for m in outbox_to(db, COORDINATOR, "staff")] == [
        texts.render("alerts.beat_stale", "ky", "sms"), texts.render("alerts.beat_back", "ky", "sms")]


def test_a_second_stall_is_told_again(app, db, roster, settings):
    settings(beat_alarm_seconds=10)
    for start in (T0, T0 + 1000):
        beat_watch.record_pass(start)
        beat_watch.watch(start + 7)
        assert beat_watch.watch(start + 17) == "stale"
        beat_watch.record_pass(start + 20)
        assert beat_watch.watch(start + 21) == "back"
    assert len(outbox_to(db, COORDINATOR, "staff")) == 4


def test_an_sms_that_could_not_be_queued_is_tried_again_at_the_next_look(app, db, roster, settings, monkeypatch):
    settings(beat_alarm_seconds=0)
    calls = []

    def database_down(*args, **kwargs):
        calls.append(1)
        raise ConnectionError("database down")

    real = beat_watch._tell_coordinators
    monkeypatch.setattr(beat_watch, "_tell_coordinators", database_down)
    with pytest.raises(ConnectionError):
        beat_watch.watch(T0)
    monkeypatch.setattr(beat_watch, "_tell_coordinators", real)
    assert calls and beat_watch.watch(T0 + 2) == "stale"
    assert len(outbox_to(db, COORDINATOR, "staff")) == 1
