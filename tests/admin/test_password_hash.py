"""The staff's passwords as the app keeps them: werkzeug's scrypt, not the fixture's cheap hash
(tests/admin/conftest.py hashes the other tests' staff with one PBKDF2 round, for speed)."""
from __future__ import annotations

from tests.admin.conftest import PASSWORD


def test_a_password_is_kept_as_a_salted_scrypt_hash(db):
    from hotline.staff.service import add_staff

    first = add_staff("Айгүл", "+996700100001", "coordinator", password=PASSWORD)
    second = add_staff("Нурлан", "+996555100002", "social_worker", "osh", password=PASSWORD)
    db.session.commit()
    assert first.password_hash.startswith("scrypt:32768:8:1$")  # werkzeug's default cost
    assert PASSWORD not in first.password_hash
    assert first.password_hash != second.password_hash  # salted: the same password, two hashes


def test_a_login_checks_the_real_hash(app, db):
    from hotline.staff.service import add_staff

    add_staff("Айгүл", "+996700100001", "coordinator", password=PASSWORD)
    db.session.commit()
    client = app.test_client()
    wrong = client.post("/admin/login", data={"phone": "0700100001", "password": PASSWORD + "x"})
    assert wrong.status_code == 200 and "/admin/login" in wrong.request.path
    right = client.post("/admin/login", data={"phone": "0700100001", "password": PASSWORD})
    assert right.status_code == 302 and right.headers["Location"].endswith("/admin/")
