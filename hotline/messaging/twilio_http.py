"""Point the official Twilio SDK at another base URL (a local stand-in in tests
and benchmarks, see tests/support/twilio_standin.py).

The SDK builds absolute https://api.twilio.com/... URLs itself; swapping the
http_client is the supported hook (DOMAIN.md, "Twilio"), so the real SDK code,
basic auth and error parsing all run unchanged against the stand-in.
"""
from __future__ import annotations

import ipaddress
import re
from urllib.parse import urlsplit

from requests.adapters import HTTPAdapter
from twilio.http.http_client import TwilioHttpClient
from twilio.http.response import Response
from twilio.rest import Client

REAL_API_URL = "https://api.twilio.com"

# The SDK turns api.twilio.com into api.<edge>.<region>.twilio.com when
# TWILIO_EDGE/TWILIO_REGION are set (even from the environment), so match those too.
_API_PREFIX = re.compile(r"^https://api(\.[A-Za-z0-9-]+)*\.twilio\.com(?=[/?]|$)")
_ANY_TWILIO = re.compile(r"^https?://([A-Za-z0-9-]+\.)*twilio\.com(?=[:/?]|$)")


def is_twilio_api_url(url: str) -> bool:
    """https://api.twilio.com/... (or a regional edge of it): the only host we fetch from."""
    return bool(_API_PREFIX.match(url or ""))


def _is_loopback(url: str) -> bool:
    host = urlsplit(url).hostname or ""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


class LocalApiHttpClient(TwilioHttpClient):
    """TwilioHttpClient that sends API requests to ``base_url`` instead of api.twilio.com.

    With ``base_url`` == https://api.twilio.com it is the parent, unchanged.
    """

    def __init__(self, base_url: str, timeout: float = 10):
        super().__init__(timeout=timeout)
        self.base_url = (base_url or REAL_API_URL).rstrip("/")
        self.is_real = self.base_url == REAL_API_URL
        if not self.is_real and self.session is not None:
            # The parent only sizes the https:// pool; benchmarks hit http:// with many threads.
            self.session.mount("http://", HTTPAdapter(pool_maxsize=32))
        if not self.is_real and _is_loopback(self.base_url):
            # A corporate HTTP(S)_PROXY must not swallow requests to 127.0.0.1;
            # None entries cancel the environment's proxies in requests' merge.
            self.proxy = {"http": None, "https": None}

    def rewrite(self, url: str) -> str:
        if self.is_real:
            return url
        rewritten, n = _API_PREFIX.subn(self.base_url, url, count=1)
        if n == 0 and _ANY_TWILIO.match(url):
            # Another Twilio product (messaging.twilio.com, ...) that no stand-in serves:
            # fail loudly instead of sending test credentials to the real Twilio.
            raise RuntimeError(f"LocalApiHttpClient({self.base_url}) refuses to send {url} to real Twilio")
        return rewritten

    def request(self, method, url, *args, **kwargs) -> Response:
        return super().request(method, self.rewrite(url), *args, **kwargs)


def make_twilio_client(account_sid: str, auth_token: str, api_url: str | None, timeout: float = 10) -> Client:
    """A twilio.rest.Client whose API requests go to ``api_url`` (HOTLINE_TWILIO_API_URL)."""
    return Client(account_sid, auth_token, http_client=LocalApiHttpClient(api_url or REAL_API_URL, timeout=timeout))


__all__ = ["LocalApiHttpClient", "make_twilio_client", "is_twilio_api_url", "REAL_API_URL"]
