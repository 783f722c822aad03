"""X-Twilio-Signature and the shape of Twilio's sids, checked on every request Twilio makes.
There is no way around it: development signs with a built-in token, never with nothing."""
from __future__ import annotations

import re

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
    signature = request.headers.get("X-Twilio-Signature")
    if not signature:
        return False
    token = current_app.config["SETTINGS"].twilio_auth_token
    return RequestValidator(token).validate(signed_url(request), request.form, signature)


# Twilio's own shapes (its OpenAPI spec): anything else in a signed request was re-cut
# from a captured one. The signature joins names and values with no separator, so
# `MessageSid=SMab` + `From=+996...` can be re-read as `MessageSid=SMab` `F...` and
# a new sid (a new message, past the retry receipt) with garbage after it.
SID_SHAPES = {
    "MessageSid": re.compile(r"(SM|MM)[0-9a-fA-F]{32}"),
    "SmsSid": re.compile(r"(SM|MM)[0-9a-fA-F]{32}"),
    "CallSid": re.compile(r"CA[0-9a-fA-F]{32}"),
}


def has_twilio_sids(form) -> bool:
    """Every sid the request carries has Twilio's shape (a missing or empty one changes
    nothing anyway: no sid, no effect)."""
    return all(shape.fullmatch(value) for name, shape in SID_SHAPES.items()
               for value in form.getlist(name) if value)


def forged(request: Request) -> bool:
    """Not from Twilio: no valid signature, or a sid Twilio never makes."""
    return not is_valid(request) or not has_twilio_sids(request.form)


def sign(url: str, params: dict, token: str) -> str:
    """For the built-in phone simulator and the tests: sign as Twilio would."""
    return RequestValidator(token).compute_signature(url, params)
