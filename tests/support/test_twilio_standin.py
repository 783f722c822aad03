"""The Twilio stand-in, driven through the real twilio SDK and LocalApiHttpClient."""
from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timedelta, timezone

import pytest
import requests
from twilio.base.exceptions import TwilioRestException
from twilio.request_validator import RequestValidator
from werkzeug.serving import make_server
from werkzeug.wrappers import Request, Response

from hotline.messaging.twilio_http import LocalApiHttpClient, make_twilio_client
from tests.support.twilio_standin import TwilioStandIn, num_segments

ACCOUNT = "AC" + "5" * 32
TOKEN = "standin-test-token"
HOTLINE = "+15005550006"
RESIDENT = "+996700123456"


@pytest.fixture
def standin():
    with TwilioStandIn(ACCOUNT, TOKEN) as s:
        yield s


@pytest.fixture
def client(standin):
    return make_twilio_client(ACCOUNT, TOKEN, api_url=standin.url, timeout=5)


class Receiver:
    """A tiny webhook endpoint that keeps what it was sent, as the app would see it."""

    def __init__(self):
        self.received: list[tuple[str, dict, str | None]] = []  # (url, form, signature)
        self._cond = threading.Condition()
        self._server = make_server("127.0.0.1", 0, self._app, threaded=True)
        self.url = f"http://127.0.0.1:{self._server.port}"
        threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()

    def _app(self, environ, start_response):
        request = Request(environ)
        with self._cond:
            self.received.append((request.url, request.form.to_dict(), request.headers.get("X-Twilio-Signature")))
            self._cond.notify_all()
        return Response("", status=204)(environ, start_response)

    def wait(self, count: int, timeout: float = 5.0):
        with self._cond:
            assert self._cond.wait_for(lambda: len(self.received) >= count, timeout), self.received
            return list(self.received)

    def close(self):
        self._server.shutdown()


@pytest.fixture
def receiver():
    r = Receiver()
    yield r
    r.close()


def test_message_and_call_are_created_and_recorded(standin, client):
    message = client.messages.create(to=RESIDENT, from_=HOTLINE, body="Салам! Автобус эртең келет.")
    call = client.calls.create(to=RESIDENT, from_=HOTLINE, twiml="<Response><Play>x.mp3</Play></Response>", timeout=20)

    assert message.sid.startswith("SM") and len(message.sid) == 34
    assert (message.status, message.num_segments, message.error_code) == ("queued", "1", None)
    assert call.sid.startswith("CA") and call.status == "queued"
    [sms] = standin.messages(to=RESIDENT)
    assert (sms.sid, sms.from_, sms.body) == (message.sid, HOTLINE, "Салам! Автобус эртең келет.")
    [voice] = standin.calls()
    assert voice.sid == call.sid and voice.twiml.startswith("<Response>") and voice.form["Timeout"] == "20"
    assert client.messages(message.sid).fetch().body == sms.body  # GET works too


@pytest.mark.parametrize("status, code", [(500, 20500), (429, 20429)])
def test_fail_next_raises_then_succeeds(standin, client, status, code):
    standin.fail_next(1, status=status)
    with pytest.raises(TwilioRestException) as failure:
        client.messages.create(to=RESIDENT, from_=HOTLINE, body="one")
    assert (failure.value.status, failure.value.code) == (status, code)

    client.messages.create(to=RESIDENT, from_=HOTLINE, body="one")
    assert [r.http_status for r in standin.records] == [status, 201]
    assert len(standin.messages()) == 1


def test_fail_after_create_keeps_the_message_and_answers_the_error(standin, client):
    standin.fail_next(1, status=500, create=True)
    with pytest.raises(TwilioRestException) as failure:
        client.messages.create(to=RESIDENT, from_=HOTLINE, body="taken, then 500")
    assert (failure.value.status, failure.value.code) == (500, 20500)
    [kept] = standin.messages()
    assert [m.sid for m in client.messages.list(to=RESIDENT)] == [kept.sid]  # the list holds it


