"""Security headers on every admin and media response (flask-talisman); HSTS in production."""
from __future__ import annotations

import dataclasses

import pytest

HEADERS = {
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
}


def _csp(response) -> dict[str, str]:
    parts = (part.strip().split(" ", 1) for part in response.headers["Content-Security-Policy"].split(";"))
    return {name: value for name, value in parts}


def _check(response) -> None:
    for name, value in HEADERS.items():
        assert response.headers.get(name) == value, name
    policy = _csp(response)
    assert policy["frame-ancestors"] == "'none'"
    # Our own scripts and styles only: no inline code, no other site.
    assert policy["script-src"] == "'self'" and policy["style-src"] == "'self'"
    assert policy["default-src"] == "'self'"


@pytest.mark.parametrize("path", ["/admin/login", "/admin/", "/admin/schedule", "/admin/nowhere"])
def test_admin_pages_send_the_headers_and_no_store(client_as, path):
    response = client_as("coordinator").get(path)
    _check(response)
    assert response.headers["Cache-Control"] == "no-store"


def test_the_login_page_seen_anonymously_is_not_stored_either(client_as):
    response = client_as(None).get("/admin/login")
    _check(response)
    assert response.headers["Cache-Control"] == "no-store"


def test_the_stylesheet_may_be_cached_but_has_the_headers(client_as):
    response = client_as(None).get("/admin/static/admin.css")
    assert response.status_code == 200
    _check(response)
    assert response.headers.get("Cache-Control") != "no-store"


def test_media_responses_send_the_headers(app, db):
    from hotline.prompts import machine
    from hotline.prompts import store as recordings

    recording = recordings.save("ky", "text", "voice.goodbye", "Рахмат.", "human", machine.speak("Рахмат.", "ky"))
    db.session.commit()
    client = app.test_client()
    found = client.get(f"/media/recordings/{recording.id}.wav")
    assert found.status_code == 200
    _check(found)
    _check(client.get("/media/recordings/999999.wav"))


def test_hsts_only_in_production(app):
    from hotline.app import create_app

    assert "Strict-Transport-Security" not in app.test_client().get(
        "/admin/login", base_url="https://localhost").headers
    production = create_app(dataclasses.replace(app.config["SETTINGS"], env="production"))
    try:
        secure = production.test_client().get("/admin/login", base_url="https://localhost")
        assert int(secure.headers["Strict-Transport-Security"].removeprefix("max-age=")) >= 180 * 86400
        _check(secure)
    finally:
        app.extensions["celery"].set_default()
