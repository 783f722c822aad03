"""The test harness: real databases, real Redis, a real Celery worker, a Twilio stand-in.

With HOTLINE_DATABASE_URL / HOTLINE_REDIS_URL set (CI's second pass) the suite
runs on PostgreSQL and the machine's Redis; without them on SQLite and an
embedded Redis, as on a new user's machine.
"""
from __future__ import annotations

import os
import socket
import sys
import tempfile
import threading
import time
from pathlib import Path

import pytest
import sqlalchemy

from tests.support.processes import LoggedProcess

TEST_ACCOUNT_SID = "AC" + "7" * 32
TEST_AUTH_TOKEN = "test-auth-token-0123456789abcdef"
OUR_NUMBER = "+996312900900"

_tmp = Path(tempfile.mkdtemp(prefix="hotline-tests-"))
print(f"hotline test files (worker logs, databases): {_tmp}", file=sys.stderr)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _prepare_environment() -> dict:
    """Set before any app exists: the app, the worker and beat all read the same env."""
    from hotline import embedded_redis
    from tests.support.twilio_standin import TwilioStandIn

    standin = TwilioStandIn(TEST_ACCOUNT_SID, TEST_AUTH_TOKEN).start()
    live_port = _free_port()
    given = _given_stores()
    own_stores = not any(given.values())
    given = _outside_stores_of_this_worker(given)
    redis_url = given["HOTLINE_REDIS_URL"] or embedded_redis.start(_tmp / "redis")
    os.environ.update({
        "HOTLINE_ENV": "development",
        "HOTLINE_INSTANCE_DIR": str(_tmp / "instance"),
        "HOTLINE_DATABASE_URL": given["HOTLINE_DATABASE_URL"] or f"sqlite:///{_tmp / 'test.sqlite'}",
        "HOTLINE_REDIS_URL": redis_url,
        "TWILIO_ACCOUNT_SID": TEST_ACCOUNT_SID,
        "TWILIO_AUTH_TOKEN": TEST_AUTH_TOKEN,
        "HOTLINE_SMS_PROVIDER": "twilio",
        "HOTLINE_SMS_NUMBER": OUR_NUMBER,
        "HOTLINE_TWILIO_API_URL": standin.url,
        "HOTLINE_PUBLIC_URL": f"http://127.0.0.1:{live_port}",
        "HOTLINE_ALERT_ACK_SECONDS": os.environ.get("HOTLINE_TEST_ALERT_ACK_SECONDS", "3"),
        "HOTLINE_SEND_RATE": "50",
        # This process reads while it waits for the worker: it must not hold the
        # write lock meanwhile (see hotline/sqlite.py). Subprocesses get IMMEDIATE.
        "HOTLINE_SQLITE_BEGIN": "DEFERRED",
    })
    return {"standin": standin, "live_port": live_port, "instance": _tmp / "instance",
            "mutation_slots": _mutation_slots() if "mutmut" in sys.modules and own_stores else []}


def _given_stores() -> dict[str, str]:
    """The stores the suite was started with ("" for the embedded ones). Not what this file set
    in a parent: pytest-xdist's controller imports it too, and its workers inherit the
    environment it leaves, its own SQLite file and Redis included."""
    given = {}
    for name in ("HOTLINE_DATABASE_URL", "HOTLINE_REDIS_URL"):
        os.environ.setdefault(f"HOTLINE_TEST_GIVEN_{name}", os.environ.get(name, ""))
        given[name] = os.environ[f"HOTLINE_TEST_GIVEN_{name}"]
    return given


def _outside_stores_of_this_worker(given: dict[str, str]) -> dict[str, str]:
    """Under pytest-xdist (scripts/test), each worker on its own PostgreSQL database and Redis
    database (tests/support/parallel.py); the embedded stores are each worker's own anyway."""
    from tests.support import parallel

    number = parallel.worker_number()
    if number is None:
        return given
    return {"HOTLINE_DATABASE_URL": given["HOTLINE_DATABASE_URL"] and parallel.own_database(given["HOTLINE_DATABASE_URL"], number),
            "HOTLINE_REDIS_URL": given["HOTLINE_REDIS_URL"] and parallel.own_redis(given["HOTLINE_REDIS_URL"], number)}


def _mutation_slots() -> list[dict]:
    """mutmut (docs/mutation.md) runs up to --max-children forked test runs at once. Each
    clears every table and the broker before each test, so two sharing this process's SQLite
    file and Redis would wipe each other's rows mid-test. So each child takes a slot: a SQLite
    file, an embedded Redis (started here: a child ends with os._exit, and a server it had
    started would outlive it) and an instance folder of its own. HOTLINE_MUTATION_SLOTS says
    how many (2, as the machine has 2 cores); with PostgreSQL or an outside Redis there are
    none, and the run must use --max-children 1."""
    from hotline import embedded_redis

    slots = []
    for number in range(int(os.environ.get("HOTLINE_MUTATION_SLOTS", "2"))):
        folder = _tmp / f"mutation-slot-{number}"
        slots.append({"lock": folder / "taken.lock", "instance": folder / "instance", "env": {
            "HOTLINE_DATABASE_URL": f"sqlite:///{folder / 'test.sqlite'}",
            "HOTLINE_REDIS_URL": embedded_redis.start(folder / "redis"),
            "HOTLINE_INSTANCE_DIR": str(folder / "instance"),
        }})
    return slots


