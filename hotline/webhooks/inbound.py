"""Inbound SMS and call steps as plain functions of the webhook's parameters.

No request object here: the spool replays the same functions later, and tests
can call them directly.
"""
from __future__ import annotations

from xml.sax.saxutils import escape as xml_escape

from flask import g, has_app_context
from twilio.twiml.voice_response import VoiceResponse

from hotline.core import batch
from hotline.core.phones import to_e164_or_none
from hotline.extensions import db
from hotline.messaging import outbox
from hotline.messaging.models import InboundMessage
from hotline.messaging import receipts
from hotline.webhooks import prefetch
from ivr_flows import dispatch

MAX_BODY = 1600  # Twilio's limit; anything longer is not from Twilio


def caller_phone(params: dict) -> str:
    """The caller in E.164 (as given when it is no number). A webhook asks three times (its
    read, its handler, its reply's log row) and phonenumbers' parse was a tenth of its CPU
    (issue 20): the last answer is kept for the request, in flask.g, for the same From."""
    raw = (params.get("From") or "").strip()
    held = g.get("caller_phone") if has_app_context() else None
    if held is not None and held[0] == raw:
        return held[1]
    phone = to_e164_or_none(raw) or raw[:20] or "unknown"
    if has_app_context():
        g.caller_phone = (raw, phone)
    return phone


# What twilio's MessagingResponse prints (ElementTree escapes &, < and > in text, nothing else),
# built as a string: its element tree cost more than the rest of the reply (issue 20).
# tests/test_webhook_twiml.py holds the two equal.
_XML = '<?xml version="1.0" encoding="UTF-8"?>'


def sms_reply(text: str | None) -> str:
    if not text:
        return _XML + "<Response />"
    return f"{_XML}<Response><Message>{xml_escape(text)}</Message></Response>"


def process_sms(params: dict) -> str:
    sid = (params.get("MessageSid") or params.get("SmsSid") or "").strip()
    if not sid:
        return sms_reply(None)  # nothing to key a retry on: not a message from Twilio
    return receipts.once(f"sms:{sid}", lambda: _handle_sms(sid, params),
                         _read_ahead(f"sms:{sid}", params, f"sms:{caller_phone(params)}"))


def _read_ahead(key: str, params: dict, session_key: str):
    """The receipt, the caller's resident and dialogue and the data versions in one statement."""
    return lambda: prefetch.read(key, caller_phone(params), session_key)


def _handle_sms(sid: str, params: dict) -> str:
    phone = caller_phone(params)
    body = (params.get("Body") or "")[:MAX_BODY]
    outcome = dispatch.handle_sms(phone, body, params)
    # Sent with the turn's other rows right before the commit (hotline/core/batch.py).
    batch.add(db.session, InboundMessage.__table__, sid=sid[:64], from_phone=phone,
              to_phone=(params.get("To") or "")[:20], body=body, handled_as=outcome.handled_as)
    if outcome.reply:
        outbox.record_twiml_reply(phone, outcome.reply)
    return sms_reply(outcome.reply)


def _no_call() -> str:
    """No CallSid: not a call from Twilio, and nothing to key its retries on."""
    return str(VoiceResponse())


def process_call_start(params: dict, base_url: str) -> str:
    call_sid = (params.get("CallSid") or "").strip()
    if not call_sid:
        return _no_call()
    return receipts.once(
        f"call:{call_sid}:start",
        lambda: dispatch.start_call(caller_phone(params), params.get("To") or "", params, base_url),
        _read_ahead(f"call:{call_sid}:start", params, f"call:{params.get('CallSid', '')}"),
    )


def process_call_step(params: dict, node: str, step: str, base_url: str) -> str:
    call_sid = (params.get("CallSid") or "").strip()
    if not call_sid:
        return _no_call()
    key = f"call:{call_sid}:{step}:{node}"[:160]
    return receipts.once(
        key, lambda: dispatch.call_step(caller_phone(params), node, params, base_url),
        _read_ahead(key, params, f"call:{params.get('CallSid', '')}"),
    )