@pytest.mark.parametrize("create", [True, False])
def test_reset_next_drops_the_connection_unanswered(standin, client, create):
    standin.reset_next(1, create=create)
    with pytest.raises(requests.exceptions.ConnectionError):
        client.messages.create(to=RESIDENT, from_=HOTLINE, body="reset")
    assert len(standin.messages()) == (1 if create else 0)
    client.messages.create(to=RESIDENT, from_=HOTLINE, body="answered again")
    assert len(standin.messages()) == (2 if create else 1)


def test_no_more_messages_fails_at_the_first_late_copy(standin, client):
    client.messages.create(to=RESIDENT, from_=HOTLINE, body="one")
    late = threading.Timer(0.2, lambda: client.messages.create(to=RESIDENT, from_=HOTLINE, body="one"))
    late.start()
    started = time.monotonic()
    with pytest.raises(AssertionError, match="2 message"):
        standin.assert_no_more_messages(1, to=RESIDENT, quiet=3)
    assert time.monotonic() - started < 2  # woke at the copy, did not sleep the period out
    late.join()


@pytest.mark.parametrize("create", [True, False])
def test_hang_past_client_timeout(standin, create):
    impatient = make_twilio_client(ACCOUNT, TOKEN, api_url=standin.url, timeout=0.3)
    standin.hang_next(1, seconds=10, create=create)
    started = time.monotonic()
    with pytest.raises(requests.exceptions.Timeout):
        impatient.messages.create(to=RESIDENT, from_=HOTLINE, body="slow")
    assert time.monotonic() - started < 3
    # create=True: Twilio took the message although the client saw a timeout.
    assert len(standin.messages()) == (1 if create else 0)
    impatient.messages.create(to=RESIDENT, from_=HOTLINE, body="fast again")


def test_reject_to_gives_twilio_error_code(standin, client):
    standin.reject_to(RESIDENT, code=21610)
    with pytest.raises(TwilioRestException) as failure:
        client.messages.create(to=RESIDENT, from_=HOTLINE, body="STOP was sent")
    assert (failure.value.status, failure.value.code) == (400, 21610)
    assert "unsubscribed" in failure.value.msg
    client.messages.create(to="+996555000111", from_=HOTLINE, body="others still get it")
    standin.reset()
    client.messages.create(to=RESIDENT, from_=HOTLINE, body="after reset")
    assert [r.error_code for r in standin.records] == [21610, None, None]


def test_wrong_credentials_get_401(standin):
    intruder = make_twilio_client(ACCOUNT, "wrong-token", api_url=standin.url)
    with pytest.raises(TwilioRestException) as failure:
        intruder.messages.create(to=RESIDENT, from_=HOTLINE, body="x")
    assert (failure.value.status, failure.value.code) == (401, 20003)
    assert standin.messages() == []


def test_body_over_1600_characters_is_refused(standin, client):
    with pytest.raises(TwilioRestException) as failure:
        client.messages.create(to=RESIDENT, from_=HOTLINE, body="а" * 1601)
    assert failure.value.code == 21617


def test_status_callback_is_signed_and_updates_the_resource(standin, client, receiver):
    callback_url = receiver.url + "/twilio/status?oblast=osh"  # the query string is signed too
    message = client.messages.create(to=RESIDENT, from_=HOTLINE, body="hi", status_callback=callback_url)

    sent = standin.send_status(message.sid, "undelivered", error_code=30003, extra={"RawDlrDoneDate": "2401011200"})

    assert sent.http_status == 204
    [(url, form, signature)] = receiver.wait(1)
    assert url == callback_url
    assert form["MessageSid"] == message.sid and form["MessageStatus"] == "undelivered"
    assert (form["ErrorCode"], form["AccountSid"], form["To"]) == ("30003", ACCOUNT, RESIDENT)
    assert RequestValidator(TOKEN).validate(url, form, signature)
    assert not RequestValidator("another-token").validate(url, form, signature)
    assert client.messages(message.sid).fetch().status == "undelivered"


