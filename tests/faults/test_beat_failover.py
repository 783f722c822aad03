"""The process that runs escalation dies, and one urgent worker with it.

Two hosts, each with a `hotline beat` and an urgent worker (own instance folders),
on PostgreSQL and Redis. redbeat's Redis lock lets one beat act; the other waits
for the lock. An alert opens and reaches tier 1; then the active beat and one
urgent worker are SIGKILLed (a host lost). The waiting beat takes the lock once
it expires (HOTLINE_BEAT_LOCK_SECONDS, 3 here, 15 in production) and escalation
goes on through the surviving worker: the coordinators (the next tier) get the
alert within HOTLINE_ALERT_ACK_SECONDS + 30 s of its opening, and every round is
sent once (a round a twin beat doubled would show as two notices to one person
in one round, or rounds closer together than the ACK delay).
"""
from __future__ import annotations

import os
import re
import signal
import time
from collections import Counter
from datetime import timedelta

import pytest

from tests.conftest import Process, wait_until
from tests.faults.hosts import host_env, start_all
from tests.faults.support import ON_DUTY, ON_DUTY_2, POSTGRES_PASS_ONLY, add_roster, outbox_rows, sweep

pytestmark = [pytest.mark.faults, pytest.mark.worker, POSTGRES_PASS_ONLY]

RESIDENT = "+996700660001"
COORDINATOR = "+996555660009"
LOCK_SECONDS = 3
ACQUIRED = "beat: Acquired lock"


def _sent_tasks(beat: Process) -> int:
    return beat.output().count("Scheduler: Sending due task")


def test_killing_the_active_beat_and_an_urgent_worker_does_not_stop_escalation(app, db, twilio, standin,
                                                                               tmp_path):
    from hotline.alerts.models import Alert
    from hotline.staff.service import add_staff

    add_roster(db)
    add_staff("Gulnara", COORDINATOR, "coordinator", "osh")
    db.session.commit()
    ack = app.config["SETTINGS"].alert_ack_seconds
    hosts = {name: host_env(tmp_path, name, HOTLINE_BEAT_LOCK_SECONDS=str(LOCK_SECONDS)) for name in "ab"}
    workers = [Process("worker", "--queues", "urgent", "--concurrency", "2", env=hosts[n]) for n in "ab"]
    # --log-routine: the test counts each beat's "Sending due task" lines (tasks/quiet.py hides them).
    beats = [Process("beat", "--log-routine", env=hosts[n]) for n in "ab"]
    try:
        start_all(workers, "ready.")
        wait_until(lambda: [b for b in beats if ACQUIRED in b.output()], timeout=60, message="a beat with the lock")
        [active] = [b for b in beats if ACQUIRED in b.output()]
        [standby] = [b for b in beats if b is not active]
        standby.wait_for("beat: Starting", 30)
        assert _sent_tasks(standby) == 0  # waiting for the lock, acting on nothing

        twilio.sms(RESIDENT, "SOS")
        opened = time.monotonic()
        standin.wait_for_messages(1, to=ON_DUTY, timeout=15)
        standin.wait_for_messages(1, to=ON_DUTY_2, timeout=15)
        for process in (active, workers[0]):  # host a is lost, as a power cut would
            os.killpg(process.proc.pid, signal.SIGKILL)
            process.proc.wait(10)
        killed_at = time.monotonic()

        [notice] = standin.wait_for_messages(1, to=COORDINATOR, timeout=ack + 30)
        took = notice.monotonic - opened
        print(f"the coordinator was told {took:.1f} s after the alert opened (ACK delay {ack} s)")
        assert took <= ack + 30
        assert ACQUIRED in standby.output() and _sent_tasks(standby) > 0
        # One more round, so that rounds under the new beat are checked too.
        wait_until(lambda: len(standin.messages(to=COORDINATOR)) >= 2, timeout=ack + 15,
                   message="a second round after the takeover")
        for beat in beats:
            beat.stop()  # no new round; the surviving worker sends what the last one queued

        # The killed worker may have died after Twilio took a notice and before it wrote `sent`:
        # that row stays `sending` until the sweeper (a beat task) frees it after 30 s, and the
        # retry asks Twilio first. The beats are stopped, so sweep here, freeing only rows
        # claimed before the kill (the survivor's own sends are not touched).
        def settled():
            sweep(app, urgent_sending_stale_after=timedelta(seconds=time.monotonic() - killed_at))
            return not [r for r in outbox_rows(db) if r.status in ("queued", "sending")]
        wait_until(settled, timeout=20, interval=0.5, message="every queued notice sent")
    finally:
        for process in (*beats, *workers):
            process.stop()

    db.session.rollback()
    [alert] = db.session.scalars(db.select(Alert)).all()
    notified = [e for e in alert.events if e.kind == "notified"]
    rounds = [int(re.search(r"round (\d+)", e.detail).group(1)) for e in notified]
    assert max(Counter(zip([e.staff_id for e in notified], rounds)).values()) == 1, "a round sent twice"
    first_of_round = sorted({r: min(e.created_at for e, n in zip(notified, rounds) if n == r)
                             for r in set(rounds)}.items())
    gaps = [later - earlier for (_, earlier), (_, later) in zip(first_of_round, first_of_round[1:])]
    assert gaps and min(gaps) >= timedelta(seconds=ack - 0.5), f"rounds too close: {gaps}"
    for phone in (ON_DUTY, ON_DUTY_2, COORDINATOR):
        bodies = [m.body for m in standin.messages(to=phone)]
        assert len(bodies) == len([1 for e in notified if e.staff_id == _staff_id(db, phone)]), (phone, bodies)


def _staff_id(db, phone: str) -> int:
    from hotline.staff.service import by_phone

    return by_phone(phone).id
