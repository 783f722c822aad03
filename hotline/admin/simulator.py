"""The phone simulator's engine: SMS and calls through the app's REAL webhooks.

Each request is signed with the Twilio auth token against the URL the signature
check will see (HOTLINE_PUBLIC_URL, else this request's host), and posted to
/twilio/sms, /twilio/voice and then wherever <Gather action>, <Record action>,
<Dial action> or <Redirect> point, through the app's own test client in a fresh
app context: nothing here bypasses the signature check, the retry receipts or
the flow engine.
"""
from __future__ import annotations

import uuid
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import PurePosixPath
from urllib.parse import urlsplit

from flask import current_app, request

from hotline.extensions import db
from hotline.messaging.signatures import sign
from ivr_flows import texts

DEFAULT_TO = "+996312900900"


@dataclass
class Said:
    text: str
    audio: str | None = None  # a path under /media/recordings when a recording plays
    kind: str = "say"


@dataclass
class Step:
    status: int
    said: list[Said] = field(default_factory=list)
    next_url: str | None = None
    waits_for: str | None = None  # gather | record | dial | redirect
    ended: bool = False


def base_url() -> str:
    return current_app.config["SETTINGS"].public_url or request.host_url.rstrip("/")


def our_number() -> str:
    return current_app.config["SETTINGS"].sms_number or DEFAULT_TO


def new_sid(prefix: str) -> str:
    return prefix + uuid.uuid4().hex


def post(url: str, params: dict) -> tuple[int, str]:
    """One signed webhook, answered by the app itself."""
    app = current_app._get_current_object()
    token = app.config["SETTINGS"].twilio_auth_token
    parts = urlsplit(url)
    path = parts.path + (f"?{parts.query}" if parts.query else "")
    # The check (messaging.signatures.signed_url) sees exactly this URL, raw query included.
    signature = sign(url, params, token)
    db.session.commit()  # end our transaction: the webhook writes from its own session
    with app.app_context():
        response = app.test_client().post(path, data=params, base_url=f"{parts.scheme}://{parts.netloc}",
                                          headers={"X-Twilio-Signature": signature})
        return response.status_code, response.get_data(as_text=True)


def send_sms(phone: str, body: str) -> tuple[int, list[str]]:
    params = {"MessageSid": new_sid("SM"), "AccountSid": current_app.config["SETTINGS"].twilio_account_sid,
              "From": phone, "To": our_number(), "Body": body, "NumMedia": "0"}
    status, xml = post(base_url() + "/twilio/sms", params)
    if status != 200:
        return status, []
    return status, [el.text or "" for el in ET.fromstring(xml).iter("Message")]


def call_params(phone: str, call_sid: str) -> dict:
    return {"CallSid": call_sid, "AccountSid": current_app.config["SETTINGS"].twilio_account_sid,
            "From": phone, "To": our_number(), "CallStatus": "in-progress", "Direction": "inbound"}


def start_call(phone: str, call_sid: str) -> Step:
    return parse(*post(base_url() + "/twilio/voice", call_params(phone, call_sid)))


def continue_call(phone: str, call_sid: str, url: str, waits_for: str | None, digits: str | None) -> Step:
    params = call_params(phone, call_sid)
    if waits_for == "gather" and digits:
        params["Digits"] = digits.rstrip("#") if digits.endswith("#") and len(digits) > 1 else digits
    elif waits_for == "record":
        params.update(RecordingUrl="https://api.twilio.com/simulated-recording", RecordingDuration="3")
    elif waits_for == "dial":
        params.update(DialCallStatus="no-answer", DialCallDuration="0")
    return parse(*post(url, params))


def _prompt_text(play_url: str) -> Said:
    """A <Play> of a recording (/media/recordings/<id>.wav): show the words it says too, and a
    path the browser can play."""
    from hotline.prompts.store import words_of

    path = urlsplit(play_url).path
    stem = PurePosixPath(path).stem
    words = words_of(int(stem)) if stem.isdigit() else None
    return Said(words or path, audio=path, kind="play")


def parse(status: int, xml: str) -> Step:
    step = Step(status)
    if status != 200:
        step.said.append(Said(f"HTTP {status}", kind="error"))
        step.ended = True
        return step
    texts.load_all()
    for element in ET.fromstring(xml).iter():
        tag = element.tag
        if tag == "Say":
            step.said.append(Said(element.text or ""))
        elif tag == "Play":
            step.said.append(_prompt_text(element.text or ""))
        elif tag == "Gather":
            step.next_url, step.waits_for = element.get("action"), "gather"
        elif tag == "Record":
            step.said.append(Said("(recording… beep)", kind="verb"))
            step.next_url, step.waits_for = element.get("action"), "record"
        elif tag == "Dial":
            step.said.append(Said(f"(dialing {len(list(element))} number(s)…)", kind="verb"))
            if element.get("action"):
                step.next_url, step.waits_for = element.get("action"), "dial"
        elif tag == "Redirect":
            step.next_url, step.waits_for = (element.text or "").strip(), "redirect"
        elif tag in ("Hangup", "Reject"):
            step.said.append(Said(f"({tag.lower()})", kind="verb"))
    step.ended = step.next_url is None
    return step
