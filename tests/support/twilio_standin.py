"""A local stand-in for Twilio's REST API, for tests, benchmarks and development.

It serves what hotline uses of API 2010-04-01 -- creating, fetching and listing
Messages and Calls -- closely enough for the official SDK to parse, records every request,
injects the faults real Twilio produces (5xx, 429, slow answers, error codes such
as 21610) and sends signed status callbacks.

    with TwilioStandIn(account_sid, auth_token) as standin:
        client = make_twilio_client(account_sid, auth_token, api_url=standin.url)
        ...
        standin.wait_for_messages(1, to="+996700123456")

Shell (benchmarks/dev; then export HOTLINE_TWILIO_API_URL=http://127.0.0.1:8099):
    python -m tests.support.twilio_standin --port 8099 --auto-status sent delivered
"""
from __future__ import annotations

import argparse
import collections
import json
import math
import re
import socket
import struct
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from email.utils import format_datetime, parsedate_to_datetime
from http import HTTPStatus
from typing import Callable, Iterable, Sequence
from urllib.parse import urlencode

import requests
from twilio.request_validator import RequestValidator
from werkzeug.datastructures import MultiDict
from werkzeug.serving import WSGIRequestHandler, make_server
from werkzeug.wrappers import Request, Response

API_VERSION = "2010-04-01"
# Same values as hotline.config's development defaults, so a dev app and a
# stand-in started without arguments agree (duplicated: tests must not need the app).
DEFAULT_ACCOUNT_SID = "AC" + "0" * 32
DEFAULT_AUTH_TOKEN = "hotline-development-token-not-secret"

_ROUTE = re.compile(
    r"^/2010-04-01/Accounts/(?P<account>[^/]+)/(?P<resource>Messages|Calls)(?:/(?P<sid>[^/]+))?\.json$"
)
# A recording's media (RecordingUrl + .mp3 or .wav), behind basic auth as Twilio can require.
_RECORDING = re.compile(r"^/2010-04-01/Accounts/(?P<account>[^/]+)/Recordings/(?P<sid>RE\w+)\.(?P<ext>mp3|wav)$")

# Twilio error codes -> their message text (REST answers carry both).
ERROR_MESSAGES = {
    20003: "Authenticate",
    20004: "Method not allowed",
    20404: "The requested resource was not found",
    20429: "Too Many Requests",
    20500: "Internal Server Error",
    20503: "Service Unavailable",
    21200: "Either 'Url', 'Twiml' or 'ApplicationSid' is required to create a Call",
    21201: "No 'To' number is specified",
    21211: "Invalid 'To' Phone Number",
    21213: "No 'From' number is specified",
    21408: "Permission to send an SMS has not been enabled for the region indicated by the 'To' number",
    21602: "Message body is required.",
    21603: "A 'From' phone number is required.",
    21604: "A 'To' phone number is required.",
    21610: "Attempt to send to unsubscribed recipient",
    21611: "This 'From' number has exceeded the maximum number of queued messages",
    21617: "The concatenated message body exceeds the 1600 character limit.",
}
# Twilio's own code for a bare HTTP failure status.
_CODE_FOR_STATUS = {401: 20003, 404: 20404, 405: 20004, 429: 20429, 500: 20500, 503: 20503}


def twilio_error(status: int, code: int | None = None, message: str | None = None) -> dict:
    """Twilio's JSON error body, which the SDK turns into TwilioRestException(status, code, msg)."""
    code = code or _CODE_FOR_STATUS.get(status, status)
    text = message or ERROR_MESSAGES.get(code) or HTTPStatus(status).phrase
    return {"code": code, "message": text, "more_info": f"https://www.twilio.com/docs/errors/{code}", "status": status}


