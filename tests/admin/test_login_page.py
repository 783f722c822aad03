"""The login page as a staff member meets it: sent there from the page they opened and back to it
after logging in (inside /admin only), told why a login failed, and out again by logout."""
from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

from tests.admin.conftest import PASSWORD, PEOPLE, login

COORDINATOR = PEOPLE["coordinator"][1]


def english(app):
    """A client reading the page in English (the default is Russian), logged in as nobody."""
    client = app.test_client()
    client.get("/admin/lang/en")
    return client


def test_a_page_opened_before_logging_in_sends_to_login_and_back_to_it(app, staff):
    client = english(app)
    opened = client.get("/admin/alerts?status=open")
    assert urlsplit(opened.headers["Location"]).path == "/admin/login"
    target = parse_qs(urlsplit(opened.headers["Location"]).query)["next"][0]
    assert target == "/admin/alerts?status=open"
    assert ">Please log in.<" in client.get("/admin/login").get_data(as_text=True)
    back = client.post(f"/admin/login?next={target}", data={"phone": COORDINATOR, "password": PASSWORD})
    assert back.status_code == 302 and back.headers["Location"].endswith("/admin/alerts?status=open")


def test_a_form_posted_before_logging_in_is_not_replayed_after(app, staff):
    response = app.test_client().post("/admin/alerts/1/ack")
    assert response.headers["Location"].endswith("/admin/login")  # no next: a POST is not redone by a GET


def test_a_wrong_password_is_told_as_such(app, staff):
    page = login(english(app), "coordinator", password="wrong-horse-9")
    assert page.status_code == 200 and ">Wrong phone number or password.<" in page.get_data(as_text=True)


def test_too_many_failures_are_told_with_the_wait(app, staff):
    client = english(app)
    for _ in range(5):
        login(client, "coordinator", password="wrong-horse-9")
    page = login(client, "coordinator")
    assert page.status_code == 429
    assert ">Too many attempts. Try again in 15 minutes.<" in page.get_data(as_text=True)


def test_a_success_forgets_the_failures_before_it(app, staff):
    """Four typos and then the right password: the next typos start counting from nothing."""
    client = app.test_client()
    for _ in range(4):
        login(client, "coordinator", password="wrong-horse-9")
    assert login(client, "coordinator").status_code == 302
    client.post("/admin/logout")
    for _ in range(4):
        login(client, "coordinator", password="wrong-horse-9")
    assert login(client, "coordinator").status_code == 302


def test_logout_ends_on_the_login_page(client_as):
    response = client_as("coordinator").post("/admin/logout")
    assert response.status_code == 302 and response.headers["Location"].endswith("/admin/login")


def test_the_phone_typed_as_people_write_it_logs_in(app, staff):
    """`0700 100 001` is the coordinator's +996700100001: read as E.164 before the lookup."""
    assert COORDINATOR == "+996700100001"
    response = app.test_client().post("/admin/login", data={"phone": "0700 100 001", "password": PASSWORD})
    assert response.status_code == 302 and response.headers["Location"].endswith("/admin/")