def test_auto_status_for_messages_and_calls(receiver):
    with TwilioStandIn(ACCOUNT, TOKEN, auto_status=("sent", "delivered"), auto_call_status="completed") as standin:
        client = make_twilio_client(ACCOUNT, TOKEN, api_url=standin.url)
        message = client.messages.create(to=RESIDENT, from_=HOTLINE, body="hi", status_callback=receiver.url + "/sms")
        call = client.calls.create(to=RESIDENT, from_=HOTLINE, url="http://example.invalid/ivr",
                                   status_callback=receiver.url + "/voice")
        received = receiver.wait(3)

    sms = [form["MessageStatus"] for url, form, _ in received if form.get("MessageSid") == message.sid]
    voice = [form["CallStatus"] for url, form, _ in received if form.get("CallSid") == call.sid]
    assert (sms, voice) == (["sent", "delivered"], ["completed"])
    assert all(RequestValidator(TOKEN).validate(url, form, sig) for url, form, sig in received)


def test_serves_concurrent_requests(standin, client):
    standin.set_mode("hang", seconds=0.3)  # plain API latency
    started = time.monotonic()
    with ThreadPoolExecutor(10) as pool:
        list(pool.map(lambda i: client.messages.create(to=RESIDENT, from_=HOTLINE, body=f"#{i}"), range(10)))
    assert time.monotonic() - started < 2  # serially it would take 3 s
    assert len(standin.wait_for_messages(10)) == 10


def test_wait_for_explains_what_it_missed(standin, client):
    client.messages.create(to=RESIDENT, from_=HOTLINE, body="only one")
    with pytest.raises(AssertionError, match=r"(?s)2 accepted message\(s\).*only one"):
        standin.wait_for_messages(2, timeout=0.2)


def test_segment_counts():
    assert num_segments("a" * 160) == 1 and num_segments("a" * 161) == 2
    assert num_segments("ө" * 70) == 1 and num_segments("ө" * 71) == 2  # one Kyrgyz letter forces UCS-2
    assert num_segments("{" * 80) == 1 and num_segments("{" * 81) == 2  # extension characters count twice


def test_local_client_rewrites_only_twilio_api():
    local = LocalApiHttpClient("http://127.0.0.1:8099/")
    assert local.rewrite("https://api.twilio.com/2010-04-01/Accounts.json") == "http://127.0.0.1:8099/2010-04-01/Accounts.json"
    # TWILIO_EDGE/TWILIO_REGION make the SDK use regional hosts: still the stand-in.
    assert local.rewrite("https://api.dublin.ie1.twilio.com/2010-04-01/x.json") == "http://127.0.0.1:8099/2010-04-01/x.json"
    with pytest.raises(RuntimeError, match="real Twilio"):
        local.rewrite("https://messaging.twilio.com/v1/Services")
    real = LocalApiHttpClient("https://api.twilio.com")
    assert real.rewrite("https://messaging.twilio.com/v1/Services") == "https://messaging.twilio.com/v1/Services"


# -- list requests (GET Messages.json / Calls.json), what the outbox asks before a retry ------------


def test_messages_list_is_newest_first_and_filtered_by_to_and_from(standin, client):
    for body in ("first", "second"):
        client.messages.create(to=RESIDENT, from_=HOTLINE, body=body)
    client.messages.create(to="+996555000111", from_=HOTLINE, body="to someone else")
    client.messages.create(to=RESIDENT, from_="+15005550007", body="from another number")

    found = client.messages.list(to=RESIDENT, from_=HOTLINE, limit=20)

    assert [m.body for m in found] == ["second", "first"]
    assert all(m.direction == "outbound-api" and m.sid.startswith("SM") for m in found)
    assert found[0].date_created.tzinfo is not None  # RFC 2822, parsed by the SDK
    assert [m.body for m in client.messages.list(to=RESIDENT)] == ["from another number", "second", "first"]
    [request] = [r for r in standin.list_requests if r.params.get("From") == HOTLINE]
    assert (request.kind, request.params["To"], request.params["PageSize"], request.count) == ("message", RESIDENT, "20", 2)


