"""HOTLINE_REDIS_URL naming Redis Sentinel, and a failover under it.

A real master, a replica and a sentinel (redis-server in sentinel mode) on this
machine. Through `sentinel://...?master_name=hotline`: /healthz and the project's
own client find the master, a real Celery worker takes an urgent message through
kombu's Sentinel transport; the master is SIGKILLed, the sentinel promotes the
replica, and the next urgent message still goes out.

What a failover costs (docs/deployment.md): kombu 5.7's Sentinel channel can fail
while closing its dead connection (AttributeError in `_connparams`), and then the
worker exits, "Unrecoverable error": its supervisor (docker's restart policy,
systemd) starts it again, as this test does. A publish that met the dead master
leaves its row queued for the outbox sweeper (a beat job, called here), as after
a Redis restart (test_redis_restart.py).
"""
from __future__ import annotations

import os
import signal
import subprocess
import tempfile
import time
from pathlib import Path

import pytest

from tests.conftest import _free_port, start_worker, wait_until
from tests.faults.support import on_sqlite, private_app, redis_executable, sweep

# The database does not matter here: once per CI run, in the SQLite pass.
pytestmark = [pytest.mark.faults, pytest.mark.worker,
              pytest.mark.skipif(not on_sqlite(), reason="runs in the SQLite pass of CI")]

MASTER_NAME = "hotline"
TO = "+996700990001"


def _server(folder: Path, name: str, *args: str) -> tuple[subprocess.Popen, int]:
    port = _free_port()
    (folder / name).mkdir()
    proc = subprocess.Popen([redis_executable(), "--port", str(port), "--bind", "127.0.0.1", "--save", "",
                             "--appendonly", "no", "--dir", str(folder / name), *args],
                            stdout=open(folder / f"{name}.log", "ab"), stderr=subprocess.STDOUT,
                            start_new_session=True)
    return proc, port


def _sentinel(folder: Path, master_port: int) -> tuple[subprocess.Popen, int]:
    port = _free_port()
    conf = folder / "sentinel.conf"  # the sentinel rewrites its own file: a writable copy
    conf.write_text(f"port {port}\nbind 127.0.0.1\ndir {folder}\n"
                    f"sentinel monitor {MASTER_NAME} 127.0.0.1 {master_port} 1\n"
                    f"sentinel down-after-milliseconds {MASTER_NAME} 1000\n"
                    f"sentinel failover-timeout {MASTER_NAME} 5000\n")
    proc = subprocess.Popen([redis_executable(), str(conf), "--sentinel"], stdout=open(folder / "sentinel.log", "ab"),
                            stderr=subprocess.STDOUT, start_new_session=True)
    return proc, port


@pytest.fixture
def sentinel_group():
    if redis_executable() is None:
        pytest.skip("no redis-server binary")
    folder = Path(tempfile.mkdtemp(prefix="hotline-sentinel-"))
    master, master_port = _server(folder, "master")
    replica, _ = _server(folder, "replica", "--replicaof", "127.0.0.1", str(master_port))
    sentinel, sentinel_port = _sentinel(folder, master_port)
    group = {"master": master, "master_port": master_port, "replica": replica, "sentinel": sentinel,
             "url": f"sentinel://127.0.0.1:{sentinel_port}/0?master_name={MASTER_NAME}"}
    yield group
    for proc in (master, replica, sentinel):
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(10)


def _master_port(url: str) -> int | None:
    """Where the sentinel says the master is now."""
    from redis.sentinel import Sentinel

    from hotline.core import redis_client

    parsed = redis_client.parse_sentinel(url)
    try:
        return Sentinel(list(parsed.sentinels), socket_timeout=1).discover_master(parsed.master_name)[1]
    except Exception:  # noqa: BLE001 - the sentinel is not ready yet
        return None


def _known_replicas(url: str) -> int:
    """How many replicas, up and in sync, the sentinel would promote."""
    from redis.sentinel import Sentinel

    from hotline.core import redis_client

    parsed = redis_client.parse_sentinel(url)
    return len(Sentinel(list(parsed.sentinels), socket_timeout=1).discover_slaves(parsed.master_name))


def test_sentinel_url_and_a_failover_under_a_running_worker(app, standin, sentinel_group):
    from hotline.core import redis_client
    from hotline.messaging import outbox

    url = sentinel_group["url"]
    wait_until(lambda: _master_port(url) == sentinel_group["master_port"], timeout=20,
               message="the sentinel to know the master")
    wait_until(lambda: redis_client.client(url).info("replication")["connected_slaves"] == 1, timeout=20,
               message="the replica to follow the master")
    # The sentinel learns of replicas from the master's INFO, every 10 s: a master killed
    # before that leaves it no replica to promote ("-failover-abort-no-good-slave").
    wait_until(lambda: _known_replicas(url) == 1, timeout=25, message="the sentinel to know the replica")
    flask_app = private_app(app, url)
    assert flask_app.test_client().get("/healthz").get_json()["broker"] == "ok"
    worker = start_worker("urgent", env={"HOTLINE_REDIS_URL": url})
    restarts = []

    def delivered(count: int) -> bool:
        """What a supervisor and the beat's sweeper would do meanwhile, then look."""
        nonlocal worker
        if worker.proc.poll() is not None:
            restarts.append(worker.proc.returncode)
            worker.stop()
            worker = start_worker("urgent", env={"HOTLINE_REDIS_URL": url})
        sweep(flask_app)
        return len(standin.messages(to=TO)) >= count

    try:
        for n, before_failover in enumerate((True, False)):
            if not before_failover:
                os.killpg(sentinel_group["master"].pid, signal.SIGKILL)
                sentinel_group["master"].wait(10)
                killed = time.monotonic()
                wait_until(lambda: _master_port(url) not in (None, sentinel_group["master_port"]), timeout=30,
                           message="the sentinel to promote the replica")
                print(f"failover took {time.monotonic() - killed:.1f} s")
                assert flask_app.test_client().get("/healthz").get_json()["broker"] == "ok"
            queued = time.monotonic()
            with flask_app.app_context():
                outbox.queue_sms(TO, f"sentinel test {n}", queue="urgent", purpose="alert")
                outbox.commit()
            if before_failover:
                standin.wait_for_messages(1, to=TO, timeout=20)
            else:
                wait_until(lambda: delivered(2), timeout=60, interval=0.5, message="the message after the failover")
                print(f"sent {time.monotonic() - queued:.1f} s after it was queued; worker restarts: {restarts}")
        assert [m.body for m in standin.messages(to=TO)] == ["sentinel test 0", "sentinel test 1"]
    finally:
        worker.stop()
        app.extensions["celery"].set_default()
