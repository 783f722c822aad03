"""The link Twilio fetches when an undelivered alert SMS turns into a call to the worker:
HOTLINE_PUBLIC_URL when set (behind a proxy the request's host is an inside one), else the
host the request came to, else (no request: a worker process) `hotline run`'s address."""
from __future__ import annotations

from twilio.request_validator import RequestValidator

from hotline.alerts import service
from tests.alerts.conftest import OSH_WORKER, RESIDENT, alerts, outbox_to
from tests.conftest import TEST_AUTH_TOKEN
from tests.support.phone import SignedClient, new_sid

INSIDE = "http://10.0.0.5:8000"  # where a proxy forwards Twilio's requests


def notices_sent(client, db):
    client.sms(RESIDENT, "SOS")
    [notice] = outbox_to(db, OSH_WORKER, "alert")
    notice.status, notice.provider_sid = "sent", new_sid("SM")
    db.session.commit()
    return alerts(db)[0], notice


def undelivered(notice) -> dict:
    return {"AccountSid": "AC" + "1" * 32, "MessageSid": notice.provider_sid,
            "MessageStatus": "undelivered", "ErrorCode": "30005"}


def the_call(db):
    return outbox_to(db, OSH_WORKER, "alert")[-1]


def test_without_a_public_url_the_call_link_is_the_requests_host(app, db, roster, settings):
    settings(public_url=None)
    client = SignedClient(app.test_client(), TEST_AUTH_TOKEN, base_url="http://hotline.example")
    alert, notice = notices_sent(client, db)
    assert client.post("/twilio/status", undelivered(notice)).status == 204
    assert the_call(db).call_url == f"http://hotline.example/alerts/call?alert={alert.id}"


def test_with_a_public_url_the_call_link_is_it_not_the_inside_host(app, twilio, db, roster, settings):
    settings(public_url="https://hotline.example")
    alert, notice = notices_sent(SignedClient(app.test_client(), TEST_AUTH_TOKEN,
                                              base_url="https://hotline.example"), db)
    params = undelivered(notice)
    signature = RequestValidator(TEST_AUTH_TOKEN).compute_signature("https://hotline.example/twilio/status", params)
    assert twilio.post(f"{INSIDE}/twilio/status", params, signature=signature).status == 204
    assert the_call(db).call_url == f"https://hotline.example/alerts/call?alert={alert.id}"


def test_outside_a_request_without_a_public_url_the_call_link_is_hotline_runs_address(twilio, db, roster, settings):
    alert, notice = notices_sent(twilio, db)
    settings(public_url=None)
    notice.status = "undelivered"
    service.on_message_failed(notice)  # as a worker's reconcile does, with no request
    db.session.commit()
    assert the_call(db).call_url == f"http://127.0.0.1:8000/alerts/call?alert={alert.id}"
