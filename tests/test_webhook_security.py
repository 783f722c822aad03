"""Every /twilio/* request is signed; bad input never gets a 500 and loses nothing."""
from __future__ import annotations

import pytest
from sqlalchemy import func, select

from hotline.messaging.models import InboundMessage, OutboundMessage

PHONE = "+996700123456"


def count(db, model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


@pytest.mark.parametrize("path", ["/twilio/sms", "/twilio/voice", "/twilio/voice/step?node=menu:main&n=1",
                                  "/twilio/status"])
def test_forged_signature_is_refused_and_writes_nothing(twilio, db, path):
    params = {"MessageSid": "SM" + "f" * 32, "From": PHONE, "Body": "SOS", "CallSid": "CA" + "f" * 32}
    answer = twilio.post(path, params, signature="bm90IGEgc2lnbmF0dXJl")
    assert answer.status == 403
    assert count(db, InboundMessage) == 0


def test_missing_signature_is_refused(app, db):
    response = app.test_client().post("/twilio/sms", data={"MessageSid": "SM1", "From": PHONE, "Body": "HELP"})
    assert response.status_code == 403
    assert count(db, InboundMessage) == 0


@pytest.mark.parametrize("method, path", [("POST", "/twilio/nowhere"), ("GET", "/twilio/sms"),
                                          ("PUT", "/twilio/status"), ("POST", "/twilio/")])
def test_unsigned_requests_to_any_twilio_path_get_403(app, db, method, path):
    response = app.test_client().open(path, method=method, data={"Body": "SOS", "From": PHONE})
    assert response.status_code == 403
    assert count(db, InboundMessage) == 0


def test_a_signed_request_to_an_unknown_twilio_path_is_a_plain_404(twilio, db):
    assert twilio.post("/twilio/nowhere", {"From": PHONE, "Body": "HELP"}).status == 404


def test_signature_for_another_url_is_refused(twilio, db):
    from twilio.request_validator import RequestValidator

    params = {"MessageSid": "SM" + "a" * 32, "From": PHONE, "Body": "HELP"}
    signature = RequestValidator(twilio.token).compute_signature("https://evil.example/twilio/sms", params)
    assert twilio.post("/twilio/sms", params, signature=signature).status == 403


def test_signature_made_with_another_token_is_refused(twilio, db):
    from twilio.request_validator import RequestValidator

    params = {"MessageSid": "SM" + "b" * 32, "From": PHONE, "Body": "HELP"}
    url = twilio.base_url + "/twilio/sms"
    signature = RequestValidator("some-other-token").compute_signature(url, params)
    assert twilio.post("/twilio/sms", params, signature=signature).status == 403


def test_signed_sms_is_answered_and_recorded_once(twilio, db):
    answer = twilio.sms(PHONE, "HELP", sid="SM" + "1" * 32)
    assert answer.status == 200
    assert answer.messages(), answer.xml
    assert count(db, InboundMessage) == 1


def test_retried_sms_has_its_effects_once_and_the_same_answer(twilio, db):
    first = twilio.sms(PHONE, "hello", sid="SM" + "2" * 32)
    again = twilio.sms(PHONE, "hello", sid="SM" + "2" * 32)
    assert first.xml == again.xml
    assert count(db, InboundMessage) == 1
    assert count(db, OutboundMessage) == 1  # the reply is logged once


def test_unknown_parameters_are_signed_and_accepted(twilio, db):
    answer = twilio.sms(PHONE, "HELP", ApiVersion="2010-04-01", SomethingNew="x", FromCity="OSH")
    assert answer.status == 200


@pytest.mark.parametrize("body", ["", "a" * 1600, "Ж" * 1600, "🙂" * 800, "\x00\u202e\ufeff", "<Response/>&"])
def test_odd_bodies_never_fail(twilio, db, body):
    answer = twilio.sms(PHONE, body)
    assert answer.status == 200
    assert answer.root.tag == "Response"


def test_missing_fields_never_fail(twilio, db):
    assert twilio.post("/twilio/sms", {}).status == 200
    assert twilio.post("/twilio/sms", {"MessageSid": "SM" + "3" * 32}).status == 200
    assert twilio.post("/twilio/voice", {}).status == 200
    assert twilio.post("/twilio/voice/step?node=nonsense&n=x", {"Digits": "77"}).status == 200
    assert twilio.post("/twilio/status", {"MessageSid": "SM" + "e" * 32, "MessageStatus": "weird"}).status == 204


def test_public_url_is_what_is_checked_behind_a_proxy(app, db):
    """Twilio signed https://public/..., Flask sees http://internal/...: still valid."""
    params = {"MessageSid": "SM" + "4" * 32, "From": PHONE, "Body": "HELP"}
    url = app.config["SETTINGS"].public_url + "/twilio/sms"
    from twilio.request_validator import RequestValidator

    signature = RequestValidator(twilio_token(app)).compute_signature(url, params)
    response = app.test_client().post("/twilio/sms", data=params, base_url="http://10.0.0.5:8000",
                                      headers={"X-Twilio-Signature": signature})
    assert response.status_code == 200


def twilio_token(app) -> str:
    return app.config["SETTINGS"].twilio_auth_token


def test_without_public_url_the_raw_query_is_what_is_signed(app, db):
    """A step URL with an encoded query (node=menu%3Amain) validates as Twilio signed it."""
    import dataclasses

    from twilio.request_validator import RequestValidator

    from hotline.app import create_app

    local = create_app(dataclasses.replace(app.config["SETTINGS"], public_url=None))
    url = "http://localhost/twilio/voice/step?node=menu%3Amain&n=2"
    params = {"CallSid": "CA" + "5" * 32, "From": PHONE, "Digits": "0"}
    signature = RequestValidator(twilio_token(app)).compute_signature(url, params)
    response = local.test_client().post("/twilio/voice/step?node=menu%3Amain&n=2", data=params,
                                        headers={"X-Twilio-Signature": signature})
    app.extensions["celery"].set_default()
    assert response.status_code == 200


# --- sids of Twilio's shape only: a signed request re-cut into another is a forgery ---

def _signed_as(twilio, path: str, captured: dict, params: dict):
    """Post `params` under the signature Twilio gave `captured`."""
    from twilio.request_validator import RequestValidator

    signature = RequestValidator(twilio.token).compute_signature(twilio.base_url + path, captured)
    return twilio.post(path, params, signature=signature)


def test_a_captured_sms_re_cut_into_a_new_message_is_refused(twilio, db):
    """Twilio's signature joins names and values with no separator: `MessageSid=SM…` `NumMedia=0`
    and `MessageSid=SM…NumMedia0` sign alike, and the second is a new message past the receipt."""
    sid = "SM" + "c" * 32
    captured = {"Body": "SOS", "From": PHONE, "MessageSid": sid, "NumMedia": "0"}
    assert _signed_as(twilio, "/twilio/sms", captured, captured).status == 200
    re_cut = {"Body": "SOS", "From": PHONE, "MessageSid": sid + "NumMedia0"}
    assert _signed_as(twilio, "/twilio/sms", captured, re_cut).status == 403
    assert count(db, InboundMessage) == 1


def test_a_captured_call_re_cut_into_a_new_call_is_refused(twilio, db):
    from hotline.messaging.receipts import WebhookReceipt

    captured = {"CallSid": "CA" + "c" * 32, "CallStatus": "ringing", "From": PHONE}
    assert _signed_as(twilio, "/twilio/voice", captured, captured).status == 200
    re_cut = {"CallSid": "CA" + "c" * 32 + "CallStatusringing", "From": PHONE}
    assert _signed_as(twilio, "/twilio/voice", captured, re_cut).status == 403
    assert count(db, WebhookReceipt) == 1


BAD_SIDS = ["SM1", "SMS" + "a" * 32, "SM" + "a" * 31, "SM" + "a" * 33, "XX" + "a" * 32, "SM" + "g" * 32,
            "sm" + "a" * 32, "CA" + "a" * 32, " SM" + "a" * 32, "SM" + "a" * 32 + "\n"]


@pytest.mark.parametrize("field", ["MessageSid", "SmsSid"])
@pytest.mark.parametrize("sid", BAD_SIDS)
def test_a_signed_sms_with_a_sid_twilio_never_makes_is_refused(twilio, db, field, sid):
    params = {"MessageSid": "SM" + "d" * 32, "SmsSid": "SM" + "d" * 32, "From": PHONE, "Body": "SOS", field: sid}
    assert twilio.post("/twilio/sms", params).status == 403
    assert count(db, InboundMessage) == 0


@pytest.mark.parametrize("path", ["/twilio/voice", "/twilio/voice/step?node=menu:language&n=1", "/twilio/status",
                                  "/alerts/screen?alert=1", "/alerts/call/answer?alert=1"])
@pytest.mark.parametrize("sid", ["CA1", "CA" + "a" * 31, "SM" + "a" * 32, "CA" + "z" * 32])
def test_a_signed_call_with_a_call_sid_twilio_never_makes_is_refused(twilio, db, path, sid):
    from hotline.messaging.receipts import WebhookReceipt

    params = {"CallSid": sid, "From": PHONE, "Digits": "2", "CallStatus": "completed"}
    assert twilio.post(path, params).status == 403
    assert count(db, WebhookReceipt) == 0


def test_twilio_shaped_sids_in_either_case_are_taken(twilio, db):
    assert twilio.sms(PHONE, "HELP", sid="MM" + "0123456789ABCDEF" * 2).status == 200
    assert twilio.post("/twilio/voice", {"CallSid": "CA" + "0123456789abcdef" * 2, "From": PHONE}).status == 200
    assert count(db, InboundMessage) == 1


def test_a_call_without_a_call_sid_changes_nothing(twilio, db):
    """Nothing to key its retries on: every such call would share one receipt."""
    from hotline.messaging.receipts import WebhookReceipt

    answer = twilio.post("/twilio/voice", {"From": PHONE})
    assert answer.status == 200 and answer.verbs() == []
    assert twilio.post("/twilio/voice/step?node=menu:language&n=1", {"From": PHONE, "Digits": "2"}).verbs() == []
    assert count(db, WebhookReceipt) == 0


# Twilio's From for a caller who hides the number: "Anonymous", or a placeholder spelling a word on
# the keypad (+266696687 ANONYMOUS, +7378742833 RESTRICTED, +2562533 BLOCKED, +8656696 UNAVAILABLE,
# +86282452253 UNKNOWN).
HIDDEN = ["Anonymous", "anonymous", "+266696687", "+7378742833", "+2562533", "+8656696", "+86282452253", ""]


@pytest.mark.parametrize("hidden", HIDDEN)
def test_a_call_from_a_hidden_number_is_answered(call, db, hidden):
    """A person at risk may hide their number: the menu still plays, and its keys still work."""
    phone = call(hidden)
    first = phone.start()
    assert first.status == 200 and first.gather() is not None
    main_menu = phone.press("2")  # Russian
    assert main_menu.status == 200 and main_menu.gather() is not None
