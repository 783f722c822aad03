"""The check every /twilio/* request passes (hotline/messaging/signatures.py), asked directly:
signed for the URL Twilio posted to (the public one behind a proxy, raw query included), with
our token, with sids of Twilio's shape; anything else is forged. Fast on purpose: every webhook
test reaches these functions, and a mutant of them should die on one of these first."""
from __future__ import annotations

import dataclasses

import pytest
from flask import request
from twilio.request_validator import RequestValidator

from hotline.messaging import signatures
from tests.conftest import TEST_AUTH_TOKEN

PUBLIC = "https://hotline.example.org"  # what Twilio is told and signs
INSIDE = "http://10.0.0.5:8000"  # where the proxy hands the request on: what Flask sees
SMS = {"MessageSid": "SM" + "a" * 32, "From": "+996700123456", "Body": "HELP"}
STEP = "/twilio/voice/step?node=menu%3Amain&n=1"  # Twilio signs the query as it sent it


@pytest.fixture
def public_url(app, monkeypatch):
    def use(url: str | None) -> None:
        monkeypatch.setitem(app.config, "SETTINGS", dataclasses.replace(app.config["SETTINGS"], public_url=url))
    return use


def twilio_signature(url: str, params: dict, token: str = TEST_AUTH_TOKEN) -> str:
    return RequestValidator(token).compute_signature(url, params)


def forged(app, path: str, params: dict, signature: str | None) -> bool:
    headers = {"X-Twilio-Signature": signature} if signature is not None else {}
    with app.test_request_context(path, base_url=INSIDE, method="POST", data=params, headers=headers):
        return signatures.forged(request)


def test_behind_a_proxy_the_public_url_is_the_one_signed(app, public_url):
    public_url(PUBLIC)
    assert forged(app, "/twilio/sms", SMS, twilio_signature(PUBLIC + "/twilio/sms", SMS)) is False


def test_behind_a_proxy_a_signature_for_the_inside_url_is_refused(app, public_url):
    public_url(PUBLIC)
    assert forged(app, "/twilio/sms", SMS, twilio_signature(INSIDE + "/twilio/sms", SMS)) is True


def test_the_query_is_signed_as_twilio_sent_it(app, public_url):
    """`node=menu%3Amain`, not the decoded `menu:main`: else no IVR step would ever pass."""
    public_url(PUBLIC)
    call = {"CallSid": "CA" + "b" * 32, "Digits": "1"}
    assert forged(app, STEP, call, twilio_signature(PUBLIC + STEP, call)) is False


def test_without_a_public_url_the_url_flask_saw_is_the_one_signed(app, public_url):
    public_url(None)
    assert forged(app, "/twilio/sms", SMS, twilio_signature(INSIDE + "/twilio/sms", SMS)) is False


def test_a_missing_signature_is_forged(app, public_url):
    public_url(PUBLIC)
    assert forged(app, "/twilio/sms", SMS, signature=None) is True


def test_a_signature_made_with_another_token_is_forged(app, public_url):
    public_url(PUBLIC)
    assert forged(app, "/twilio/sms", SMS, twilio_signature(PUBLIC + "/twilio/sms", SMS, "another-token")) is True


def test_a_signature_over_other_parameters_is_forged(app, public_url):
    public_url(PUBLIC)
    signature = twilio_signature(PUBLIC + "/twilio/sms", {**SMS, "Body": "STOP"})
    assert forged(app, "/twilio/sms", SMS, signature) is True


def test_a_validly_signed_sid_twilio_never_makes_is_forged(app, public_url):
    """Names and values re-cut from a captured request: signed, but `MessageSid` has garbage after it."""
    public_url(PUBLIC)
    recut = {"MessageSid": SMS["MessageSid"] + "From+996700999999", "Body": "HELP"}
    assert forged(app, "/twilio/sms", recut, twilio_signature(PUBLIC + "/twilio/sms", recut)) is True


@pytest.mark.parametrize("form, shaped", [
    ({"MessageSid": "MM" + "0123456789abcdef" * 2}, True),
    ({"SmsSid": "SM" + "A" * 32, "CallSid": "CA" + "f" * 32}, True),
    ({"MessageSid": ""}, True),  # no sid, no effect
    ({"CallSid": "CA" + "f" * 31}, False),
    ({"SmsSid": "SM" + "g" * 32}, False),
    ({"CallSid": "SM" + "f" * 32}, False),
])
def test_sids_have_twilio_s_shape(app, form, shaped):
    from werkzeug.datastructures import MultiDict

    assert signatures.has_twilio_sids(MultiDict(form)) is shaped


def test_a_second_sid_of_another_shape_is_not_let_through(app):
    from werkzeug.datastructures import MultiDict

    form = MultiDict([("MessageSid", "SM" + "a" * 32), ("MessageSid", "SM" + "a" * 32 + "x")])
    assert signatures.has_twilio_sids(form) is False


def test_next_steps_go_to_the_public_url_behind_a_proxy(app, public_url):
    public_url(PUBLIC)
    with app.test_request_context("/twilio/voice", base_url=INSIDE, method="POST"):
        assert signatures.base_url(request) == PUBLIC


def test_next_steps_go_to_the_host_flask_saw_without_a_public_url(app, public_url):
    public_url(None)
    with app.test_request_context("/twilio/voice", base_url=INSIDE, method="POST"):
        assert signatures.base_url(request) == INSIDE


def test_the_simulator_signs_as_twilio_does(app, public_url):
    public_url(PUBLIC)
    signature = signatures.sign(PUBLIC + "/twilio/sms", SMS, TEST_AUTH_TOKEN)
    assert forged(app, "/twilio/sms", SMS, signature) is False
