"""No beat at all: the web hosts notice, and the coordinators are told once.

Two web hosts (`hotline web`, each with the replayer it starts and its own instance
folder) and a worker. A beat runs until /healthz says "ok", then is SIGKILLed:
/healthz says "stale" within 3 escalation intervals, still with status 200; after
HOTLINE_BEAT_ALARM_SECONDS (60 in production, 2 here) each coordinator gets one SMS
in their own language, sent by a web host's watcher and a worker, not by beat,
although both hosts watch. A beat again: one "back" SMS each.
"""
from __future__ import annotations

import os
import signal
import time

import pytest
import requests

from tests.conftest import Process, wait_until
from tests.faults.hosts import WebHost, assert_quiet, host_env
from tests.faults.support import on_sqlite

# Once per CI run: the embedded default's pass (the PostgreSQL pass runs test_beat_failover).
pytestmark = [pytest.mark.faults, pytest.mark.worker,
              pytest.mark.skipif(not on_sqlite(), reason="runs in the SQLite pass of CI")]

COORDINATORS = {"+996555770001": "ky", "+996700770002": "ru"}
SOCIAL_WORKER = "+996555770003"
BEAT_ENV = {"HOTLINE_BEAT_LOCK_SECONDS": "3"}  # a killed beat's lock is gone soon


def _add_staff(db) -> None:
    from hotline.staff.service import add_staff

    for n, (phone, lang) in enumerate(COORDINATORS.items()):
        add_staff(f"Coordinator {n}", phone, "coordinator", "osh").language = lang
    add_staff("Aibek", SOCIAL_WORKER, "social_worker", "osh")
    db.session.commit()


def test_a_dead_beat_is_seen_at_healthz_and_the_coordinators_get_one_sms_each(app, db, worker, standin,
                                                                              tmp_path):
    from hotline.alerts import beat_watch
    from ivr_flows import texts

    _add_staff(db)
    env = {"HOTLINE_BEAT_ALARM_SECONDS": "2"}
    hosts = [WebHost(name, tmp_path, env) for name in ("a", "b")]
    beat = Process("beat", env=host_env(tmp_path, "a", **BEAT_ENV))
    try:
        for host in hosts:
            host.wait_ready()
        wait_until(lambda: hosts[0].healthz() == {"db": "ok", "broker": "ok", "beat": "ok"}, timeout=60,
                   message="escalation passes while beat runs")
        os.killpg(beat.proc.pid, signal.SIGKILL)
        killed = time.monotonic()
        beat.stop()
        wait_until(lambda: (hosts[0].healthz() or {}).get("beat") == "stale", timeout=20, interval=0.1,
                   message="/healthz to say stale")
        took = time.monotonic() - killed
        print(f"/healthz stale {took:.1f} s after beat died")
        assert took <= 3 * beat_watch.interval() + 1  # CONTRACT.md: stale after 3 intervals
        assert requests.get(hosts[1].url + "/healthz", timeout=2).status_code == 200  # the host stays in

        for phone, lang in COORDINATORS.items():
            [notice] = standin.wait_for_messages(1, to=phone, timeout=30)
            assert notice.body == texts.render("alerts.beat_stale", lang, "sms")
        # 3 s: a look of every watcher, and more
        assert_quiet(standin, {**{p: 1 for p in COORDINATORS}, SOCIAL_WORKER: 0}, seconds=3)

        beat = Process("beat", env=host_env(tmp_path, "b", **BEAT_ENV))
        for phone, lang in COORDINATORS.items():
            wait_until(lambda: len(standin.messages(to=phone)) == 2, timeout=40, message="the back SMS")
            assert standin.messages(to=phone)[-1].body == texts.render("alerts.beat_back", lang, "sms")
        assert_quiet(standin, {**{p: 2 for p in COORDINATORS}, SOCIAL_WORKER: 0}, seconds=3)
    finally:
        beat.stop()
        for host in hosts:
            host.stop()
