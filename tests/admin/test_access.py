"""Every admin route × every role: the anonymous go to the login, a role without the right gets 403."""
from __future__ import annotations

import pytest

from tests.admin.conftest import PEOPLE, login

ALL = ("coordinator", "social_worker", "lawyer")
C = ("coordinator",)
ALERTS = ("coordinator", "social_worker")
CALLBACKS = ("coordinator", "lawyer")

# (method, path, roles allowed)
ROUTES = [
    ("GET", "/admin/", ALL),
    ("GET", "/admin/alerts", ALERTS),
    ("GET", "/admin/alerts/999999", ALERTS),
    ("GET", "/admin/alerts/999999/recording", ALERTS),
    ("POST", "/admin/alerts/999999/ack", ALERTS),
    ("POST", "/admin/alerts/999999/close", ALERTS),
    ("POST", "/admin/alerts/999999/pass", ALERTS),
    ("GET", "/admin/callbacks", CALLBACKS),
    ("POST", "/admin/callbacks/999999/assign", C),
    ("POST", "/admin/callbacks/999999/outcome", CALLBACKS),
    ("GET", "/admin/schedule", C),
    ("GET", "/admin/schedule/new", C),
    ("POST", "/admin/schedule/new", C),
    ("GET", "/admin/schedule/999999/edit", C),
    ("POST", "/admin/schedule/999999/edit", C),
    ("GET", "/admin/schedule/999999/change", C),
    ("POST", "/admin/schedule/999999/change", C),
    ("POST", "/admin/schedule/import", C),
    ("GET", "/admin/schedule/export.csv", C),
    ("GET", "/admin/places", C),
    ("GET", "/admin/places/999999/edit", C),
    ("POST", "/admin/places/999999/edit", C),
    ("GET", "/admin/staff", C),
    ("POST", "/admin/staff", C),
    ("POST", "/admin/staff/add", C),
    ("POST", "/admin/staff/999999/active", C),
    ("POST", "/admin/staff/999999/recorder", C),
    ("GET", "/admin/messages", C),
    ("GET", "/admin/figures", C),
    ("GET", "/admin/prompts", C),
    ("POST", "/admin/prompts", C),
    ("GET", "/admin/simulator", C),
    ("POST", "/admin/simulator/sms", C),
    ("POST", "/admin/simulator/call", C),
    ("POST", "/admin/simulator/press", C),
    ("POST", "/admin/simulator/hangup", C),
    ("GET", "/admin/texts", C),
    ("GET", "/admin/texts/sms.stopped", C),
    ("POST", "/admin/texts/sms.stopped/ru", C),
    ("POST", "/admin/texts/sms.stopped/ru/shipped", C),
    ("POST", "/admin/texts/resident-language", C),
]


def _request(client, method: str, path: str):
    return client.get(path) if method == "GET" else client.post(path, data={})


def test_every_admin_route_is_in_the_table(app):
    listed = {(m, p.replace("999999", "0")) for m, p, _ in ROUTES}
    public = {"/admin/login", "/admin/logout", "/admin/lang/<code>", "/admin/static/<path:filename>",
              "/admin/index"}
    for rule in app.url_map.iter_rules():
        if not rule.rule.startswith("/admin") or rule.rule in public:
            continue
        path = rule.rule.replace("<int:alert_id>", "0").replace("<int:request_id>", "0") \
            .replace("<int:visit_id>", "0").replace("<int:place_id>", "0").replace("<int:staff_id>", "0") \
            .replace("<action>", "ack").replace("<key>", "sms.stopped").replace("<lang>", "ru")
        for method in rule.methods - {"HEAD", "OPTIONS"}:
            assert (method, path) in listed, f"{method} {rule.rule} has no row in ROUTES"


def test_anonymous_is_sent_to_the_login(app):
    client = app.test_client()
    for method, path, _allowed in ROUTES:
        response = _request(client, method, path)
        assert response.status_code == 302, f"{method} {path}: {response.status_code}"
        assert "/admin/login" in response.headers["Location"]