def _take_mutation_slot() -> None:
    """A free slot, held (flock) until this child ends, however it ends: the kernel lets go of
    the lock when the process dies, SIGKILL by mutmut's timeout included. With more children
    than slots, the extra ones wait for a slot rather than share one."""
    import fcntl

    slots = _ENV["mutation_slots"]
    locks = [os.open(slot["lock"], os.O_CREAT | os.O_RDWR) for slot in slots]  # closed on exec
    for slot, lock in zip(slots, locks):
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
            break
        except BlockingIOError:
            continue
    else:
        slot, lock = slots[os.getpid() % len(slots)], locks[os.getpid() % len(slots)]
        fcntl.flock(lock, fcntl.LOCK_EX)
    for other in locks:
        if other != lock:
            os.close(other)
    os.environ.update(slot["env"])
    _ENV["instance"] = slot["instance"]


def _after_fork_for_mutmut(main_pid: int = os.getpid()) -> None:
    """mutmut forks this process for each mutant: a fork has no copy of the stand-in's server
    thread, so the child starts its own and its app uses that one. A child of mutmut's own
    process (not a process a test forked) also takes a slot of stores of its own."""
    from tests.support.twilio_standin import TwilioStandIn

    _ENV["standin"] = TwilioStandIn(TEST_ACCOUNT_SID, TEST_AUTH_TOKEN).start()
    os.environ["HOTLINE_TWILIO_API_URL"] = _ENV["standin"].url
    if _ENV["mutation_slots"] and os.getppid() == main_pid:
        _take_mutation_slot()


_ENV = _prepare_environment()

if "mutmut" in sys.modules:
    os.register_at_fork(after_in_child=_after_fork_for_mutmut)


def pytest_collection_modifyitems(items):
    """A test that starts a real worker is marked `worker` whether it says so or not, so that
    `-m "not worker"` (the mutation run) leaves out every test whose worker runs unmutated code."""
    for item in items:
        if {"worker", "moment_worker"} & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.worker)


def _reset_database(url: str) -> None:
    if url.startswith("postgresql"):
        import sqlalchemy

        engine = sqlalchemy.create_engine(url)
        with engine.begin() as connection:
            connection.exec_driver_sql("DROP SCHEMA public CASCADE; CREATE SCHEMA public")
        engine.dispose()


@pytest.fixture(scope="session")
def app():
    from hotline import migrate
    from hotline.app import create_app

    _reset_database(os.environ["HOTLINE_DATABASE_URL"])
    flask_app = create_app()
    flask_app.config["WTF_CSRF_ENABLED"] = False
    # Every test loads places: a worker voicing each import would write to SQLite under the
    # feet of other domains' tests. tests/prompts/test_queue.py turns it on for itself.
    flask_app.config["PROMPTS_VOICE_ON_CHANGE"] = False
    with flask_app.app_context():
        migrate.upgrade()
    return flask_app


def _flush_redis() -> None:
    import redis

    from hotline.embedded_redis import redis_py_url

    redis.Redis.from_url(redis_py_url(os.environ["HOTLINE_REDIS_URL"])).flushdb()


def _let_sends_in_flight_finish(engine, timeout: float = 5.0) -> None:
    """A module's worker may still be sending the last test's messages: after the stand-in
    is reset they would land in this test's. Stop every row from being claimed, then wait
    (bounded: a fault test may leave a row `sending` on purpose) for the claimed ones."""
    outbound = sqlalchemy.table("outbound_messages", sqlalchemy.column("status"))
    with engine.begin() as connection:
        connection.execute(sqlalchemy.update(outbound).where(outbound.c.status == "queued")
                           .values(status="failed"))
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with engine.connect() as connection:
            sending = connection.execute(sqlalchemy.select(sqlalchemy.func.count()).select_from(outbound)
                                         .where(outbound.c.status == "sending")).scalar()
        if not sending:
            return
        time.sleep(0.05)


@pytest.fixture(autouse=True)
def clean_state(request):
    """Every test starts with empty tables, an empty broker and a blank stand-in."""
    if "app" not in request.fixturenames and "db" not in request.fixturenames:
        yield
        return
    app = request.getfixturevalue("app")
    from hotline.extensions import db
    from hotline.models import metadata

    with app.app_context():
        db.session.remove()
        # Only tables the migrations made: a model without its migration is
        # test_migrations.py's to catch, not every test's. Read them outside the
        # deleting transaction: on SQLite a deferred transaction that reads and then
        # writes fails at once ("database is locked") if a worker wrote meanwhile.
        with db.engine.connect() as connection:
            existing = set(sqlalchemy.inspect(connection).get_table_names())
        if "outbound_messages" in existing:
            _let_sends_in_flight_finish(db.engine)
        with db.engine.begin() as connection:
            for table in reversed(metadata.sorted_tables):
                if table.name in existing:
                    connection.execute(table.delete())
    _flush_redis()
    from hotline.texts import store as text_store

    text_store.forget()  # edits cached from the previous test are gone with its tables
    from hotline.prompts import store as recordings

    recordings.forget()  # the recordings table was emptied: no process may play a deleted one
    for leftover in (_ENV["instance"] / "spool").glob("*.json"):
        leftover.unlink()  # a webhook another test spooled on purpose
    _ENV["standin"].reset()
    _ENV["standin"].clear()
    yield


