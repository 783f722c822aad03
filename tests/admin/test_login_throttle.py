"""Login throttling: no faster guessing than 5 a phone and address per 15 minutes, one address
trying many phones is slowed too, and behind a proxy nobody can lock out a colleague."""
from __future__ import annotations

import dataclasses

import pytest

from tests.admin.conftest import PASSWORD, PEOPLE

COORDINATOR = PEOPLE["coordinator"][1]
ATTACKER, COLLEAGUE = "203.0.113.9", "198.51.100.7"


@pytest.fixture
def behind_one_proxy(app, staff):
    """The app as deployed behind one reverse proxy (HOTLINE_PROXY_COUNT=1)."""
    from hotline.app import create_app

    proxied = create_app(dataclasses.replace(app.config["SETTINGS"], proxy_count=1))
    proxied.config["WTF_CSRF_ENABLED"] = False
    yield proxied
    app.extensions["celery"].set_default()


def _login(app, phone: str, password: str, forwarded_for: str | None = None) -> int:
    headers = {"X-Forwarded-For": forwarded_for} if forwarded_for else {}
    return app.test_client().post("/admin/login", data={"phone": phone, "password": password},
                                  headers=headers).status_code


def test_guessing_from_elsewhere_does_not_lock_out_the_colleague(behind_one_proxy):
    for _ in range(5):
        assert _login(behind_one_proxy, COORDINATOR, "wrong-password", ATTACKER) == 200
    assert _login(behind_one_proxy, COORDINATOR, PASSWORD, ATTACKER) == 429  # the guesser is stopped
    assert _login(behind_one_proxy, COORDINATOR, PASSWORD, COLLEAGUE) == 302  # the colleague is not


def test_a_forged_forwarded_for_in_front_of_the_proxy_changes_nothing(behind_one_proxy):
    """The proxy appends the real address; what the client wrote before it is not trusted."""
    for n in range(5):
        _login(behind_one_proxy, COORDINATOR, "wrong-password", f"10.0.0.{n}, {ATTACKER}")
    assert _login(behind_one_proxy, COORDINATOR, PASSWORD, f"10.0.0.99, {ATTACKER}") == 429


def test_without_proxies_configured_the_header_is_ignored(app, staff):
    for n in range(5):
        _login(app, COORDINATOR, "wrong-password", f"10.0.0.{n}")
    assert _login(app, COORDINATOR, PASSWORD, "10.0.0.99") == 429


def test_one_address_trying_many_phones_is_slowed(behind_one_proxy):
    from hotline.admin.ratelimit import MAX_FAILURES_PER_ADDRESS

    assert MAX_FAILURES_PER_ADDRESS == 20
    for n in range(MAX_FAILURES_PER_ADDRESS):  # each phone well under its own 5
        assert _login(behind_one_proxy, f"+99670020{n:04d}", "guess", ATTACKER) == 200
    assert _login(behind_one_proxy, "+996700209999", "guess", ATTACKER) == 429
    assert _login(behind_one_proxy, COORDINATOR, PASSWORD, ATTACKER) == 429
    assert _login(behind_one_proxy, COORDINATOR, PASSWORD, COLLEAGUE) == 302
