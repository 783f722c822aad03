"""Feeding spooled webhooks back through the normal path once the database is back."""
from __future__ import annotations

from flask import current_app

from hotline.extensions import db
from hotline.messaging import outbox
from hotline.messaging import status as message_status
from hotline.webhooks import inbound


def replay_item(kind: str, params: dict) -> None:
    if kind == "sms":
        # The reply inside the original TwiML never went out: send it now by SMS.
        twiml = inbound.process_sms(params)
        _send_reply_from_twiml(params, twiml)
    elif kind == "status":
        is_call = "MessageSid" not in params and "CallSid" in params
        message_status.apply_status(params.get("MessageSid") or params.get("CallSid") or "",
                                    params.get("MessageStatus") or params.get("CallStatus") or "",
                                    params.get("ErrorCode"), is_call)
        outbox.commit()
    # A call step cannot be replayed: the caller has hung up. The call itself is
    # filed by the domains that care (a missed call becomes a callback request).
    elif kind == "voice":
        hooks = current_app.config.get("VOICE_REPLAY_HOOKS", [])
        for hook in hooks:
            hook(params)
        db.session.commit()


def _send_reply_from_twiml(params: dict, twiml: str) -> None:
    import xml.etree.ElementTree as ET

    root = ET.fromstring(twiml)
    texts = [el.text or "" for el in root.iter("Message")]
    if texts and any(texts):
        outbox.queue_sms(inbound.caller_phone(params), " ".join(texts), queue="default",
                         purpose="reply", dedupe_key=f"spool-reply:{params.get('MessageSid')}")
        outbox.commit()