@pytest.fixture
def db(app):
    from hotline.extensions import db as database

    with app.app_context():
        yield database
        database.session.remove()


@pytest.fixture
def standin():
    return _ENV["standin"]


@pytest.fixture
def twilio(app):
    """Signed webhooks into the app through Flask's test client (the public URL)."""
    from tests.support.phone import SignedClient

    return SignedClient(app.test_client(), TEST_AUTH_TOKEN, base_url=os.environ["HOTLINE_PUBLIC_URL"])


@pytest.fixture
def call(twilio):
    from tests.support.phone import Call

    def start_call(phone: str = "+996700111222", to: str = OUR_NUMBER) -> Call:
        return Call(twilio, phone, to)

    return start_call


@pytest.fixture(scope="session")
def live_server(app):
    """The app on a real port (HOTLINE_PUBLIC_URL), for status callbacks and browsers."""
    from werkzeug.serving import make_server

    server = make_server("127.0.0.1", _ENV["live_port"], app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield os.environ["HOTLINE_PUBLIC_URL"]
    server.shutdown()


class Process(LoggedProcess):
    """A hotline process (worker, beat) started as a real subprocess."""

    def __init__(self, *args: str, env: dict | None = None):
        name = "-".join(args)[:40]
        super().__init__(name, [sys.executable, "-m", "hotline", *args],
                         {**os.environ, "HOTLINE_SQLITE_BEGIN": "IMMEDIATE", **(env or {})},
                         _tmp / f"{name}-{time.monotonic_ns()}.log")

    def wait_ready(self, marker: str, timeout: float = 30) -> "Process":
        return self.wait_for(marker, timeout)


def start_worker(queues: str = "urgent,default,bulk", env: dict | None = None, *extra: str) -> Process:
    return Process("worker", "--queues", queues, "--concurrency", "2", *extra, env=env).wait_ready("ready.")


@pytest.fixture(scope="module")
def worker(app, live_server):
    """A real Celery worker process consuming all three queues, for one test module.

    Per module, not per session: a worker still sending from one module's tests
    would write under the next module's feet (on SQLite a transaction that read
    and then writes fails at once if another process committed in between).

    The broker is emptied first: pytest sets this fixture up before the first test's
    clean_state, and tasks earlier tests published (with no worker running) would
    otherwise be sent now, into that test's blank stand-in."""
    _flush_redis()
    process = start_worker()
    yield process
    process.stop()


def start_worker_at(moment: str) -> Process:
    """A real worker, all queues, whose clock starts at that moment of tests/support/clock.py
    (HOTLINE_TEST_CLOCK); freeze the test's own clock there too (frozen_clock(name, tick=True)).
    Only in a module without the module's `worker`: that one, at the real hour, would take its
    tasks. The broker is emptied first: an earlier test's task must not run at this moment."""
    from tests.support.clock import process_env

    _flush_redis()
    # The tests wait on the worker's own "succeeded" lines, which the console leaves out for the
    # frequent jobs (tasks/quiet.py).
    return start_worker("urgent,default,bulk", process_env(moment), "--log-routine")


def wait_until(predicate, timeout: float = 10.0, interval: float = 0.1, message: str = "condition"):
    """Poll `predicate` until truthy. Each poll starts a fresh transaction, so rows
    another process (the worker) committed are seen on SQLite too."""
    from flask import has_app_context

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if has_app_context():
            from hotline.extensions import db

            db.session.rollback()
        value = predicate()
        if value:
            return value
        time.sleep(interval)
    raise AssertionError(f"timed out after {timeout}s waiting for {message}")


@pytest.fixture
def eventually():
    return wait_until


@pytest.fixture
def frozen_clock(app, monkeypatch):
    """frozen_clock("sunday"): the test process's time frozen at that moment (tests/support/clock.py),
    its holidays set as a worker started with clock.process_env(name) sees them. tick=True lets
    time run on from there (for a test that waits on a worker); the test ends the travel."""
    import dataclasses

    import time_machine

    from tests.support import clock as moments

    travels = []

    def travel(name: str, tick: bool = False):
        monkeypatch.setitem(app.config, "SETTINGS",
                            dataclasses.replace(app.config["SETTINGS"], holidays=moments.HOLIDAYS))
        for running in travels:
            running.stop()
        travels[:] = [time_machine.travel(moments.moment(name), tick=tick)]
        travels[0].start()
        return moments.moment(name)

    yield travel
    for running in travels:
        running.stop()
