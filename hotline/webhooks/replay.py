"""Feeding spooled webhooks back through the normal path once the database is back."""
from __future__ import annotations

from flask import current_app

from hotline.extensions import db
from hotline.messaging import outbox
from hotline.messaging import status as message_status
from hotline.sqlite import retry_when_locked
from hotline.webhooks import inbound
from ivr_flows.engine import URGENT_DIGIT


def replay_item(kind: str, params: dict) -> None:
    if kind == "sms":
        # The reply inside the original TwiML never went out: send it now by SMS.
        twiml = inbound.process_sms(params)
        # Its own transaction, after the alert's notices went to the worker: on SQLite a read
        # then write can meet the worker's commit in between ("locked" at once): run it again.
        retry_when_locked(lambda: _send_reply_from_twiml(params, twiml), db.session.rollback)
    elif kind == "status":
        is_call = "MessageSid" not in params and "CallSid" in params
        message_status.apply_status(params.get("MessageSid") or params.get("CallSid") or "",
                                    params.get("MessageStatus") or params.get("CallStatus") or "",
                                    params.get("ErrorCode"), is_call)
        outbox.commit()
    elif kind == "voice" and (params.get("Digits") or "").strip() == URGENT_DIGIT:
        # The caller has hung up long ago, but pressing 9 raised an urgent signal:
        # run the step now, for its effects (the alert and its notices), once.
        base_url = current_app.config["SETTINGS"].public_url or ""
        node = params.pop("_node", "menu:main")
        inbound.process_call_step(params, node, "replayed", base_url)
    # Any other call step is gone with the call; the caller can call again.


def _send_reply_from_twiml(params: dict, twiml: str) -> None:
    import xml.etree.ElementTree as ET

    root = ET.fromstring(twiml)
    texts = [el.text or "" for el in root.iter("Message")]
    if texts and any(texts):
        outbox.queue_sms(inbound.caller_phone(params), " ".join(texts), queue="default",
                         purpose="reply", dedupe_key=f"spool-reply:{params.get('MessageSid')}")
        outbox.commit()
