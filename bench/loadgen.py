"""Shared parts of the benchmarks: processes, a PostgreSQL bench database, a signed
webhook load generator, and docs/benchmarks.md (one section per benchmark).

Everything talks to 127.0.0.1 only. The load generator is plain Python: one
thread per concurrent client, each with its own keep-alive HTTP connection and
a list of requests signed beforehand (X-Twilio-Signature as Twilio computes it),
so signing costs nothing during the timed run. It shares the machine's cores
with the server under test: the figures are for the whole machine, and the
ceiling app is measured with the same generator, so their ratio is fair.
"""
from __future__ import annotations

import http.client
import json
import os
import platform
import random
import re
import socket
import statistics
import subprocess
import sys
import threading
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.support.processes import LoggedProcess  # noqa: E402

PYTHON = sys.executable
DOCS = ROOT / "docs" / "benchmarks.md"
RESULTS = ROOT / "instance" / "bench"  # raw JSON of the last runs (not committed)
ACCOUNT_SID = "AC" + "b" * 32
AUTH_TOKEN = "bench-auth-token-0123456789abcdef"
OUR_NUMBER = "+996312900900"
PG_ADMIN = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
DEFAULT_REDIS = "redis://127.0.0.1:6379/7"

# The same gunicorn settings as `hotline web` (hotline/processes.py): both the
# hotline and the ceiling app are served with exactly these.
GUNICORN_ARGS = ["--workers", "2", "--threads", "8", "--timeout", "30", "--graceful-timeout", "10",
                 "--access-logfile", "-", "--access-logformat", '%(h)s "%(m)s %(U)s" %(s)s %(M)sms']


# -- processes ---------------------------------------------------------------------

def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_port(port: int, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"nothing listens on 127.0.0.1:{port} after {timeout}s")


class Proc(LoggedProcess):
    """A child process with its output in logs/<name>.log."""

    def __init__(self, name: str, args: list[str], env: dict, logs: Path):
        super().__init__(name, args, env, logs / f"{name}.log", cwd=ROOT)


def hotline(*args: str) -> list[str]:
    return [PYTHON, "-m", "hotline", *args]


def gunicorn(app_spec: str, port: int, shape: tuple[int, int] | None = None) -> list[str]:
    """`hotline web`'s settings; `shape` (workers, threads) another: 1 thread is the sync worker."""
    args = list(GUNICORN_ARGS)
    if shape is not None:
        args[1], args[3] = str(shape[0]), str(shape[1])
    return [PYTHON, "-m", "gunicorn", "--bind", f"127.0.0.1:{port}", *args, app_spec]


def worker_args(queues: str, name: str) -> list[str]:
    return hotline("worker", "--queues", queues, "--concurrency", "2", "--name", name)


# -- the bench database and environment -------------------------------------------------

def pg_url(dbname: str) -> str:
    return f"postgresql+psycopg://postgres@127.0.0.1:5432/{dbname}"


def recreate_database(dbname: str) -> str:
    """Drop and create `dbname` on the local PostgreSQL; return its SQLAlchemy URL."""
    import sqlalchemy

    engine = sqlalchemy.create_engine(PG_ADMIN, isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        connection.exec_driver_sql(
            f"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{dbname}'")
        connection.exec_driver_sql(f'DROP DATABASE IF EXISTS "{dbname}"')
        connection.exec_driver_sql(f'CREATE DATABASE "{dbname}"')
    engine.dispose()
    return pg_url(dbname)


def flush_redis(url: str) -> None:
    import redis

    redis.Redis.from_url(url).flushdb()


def bench_env(database_url: str, redis_url: str, standin_url: str, public_url: str, instance: Path,
              **extra: str) -> dict:
    instance.mkdir(parents=True, exist_ok=True)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("HOTLINE_", "TWILIO_"))}
    env.update({
        "HOTLINE_ENV": "development",
        "HOTLINE_DATABASE_URL": database_url,
        "HOTLINE_REDIS_URL": redis_url,
        "HOTLINE_INSTANCE_DIR": str(instance),
        "HOTLINE_SECRET_KEY": "bench-secret-key",
        "TWILIO_ACCOUNT_SID": ACCOUNT_SID,
        "TWILIO_AUTH_TOKEN": AUTH_TOKEN,
        "HOTLINE_SMS_PROVIDER": "twilio",
        "HOTLINE_SMS_NUMBER": OUR_NUMBER,
        "HOTLINE_TWILIO_API_URL": standin_url,
        "HOTLINE_PUBLIC_URL": public_url,
        "PYTHONPATH": str(ROOT),
        **extra,
    })
    return env


