"""Where an outbox row actually goes: Twilio's REST API, or the console in development."""
from __future__ import annotations

import functools
import logging
import secrets
from dataclasses import dataclass

import requests
from flask import current_app
from twilio.base.exceptions import TwilioRestException

from hotline.core.logs import log_event
from hotline.messaging.models import OutboundMessage

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
