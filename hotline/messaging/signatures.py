"""X-Twilio-Signature, checked on every /twilio/* request. There is no way around it:
development signs with a built-in token, never with nothing."""
from __future__ import annotations

from flask import Request, current_app
from twilio.request_validator import RequestValidator


def signed_url(request: Request) -> str:
    """The URL Twilio signed: the public one behind a proxy, else what Flask saw."""
    # The raw query string, as Twilio signed it: request.url would decode
    # `node=menu%3Amain` to `node=menu:main` and no signature would match.
    base = current_app.config["SETTINGS"].public_url or request.root_url.rstrip("/")
    query = request.query_string.decode("latin-1")
    return base + request.path + (f"?{query}" if query else "")


def base_url(request: Request) -> str:
    """Where Twilio should post the next IVR step and fetch recordings."""
    public = current_app.config["SETTINGS"].public_url
    return public or request.host_url.rstrip("/")


def is_valid(request: Request) -> bool:
    signature = request.headers.get("X-Twilio-Signature", "")
    if not signature:
        return False
    token = current_app.config["SETTINGS"].twilio_auth_token
    return RequestValidator(token).validate(signed_url(request), request.form, signature)


def sign(url: str, params: dict, token: str) -> str:
    """For the built-in phone simulator and the tests: sign as Twilio would."""
    return RequestValidator(token).compute_signature(url, params)