def test_messages_list_pages_through_page_size(standin, client):
    for n in range(5):
        client.messages.create(to=RESIDENT, from_=HOTLINE, body=f"#{n}")

    assert [m.body for m in client.messages.list(to=RESIDENT, page_size=2)] == ["#4", "#3", "#2", "#1", "#0"]
    assert len(standin.list_requests) == 3  # the SDK followed next_page_uri twice
    page = client.messages.page(to=RESIDENT, page_size=2, page_number=2)
    assert [m.body for m in page] == ["#0"] and page.next_page_url is None
    assert len(client.messages.list(to=RESIDENT, limit=3, page_size=2)) == 3


def test_date_sent_filters_by_day_and_never_matches_a_queued_message(standin, client, receiver):
    sent = client.messages.create(to=RESIDENT, from_=HOTLINE, body="sent", status_callback=receiver.url)
    client.messages.create(to=RESIDENT, from_=HOTLINE, body="still queued")
    standin.send_status(sent.sid, "sent")
    day = client.messages(sent.sid).fetch().date_sent  # today (GMT), from the stand-in's clock
    morning = datetime.combine(day.date(), datetime.min.time(), timezone.utc)

    def bodies(**filters):
        return [m.body for m in client.messages.list(to=RESIDENT, **filters)]

    assert bodies() == ["still queued", "sent"]
    assert bodies(date_sent_after=morning + timedelta(hours=23)) == ["sent"]  # by day: the hour is ignored
    assert bodies(date_sent_after=morning + timedelta(days=1)) == []
    assert bodies(date_sent_before=morning) == ["sent"]  # on or before the day
    assert bodies(date_sent_before=morning - timedelta(days=1)) == []
    assert bodies(date_sent=morning) == ["sent"]


def test_calls_list_filters_to_status_and_start_time(standin, client, receiver):
    first = client.calls.create(to=RESIDENT, from_=HOTLINE, url="http://example.invalid/a", status_callback=receiver.url)
    client.calls.create(to=RESIDENT, from_=HOTLINE, url="http://example.invalid/b")
    client.calls.create(to="+996555000111", from_=HOTLINE, url="http://example.invalid/c")
    standin.send_status(first.sid, "completed")
    today = datetime.now(timezone.utc).replace(hour=0, minute=0, second=0, microsecond=0)

    calls = client.calls.list(to=RESIDENT, from_=HOTLINE, limit=20)
    assert len(calls) == 2 and calls[1].sid == first.sid  # newest first
    assert [c.sid for c in client.calls.list(to=RESIDENT, status="completed")] == [first.sid]
    assert [c.sid for c in client.calls.list(to=RESIDENT, start_time_after=today)] == [first.sid]  # one dialled
    assert client.calls.list(to=RESIDENT, start_time_before=today) == []  # strictly before the day


def test_list_faults_are_separate_from_create_faults(standin, client):
    from twilio.base.exceptions import TwilioException

    client.messages.create(to=RESIDENT, from_=HOTLINE, body="one")
    standin.fail_next_list(1, status=500)
    standin.fail_next(1, status=429)
    with pytest.raises(TwilioException):
        client.messages.list(to=RESIDENT)
    with pytest.raises(TwilioRestException):
        client.messages.create(to=RESIDENT, from_=HOTLINE, body="refused")
    assert len(client.messages.list(to=RESIDENT)) == 1
    assert [r.http_status for r in standin.list_requests] == [500, 200]

    impatient = make_twilio_client(ACCOUNT, TOKEN, api_url=standin.url, timeout=0.3)
    standin.hang_next_list(1, seconds=5)
    with pytest.raises(requests.exceptions.Timeout):
        impatient.messages.list(to=RESIDENT)
    standin.set_mode("fail", status=503)  # Twilio down: lists fail too
    with pytest.raises(TwilioException):
        client.calls.list(to=RESIDENT)


def test_list_needs_the_right_credentials_and_account(standin):
    from twilio.base.exceptions import TwilioException

    with pytest.raises(TwilioException):
        make_twilio_client(ACCOUNT, "wrong-token", api_url=standin.url).messages.list()
    other_account = "AC" + "6" * 32
    with pytest.raises(TwilioException):
        make_twilio_client(other_account, TOKEN, api_url=standin.url).messages.list()
    assert [r.http_status for r in standin.list_requests] == [401, 401]
