"""The person signals again after a worker took the alert: the taker is told at once (urgent
queue, tied to the alert), by which channel, in the taker's own language."""
from __future__ import annotations

import re

from tests.alerts.conftest import OSH_WORKER, RESIDENT, alerts, outbox_to


def taken_alert(twilio, db):
    twilio.sms(RESIDENT, "SOS")
    alert = alerts(db)[0]
    twilio.sms(OSH_WORKER, f"ACK {alert.id}")
    return alert


def rows_since(db, before: int):
    """The taker's staff SMS queued after the first `before` (the number sent on ACK)."""
    return outbox_to(db, OSH_WORKER, "staff")[before:]


def test_a_second_sms_tells_the_taker_on_the_urgent_queue_with_the_alerts_id(twilio, db, roster):
    alert = taken_alert(twilio, db)
    before = len(outbox_to(db, OSH_WORKER, "staff"))
    twilio.sms(RESIDENT, "SOS")
    [row] = rows_since(db, before)
    assert (row.queue, row.ref_id) == ("urgent", alert.id)
    assert re.fullmatch(rf"A{alert.id}: новый сигнал \d\d:\d\d \(SMS\)", row.body)


def test_a_signal_by_phone_is_named_in_the_takers_language(twilio, call, db, roster):
    alert = taken_alert(twilio, db)
    roster.osh.language = "ky"
    db.session.commit()
    before = len(outbox_to(db, OSH_WORKER, "staff"))
    c = call(RESIDENT)
    c.start()
    c.press("2")
    c.press("9")
    [row] = rows_since(db, before)
    assert re.fullmatch(rf"A{alert.id}: жаңы сигнал \d\d:\d\d \(чалуу\)", row.body)
