"""Admin sessions live on the server: a cookie copied before logout, deactivation, a new
password or the end of the session's time is refused afterwards."""
from __future__ import annotations

from datetime import timedelta

import pytest

from tests.admin.conftest import FreshContextClient


def _copy(app, client) -> FreshContextClient:
    """Another browser holding a copy of this one's session cookie."""
    thief = FreshContextClient(app, app.response_class, use_cookies=True)
    thief.set_cookie("session", client.get_cookie("session").value)
    return thief


def _lets_in(client) -> bool:
    response = client.get("/admin/")
    assert response.status_code in (200, 302)
    return response.status_code == 200


def test_a_copied_cookie_is_refused_after_logout(app, client_as):
    browser = client_as("coordinator")
    thief = _copy(app, browser)
    assert _lets_in(thief)  # the copy works while the session lives...
    assert browser.post("/admin/logout").status_code == 302
    assert not _lets_in(thief)  # ...and dies with it
    assert not _lets_in(browser)


def test_logout_ends_only_this_browser(client_as):
    one, other = client_as("coordinator"), client_as("coordinator")
    one.post("/admin/logout")
    assert _lets_in(other)


def test_deactivated_then_reactivated_member_must_log_in_again(app, client_as, staff, db):
    from hotline.staff.models import Staff

    lawyer, coordinator = client_as("lawyer"), client_as("coordinator")
    assert _lets_in(lawyer)
    assert coordinator.post(f"/admin/staff/{staff['lawyer']}/active", data={"active": "0"}).status_code == 302
    assert not _lets_in(lawyer)
    coordinator.post(f"/admin/staff/{staff['lawyer']}/active", data={"active": "1"})
    assert db.session.get(Staff, staff["lawyer"]).active
    assert not _lets_in(lawyer)  # back on, but the old session stays ended


def test_a_new_password_ends_the_sessions_opened_with_the_old_one(client_as, staff, db):
    from hotline.staff.models import Staff
    from hotline.staff.service import set_password

    browser = client_as("social_worker")
    set_password(db.session.get(Staff, staff["social_worker"]), "a-brand-new-password")
    db.session.commit()
    assert not _lets_in(browser)


@pytest.fixture
def frozen(monkeypatch):
    from hotline.core import clock

    now = [clock.now_utc()]
    monkeypatch.setattr(clock, "now_utc", lambda: now[0])

    def advance(**delta):
        now[0] += timedelta(**delta)
    return advance


def test_a_session_ends_after_twelve_hours_unused(client_as, frozen):
    browser = client_as("coordinator")
    frozen(hours=11, minutes=59)
    assert _lets_in(browser)  # a request: the idle time starts again
    frozen(hours=11, minutes=59)
    assert _lets_in(browser)
    frozen(hours=12, minutes=1)
    assert not _lets_in(browser)


def test_a_session_ends_after_seven_days_however_used(client_as, frozen):
    browser = client_as("coordinator")
    for _ in range(14):  # 6 days 23 h 46 min, never 12 h unused
        frozen(hours=11, minutes=59)
        assert _lets_in(browser)
    frozen(minutes=15)  # 7 days and 1 minute after the login
    assert not _lets_in(browser)
