"""Whose dashboard shows open alerts: coordinators' and social workers', never a lawyer's
(DOMAIN.md: lawyers see callbacks, not the urgent alerts). Issue 15: a dashboard that
listed them to lawyers stayed green."""
from __future__ import annotations

import pytest


@pytest.fixture
def open_alert(db, staff):
    from hotline.alerts import service
    from hotline.core.clock import now_utc

    alert, _ = service.raise_signal("+996700111222", None, "sms", now_utc(), notify=False)
    db.session.commit()
    return alert


@pytest.mark.parametrize("role, shown", [("coordinator", True), ("social_worker", True), ("lawyer", False)])
def test_open_alerts_are_on_the_dashboard_only_of_roles_that_handle_them(client_as, open_alert, role, shown):
    page = client_as(role).get("/admin/").get_data(as_text=True)
    assert (f'/alerts/{open_alert.id}"' in page) is shown
    assert ('id="open-alerts"' in page) is shown
