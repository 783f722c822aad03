"""`hotline run`, the one command of a new user: no URLs set, SQLite and an embedded Redis."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import uuid

import requests
from twilio.request_validator import RequestValidator

from hotline.config import DEVELOPMENT_AUTH_TOKEN
from tests.conftest import _free_port, wait_until


def test_run_starts_everything_on_the_embedded_defaults(tmp_path):
    port = _free_port()
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("HOTLINE_", "TWILIO_"))}
    env["HOTLINE_INSTANCE_DIR"] = str(tmp_path / "instance")
    log = open(tmp_path / "run.log", "wb")
    subprocess.run([sys.executable, "-m", "hotline", "demo"], env=env, check=True, capture_output=True,
                   timeout=120)
    process = subprocess.Popen([sys.executable, "-m", "hotline", "run", "--port", str(port)], env=env,
                               stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    try:
        def healthy():
            try:
                # beat "ok": the escalation job ran (beat and the urgent worker are up)
                return requests.get(f"{base}/healthz", timeout=1).json() == {"db": "ok", "broker": "ok",
                                                                               "beat": "ok"}
            except requests.RequestException:
                return False

        wait_until(healthy, timeout=60, message="hotline run to answer /healthz")
        url = f"{base}/twilio/sms"
        params = {"MessageSid": "SM" + uuid.uuid4().hex, "From": "+996700123123", "Body": "BUS gulch8"}
        signature = RequestValidator(DEVELOPMENT_AUTH_TOKEN).compute_signature(url, params)
        answer = requests.post(url, data=params, headers={"X-Twilio-Signature": signature}, timeout=10)
        assert answer.status_code == 200 and "Гүлчө" in answer.text
        forged = requests.post(url, data=params, headers={"X-Twilio-Signature": "x"}, timeout=10)
        assert forged.status_code == 403
        # The worker and beat are up: the lawyer dialogue ends in an SMS to a lawyer,
        # which the console provider marks sent.
        for body in ("LAWYER", "1", "2", "0"):  # topic, time, no village: the dialogue ends
            params = {"MessageSid": "SM" + uuid.uuid4().hex, "From": "+996700123123", "Body": body}
            signature = RequestValidator(DEVELOPMENT_AUTH_TOKEN).compute_signature(url, params)
            requests.post(url, data=params, headers={"X-Twilio-Signature": signature}, timeout=10)
        wait_until(lambda: b"console.sent" in (tmp_path / "run.log").read_bytes(), timeout=90,
                   message="a message sent by the worker")
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=40)
        log.close()
    assert process.returncode == 0  # stopped its children and the embedded Redis cleanly