# Independent of hotline.messaging.segments on purpose: the stand-in must not share
# a bug with the code under test. GSM-7 160/153, else UCS-2 70/67 (DOMAIN.md).
_GSM7 = set(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞ\x1bÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
_GSM7_EXT = set("^{}\\[~]|€\f")


def num_segments(body: str) -> int:
    if all(c in _GSM7 or c in _GSM7_EXT for c in body):
        units, single, multi = sum(2 if c in _GSM7_EXT else 1 for c in body), 160, 153
    else:
        units, single, multi = len(body.encode("utf-16-le")) // 2, 70, 67
    return 1 if units <= single else math.ceil(units / multi)


@dataclass
class Record:
    """One create request as the stand-in received it (refused ones included)."""

    kind: str  # "message" | "call"
    to: str | None
    from_: str | None
    body: str | None
    twiml: str | None
    url: str | None
    status_callback: str | None
    sid: str | None  # None when refused (auth, fault, validation, reject_to)
    http_status: int
    error_code: int | None
    monotonic: float  # time.monotonic() at arrival, for latency/rate maths
    wall: float  # time.time() at arrival
    form: MultiDict = field(repr=False)  # raw form, repeated keys kept (MediaUrl...)

    @property
    def accepted(self) -> bool:
        return self.sid is not None

    def summary(self) -> str:
        what = self.body if self.kind == "message" else (self.url or self.twiml)
        return f"{self.kind} {self.http_status} {self.sid or self.error_code} {self.from_} -> {self.to} {what!r:.60}"


@dataclass
class CallbackRecord:
    """One status callback the stand-in sent, and how the receiver answered."""

    sid: str
    status: str
    url: str
    params: dict
    http_status: int | None  # None when the receiver could not be reached
    error: str | None
    wall: float

    def summary(self) -> str:
        return f"callback {self.sid} {self.status} -> {self.url}: {self.http_status or self.error}"


@dataclass
class _Fault:
    kind: str  # "fail" | "hang" | "reset"
    status: int = 500
    code: int | None = None
    message: str | None = None
    seconds: float = 0.0
    create: bool = True
    to: str | None = None  # only requests to this number; None: any request


@dataclass
class ListRecord:
    """One list (GET .../Messages.json or Calls.json) request: its query and the answer's status."""

    kind: str  # "message" | "call"
    params: dict
    http_status: int
    count: int  # records in the answer
    wall: float


class _QuietHandler(WSGIRequestHandler):
    def log_request(self, *args, **kwargs):  # the records are the log
        pass


class TwilioStandIn:
    """Twilio REST stand-in on 127.0.0.1 in a background thread (threaded: serves concurrent requests).

    auto_status / auto_call_status: a status or a sequence of them ("sent", "delivered")
    posted to each new message's / call's StatusCallback, ``status_delay`` seconds apart.
    on_event: called (in server threads) with each Record and CallbackRecord.
    """

    def __init__(
        self,
        account_sid: str = DEFAULT_ACCOUNT_SID,
        auth_token: str = DEFAULT_AUTH_TOKEN,
        *,
        host: str = "127.0.0.1",
        port: int = 0,
        auto_status: str | Sequence[str] | None = None,
        auto_call_status: str | Sequence[str] | None = None,
        status_delay: float = 0.05,
        on_event: Callable[[Record | CallbackRecord], None] | None = None,
    ):
        self.account_sid, self.auth_token = account_sid, auth_token
        self.host, self.port = host, port
        self.auto_status, self.auto_call_status = auto_status, auto_call_status
        self.status_delay = status_delay
        self.on_event = on_event
        self._cond = threading.Condition()
        self._records: list[Record] = []
        self._callbacks: list[CallbackRecord] = []
        self._resources: dict[str, tuple[Record, dict]] = {}  # sid -> (record, JSON resource)
        self._faults: collections.deque[_Fault] = collections.deque()
        self._list_faults: collections.deque[_Fault] = collections.deque()
        self._lists: list[ListRecord] = []
        self._mode: _Fault | None = None
        self._rejections: dict[str, _Fault] = {}
        self._recordings: dict[str, bytes] = {}  # RE sid -> audio bytes
        self._stopping = threading.Event()  # also wakes hung requests at stop()
        self._server = self._thread = self._executor = None
        # The callback receiver is local: a proxy from the environment must not intervene.
        self._http = requests.Session()
        self._http.trust_env = False

    # -- lifecycle -------------------------------------------------------------

    def start(self) -> "TwilioStandIn":
        self._stopping.clear()
        self._server = make_server(self.host, self.port, self._wsgi, threaded=True, request_handler=_QuietHandler)
        self.port = self._server.port
        self._executor = ThreadPoolExecutor(max_workers=8, thread_name_prefix="standin-status")
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, name="twilio-standin", daemon=True
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stopping.set()
        if self._server is not None:
            self._server.shutdown()  # serve_forever closes the socket on its way out
            self._thread.join(5)
            self._executor.shutdown(wait=False, cancel_futures=True)
            self._server = None

    def __enter__(self) -> "TwilioStandIn":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}"

    # -- fault injection ---------------------------------------------------------

    def fail_next(self, n: int = 1, status: int = 500, code: int | None = None, message: str | None = None,
                  create: bool = False) -> None:
        """The next n create requests get a Twilio error (500 -> 20500, 429 -> 20429, ...).

        create=True: the message/call is created first and the error comes after -- Twilio
        (or a proxy in front of it) took it and answered 500, the case the reconciling retry
        exists for. create=False: nothing is created."""
        with self._cond:
            self._faults.extend(_Fault("fail", status, code, message, create=create) for _ in range(n))

    def reset_next(self, n: int = 1, create: bool = True) -> None:
        """The next n create requests get no answer: the connection is reset (RST) after the
        message/call was created (create=True) or without creating it."""
        with self._cond:
            self._faults.extend(_Fault("reset", 0, create=create) for _ in range(n))

    def hang_next(self, n: int = 1, seconds: float = 30.0, create: bool = True, to: str | None = None) -> None:
        """The next n create requests (to ``to`` only, if given) are answered only after ``seconds``.

        create=True: the message/call is created and recorded first -- Twilio took it but
        the answer never arrived, the case in which a naive retry sends the SMS twice.
        create=False: nothing is created; the late answer is a 503.
        """
        with self._cond:
            self._faults.extend(_Fault("hang", 503, seconds=seconds, create=create, to=to) for _ in range(n))

    def fail_next_list(self, n: int = 1, status: int = 500, code: int | None = None) -> None:
        """The next n list requests (GET Messages.json / Calls.json) get a Twilio error."""
        with self._cond:
            self._list_faults.extend(_Fault("fail", status, code) for _ in range(n))

    def hang_next_list(self, n: int = 1, seconds: float = 30.0) -> None:
        """The next n list requests are answered (503) only after ``seconds``: a client timeout."""
        with self._cond:
            self._list_faults.extend(_Fault("hang", 503, seconds=seconds, create=False) for _ in range(n))

    def reject_to(self, number: str, code: int = 21610, status: int = 400, message: str | None = None) -> None:
        """Every create request to ``number`` gets this Twilio error (21610: opted out) until reset()."""
        with self._cond:
            self._rejections[number] = _Fault("fail", status, code, message)

    def set_mode(
        self,
        mode: str = "ok",
        *,
        status: int = 500,
        code: int | None = None,
        seconds: float = 30.0,
        create: bool = True,
    ) -> None:
        """Persistent behaviour after the fail_next/hang_next queue is used up.

        "ok"; "fail": every request (lists too) gets ``status``; "hang": every answer waits ``seconds``
        (with create=True and a small value this is plain API latency, for benchmarks).
        """
        if mode not in ("ok", "fail", "hang"):
            raise ValueError(f"unknown mode {mode!r}")
        with self._cond:
            self._mode = None if mode == "ok" else _Fault(mode, status if mode == "fail" else 503, code, None,
                                                          seconds, create=mode == "hang" and create)

    def reset(self) -> None:
        """Drop queued faults, the mode and reject_to rules (records stay: see clear())."""
        with self._cond:
            self._faults.clear()
            self._list_faults.clear()
            self._mode = None
            self._rejections.clear()

    # -- records -----------------------------------------------------------------

    @property
    def records(self) -> list[Record]:
        """Every create request, refused ones included, in arrival order."""
        with self._cond:
            return list(self._records)

    @property
    def callbacks(self) -> list[CallbackRecord]:
        with self._cond:
            return list(self._callbacks)

    @property
    def list_requests(self) -> list[ListRecord]:
        """Every list request (GET Messages.json / Calls.json), in arrival order."""
        with self._cond:
            return list(self._lists)

    def messages(self, to: str | None = None) -> list[Record]:
        """Messages Twilio would have sent (accepted requests only)."""
        return [r for r in self.records if r.kind == "message" and r.accepted and to in (None, r.to)]

    def calls(self, to: str | None = None) -> list[Record]:
        return [r for r in self.records if r.kind == "call" and r.accepted and to in (None, r.to)]

    def clear(self) -> None:
        with self._cond:
            self._records.clear()
            self._callbacks.clear()
            self._resources.clear()
            self._lists.clear()

    def wait_for(self, predicate: Callable[[list[Record]], bool], timeout: float = 5.0) -> list[Record]:
        """Block until predicate(all records) is true; return the records, or raise AssertionError."""
        deadline = time.monotonic() + timeout
        with self._cond:
            while not predicate(list(self._records)):
                left = deadline - time.monotonic()
                if left <= 0:
                    seen = "\n  ".join(r.summary() for r in self._records[-20:]) or "(none)"
                    name = getattr(predicate, "__name__", repr(predicate))
                    raise AssertionError(
                        f"TwilioStandIn waited {timeout}s in vain for {name}; "
                        f"{len(self._records)} request(s), last ones:\n  {seen}"
                    )
                self._cond.wait(left)
            return list(self._records)

    def wait_for_messages(self, count: int = 1, to: str | None = None, timeout: float = 5.0) -> list[Record]:
        def enough_messages(records):
            return sum(r.kind == "message" and r.accepted and to in (None, r.to) for r in records) >= count

        enough_messages.__name__ = f"{count} accepted message(s)" + (f" to {to}" if to else "")
        self.wait_for(enough_messages, timeout)
        return self.messages(to)

    def assert_no_more_messages(self, count: int, to: str | tuple[str, ...] | None = None,
                                quiet: float = 2.0) -> list[Record]:
        """After the awaited sends: `quiet` seconds in which no accepted message beyond `count`
        (to `to`, one number or several) arrives; returns exactly those `count` messages.

        Wakes at every new request and fails at the first extra one: a bounded quiet period
        checked against the records themselves, not a sleep followed by a look."""
        numbers = (to,) if isinstance(to, str) else to
        deadline = time.monotonic() + quiet
        with self._cond:
            while True:
                got = [r for r in self._records if r.kind == "message" and r.accepted
                       and (numbers is None or r.to in numbers)]
                left = deadline - time.monotonic()
                if len(got) > count or left <= 0:
                    break
                self._cond.wait(left)
        if len(got) != count:
            seen = "\n  ".join(r.summary() for r in got[-20:]) or "(none)"
            raise AssertionError(f"TwilioStandIn: {len(got)} message(s) to {to or 'anyone'} within "
                                 f"{quiet}s of the check, expected {count}:\n  {seen}")
        return got

    def alter(self, sid: str, **fields) -> None:
        """Change what the stand-in holds of message/call ``sid``, as the list and fetch answers
        show it: what the API did not make this way (``direction="outbound-reply"``, a TwiML
        reply), an older one (``date_created``, a datetime), a later status. No callback is sent."""
        with self._cond:
            if sid not in self._resources:
                raise KeyError(f"TwilioStandIn: no message or call {sid}")
            resource = self._resources[sid][1]
            for name, value in fields.items():
                resource[name] = format_datetime(value.astimezone(timezone.utc)) if isinstance(value, datetime) else value

    # -- status callbacks ------------------------------------------------------------

    def send_status(
        self, sid: str, status: str, error_code: int | None = None, extra: dict | None = None
    ) -> CallbackRecord:
        """POST a signed status callback for message/call ``sid`` to its StatusCallback URL.

        ``extra`` adds parameters: Twilio adds new ones at any time and they are signed too.
        A receiver that cannot be reached gives a CallbackRecord with http_status None.
        """
        with self._cond:
            if sid not in self._resources:
                raise KeyError(f"TwilioStandIn: no message or call {sid}")
            record, resource = self._resources[sid]
            resource["status"] = status
            resource["date_updated"] = now = _rfc2822_now()
            if record.kind == "message":
                resource["error_code"] = error_code
                if status not in ("accepted", "queued", "sending") and not resource["date_sent"]:
                    resource["date_sent"] = now  # what the DateSent filters see: none while queued
            else:
                if status not in ("queued", "initiated") and not resource["start_time"]:
                    resource["start_time"] = now
                if status in _CALL_ENDED:
                    resource["end_time"] = now
        if not record.status_callback:
            raise ValueError(f"TwilioStandIn: {sid} was created without a StatusCallback")
        params = {"AccountSid": self.account_sid, "ApiVersion": API_VERSION,
                  "From": record.from_ or "", "To": record.to or ""}
        if record.kind == "message":
            params.update(MessageSid=sid, MessageStatus=status, SmsSid=sid, SmsStatus=status)
            if record.form.get("MessagingServiceSid"):
                params["MessagingServiceSid"] = record.form["MessagingServiceSid"]
        else:
            params.update(CallSid=sid, CallStatus=status, Direction="outbound-api",
                          Called=params["To"], Caller=params["From"])
        if error_code is not None:
            params["ErrorCode"] = str(error_code)
        params.update(extra or {})
        url = record.status_callback
        signature = RequestValidator(self.auth_token).compute_signature(url, params)
        try:
            answer = self._http.post(url, data=params, headers={"X-Twilio-Signature": signature}, timeout=5)
            callback = CallbackRecord(sid, status, url, params, answer.status_code, None, time.time())
        except requests.RequestException as e:
            callback = CallbackRecord(sid, status, url, params, None, f"{type(e).__name__}: {e}"[:200], time.time())
        with self._cond:
            self._callbacks.append(callback)
            self._cond.notify_all()
        if self.on_event:
            self.on_event(callback)
        return callback

    def _auto_statuses(self, sid: str, statuses: Iterable[str]) -> None:
        for status in statuses:
            if self._stopping.wait(self.status_delay):
                return
            self.send_status(sid, status)

    # -- HTTP --------------------------------------------------------------------------

    def _wsgi(self, environ, start_response):
        return self._handle(Request(environ))(environ, start_response)

    def _handle(self, request: Request) -> Response:
        auth = request.authorization
        authorized = (
            auth is not None and auth.type == "basic"
            and auth.username == self.account_sid and auth.password == self.auth_token
        )
        recording = _RECORDING.match(request.path)
        if recording and request.method == "GET":
            return self._recording(recording["sid"], recording["ext"], authorized)
        route = _ROUTE.match(request.path)
        if not route:
            return _json(404, twilio_error(404))
        if request.method == "GET" and route["sid"]:
            return self._fetch(route["sid"], authorized)
        if request.method == "GET":
            return self._list(route["resource"], route["account"], request.args, authorized)
        if request.method != "POST" or route["sid"]:
            return _json(405, twilio_error(405))

        kind = "message" if route["resource"] == "Messages" else "call"
        form = MultiDict(request.form)
        fault = None
        if not authorized:
            status, payload = 401, twilio_error(401, message="Authenticate")
        elif route["account"] != self.account_sid:
            status, payload = 404, twilio_error(404)
        else:
            with self._cond:
                fault = self._take_fault(form.get("To")) or self._mode
            if fault and not fault.create:
                status, payload = fault.status or 503, twilio_error(fault.status or 503, fault.code, fault.message)
            else:
                status, payload = self._create(kind, form)

        # Serialise now: a status callback may change the stored resource before a late answer.
        response = _json(status, payload)
        record = self._record(kind, form, status, payload)
        if fault and fault.create and fault.kind == "fail":  # created, and yet an error answer
            response = _json(fault.status, twilio_error(fault.status, fault.code, fault.message))
        if fault and fault.kind == "reset":
            _reset_connection(request.environ)
        if fault and fault.kind == "hang":
            self._stopping.wait(fault.seconds)
        if status == 401:
            response.headers["WWW-Authenticate"] = 'Basic realm="Twilio API"'
        statuses = self.auto_status if kind == "message" else self.auto_call_status
        if statuses and record.accepted and record.status_callback:
            statuses = (statuses,) if isinstance(statuses, str) else tuple(statuses)
            try:
                self._executor.submit(self._auto_statuses, record.sid, statuses)
            except RuntimeError:  # stop() already shut the executor down
                pass
        return response

    def _take_fault(self, to: str | None) -> _Fault | None:
        """The first queued fault meant for this request (caller holds the lock)."""
        for fault in self._faults:
            if fault.to is None or fault.to == to:
                self._faults.remove(fault)
                return fault
        return None

    def add_recording(self, sid: str, audio: bytes) -> str:
        """Keep a recording; its RecordingUrl as Twilio would send it (no extension)."""
        with self._cond:
            self._recordings[sid] = audio
        return f"https://api.twilio.com/2010-04-01/Accounts/{self.account_sid}/Recordings/{sid}"

    def _recording(self, sid: str, ext: str, authorized: bool) -> Response:
        if not authorized:
            return _json(401, twilio_error(401))
        with self._cond:
            audio = self._recordings.get(sid)
        if audio is None:
            return _json(404, twilio_error(404))
        return Response(audio, status=200, mimetype="audio/mpeg" if ext == "mp3" else "audio/wav")

    def _fetch(self, sid: str, authorized: bool) -> Response:
        if not authorized:
            return _json(401, twilio_error(401))
        with self._cond:
            found = self._resources.get(sid)
            return _json(200, dict(found[1])) if found else _json(404, twilio_error(404))

    def _list(self, resource: str, account: str, args: MultiDict, authorized: bool) -> Response:
        """Twilio's list answer: newest first, filtered, one page of PageSize (default 50, max 1000)."""
        kind = "message" if resource == "Messages" else "call"
        fault = None
        if not authorized:
            status, payload = 401, twilio_error(401)
        elif account != self.account_sid:
            status, payload = 404, twilio_error(404)
        else:
            with self._cond:  # set_mode applies to lists too: a Twilio that is down is down for both
                fault = (self._list_faults.popleft() if self._list_faults else None) or self._mode
            if fault and (fault.kind == "fail" or not fault.create):
                status, payload = fault.status, twilio_error(fault.status, fault.code)
            else:
                status, payload = self._list_page(resource, kind, args)
        with self._cond:
            self._lists.append(ListRecord(kind, args.to_dict(), status, len(payload.get(resource.lower(), ())),
                                          time.time()))
            self._cond.notify_all()
        if fault and fault.kind == "hang":
            self._stopping.wait(fault.seconds)
        return _json(status, payload)

    def _list_page(self, resource: str, kind: str, args: MultiDict) -> tuple[int, dict]:
        try:
            size, page = int(args.get("PageSize", 50)), int(args.get("Page", 0))
            wanted = _list_filter(kind, args)
        except ValueError as error:
            return 400, twilio_error(400, 20001, f"Invalid parameter: {error}")
        if not 1 <= size <= 1000 or page < 0:
            return 400, twilio_error(400, 20001, "Invalid parameter: PageSize or Page")
        with self._cond:
            found = [dict(r) for record, r in reversed(self._resources.values()) if record.kind == kind and wanted(r)]
        start = page * size
        chunk = found[start:start + size]
        base = f"/{API_VERSION}/Accounts/{self.account_sid}/{resource}.json?"
        query = [(k, v) for k, v in args.items(multi=True) if k not in ("Page", "PageSize", "PageToken")]

        def uri(n: int, token: bool = False) -> str:
            extra = [("PageToken", f"PA{uuid.uuid4().hex}")] if token else []
            return base + urlencode(query + [("PageSize", size), ("Page", n)] + extra)

        return 200, {
            resource.lower(): chunk,
            "start": start, "end": start + max(len(chunk) - 1, 0), "page": page, "page_size": size,
            "uri": uri(page), "first_page_uri": uri(0),
            "next_page_uri": uri(page + 1, token=True) if start + size < len(found) else None,
            "previous_page_uri": uri(page - 1, token=True) if page > 0 else None,
        }

    def _create(self, kind: str, form: MultiDict) -> tuple[int, dict]:
        to, from_, body = form.get("To"), form.get("From"), form.get("Body")
        if kind == "message":
            service = form.get("MessagingServiceSid")
            problem = (
                21604 if not to
                else 21603 if not (from_ or service)
                else 21602 if not (body or form.get("MediaUrl") or form.get("ContentSid"))
                else 21617 if body and len(body) > 1600
                else None
            )
        else:
            problem = (
                21201 if not to
                else 21213 if not from_
                else 21200 if not (form.get("Url") or form.get("Twiml") or form.get("ApplicationSid"))
                else None
            )
        if problem:
            return 400, twilio_error(400, problem)
        with self._cond:
            rule = self._rejections.get(to)
        if rule:
            return rule.status, twilio_error(rule.status, rule.code, rule.message)

        now = _rfc2822_now()
        if kind == "message":
            sid = "SM" + uuid.uuid4().hex
            uri = f"/{API_VERSION}/Accounts/{self.account_sid}/Messages/{sid}"
            return 201, {
                "sid": sid, "account_sid": self.account_sid, "api_version": API_VERSION,
                "to": to, "from": from_, "body": body or "", "messaging_service_sid": form.get("MessagingServiceSid"),
                # Twilio answers "accepted" when only a Messaging Service was given (it picks the sender later).
                "status": "queued" if from_ else "accepted", "direction": "outbound-api",
                "num_segments": str(num_segments(body or "")), "num_media": str(len(form.getlist("MediaUrl"))),
                "error_code": None, "error_message": None, "price": None, "price_unit": "USD",
                "date_created": now, "date_updated": now, "date_sent": None,
                "uri": uri + ".json", "subresource_uris": {"media": uri + "/Media.json", "feedback": uri + "/Feedback.json"},
            }
        sid = "CA" + uuid.uuid4().hex
        uri = f"/{API_VERSION}/Accounts/{self.account_sid}/Calls/{sid}"
        return 201, {
            "sid": sid, "account_sid": self.account_sid, "api_version": API_VERSION,
            "to": to, "to_formatted": to, "from": from_, "from_formatted": from_,
            "status": "queued", "direction": "outbound-api", "parent_call_sid": None, "phone_number_sid": None,
            "start_time": None, "end_time": None, "duration": None, "price": None, "price_unit": "USD",
            "answered_by": None, "caller_name": None, "forwarded_from": None, "group_sid": None,
            "queue_time": "0", "trunk_sid": None, "annotation": None,
            "date_created": now, "date_updated": now,
            "uri": uri + ".json",
            "subresource_uris": {n: f"{uri}/{n.title().replace('_', '')}.json"
                                 for n in ("notifications", "recordings", "events", "streams")},
        }

    def _record(self, kind: str, form: MultiDict, status: int, payload: dict) -> Record:
        sid = payload.get("sid") if status == 201 else None
        record = Record(
            kind=kind, to=form.get("To"), from_=form.get("From"), body=form.get("Body"),
            twiml=form.get("Twiml"), url=form.get("Url"), status_callback=form.get("StatusCallback"),
            sid=sid, http_status=status, error_code=None if sid else payload.get("code"),
            monotonic=time.monotonic(), wall=time.time(), form=form,
        )
        with self._cond:
            self._records.append(record)
            if sid:
                self._resources[sid] = (record, payload)
            self._cond.notify_all()
        if self.on_event:
            self.on_event(record)
        return record


