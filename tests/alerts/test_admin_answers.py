"""A coordinator acting on the admin page on behalf of someone who is not the alert's holder
is answered in the page's own words and language (Russian here), not with the staff SMS
text that worker would get by phone ("A1 уже принял(а) Nurlan."), and changes nothing."""
from __future__ import annotations

import re

import pytest

from tests.alerts.conftest import OSH_WORKER, alerts, logged_in, raise_alert



def flashed(response) -> list[str]:
    return re.findall(r'<div class="flash">(.*?)</div>', response.get_data(as_text=True))


@pytest.mark.parametrize(("action", "extra"), [("ack", {}), ("pass", {}), ("close", {"outcome": "x"})])
def test_acting_for_another_worker_on_a_held_alert_says_who_holds_it_in_the_pages_words(
        app, twilio, db, roster, action, extra):
    alert = raise_alert(twilio, db)
    twilio.sms(OSH_WORKER, f"ACK {alert.id}")
    page = logged_in(app, db, roster.coordinator)
    answer = page.post(f"/admin/alerts/{alert.id}/{action}", data={"staff_id": roster.naryn.id, **extra},
                       follow_redirects=True)
    assert flashed(answer) == [f"A{alert.id} уже принята: Nurlan."]
    [alert] = alerts(db)
    assert (alert.status, alert.taken_by_id, alert.outcome) == ("taken", roster.osh.id, None)