def run_cli(env: dict, *args: str) -> str:
    done = subprocess.run(hotline(*args), env=env, cwd=ROOT, capture_output=True, text=True, timeout=300)
    if done.returncode != 0:
        raise RuntimeError(f"hotline {' '.join(args)} failed:\n{done.stdout}\n{done.stderr}")
    return done.stdout


def start_standin(env: dict, logs: Path, port: int | None = None) -> tuple[Proc, str]:
    port = port or free_port()
    proc = Proc("twilio-standin", [PYTHON, "-m", "tests.support.twilio_standin", "--port", str(port),
                                   "--account-sid", ACCOUNT_SID, "--auth-token", AUTH_TOKEN], env, logs)
    wait_port(port)
    return proc, f"http://127.0.0.1:{port}"


@dataclass
class Stack:
    """A fresh bench database, a flushed Redis db and a running Twilio stand-in."""

    database_url: str
    port: int  # where the web server under test will listen (its public URL)
    env: dict  # for hotline processes: the bench database, Redis and the stand-in
    logs: Path
    procs: list


def prepare_stack(name: str, db: str, redis_url: str) -> Stack:
    instance = ROOT / "instance" / name
    logs = instance / "logs"
    database_url = recreate_database(db)
    flush_redis(redis_url)
    port = free_port()
    base_env = bench_env(database_url, redis_url, "http://127.0.0.1:1", f"http://127.0.0.1:{port}", instance)
    standin, standin_url = start_standin(base_env, logs)
    return Stack(database_url, port, {**base_env, "HOTLINE_TWILIO_API_URL": standin_url}, logs, [standin])


def start_hotline(stack: Stack) -> Proc:
    """Schema and demo data, the two production workers, then gunicorn on stack.port."""
    run_cli(stack.env, "init")
    run_cli(stack.env, "demo")
    for queues, name in (("urgent", "urgent"), ("default,bulk", "general")):
        stack.procs.append(Proc(f"worker-{name}", worker_args(queues, name), stack.env, stack.logs)
                           .wait_for("ready."))
    web = Proc("gunicorn-hotline", gunicorn("hotline.wsgi:app", stack.port), stack.env, stack.logs)
    stack.procs.append(web)
    wait_port(stack.port)
    return web


# -- the message mix ------------------------------------------------------------------------

# Bus questions as people write them: Latin, Kyrgyz and Russian Cyrillic, keypad
# spellings (8 for ө, 4 for ч), with and without the keyword.
BUS_QUESTIONS = [
    "BUS Gulcho", "bus gulcha", "Автобус Гүлчө", "автобус гульча", "AVTOBUS Gulch8", "Гульча",
    "BUS Sary-Tash", "sary tash", "Сары-Таш", "avtobus sarytash", "BUS Aravan", "Араван", "aravon",
    "bus Uzgen", "Өзгөн", "Узген автобус", "BUS Kochkor", "Кочкор", "kochkor", "BUS At-Bashy",
    "Ат-Башы", "atbashy", "BUS Naryn", "Нарын", "BUS Nookat", "Ноокат", "avtobus nookat",
    "BUS Kara-Suu", "Кара-Суу", "karasuu", "BUS 1101", "автобус качан келет? Гүлчө",
    "когда автобус в Араван", "BUS", "автобус",
]
URGENT = ["SOS", "ЖАРДАМ", "помогите", "YORDAM"]
OTHER = ["HELP", "салам", "спасибо", "LANG RU", "LANG KY", "LANG UZ", "?", "ok", "Рахмат"]


def dialogue(rng: random.Random) -> list[str]:
    """One resident's texts, in order (a menu answer needs the menu first)."""
    roll = rng.random()
    if roll < 0.40:
        return [rng.choice(BUS_QUESTIONS)]
    if roll < 0.55:
        return [rng.choice(OTHER), "1", rng.choice(BUS_QUESTIONS)]  # short menu, 1 = bus
    if roll < 0.75:  # a lawyer's callback: keyword, topic, safe time
        return [rng.choice(["LAWYER", "ЮРИСТ", "yurist", "advokat"]), str(rng.randint(1, 5)),
                str(rng.randint(1, 4))]
    if roll < 0.85:
        return [rng.choice(OTHER), "2", str(rng.randint(1, 5)), str(rng.randint(1, 4))]
    if roll < 0.90:
        return [rng.choice(["ОТМЕНА", "otmena", "BEKOR"])]
    if roll < 0.99:
        return [rng.choice(OTHER), str(rng.choice([0, 3, 7, 8, 42]))]  # wrong digits
    return [rng.choice(URGENT)]  # about 1 in 100 dialogues


