"""Where an outbox row actually goes: Twilio's REST API, or the console in development."""
from __future__ import annotations

import functools
import logging
import secrets
from dataclasses import dataclass

from datetime import timedelta

import requests
from flask import current_app
from twilio.base.exceptions import TwilioException, TwilioRestException

from hotline.core.logs import log_event
from hotline.messaging.models import STATUS_ORDER, OutboundMessage
from hotline.messaging.status import normalise_status

log = logging.getLogger(__name__)


class TransientSendError(Exception):
    """Worth retrying: 429, 5xx, timeouts, a connection that failed."""

    def __init__(self, code: str):
        super().__init__(code)
        self.code = code


class PermanentSendError(Exception):
    """Retrying cannot help (opted out, invalid number...): record it and stop."""

    def __init__(self, code: str):
        super().__init__(code)
        self.code = code


@dataclass(frozen=True)
class Sent:
    sid: str
    status: str = "sent"
    error_code: str | None = None


# Codes a failed send leaves when Twilio may have created the message all the same: the
# request went out and no answer came back (or a 5xx, which a proxy in front of Twilio can
# give after the fact). A retry after one of these asks Twilio first (find_existing).
# ConnectTimeout is not one of them: no connection, no request.
_MAYBE_SENT = {"ReadTimeout", "Timeout", "ConnectionError", "ChunkedEncodingError"}
STALE_SENDING = "stale_sending"  # set by outbox.sweep: the worker died mid-send
LOOKUP_FAILED = "lookup_failed"  # find_existing could not ask: still unknown


def may_have_sent(error_code: str | None) -> bool:
    """After a failed attempt with this code, could Twilio hold the message anyway?"""
    if error_code in _MAYBE_SENT or error_code in (STALE_SENDING, LOOKUP_FAILED):
        return True
    return bool(error_code and error_code.isdigit()
                and (500 <= int(error_code) < 600 or 20500 <= int(error_code) < 20600))


def send(message: OutboundMessage) -> Sent:
    settings = current_app.config["SETTINGS"]
    if settings.sms_provider == "console":
        return _send_to_console(message)
    return _send_with_twilio(message, settings)


def _send_to_console(message: OutboundMessage) -> Sent:
    # The body stays in the message table (the admin page shows it), never in the log.
    log_event(log, "console.sent", message_id=message.id, kind=message.kind, to=message.to_phone,
              segments=message.segments)
    return Sent(sid="CONSOLE" + secrets.token_hex(14))


@functools.lru_cache(maxsize=4)
def _client(account_sid: str, auth_token: str, api_url: str):
    from hotline.messaging.twilio_http import make_twilio_client

    return make_twilio_client(account_sid, auth_token, api_url, timeout=10)


def _status_callback(settings) -> str | None:
    return f"{settings.public_url}/twilio/status" if settings.public_url else None


def _send_with_twilio(message: OutboundMessage, settings) -> Sent:
    if not (message.from_phone or settings.sms_number):
        raise PermanentSendError("no_sender_number")
    client = _client(settings.twilio_account_sid, settings.twilio_auth_token, settings.twilio_api_url)
    sender = message.from_phone or settings.sms_number
    try:
        if message.kind == "call":
            extra = {"url": message.call_url} if message.call_url else {"twiml": message.body}
            resource = client.calls.create(to=message.to_phone, from_=sender, timeout=25,
                                           status_callback=_status_callback(settings), **extra)
        else:
            resource = client.messages.create(to=message.to_phone, from_=sender, body=message.body,
                                              status_callback=_status_callback(settings))
    except TwilioRestException as error:
        code = str(error.code or error.status)
        if error.status == 429 or error.status >= 500:
            raise TransientSendError(code) from None
        raise PermanentSendError(code) from None
    except (requests.Timeout, requests.ConnectionError) as error:
        raise TransientSendError(type(error).__name__) from None
    return Sent(sid=resource.sid, status="sent")


# Twilio's clock against ours (NTP-close), plus date_created's whole seconds.
CLOCK_MARGIN = timedelta(seconds=60)
LOOKUP_LIMIT = 50  # one page: a person gets few messages from us in a row's lifetime


def find_existing(message: OutboundMessage) -> list[Sent]:
    """What Twilio already holds that this row may have created on an earlier attempt whose
    answer we never got: same recipient and sender, created since the row (less the clock
    margin), and for an SMS the exact body. Oldest first; the caller skips sids another
    row already has. Raises TransientSendError when Twilio cannot be asked.

    The body must come back as sent (no body redaction on the account, no Smart Encoding).
    Calls have no body to compare: any outbound call to the person since the row counts.
    No DateSent/StartTime filter: a message Twilio still queues (a long code queues for
    hours) has neither, and would be missed. The console provider sends synchronously
    and keeps nothing: there is nothing to find."""
    settings = current_app.config["SETTINGS"]
    if settings.sms_provider == "console":
        return []
    client = _client(settings.twilio_account_sid, settings.twilio_auth_token, settings.twilio_api_url)
    sender = message.from_phone or settings.sms_number
    since = message.created_at - CLOCK_MARGIN
    try:
        if message.kind == "call":
            found = [r for r in client.calls.list(to=message.to_phone, from_=sender, limit=LOOKUP_LIMIT)]
        else:
            found = [r for r in client.messages.list(to=message.to_phone, from_=sender, limit=LOOKUP_LIMIT)
                     if r.body == message.body]
    except TwilioException as error:  # TwilioRestException, and "Unable to fetch page" (any non-200)
        raise TransientSendError(str(getattr(error, "status", "") or "list_error")) from None
    except (requests.Timeout, requests.ConnectionError) as error:
        raise TransientSendError(type(error).__name__) from None
    mine = [r for r in found if r.direction == "outbound-api" and r.date_created and r.date_created >= since]
    mine.sort(key=lambda r: r.date_created)
    return [_as_sent(r, message.kind == "call") for r in mine]


def _as_sent(resource, is_call: bool) -> Sent:
    """Twilio's status as ours, never below `sent`: Twilio has it, we must not send it again."""
    status = normalise_status(resource.status or "", is_call) or "sent"
    if STATUS_ORDER[status] < STATUS_ORDER["sent"]:
        status = "sent"
    code = None if is_call else getattr(resource, "error_code", None)
    return Sent(sid=resource.sid, status=status, error_code=str(code) if code else None)
