"""A small roster: two on-duty social workers (Osh, Naryn), a backup, a coordinator."""
from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import timedelta

import pytest

RESIDENT = "+996700111222"
OSH_WORKER = "+996555100002"
NARYN_WORKER = "+996990100004"
BACKUP = "+996770100003"
COORDINATOR = "+996700100001"
STRANGER = "+996700999888"


@dataclass
class Roster:
    osh: object
    naryn: object
    backup: object
    coordinator: object


@pytest.fixture
def roster(db):
    """Retried: on SQLite this process's deferred read-then-write meets a stale snapshot
    ("database is locked" at once) when a worker is still finishing the last test's sends."""
    import time

    from hotline.sqlite import is_lock_error

    for attempt in range(20):
        try:
            return _add_roster(db)
        except Exception as error:
            db.session.rollback()
            if not is_lock_error(error) or attempt == 19:
                raise
            time.sleep(0.25)


def _add_roster(db) -> Roster:
    from hotline.core.clock import now_utc
    from hotline.staff.service import add_shift, add_staff

    start, end = now_utc() - timedelta(hours=1), now_utc() + timedelta(hours=8)
    people = Roster(
        osh=add_staff("Nurlan", OSH_WORKER, "social_worker", "osh"),
        naryn=add_staff("Bakyt", NARYN_WORKER, "social_worker", "naryn"),
        backup=add_staff("Gulnara", BACKUP, "social_worker", "osh"),
        coordinator=add_staff("Aigul", COORDINATOR, "coordinator"),
    )
    for member in (people.osh, people.naryn):
        add_shift(member.phone, start, end)
    add_shift(people.backup.phone, start, end, backup=True)
    db.session.commit()
    return people


@pytest.fixture
def clock(app):
    """This process's clock stopped at the instant the test starts (read then, not at
    collection): clock.shift(seconds) moves it on. The roster's shifts (an hour back, eight
    ahead) still cover it."""
    import time_machine

    from hotline.core.clock import now_utc

    travel = time_machine.travel(now_utc(), tick=False)
    yield travel.start()
    travel.stop()


@pytest.fixture
def settings(app, monkeypatch):
    """Change a setting for one test: settings(alert_reply="none")."""
    def change(**values):
        monkeypatch.setitem(app.config, "SETTINGS", replace(app.config["SETTINGS"], **values))
    return change


def outbox_to(db, phone: str, purpose: str | None = None):
    from sqlalchemy import select

    from hotline.messaging.models import OutboundMessage

    query = select(OutboundMessage).where(OutboundMessage.to_phone == phone,
                                          OutboundMessage.kind != "reply").order_by(OutboundMessage.id)
    if purpose:
        query = query.where(OutboundMessage.purpose == purpose)
    db.session.rollback()
    return list(db.session.scalars(query))


def alerts(db):
    from sqlalchemy import select

    from hotline.alerts.models import Alert

    db.session.rollback()
    return list(db.session.scalars(select(Alert).order_by(Alert.id)))


def raise_alert(twilio, db):
    """The resident texts SOS: the alert it raised."""
    twilio.sms(RESIDENT, "SOS")
    return alerts(db)[0]


def press_nine(call):
    """A resident's call: the menu, 2 (Russian), then 9, urgent help."""
    c = call(RESIDENT)
    c.start()
    c.press("2")
    c.press("9")
    return c


def logged_in(app, db, member):
    """An admin client logged in as this roster member (a password set for it first)."""
    from hotline.staff.service import set_password
    from tests.admin.conftest import FreshContextClient

    db.session.rollback()  # SQLite: end the test's read snapshot, staled by the webhooks' writes
    set_password(member, "correct-horse-9")
    db.session.commit()
    client = FreshContextClient(app, app.response_class, use_cookies=True)
    assert client.post("/admin/login", data={"phone": member.phone, "password": "correct-horse-9"}
                       ).status_code == 302
    return client