@dataclass
class Prepared:
    body: bytes
    signature: str
    urgent: bool


def sign(url: str, params: dict) -> str:
    from twilio.request_validator import RequestValidator

    return RequestValidator(AUTH_TOKEN).compute_signature(url, params)


def prepare_sms(url: str, count: int, seed: int, phone_base: int) -> list[list[Prepared]]:
    """About `count` signed /twilio/sms posts, as dialogues of distinct residents
    (each a list in order: one client sends a whole dialogue, as one phone would)."""
    from twilio.request_validator import RequestValidator

    validator = RequestValidator(AUTH_TOKEN)
    rng = random.Random(seed)
    out: list[list[Prepared]] = []
    total = n = 0
    while total < count:
        n += 1
        phone = f"+99670{phone_base + n:07d}"
        texts = dialogue(rng)
        total += len(texts)
        out.append([])
        for text in texts:
            params = {"ToCountry": "KG", "SmsMessageSid": "", "NumMedia": "0", "MessageSid": "",
                      "SmsSid": "", "AccountSid": ACCOUNT_SID, "From": phone, "To": OUR_NUMBER,
                      "Body": text, "NumSegments": "1", "FromCountry": "KG", "ApiVersion": "2010-04-01"}
            sid = "SM" + uuid.uuid4().hex
            params.update(SmsMessageSid=sid, MessageSid=sid, SmsSid=sid)
            out[-1].append(Prepared(urlencode(params).encode(), validator.compute_signature(url, params),
                                    text in URGENT))
    return out


# -- the load run ------------------------------------------------------------------------------

@dataclass
class LevelResult:
    concurrency: int
    seconds: float
    requests: int
    errors: int
    rps: float
    p50_ms: float
    p95_ms: float
    p99_ms: float
    max_ms: float
    error_kinds: dict = field(default_factory=dict)

    def row(self) -> str:
        return (f"{self.concurrency:>5} {self.requests:>7} {self.rps:>8.1f} {self.p50_ms:>8.1f} "
                f"{self.p95_ms:>8.1f} {self.p99_ms:>8.1f} {self.max_ms:>8.1f} {self.errors:>6}")


HEADER = f"{'conc':>5} {'reqs':>7} {'req/s':>8} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'max ms':>8} {'errors':>6}"


def percentile(sorted_values: list[float], q: float) -> float:
    if not sorted_values:
        return float("nan")
    index = min(len(sorted_values) - 1, max(0, round(q / 100 * len(sorted_values) + 0.5) - 1))
    return sorted_values[index]


def run_level(port: int, path: str, dialogues: list[list[Prepared]], concurrency: int, seconds: float,
              timeout: float = 15.0) -> LevelResult:
    """`concurrency` clients post the dialogues (whole dialogues dealt out to the
    clients, each sent in order) until they or `seconds` run out. An error: a transport failure, a status other
    than 200, or an answer that is not TwiML. Twilio gives up after 15 s."""
    chunks = [[item for d in dialogues[i::concurrency] for item in d] for i in range(concurrency)]
    latencies: list[list[float]] = [[] for _ in range(concurrency)]
    errors: list[dict] = [{} for _ in range(concurrency)]
    start_gate = threading.Barrier(concurrency + 1)
    stop_at = [0.0]

    def client(i: int) -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
        mine, lat, err = chunks[i], latencies[i], errors[i]
        start_gate.wait()
        for item in mine:
            if time.perf_counter() >= stop_at[0]:
                break
            t0 = time.perf_counter()
            try:
                conn.request("POST", path, body=item.body, headers={
                    "Content-Type": "application/x-www-form-urlencoded",
                    "X-Twilio-Signature": item.signature, "User-Agent": "TwilioProxy/1.1"})
                response = conn.getresponse()
                data = response.read()
                ok = response.status == 200 and b"<Response" in data
                kind = None if ok else f"http {response.status}"
            except Exception as error:  # noqa: BLE001 - every failure is an error here
                kind = type(error).__name__
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
            lat.append((time.perf_counter() - t0) * 1000)
            if kind:
                err[kind] = err.get(kind, 0) + 1
        conn.close()

    threads = [threading.Thread(target=client, args=(i,), daemon=True) for i in range(concurrency)]
    for thread in threads:
        thread.start()
    stop_at[0] = time.perf_counter() + seconds + 3600  # set for real just before the gate opens
    t_start = time.perf_counter()
    stop_at[0] = t_start + seconds
    start_gate.wait()
    for thread in threads:
        thread.join(seconds + timeout + 30)
    elapsed = time.perf_counter() - t_start
    values = sorted(v for lat in latencies for v in lat)
    kinds: dict[str, int] = {}
    for err in errors:
        for key, value in err.items():
            kinds[key] = kinds.get(key, 0) + value
    n_err = sum(kinds.values())
    return LevelResult(concurrency, round(elapsed, 2), len(values), n_err, len(values) / elapsed,
                       percentile(values, 50), percentile(values, 95), percentile(values, 99),
                       values[-1] if values else float("nan"), kinds)


