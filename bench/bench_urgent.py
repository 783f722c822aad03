"""Signal-to-first-SMS latency of an urgent alert, idle and behind a 10,000-message bulk backlog.

A signed SMS "SOS" goes into the app (Flask test client, the real webhook path);
the clock stops when the Twilio stand-in receives the social worker's URGENT SMS,
sent by a real urgent worker process (`hotline worker --queues urgent`) while a
second worker drains default/bulk at the configured send rate.

    python bench/bench_urgent.py [--signals 30] [--backlog 10000] [--embedded]

On PostgreSQL (database `hotline_bench_urgent`, dropped and created) and Redis
(db 7, flushed) on 127.0.0.1, like the other scripts; `--embedded` runs it on the
development defaults instead (SQLite and the embedded Redis).
"""
from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench import loadgen  # noqa: E402

ACCOUNT_SID, AUTH_TOKEN, OUR_NUMBER = "AC" + "7" * 32, "bench-token-0123456789", "+996312900900"
WORKER_PHONE = "+996555100002"


def prepare(tmp: Path, database_url: str | None, redis_url: str | None):
    from hotline import embedded_redis
    from tests.support.twilio_standin import TwilioStandIn

    standin = TwilioStandIn(ACCOUNT_SID, AUTH_TOKEN).start()
    os.environ.update({
        "HOTLINE_INSTANCE_DIR": str(tmp / "instance"),
        "HOTLINE_DATABASE_URL": database_url or f"sqlite:///{tmp / 'bench.sqlite'}",
        "HOTLINE_REDIS_URL": redis_url or embedded_redis.start(tmp / "redis"),
        "TWILIO_ACCOUNT_SID": ACCOUNT_SID, "TWILIO_AUTH_TOKEN": AUTH_TOKEN, "HOTLINE_SMS_PROVIDER": "twilio",
        "HOTLINE_SMS_NUMBER": OUR_NUMBER, "HOTLINE_TWILIO_API_URL": standin.url,
        "HOTLINE_PUBLIC_URL": "http://127.0.0.1:9", "HOTLINE_SEND_RATE": os.environ.get("HOTLINE_SEND_RATE", "1"),
    })
    from hotline import migrate
    from hotline.app import create_app

    app = create_app()
    with app.app_context():
        migrate.upgrade()
    return app, standin


def add_roster(app) -> None:
    from datetime import timedelta

    from hotline.core.clock import now_utc
    from hotline.extensions import db
    from hotline.staff.service import add_shift, add_staff, by_phone

    with app.app_context():
        if by_phone(WORKER_PHONE) is None:
            add_staff("Bench worker", WORKER_PHONE, "social_worker", "osh")
            add_shift(WORKER_PHONE, now_utc() - timedelta(hours=1), now_utc() + timedelta(hours=6))
        db.session.commit()


def start_worker(queues: str, log: Path) -> subprocess.Popen:
    out = open(log, "wb")
    proc = subprocess.Popen([sys.executable, "-m", "hotline", "worker", "--queues", queues, "--concurrency", "2",
                             "--name", queues.replace(",", "-")], stdout=out, stderr=subprocess.STDOUT,
                            start_new_session=True)
    deadline = time.monotonic() + 60
    while "ready." not in log.read_text(errors="replace"):
        if time.monotonic() > deadline or proc.poll() is not None:
            raise RuntimeError(log.read_text(errors="replace")[-2000:])
        time.sleep(0.2)
    return proc


def signal_latencies(app, standin, count: int, first_phone: int) -> list[float]:
    from tests.support.phone import SignedClient

    client = SignedClient(app.test_client(), AUTH_TOKEN, base_url="http://127.0.0.1:9")
    latencies = []
    for n in range(count):
        phone = f"+99670{first_phone + n:07d}"
        seen = len(standin.messages(to=WORKER_PHONE))
        started = time.monotonic()
        client.sms(phone, "SOS")
        [*_, record] = standin.wait_for_messages(seen + 1, to=WORKER_PHONE, timeout=60)
        latencies.append(record.monotonic - started)
        time.sleep(0.05)
    return latencies


def fill_backlog(app, size: int) -> float:
    """10,000 bulk rows in one insert, and their 10,000 tasks waiting in the broker's bulk queue."""
    from sqlalchemy import insert, select

    from hotline.core.clock import now_utc
    from hotline.extensions import db
    from hotline.messaging.models import OutboundMessage
    from hotline.messaging.outbox import SEND_TASK

    started = time.monotonic()
    body = "Bus reminder: the bus comes to your village tomorrow 10:00"
    with app.app_context():
        now = now_utc()
        db.session.execute(insert(OutboundMessage), [
            dict(kind="sms", to_phone=f"+99677{n:07d}", from_phone=OUR_NUMBER, body=body, queue="bulk",
                 purpose="bulk", segments=1, status="queued", attempts=0, enqueued_at=now,
                 created_at=now, updated_at=now) for n in range(size)])
        db.session.commit()
        ids = db.session.scalars(select(OutboundMessage.id).where(OutboundMessage.purpose == "bulk")).all()
        celery = app.extensions["celery"]
        with celery.producer_or_acquire() as producer:
            for message_id in ids:
                celery.send_task(SEND_TASK, args=[message_id], queue="bulk", producer=producer)
    return time.monotonic() - started


def bulk_waiting(app) -> int:
    from sqlalchemy import func, select

    from hotline.extensions import db
    from hotline.messaging.models import OutboundMessage

    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(OutboundMessage).where(
            OutboundMessage.queue == "bulk", OutboundMessage.status.in_(("queued", "sending"))))


def report(label: str, values: list[float]) -> None:
    ms = [v * 1000 for v in values]
    print(f"{label:<34} n={len(ms):3d}  p50 {statistics.median(ms):7.1f} ms  p99 {loadgen.percentile(sorted(ms), 99):7.1f} ms"
          f"  max {max(ms):7.1f} ms")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--signals", type=int, default=30)
    parser.add_argument("--backlog", type=int, default=10_000)
    parser.add_argument("--db", default="hotline_bench_urgent", help="PostgreSQL database (dropped and created)")
    parser.add_argument("--redis", default=loadgen.DEFAULT_REDIS, help="Redis URL (flushed)")
    parser.add_argument("--embedded", action="store_true", help="SQLite and the embedded Redis instead")
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="bench-urgent-"))
    database_url = redis_url = None
    if not args.embedded:
        database_url, redis_url = loadgen.recreate_database(args.db), args.redis
        loadgen.flush_redis(redis_url)
    print(f"database: {'SQLite' if args.embedded else database_url}; Redis: {redis_url or 'embedded'}", flush=True)
    app, standin = prepare(tmp, database_url, redis_url)
    add_roster(app)
    workers = [start_worker("urgent", tmp / "urgent.log"), start_worker("default,bulk", tmp / "bulk.log")]
    try:
        signal_latencies(app, standin, 3, 0)  # warm-up: imports, connections
        report("idle", signal_latencies(app, standin, args.signals, 1000))
        seconds = fill_backlog(app, args.backlog)
        print(f"bulk backlog: {args.backlog} SMS queued and published in {seconds:.1f} s")
        report(f"behind {args.backlog} bulk SMS", signal_latencies(app, standin, args.signals, 2000))
        print(f"bulk still waiting at the end: {bulk_waiting(app)} "
              f"(send rate {os.environ['HOTLINE_SEND_RATE']}/s)")
    finally:
        for proc in workers:
            subprocess.run(["kill", "--", f"-{proc.pid}"], check=False)
        for proc in workers:
            proc.wait(timeout=30)
        standin.stop()


if __name__ == "__main__":
    main()
