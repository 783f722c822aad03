"""Every answer to ACK, PASS or DONE is in the worker's own language (Staff.language), the
"already closed" and "passed" ones too, not only the first answers."""
from __future__ import annotations

import pytest

from tests.alerts.conftest import NARYN_WORKER, OSH_WORKER, raise_alert


@pytest.fixture
def kyrgyz(db, roster):
    roster.naryn.language = "ky"
    db.session.commit()


@pytest.mark.parametrize("command", ["PASS", "DONE"])
def test_on_a_closed_alert(twilio, db, roster, kyrgyz, command):
    alert = raise_alert(twilio, db)
    twilio.sms(OSH_WORKER, f"DONE {alert.id} safe")
    assert twilio.sms(NARYN_WORKER, f"{command} {alert.id} x").messages() == [f"A{alert.id} мурунтан жабык."]


def test_a_second_pass_from_the_same_worker(twilio, db, roster, kyrgyz):
    alert = raise_alert(twilio, db)
    answers = [twilio.sms(NARYN_WORKER, f"PASS {alert.id}").messages() for _ in range(2)]
    assert answers == [[f"A{alert.id} кийинки кезекке өттү."]] * 2