# -- the machine and docs/benchmarks.md -------------------------------------------------------------

def _first(pattern: str, text: str, default: str = "?") -> str:
    match = re.search(pattern, text, re.M)
    return match.group(1).strip() if match else default


def machine() -> dict:
    cpuinfo = Path("/proc/cpuinfo").read_text() if Path("/proc/cpuinfo").exists() else ""
    meminfo = Path("/proc/meminfo").read_text() if Path("/proc/meminfo").exists() else ""
    mem_kb = int(_first(r"^MemTotal:\s+(\d+)", meminfo, "0"))

    def version(args: list[str]) -> str:
        try:
            return subprocess.run(args, capture_output=True, text=True, timeout=10).stdout.strip().splitlines()[0]
        except Exception:  # noqa: BLE001
            return "?"

    os_name = _first(r'^PRETTY_NAME="?([^"\n]+)', Path("/etc/os-release").read_text()
                     if Path("/etc/os-release").exists() else "")
    return {
        "cpu": _first(r"^model name\s*:\s*(.+)$", cpuinfo),
        "cores": os.cpu_count(),
        "memory_gb": round(mem_kb / 1024 / 1024, 1),
        "os": f"{os_name}, Linux {platform.release()}",
        "python": platform.python_version(),
        "postgresql": version(["psql", "--version"]),
        "redis": version(["redis-server", "--version"]),
    }


# "webhook-costs" and "faults" are written by hand (an analysis; the fault suite is tests,
# not a script): kept as they are.
SECTIONS = ("webhooks", "webhook-costs", "urgent", "faults", "broadcast", "growth", "voice")
_INTRO = """# Benchmarks

Figures of real runs on the machine below, written by the scripts in `bench/`
(see `bench/README.md`: one command each). Every run talks to 127.0.0.1 only:
the Twilio REST API is the local stand-in (`tests/support/twilio_standin.py`), and
the load generator (`bench/loadgen.py`, Python threads with keep-alive
connections and requests signed beforehand) runs **on the same machine** as the
server, PostgreSQL, Redis and the Celery workers, so it competes with them for the
same cores. Absolute figures are therefore a floor; the ratio to the bare-Flask
ceiling, measured with the same generator and gunicorn settings in the same run,
is the fairer figure. Other engineers' test runs may have been using the machine
at the same time; each section gives its date.
"""


def _machine_block(info: dict) -> str:
    return ("## Machine\n\n"
            f"- CPU: {info['cpu']}, {info['cores']} cores visible\n"
            f"- Memory: {info['memory_gb']} GB\n"
            f"- OS: {info['os']}\n"
            f"- Python {info['python']}; {info['postgresql']}; {info['redis']}\n")


def update_docs(section: str, markdown: str) -> None:
    """Replace this benchmark's section of docs/benchmarks.md, keeping the others."""
    assert section in SECTIONS
    existing = DOCS.read_text() if DOCS.exists() else ""
    parts = {}
    for name in SECTIONS:
        match = re.search(rf"<!-- section:{name} -->\n(.*?)<!-- end:{name} -->", existing, re.S)
        if match:
            parts[name] = match.group(1)
    parts[section] = markdown.rstrip() + "\n"
    out = [_INTRO, _machine_block(machine())]
    for name in SECTIONS:
        if name in parts:
            out.append(f"<!-- section:{name} -->\n{parts[name]}<!-- end:{name} -->\n")
    DOCS.parent.mkdir(parents=True, exist_ok=True)
    DOCS.write_text("\n".join(out))


def save_results(name: str, data: dict) -> Path:
    RESULTS.mkdir(parents=True, exist_ok=True)
    path = RESULTS / f"{name}.json"
    path.write_text(json.dumps(data, indent=2, ensure_ascii=False, default=str))
    return path


def today() -> str:
    return time.strftime("%Y-%m-%d %H:%M %Z")


def median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")
