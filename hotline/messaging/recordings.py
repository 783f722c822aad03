"""A caller's recorded message, fetched from Twilio for the admin page.

Twilio keeps the recording; its RecordingUrl may require our credentials, so the
browser cannot play it directly: the admin page asks us, we ask Twilio. Only
Twilio's API host is ever fetched (the URL came from a webhook), through
HOTLINE_TWILIO_API_URL like every other API call.
"""
from __future__ import annotations

from dataclasses import dataclass

import requests

from hotline.messaging.twilio_http import LocalApiHttpClient, is_twilio_api_url

FETCH_TIMEOUT = 10  # seconds: a coordinator waits, a webhook never does


class RecordingUnavailable(Exception):
    """Why the recording cannot be played; the message is shown as it is."""


@dataclass(frozen=True)
class Audio:
    data: bytes
    mimetype: str


def fetch(recording_url: str, settings, suffix: str = ".mp3") -> Audio:
    if not is_twilio_api_url(recording_url):
        raise RecordingUnavailable("not a Twilio recording")
    if settings.sms_provider != "twilio":
        raise RecordingUnavailable("recordings are kept at Twilio: set the Twilio credentials to play them")
    client = LocalApiHttpClient(settings.twilio_api_url)
    url = client.rewrite(recording_url.removesuffix(".json") + suffix)
    try:
        response = requests.get(url, auth=(settings.twilio_account_sid, settings.twilio_auth_token),
                                timeout=FETCH_TIMEOUT, proxies=client.proxy)
    except requests.RequestException:
        raise RecordingUnavailable("Twilio could not be reached; try again") from None
    if response.status_code != 200:
        raise RecordingUnavailable(f"Twilio answered {response.status_code}")
    return Audio(response.content, response.headers.get("Content-Type", "audio/mpeg"))
