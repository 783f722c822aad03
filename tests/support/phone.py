"""Talk to the app as Twilio does: signed form posts, following <Gather action>."""
from __future__ import annotations

import itertools
import uuid
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from urllib.parse import urlsplit

from twilio.request_validator import RequestValidator

_counter = itertools.count(1)


def new_sid(prefix: str) -> str:
    return prefix + uuid.uuid4().hex


@dataclass
class TwimlAnswer:
    status: int
    xml: str

    @property
    def root(self) -> ET.Element:
        return ET.fromstring(self.xml)

    def messages(self) -> list[str]:
        return [el.text or "" for el in self.root.iter("Message")]

    @property
    def text(self) -> str:
        """The SMS reply, or everything said/played in a voice answer."""
        said = [el.text or "" for el in self.root.iter() if el.tag in ("Message", "Say", "Play")]
        return " ".join(said)

    def gather(self) -> ET.Element | None:
        return next(self.root.iter("Gather"), None)

    def verbs(self) -> list[str]:
        return [el.tag for el in self.root.iter() if el.tag != "Response"]


class SignedClient:
    """Posts signed webhooks to a Flask test client (or signs for a live URL)."""

    def __init__(self, flask_client, auth_token: str, base_url: str = "http://localhost"):
        self.client = flask_client
        self.token = auth_token
        self.base_url = base_url

    def post(self, path_or_url: str, params: dict, signature: str | None = None,
             headers: dict | None = None) -> TwimlAnswer:
        url = path_or_url if path_or_url.startswith("http") else self.base_url + path_or_url
        if signature is None:
            signature = RequestValidator(self.token).compute_signature(url, params)
        parts = urlsplit(url)
        path = parts.path + (f"?{parts.query}" if parts.query else "")
        response = self.client.post(path, data=params, base_url=f"{parts.scheme}://{parts.netloc}",
                                    headers={"X-Twilio-Signature": signature, **(headers or {})})
        return TwimlAnswer(response.status_code, response.get_data(as_text=True))

    def sms(self, phone: str, body: str, sid: str | None = None, to: str = "+996312900900",
            **extra) -> TwimlAnswer:
        params = {"MessageSid": sid or new_sid("SM"), "AccountSid": "AC" + "1" * 32, "From": phone,
                  "To": to, "Body": body, "NumMedia": "0", **extra}
        return self.post("/twilio/sms", params)


class Call:
    """One phone call walked through the IVR: start, then press digits."""

    def __init__(self, signed: SignedClient, phone: str, to: str = "+996312900900"):
        self.signed = signed
        self.params = {"CallSid": new_sid("CA"), "AccountSid": "AC" + "1" * 32, "From": phone,
                       "To": to, "CallStatus": "in-progress", "Direction": "inbound"}
        self.last: TwimlAnswer | None = None

    def start(self) -> TwimlAnswer:
        self.last = self.signed.post("/twilio/voice", dict(self.params))
        return self.last

    def next_url(self) -> str:
        gather = self.last.gather()
        if gather is not None:
            return gather.get("action")
        for tag in ("Record", "Redirect"):
            element = next(self.last.root.iter(tag), None)
            if element is not None:
                return element.get("action") or element.text
        dial = next(self.last.root.iter("Dial"), None)
        if dial is not None and dial.get("action"):
            return dial.get("action")
        raise AssertionError(f"nothing to follow in {self.last.xml}")

    def press(self, digits: str | None, **extra) -> TwimlAnswer:
        params = dict(self.params, **extra)
        if digits is not None:
            params["Digits"] = digits
        self.last = self.signed.post(self.next_url(), params)
        return self.last
