"""The phone simulator in production: off unless HOTLINE_SIMULATOR turns it on, and then only
numbers of HOTLINE_SIMULATOR_NUMBERS, never a staff phone, never a real resident's thread."""
from __future__ import annotations

import dataclasses

import pytest
from sqlalchemy import func, select

from tests.admin.conftest import PASSWORD, PEOPLE

TEST_RANGE = "+99670000000"  # ten numbers: +996700000000 .. +996700000009
IN_RANGE = "+996700000003"
RESIDENT = "+996700111222"
STAFF_IN_RANGE = "+996700000007"


def _production(app, **changes):
    from hotline.app import create_app

    settings = dataclasses.replace(app.config["SETTINGS"], env="production", **changes)
    production = create_app(settings)
    production.config["WTF_CSRF_ENABLED"] = False
    return production


@pytest.fixture
def coordinator_in(app, staff):
    """A logged-in coordinator's client on a production-configured app (https: secure cookies)."""
    made = []

    def make(**changes):
        production = _production(app, **changes)
        client = production.test_client()
        response = client.post("/admin/login", data={"phone": PEOPLE["coordinator"][1], "password": PASSWORD},
                               base_url="https://localhost")
        assert response.status_code == 302
        made.append(production)
        return client
    yield make
    app.extensions["celery"].set_default()


def _get(client, path):
    return client.get(path, base_url="https://localhost")


def _post(client, path, data):
    return client.post(path, data=data, base_url="https://localhost")


def _inbound(db, phone: str) -> int:
    from hotline.messaging.models import InboundMessage

    db.session.rollback()
    return db.session.scalar(select(func.count()).select_from(InboundMessage)
                             .where(InboundMessage.from_phone == phone))


def test_off_in_production_unless_turned_on(coordinator_in, db):
    client = coordinator_in(simulator_on=False)  # what an unset HOTLINE_SIMULATOR gives in production (config test)
    assert _get(client, "/admin/simulator").status_code == 404
    assert _post(client, "/admin/simulator/sms", {"phone": IN_RANGE, "body": "HELP"}).status_code == 404
    assert _post(client, "/admin/simulator/call", {"phone": IN_RANGE}).status_code == 404
    assert _inbound(db, IN_RANGE) == 0
    assert 'href="/admin/simulator"' not in _get(client, "/admin/").get_data(as_text=True)


def test_on_it_plays_a_number_of_the_test_range(coordinator_in, db):
    client = coordinator_in(simulator_on=True, simulator_numbers=(TEST_RANGE,))
    assert 'href="/admin/simulator"' in _get(client, "/admin/").get_data(as_text=True)
    assert _post(client, "/admin/simulator/sms", {"phone": IN_RANGE, "body": "HELP"}).status_code == 302
    assert _inbound(db, IN_RANGE) == 1
    assert TEST_RANGE in _get(client, "/admin/simulator").get_data(as_text=True)


def test_on_it_never_plays_a_resident_outside_the_range_nor_shows_their_thread(coordinator_in, db):
    from hotline.messaging.models import InboundMessage

    db.session.add(InboundMessage(sid="SM" + "7" * 32, from_phone=RESIDENT, to_phone="+996312900900",
                                  body="муж бьёт, помогите", handled_as="urgent"))
    db.session.commit()
    client = coordinator_in(simulator_on=True, simulator_numbers=(TEST_RANGE,))
    assert _post(client, "/admin/simulator/sms", {"phone": RESIDENT, "body": "HELP"}).status_code == 302
    assert _post(client, "/admin/simulator/call", {"phone": RESIDENT}).status_code == 302
    assert _inbound(db, RESIDENT) == 1  # only the resident's own message
    page = _get(client, "/admin/simulator").get_data(as_text=True)
    assert "муж бьёт" not in page and RESIDENT not in page


def test_on_it_never_plays_a_staff_phone_even_inside_the_range(coordinator_in, db):
    from hotline.staff.service import add_staff

    add_staff("Test-range worker", STAFF_IN_RANGE, "social_worker", "osh")
    db.session.commit()
    client = coordinator_in(simulator_on=True, simulator_numbers=(TEST_RANGE,))
    assert _post(client, "/admin/simulator/sms", {"phone": STAFF_IN_RANGE, "body": "ACK 1"}).status_code == 302
    assert _post(client, "/admin/simulator/call", {"phone": STAFF_IN_RANGE}).status_code == 302
    assert _inbound(db, STAFF_IN_RANGE) == 0
    from hotline.messaging.receipts import WebhookReceipt

    assert db.session.scalar(select(func.count()).select_from(WebhookReceipt)) == 0  # no call either


def test_development_plays_any_number_as_before(client_as, db):
    client = client_as("coordinator")
    assert client.post("/admin/simulator/sms", data={"phone": RESIDENT, "body": "HELP"}).status_code == 302
    assert _inbound(db, RESIDENT) == 1
