"""Several "hosts" on one machine: each a set of real hotline processes with its own
instance folder (its own spool), as separate machines would have."""
from __future__ import annotations

import time
from pathlib import Path

import requests

from tests.conftest import TEST_AUTH_TOKEN, Process, _free_port, wait_until
from tests.support.phone import SignedClient


class _HttpClient:
    """The slice of Flask's test client SignedClient uses, over real HTTP."""

    class _Answer:
        def __init__(self, response: requests.Response):
            self.status_code = response.status_code
            self._text = response.text

        def get_data(self, as_text: bool = True) -> str:
            return self._text

    def post(self, path: str, data: dict, base_url: str, headers: dict):
        return self._Answer(requests.post(base_url + path, data=data, headers=headers, timeout=20))


class WebHost:
    """`hotline web` (gunicorn and the replayer it starts) on a port of its own."""

    def __init__(self, name: str, folder: Path, env: dict | None = None):
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.instance = folder / name
        self.instance.mkdir(parents=True, exist_ok=True)
        self.env = {"HOTLINE_INSTANCE_DIR": str(self.instance), "HOTLINE_PUBLIC_URL": self.url, **(env or {})}
        self.process = Process("web", "--port", str(self.port), "--workers", "1", "--threads", "4", env=self.env)
        self.signed = SignedClient(_HttpClient(), TEST_AUTH_TOKEN, base_url=self.url)

    def wait_ready(self, timeout: float = 60) -> "WebHost":
        wait_until(lambda: self.healthz() is not None, timeout=timeout, interval=0.2,
                   message=f"{self.url}/healthz to answer")
        self.process.wait_for('"replayer.started"', timeout)
        return self

    def healthz(self) -> dict | None:
        try:
            return requests.get(self.url + "/healthz", timeout=2).json()
        except (requests.RequestException, ValueError):
            return None

    def spooled(self) -> list[Path]:
        return sorted((self.instance / "spool").glob("*.json"))

    def stop(self) -> None:
        self.process.stop()


def host_env(folder: Path, name: str, **env: str) -> dict:
    """The environment of another process (worker, beat) of host `name`."""
    instance = folder / name
    instance.mkdir(parents=True, exist_ok=True)
    return {"HOTLINE_INSTANCE_DIR": str(instance), **env}


def start_all(processes: list, marker: str, timeout: float = 60) -> list:
    """Processes were started together (they boot in parallel); wait for each."""
    for process in processes:
        process.wait_for(marker, timeout)
    return processes


def assert_quiet(standin, counts: dict, seconds: float) -> None:
    """After the awaited messages came: nothing more reaches the stand-in for `seconds`."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        assert {phone: len(standin.messages(to=phone)) for phone in counts} == counts
        time.sleep(0.2)
