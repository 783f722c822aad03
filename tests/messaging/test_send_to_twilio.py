"""providers.send and find_existing against the stand-in with the real client (its account sid and
token, its URL), in this process: what Twilio is asked to send, from which number, with which
callback; which refusals are retried; and that a lookup finds only this row's own message."""
from __future__ import annotations

import dataclasses
import os

import pytest

from hotline.messaging import outbox, providers
from hotline.messaging.models import OutboundMessage
from tests.conftest import OUR_NUMBER

TO = "+996700555004"
OTHER = "+996700555005"
BODY = "Эртең саат 10:00до автобус келет"


@pytest.fixture
def settings(app, monkeypatch):
    def change(**values):
        monkeypatch.setitem(app.config, "SETTINGS", dataclasses.replace(app.config["SETTINGS"], **values))
    return change


def _sms(db, to: str = TO, **values) -> OutboundMessage:
    message = outbox.queue_sms(to, BODY, purpose="staff")
    for name, value in values.items():
        setattr(message, name, value)
    db.session.info.pop("outbox_pending", None)  # sent by hand below, not by a worker
    db.session.commit()
    return message


def test_an_sms_goes_to_the_person_from_our_number_with_our_status_callback(db, standin):
    message = _sms(db)
    sent = providers.send(message)
    [record] = standin.messages(to=TO)
    assert (record.from_, record.body) == (OUR_NUMBER, BODY)
    assert record.status_callback == os.environ["HOTLINE_PUBLIC_URL"] + "/twilio/status"
    assert sent == providers.Sent(sid=record.sid, status="sent")


def test_the_rows_own_sender_wins_and_our_number_stands_in_for_none(db, standin):
    providers.send(_sms(db, from_phone="+996312900901"))
    providers.send(_sms(db, to=OTHER, from_phone=None))
    assert [r.from_ for r in standin.messages(to=TO)] == ["+996312900901"]
    assert [r.from_ for r in standin.messages(to=OTHER)] == [OUR_NUMBER]


def test_without_any_sender_number_nothing_is_asked_and_the_row_fails(db, standin, settings):
    message = _sms(db, from_phone=None)
    settings(sms_number=None)
    with pytest.raises(providers.PermanentSendError) as refused:
        providers.send(message)
    assert refused.value.code == "no_sender_number" and str(refused.value) == "no_sender_number"
    assert standin.records == []


def test_without_a_public_url_no_status_callback_is_asked_for(db, standin, settings):
    settings(public_url=None)
    providers.send(_sms(db))
    assert standin.messages(to=TO)[0].status_callback is None


def test_a_call_dials_the_url_or_says_the_twiml_and_rings_25_seconds(db, standin):
    by_url = outbox.queue_call(TO, url="http://127.0.0.1/alerts/call?alert=7")
    by_twiml = outbox.queue_call(OTHER, twiml="<Response><Say>test</Say></Response>")
    db.session.info.pop("outbox_pending", None)
    db.session.commit()
    assert providers.send(by_url).status == "sent"
    providers.send(by_twiml)
    [url_call], [twiml_call] = standin.calls(to=TO), standin.calls(to=OTHER)
    assert (url_call.url, url_call.twiml, url_call.from_) == ("http://127.0.0.1/alerts/call?alert=7", None, OUR_NUMBER)
    assert (twiml_call.url, twiml_call.twiml) == (None, "<Response><Say>test</Say></Response>")
    assert url_call.form.get("Timeout") == "25"
    assert url_call.status_callback == os.environ["HOTLINE_PUBLIC_URL"] + "/twilio/status"


@pytest.mark.parametrize("status, code, error, expected", [
    (400, 21211, providers.PermanentSendError, "21211"),  # an invalid number: retrying cannot help
    (429, None, providers.TransientSendError, "20429"),
    (500, None, providers.TransientSendError, "20500"),
    (503, 20503, providers.TransientSendError, "20503"),
])
def test_twilios_refusals_are_retried_only_when_retrying_can_help(db, standin, status, code, error, expected):
    standin.fail_next(1, status=status, code=code)
    with pytest.raises(error) as refused:
        providers.send(_sms(db))
    assert refused.value.code == expected and str(refused.value) == expected


def test_a_lookup_finds_this_rows_message_not_one_to_someone_else_or_from_another_number(db, standin):
    mine = _sms(db)
    providers.send(mine)
    providers.send(_sms(db, to=OTHER))  # the same text to someone else
    providers.send(_sms(db, from_phone="+996312900901"))  # to the same person from another number
    [found] = providers.find_existing(mine)
    assert found == providers.Sent(sid=standin.messages(to=TO)[0].sid, status="sent")


def test_a_call_lookup_finds_this_persons_call_from_this_number_only(db, standin):
    mine = outbox.queue_call(TO, url="http://127.0.0.1/alerts/call?alert=7")
    other = outbox.queue_call(OTHER, url="http://127.0.0.1/alerts/call?alert=7")
    from_elsewhere = outbox.queue_call(TO, url="http://127.0.0.1/alerts/call?alert=7")
    from_elsewhere.from_phone = "+996312900901"
    db.session.info.pop("outbox_pending", None)
    db.session.commit()
    for call in (mine, other, from_elsewhere):
        providers.send(call)
    ours = [c.sid for c in standin.calls(to=TO) if c.from_ == OUR_NUMBER]
    assert [c.sid for c in providers.find_existing(mine)] == ours


def test_a_lookup_twilio_refuses_is_a_transient_error(db, standin):
    """The SDK's list raises "Unable to fetch page" with no status: the code says so."""
    message = _sms(db)
    standin.fail_next_list(1, status=500)
    with pytest.raises(providers.TransientSendError) as refused:
        providers.find_existing(message)
    assert refused.value.code == "list_error"