_CALL_ENDED = ("completed", "busy", "no-answer", "failed", "canceled")


def _reset_connection(environ) -> None:
    """Drop the client's connection with no answer: the client sees ConnectionError.

    shutdown() ends it at once (the server would otherwise keep it open for the next
    request); SO_LINGER 0 makes the final close a reset. ConnectionResetError is what
    werkzeug's server expects from a client that went away: it drops the request quietly."""
    connection = environ["werkzeug.socket"]
    connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    connection.shutdown(socket.SHUT_RDWR)
    raise ConnectionResetError("stand-in: connection reset on purpose")


def _day(value: str) -> date:
    """Twilio filters these by date (GMT): the SDK sends YYYY-MM-DDTHH:MM:SSZ, the time is ignored."""
    return date.fromisoformat(value[:10])


def _list_filter(kind: str, args: MultiDict) -> Callable[[dict], bool]:
    """The list filters Twilio documents. The SDK's `date_sent_after` arrives as `DateSent>=D`
    (key "DateSent>"): messages sent on or after D; "DateSent<" on or before D. Calls:
    "StartTime>" on or after D, "StartTime<" before D. A resource without the date (a
    message still queued, a call not yet dialled) never matches a date filter."""
    field, exact, after, before, before_inclusive = (
        ("date_sent", "DateSent", "DateSent>", "DateSent<", True) if kind == "message"
        else ("start_time", "StartTime", "StartTime>", "StartTime<", False))
    tests: list[Callable[[dict], bool]] = []
    for key, name in (("To", "to"), ("From", "from")) + ((("Status", "status"),) if kind == "call" else ()):
        if args.get(key):
            tests.append(lambda r, name=name, value=args[key]: r.get(name) == value)
    days = {key: _day(args[key]) for key in (exact, after, before) if args.get(key)}

    def on(r: dict) -> date | None:
        return parsedate_to_datetime(r[field]).astimezone(timezone.utc).date() if r.get(field) else None

    if exact in days:
        tests.append(lambda r: on(r) == days[exact])
    if after in days:
        tests.append(lambda r: on(r) is not None and on(r) >= days[after])
    if before in days:
        limit = days[before] + (timedelta(days=1) if before_inclusive else timedelta(0))
        tests.append(lambda r: on(r) is not None and on(r) < limit)
    return lambda r: all(test(r) for test in tests)