def test_anonymous_posts_go_to_the_login_with_csrf_on(app):
    """As in production: the CSRF check runs first, and must not answer the anonymous 400."""
    app.config["WTF_CSRF_ENABLED"] = True
    try:
        client = app.test_client()
        for method, path, _allowed in ROUTES:
            if method == "POST":
                response = _request(client, method, path)
                assert response.status_code == 302, f"{method} {path}: {response.status_code}"
                assert "/admin/login" in response.headers["Location"]
        assert client.post("/admin/login", data={}).status_code == 400  # the login form keeps its check
    finally:
        app.config["WTF_CSRF_ENABLED"] = False


@pytest.mark.parametrize("role", ALL)
def test_role_gets_403_exactly_where_it_has_no_right(client_as, role):
    """One client per role walks the whole table (a login per row would be slow, not stronger)."""
    client = client_as(role)
    wrong = []
    for method, path, allowed in ROUTES:
        status = _request(client, method, path).status_code
        if role in allowed and (status == 403 or status >= 500):
            wrong.append(f"{role} refused {method} {path}: {status}")
        if role not in allowed and status != 403:
            wrong.append(f"{role} let into {method} {path}: {status}")
    assert not wrong, "\n".join(wrong)


def test_login_page_and_logout(client_as):
    client = client_as("coordinator")
    assert client.get("/admin/").status_code == 200
    assert client.post("/admin/logout").status_code == 302
    assert client.get("/admin/").status_code == 302


def test_wrong_password_is_refused(app, staff):
    client = app.test_client()
    response = login(client, "coordinator", "wrong-password")
    assert response.status_code == 200
    assert client.get("/admin/").status_code == 302


def test_inactive_staff_cannot_log_in(app, db, staff):
    from hotline.staff.models import Staff

    db.session.get(Staff, staff["lawyer"]).active = False
    db.session.commit()
    assert login(app.test_client(), "lawyer").status_code == 200


def test_next_goes_only_inside_admin(app, staff):
    client = app.test_client()
    response = client.post("/admin/login?next=//evil.example/x",
                           data={"phone": PEOPLE["coordinator"][1], "password": "correct-horse-9"})
    assert response.headers["Location"].endswith("/admin/")


def test_menu_shows_only_what_the_role_may_open(client_as):
    page = client_as("lawyer").get("/admin/").get_data(as_text=True)
    assert "/admin/callbacks" in page and "/admin/simulator" not in page and "/admin/alerts" not in page


def test_language_switcher(client_as):
    client = client_as("coordinator")
    client.get("/admin/lang/en")
    assert "Dashboard" in client.get("/admin/").get_data(as_text=True)
    client.get("/admin/lang/ky")
    assert "Жалпы абал" in client.get("/admin/").get_data(as_text=True)
    client.get("/admin/lang/ru")
    assert "Сводка" in client.get("/admin/").get_data(as_text=True)


@pytest.mark.parametrize("method, path", [
    ("GET", "/admin/alerts/2147483648"), ("GET", "/admin/alerts/99999999999999999999999"),
    ("GET", "/admin/alerts/2147483648/recording"), ("POST", "/admin/alerts/2147483648/ack"),
    ("POST", "/admin/callbacks/9223372036854775808/outcome"), ("POST", "/admin/staff/9223372036854775808/active"),
    ("GET", "/admin/schedule/9223372036854775808/edit"), ("GET", "/admin/places/2147483648/edit"),
])
def test_an_id_too_big_for_the_database_is_404(client_as, method, path):
    """PostgreSQL's integer ends at 2**31 - 1 (SQLite's at 2**63 - 1): past it the query would fail (500)."""
    assert _request(client_as("coordinator"), method, path).status_code == 404



def test_the_menu_offers_each_page_to_exactly_the_roles_its_route_lets_in(app):
    """NAV (the menu) and each view's @roles (its `admin_roles`) agree: no link that answers
    403, no page a role may open but never finds in the menu."""
    from hotline.admin.routes import NAV

    differ = [(endpoint, who, app.view_functions[endpoint].admin_roles) for endpoint, _label, who in NAV
              if set(app.view_functions[endpoint].admin_roles or ()) != set(who)]
    assert not differ, differ


def test_roles_marks_the_view_with_who_may_open_it(app):
    """What the menu test above reads, made at call time (the app's views are decorated at
    import, before mutmut switches a mutant on: this is the check mutmut can run)."""
    from hotline.admin.auth import roles

    view = roles("coordinator", "lawyer")(lambda: "page")
    assert view.admin_roles == ("coordinator", "lawyer")
