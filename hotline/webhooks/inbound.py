"""Inbound SMS and call steps as plain functions of the webhook's parameters.

No request object here: the spool replays the same functions later, and tests
can call them directly.
"""
from __future__ import annotations

from twilio.twiml.messaging_response import MessagingResponse
from twilio.twiml.voice_response import VoiceResponse

from hotline.core.phones import to_e164_or_none
from hotline.extensions import db
from hotline.messaging import outbox
from hotline.messaging.models import InboundMessage
from hotline.webhooks import receipts
from ivr_flows import dispatch

MAX_BODY = 1600  # Twilio's limit; anything longer is not from Twilio


def caller_phone(params: dict) -> str:
    raw = (params.get("From") or "").strip()
    return to_e164_or_none(raw) or raw[:20] or "unknown"


def sms_reply(text: str | None) -> str:
    response = MessagingResponse()
    if text:
        response.message(text)
    return str(response)


def process_sms(params: dict) -> str:
    sid = (params.get("MessageSid") or params.get("SmsSid") or "").strip()
    if not sid:
        return sms_reply(None)  # nothing to key a retry on: not a message from Twilio
    return receipts.once(f"sms:{sid}", lambda: _handle_sms(sid, params))


def _handle_sms(sid: str, params: dict) -> str:
    phone = caller_phone(params)
    body = (params.get("Body") or "")[:MAX_BODY]
    outcome = dispatch.handle_sms(phone, body, params)
    db.session.add(InboundMessage(sid=sid[:64], from_phone=phone, to_phone=(params.get("To") or "")[:20],
                                  body=body, handled_as=outcome.handled_as))
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
    )


def process_call_step(params: dict, node: str, step: str, base_url: str) -> str:
    call_sid = (params.get("CallSid") or "").strip()
    if not call_sid:
        return _no_call()
    return receipts.once(
        f"call:{call_sid}:{step}:{node}"[:160],
        lambda: dispatch.call_step(caller_phone(params), node, params, base_url),
    )
