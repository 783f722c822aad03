"""Staff with passwords, and a logged-in Flask test client per role."""
from __future__ import annotations

import pytest
from flask.testing import FlaskClient
from werkzeug.security import generate_password_hash

PASSWORD = "correct-horse-9"
PEOPLE = {
    "coordinator": ("Айгүл Coordinator", "+996700100001", None),
    "social_worker": ("Нурлан Social", "+996555100002", "osh"),
    "lawyer": ("Эрмек Lawyer", "+996880100005", "osh"),
}


def cheap_hash(password: str) -> str:
    return generate_password_hash(password, method="pbkdf2:sha256:1")


@pytest.fixture
def staff(db, monkeypatch):
    from hotline.staff import service
    from hotline.staff.service import add_staff

    # scrypt (werkzeug's default, which the app keeps) costs about 0.1 s a hash and as much a
    # login: most of each admin test's time, in CI's two passes and in mutmut's runs alike.
    # What these tests tell apart is a right from a wrong password, not the hash's cost;
    # test_password_hash.py checks the real hash, and a login with it.
    monkeypatch.setattr(service, "generate_password_hash", cheap_hash)
    members = {role: add_staff(name, phone, role, oblast, password=PASSWORD)
               for role, (name, phone, oblast) in PEOPLE.items()}
    db.session.commit()
    return {role: member.id for role, member in members.items()}


def login(client, role: str, password: str = PASSWORD):
    return client.post("/admin/login", data={"phone": PEOPLE[role][1], "password": password})


class FreshContextClient(FlaskClient):
    """Each request in its own app context. The `db` fixture keeps one pushed, and a request
    reuses it, so `g` (where Flask-Login caches the user) would leak between two clients."""

    def open(self, *args, **kwargs):
        with self.application.app_context():
            return super().open(*args, **kwargs)


@pytest.fixture
def client_as(app, staff):
    def make(role: str | None):
        client = FreshContextClient(app, app.response_class, use_cookies=True)
        if role is not None:
            response = login(client, role)
            assert response.status_code == 302, response.get_data(as_text=True)[:500]
            _fresh_snapshot()
        return client
    return make


def _fresh_snapshot() -> None:
    """A login writes (the server-side session row). On SQLite a read transaction the test
    opened before it would find its snapshot stale at its next write ("database is locked"):
    end it, when it holds nothing unsaved, so the test's next statement starts afresh."""
    from flask import has_app_context

    from hotline.extensions import db

    if has_app_context() and not (db.session.new or db.session.dirty or db.session.deleted):
        db.session.rollback()
