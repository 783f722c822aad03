"""A coordinator acting on the admin page on behalf of someone who is not the alert's holder
is answered in the page's own words and language (Russian here), not with the staff SMS
text that worker would get by phone ("A1 уже принял(а) Nurlan."), and changes nothing."""
from __future__ import annotations

import re

import pytest

from tests.alerts.conftest import OSH_WORKER, alerts, raise_alert


def logged_in(app, db, member):
    from hotline.staff.service import set_password
    from tests.admin.conftest import FreshContextClient

    db.session.rollback()  # SQLite: end the test's read snapshot, staled by the webhooks' writes
    set_password(member, "correct-horse-9")
    db.session.commit()
    client = FreshContextClient(app, app.response_class, use_cookies=True)
    assert client.post("/admin/login", data={"phone": member.phone, "password": "correct-horse-9"}
                       ).status_code == 302
    return client


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
