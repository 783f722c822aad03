"""Security headers of every response (flask-talisman), and no-store on admin pages.

The policy lets a page run only our own files: no inline script or style, no
other site's, and no framing at all (clickjacking of the alert buttons).
"""
from __future__ import annotations

from flask import Flask, Response, request
from flask_talisman import Talisman

CONTENT_SECURITY_POLICY = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "img-src": "'self'",
    "media-src": "'self'",  # the prompt recordings the admin plays
    "object-src": "'none'",
    "base-uri": "'none'",
    "form-action": "'self'",
    "frame-ancestors": "'none'",
}


def init_app(app: Flask) -> None:
    production = app.config["SETTINGS"].is_production
    # One Talisman per app: it keeps its options (and the app) on itself.
    app.extensions["talisman"] = Talisman(
        app,
        # TLS ends at the proxy: the redirect to https is the proxy's job, and a
        # redirect would break a signed webhook whose URL Twilio signed.
        force_https=False,
        frame_options="DENY",
        content_security_policy=CONTENT_SECURITY_POLICY,
        referrer_policy="same-origin",
        strict_transport_security=production,  # sent on https requests only
        strict_transport_security_include_subdomains=False,  # the organisation's other sites are not ours
        session_cookie_secure=production,
        session_cookie_http_only=True,
        session_cookie_samesite="Lax",
    )
    app.after_request(no_store)


def no_store(response: Response) -> Response:
    """Admin pages (and their 404s) hold names, numbers and alerts: no browser or
    proxy may keep them. The stylesheet and script may be cached."""
    if request.path.startswith("/admin") and request.endpoint != "admin.static":
        response.headers["Cache-Control"] = "no-store"
    return response