def _rfc2822_now() -> str:
    return format_datetime(datetime.now(timezone.utc))  # Twilio's "Mon, 20 Nov 2023 10:00:00 +0000"


def _json(status: int, payload: dict) -> Response:
    return Response(json.dumps(payload), status=status, content_type="application/json; charset=utf-8")


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Local stand-in for Twilio's REST API (Messages, Calls).")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8099)
    parser.add_argument("--account-sid", default=DEFAULT_ACCOUNT_SID)
    parser.add_argument("--auth-token", default=DEFAULT_AUTH_TOKEN)
    parser.add_argument("--auto-status", nargs="*", metavar="STATUS", help="e.g. sent delivered")
    parser.add_argument("--auto-call-status", nargs="*", metavar="STATUS", help="e.g. completed")
    parser.add_argument("--status-delay", type=float, default=0.05)
    parser.add_argument("--latency", type=float, default=0.0, help="seconds before every create answer")
    args = parser.parse_args(argv)

    standin = TwilioStandIn(
        args.account_sid, args.auth_token, host=args.host, port=args.port,
        auto_status=args.auto_status, auto_call_status=args.auto_call_status, status_delay=args.status_delay,
        on_event=lambda event: print(f"{datetime.now():%H:%M:%S.%f} {event.summary()}", flush=True),
    )
    if args.latency:
        standin.set_mode("hang", seconds=args.latency)
    with standin:
        print(f"Twilio stand-in on {standin.url} (account {args.account_sid})\n"
              f"  export HOTLINE_TWILIO_API_URL={standin.url}", flush=True)
        try:
            threading.Event().wait()
        except KeyboardInterrupt:
            pass


if __name__ == "__main__":
    main()
