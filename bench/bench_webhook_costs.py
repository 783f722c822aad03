"""Where a webhook's time goes: in-process cost of one /twilio/sms post, by kind of message.

No HTTP, no gunicorn, no load generator: the Flask test client posts signed
webhooks one after another into the app on PostgreSQL and Redis, so each figure
is one request's own cost on an otherwise idle process. For each kind of
message: mean and p95 milliseconds, CPU milliseconds of this process (the app's
own work, without the database server's), SQL statements per request (counted with a
SQLAlchemy event) and round trips to the database as libpq sent them (bench/pg_wire.py: the
pool's ping, BEGIN and COMMIT included where they are sent; psycopg's one-off preparation of a
statement left out). The first row, a post without a MessageSid, is what
Flask, form parsing and the signature check cost before any database work.

    python bench/bench_webhook_costs.py [--requests 300]

Prints its table; copy it into docs/benchmarks.md by hand (section webhook-costs).
"""
from __future__ import annotations

import argparse
import logging
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench import loadgen  # noqa: E402

PUBLIC_URL = "http://127.0.0.1:9"  # only signed, never called

# (label, body, same resident every time?) A new resident costs its INSERTs too.
KINDS = [
    ("no MessageSid: Flask + signature only", None, False),
    ("bus question, new resident", "BUS Gulcho", False),
    ("bus question, known resident", "BUS Gulcho", True),
    ("place name alone, known resident", "Араван", True),
    ("short menu (a greeting), known resident", "салам", True),
    ("wrong menu digit, known resident", "7", True),
    ("lawyer keyword, known resident", "LAWYER", True),
]


def make_app(database_url: str, redis_url: str):
    os.environ.update(loadgen.bench_env(database_url, redis_url, "http://127.0.0.1:1", PUBLIC_URL,
                                        loadgen.ROOT / "instance" / "bench-costs",
                                        HOTLINE_SMS_PROVIDER="console"))
    loadgen.run_cli(dict(os.environ), "init")
    loadgen.run_cli(dict(os.environ), "demo")
    from hotline.app import create_app

    return create_app()


def poster(app):
    from tests.support.phone import SignedClient, new_sid

    signed = SignedClient(app.test_client(), loadgen.AUTH_TOKEN, base_url=PUBLIC_URL)
    counter = iter(range(10**9))

    def post(body: str | None, same_resident: bool) -> None:
        phone = "+996700100000" if same_resident else f"+99677{next(counter):07d}"
        params = {"From": phone, "To": loadgen.OUR_NUMBER, "Body": body or "x",
                  "MessageSid": new_sid("SM") if body is not None else "", "AccountSid": loadgen.ACCOUNT_SID}
        answer = signed.post("/twilio/sms", params)
        if answer.status != 200 or "<Response" not in answer.xml:
            raise RuntimeError(f"unexpected answer {answer.status} to {body!r}")

    return post


def measure(app, requests: int) -> list[tuple[str, float, float, float]]:
    from sqlalchemy import event

    from hotline.extensions import db

    from bench.pg_wire import Wire

    counts = {"statements": 0}

    def count(*_):
        counts["statements"] += 1

    with app.app_context():
        event.listen(db.engine, "before_cursor_execute", count)
    post = poster(app)
    rows = []
    for label, body, same in KINDS:
        for _ in range(30):  # warm caches and prepared statements
            post(body, same)
        counts.update(statements=0)
        times = []
        cpu_started = time.process_time()
        for _ in range(requests):
            started = time.perf_counter()
            post(body, same)
            times.append((time.perf_counter() - started) * 1000)
        cpu = (time.process_time() - cpu_started) * 1000 / requests
        rows.append([label, sum(times) / len(times), loadgen.percentile(sorted(times), 95), cpu,
                     counts["statements"] / requests])
    # Round trips apart, afterwards: libpq's trace costs CPU of its own, not to be timed.
    with app.app_context():
        wire = Wire(db.engine).start()
    for row, (_, body, same) in zip(rows, KINDS):
        for _ in range(3):  # the traced pool's new connection: no ping on its first checkout
            post(body, same)
        wire.round_trips()
        for _ in range(TRACED):
            post(body, same)
        row.append(len(wire.round_trips()) / TRACED)
    wire.stop()
    return [tuple(row) for row in rows]


TRACED = 50  # requests per kind whose round trips are counted


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=300, help="per kind of message")
    parser.add_argument("--db", default="hotline_bench_costs")
    parser.add_argument("--redis", default=loadgen.DEFAULT_REDIS)
    args = parser.parse_args()
    database_url = loadgen.recreate_database(args.db)
    loadgen.flush_redis(args.redis)
    app = make_app(database_url, args.redis)
    logging.disable(logging.INFO)  # one log line per webhook would be measured too
    rows = measure(app, args.requests)
    print(f"\n{args.requests} requests per kind, one at a time, Flask test client, PostgreSQL, {loadgen.today()}\n")
    print("load average (1/5/15 min) after: {:.2f} / {:.2f} / {:.2f}\n".format(*os.getloadavg()))
    print("| message | mean ms | p95 ms | SQL statements |\n|---|---:|---:|---:|")
    for label, mean, p95, _, sql, _ in rows:
        print(f"| {label} | {mean:.2f} | {p95:.2f} | {sql:.1f} |")
    print("\n| message | CPU ms (this process) | SQL statements | round trips | wall ms - CPU ms |"
          "\n|---|---:|---:|---:|---:|")
    for label, mean, _, cpu, sql, trips in rows:
        print(f"| {label} | {cpu:.2f} | {sql:.1f} | {trips:.1f} | {mean - cpu:.2f} |")


if __name__ == "__main__":
    main()
