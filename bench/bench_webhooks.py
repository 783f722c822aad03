"""Webhook throughput and latency: signed /twilio/sms posts at 1, 8, 32 and 128
concurrent clients against gunicorn (the settings of `hotline web`) on PostgreSQL
and Redis with two Celery workers and the Twilio stand-in; then the same gunicorn
settings serving bench/floor_app.py (signature, one INSERT and COMMIT, constant
TwiML: the floor of any design that records a message before answering it) and
bench/ceiling_app.py (constant TwiML), with the same load.

    python bench/bench_webhooks.py [--seconds 10] [--levels 1,8,32,128]

Bounded: each level runs at most --seconds and --max-requests. Recreates the
PostgreSQL database --db (default hotline_bench) and flushes Redis db 7.
Writes its section of docs/benchmarks.md and docs/benchmarks-webhooks.svg.
"""
from __future__ import annotations

import argparse
import os
import sys
import time
from dataclasses import asdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench import loadgen, wrk_runner  # noqa: E402
from bench.loadgen import HEADER, Proc  # noqa: E402


def runner(generator: str):
    """wrk when installed (or asked for), else the Python load generator."""
    if generator == "wrk" or (generator == "auto" and wrk_runner.available()):
        return "wrk", wrk_runner.run_level
    return "python (bench/loadgen.py)", loadgen.run_level


def warm(port: int, seed: int) -> int:
    """300 posts first (caches, prepared statements, pools); returns how many were answered."""
    url = f"http://127.0.0.1:{port}/twilio/sms"
    warmed = loadgen.run_level(port, "/twilio/sms", loadgen.prepare_sms(url, 300, seed - 1, 9_000_000 + seed), 8, 15)
    return warmed.requests - warmed.errors


def measure_interleaved(targets: list[tuple[str, int, int]], levels: list[int], seconds: float,
                        max_requests: int, run_level) -> dict[str, list]:
    """At each level, each target in turn (hotline, floor, ceiling): a slow minute of the shared
    machine then weighs on all three alike, and their ratios stay fair."""
    results: dict[str, list] = {label: [] for label, _, _ in targets}
    for index, level in enumerate(levels):
        for label, port, seed in targets:
            url = f"http://127.0.0.1:{port}/twilio/sms"
            requests = loadgen.prepare_sms(url, max_requests, seed + index, (index + 1) * 1_000_000 + seed)
            result = run_level(port, "/twilio/sms", requests, level, seconds)
            results[label].append(result)
            print(f"{label:<8} " + result.row() + (f"   {result.error_kinds}" if result.errors else ""), flush=True)
            time.sleep(1)
    return results


def count_rows(database_url: str, table: str) -> int:
    import sqlalchemy

    engine = sqlalchemy.create_engine(database_url)
    with engine.connect() as connection:
        count = connection.exec_driver_sql(f"SELECT count(*) FROM {table}").scalar()
    engine.dispose()
    return count


def serve(stack, name: str, app_spec: str, shape: tuple[int, int] | None = None) -> int:
    """gunicorn with the settings of `hotline web` (or `shape`) serving app_spec on a port of its own."""
    port = loadgen.free_port()
    env = {**stack.env, "HOTLINE_PUBLIC_URL": f"http://127.0.0.1:{port}"}
    stack.procs.append(Proc(name, loadgen.gunicorn(app_spec, port, shape), env, stack.logs))
    loadgen.wait_port(port)
    return port


def plot(ours, floor, ceiling, path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    levels = [r.concurrency for r in ours]
    fig, (left, right) = plt.subplots(1, 2, figsize=(10, 4))
    left.plot(levels, [r.rps for r in ours], "o-", label="hotline /twilio/sms")
    left.plot(levels, [r.rps for r in floor], "^:", label="floor: one INSERT + COMMIT")
    left.plot(levels, [r.rps for r in ceiling], "s--", label="bare Flask ceiling")
    left.set_xscale("log", base=2)
    left.set_xlabel("concurrent clients")
    left.set_ylabel("requests / s")
    left.set_title("Throughput")
    left.legend()
    for key, style in (("p50_ms", "o-"), ("p95_ms", "^-"), ("p99_ms", "s-")):
        right.plot(levels, [getattr(r, key) for r in ours], style, label=f"hotline {key[:3]}")
    right.plot(levels, [r.p99_ms for r in floor], "^:", label="floor p99")
    right.plot(levels, [r.p99_ms for r in ceiling], "s--", label="ceiling p99")
    right.axhline(50, color="grey", linewidth=0.8, linestyle=":")
    right.set_xscale("log", base=2)
    right.set_yscale("log")
    right.set_xlabel("concurrent clients")
    right.set_ylabel("latency, ms")
    right.set_title("Latency (dotted: 50 ms aim)")
    right.legend(fontsize=8)
    fig.tight_layout()
    fig.savefig(path)
    plt.close(fig)


def ratio_to(results, ceiling) -> list[float]:
    return [a.rps / b.rps if b.rps else float("nan") for a, b in zip(results, ceiling)]


# Issue 20's aims, against the floor measured in the same run: at least this share of its
# throughput at each level, and p99 under 50 ms at 32 concurrent.
FLOOR_SHARE_AIMS = {1: 0.4, 8: 0.5, 32: 0.5}
P99_AIM_MS = 50.0


def floor_verdict(label: str, results, floor) -> str:
    """One line: the share of the floor at each level and p99 at 32, each against its aim."""
    parts = []
    for ours, theirs in zip(results, floor):
        share = ours.rps / theirs.rps if theirs.rps else float("nan")
        aim = FLOOR_SHARE_AIMS.get(ours.concurrency)
        parts.append(f"{share:.2f} at {ours.concurrency}" + (
            "" if aim is None else f" (aim ≥ {aim}: {'met' if share >= aim else 'NOT met'})"))
    at32 = next((r for r in results if r.concurrency == 32), None)
    p99 = "" if at32 is None else (f"; p99 at 32 concurrent {at32.p99_ms:.1f} ms (aim < {P99_AIM_MS:g}: "
                                   f"{'met' if at32.p99_ms < P99_AIM_MS else 'NOT met'})")
    return f"{label} / floor: {', '.join(parts)}{p99}"


def table(results) -> str:
    lines = ["| concurrent | requests | req/s | p50 ms | p95 ms | p99 ms | max ms | errors |",
             "|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for r in results:
        lines.append(f"| {r.concurrency} | {r.requests} | {r.rps:.1f} | {r.p50_ms:.1f} | {r.p95_ms:.1f} "
                     f"| {r.p99_ms:.1f} | {r.max_ms:.1f} | {r.errors} |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=10.0, help="per level (default 10)")
    parser.add_argument("--levels", default="1,8,32,128")
    parser.add_argument("--max-requests", type=int, default=25000, help="per level")
    parser.add_argument("--db", default="hotline_bench")
    parser.add_argument("--redis", default=loadgen.DEFAULT_REDIS)
    parser.add_argument("--no-docs", action="store_true", help="print only")
    parser.add_argument("--shapes", default="",
                        help="also the hotline under these gunicorn shapes, WORKERSxTHREADS, comma-separated "
                             "(1 thread: the sync worker), e.g. 2x1,4x1,4x4")
    parser.add_argument("--generator", choices=("auto", "wrk", "python"), default="python",
                        help="wrk (auto: wrk when installed) or the Python load generator (the default: it "
                             "counts every answer, so rows and answers match exactly; wrk leaves the "
                             "requests in flight at the deadline uncounted)")
    args = parser.parse_args()
    levels = [int(x) for x in args.levels.split(",")]
    load_before = os.getloadavg()
    print(f"load average before: {load_before[0]:.2f} {load_before[1]:.2f} {load_before[2]:.2f}", flush=True)

    generator, run_level = runner(args.generator)
    print(f"load generator: {generator}", flush=True)
    stack = loadgen.prepare_stack("bench-webhooks", args.db, args.redis)
    database_url, procs = stack.database_url, stack.procs
    try:
        print("schema and demo data ...", flush=True)
        loadgen.start_hotline(stack)
        floor_port = serve(stack, "gunicorn-floor", "bench.floor_app:app")
        ceiling_port = serve(stack, "gunicorn-ceiling", "bench.ceiling_app:app")
        shapes = [tuple(int(n) for n in shape.split("x")) for shape in args.shapes.split(",") if shape]
        shaped = [(f"{w}x{t}", serve(stack, f"gunicorn-hotline-{w}x{t}", "hotline.wsgi:app", (w, t)), 7000 + 500 * i)
                  for i, (w, t) in enumerate(shapes)]
        warm_rows, floor_warm = warm(stack.port, 1000), warm(floor_port, 3000)
        warm(ceiling_port, 5000)
        warm_rows += sum(warm(port, seed) for _, port, seed in shaped)
        print(f"\n{'':<8} {HEADER}", flush=True)
        results = measure_interleaved([("hotline", stack.port, 1000), *shaped, ("floor", floor_port, 3000),
                                       ("ceiling", ceiling_port, 5000)],
                                      levels, args.seconds, args.max_requests, run_level)
        ours, floor, ceiling = results["hotline"], results["floor"], results["ceiling"]
        labels = {"hotline": "hotline (gunicorn hotline.wsgi:app, PostgreSQL, Redis, 2 workers)",
                  "floor": "floor (gunicorn bench.floor_app:app: signature, one INSERT + COMMIT)",
                  "ceiling": "ceiling (gunicorn bench.ceiling_app:app, same settings)"}
        for label, rows in results.items():  # each target's block, as the runs before interleaving printed
            print(f"\n{labels.get(label, f'hotline under gunicorn {label} (workers x threads)')}\n{HEADER}")
            for result in rows:
                print(result.row() + (f"   {result.error_kinds}" if result.errors else ""), flush=True)
        answered = sum(r.requests - r.errors for label, _, _ in [("hotline", 0, 0), *shaped]
                       for r in results[label])
        floor_answered = sum(r.requests - r.errors for r in floor) + floor_warm
        for proc in reversed(procs):
            proc.stop()
        procs.clear()
        recorded = count_rows(database_url, "inbound_messages")
        floor_recorded = count_rows(database_url, "floor_messages")
    finally:
        for proc in reversed(procs):
            proc.stop()

    ratios, floor_ratios = ratio_to(ours, ceiling), ratio_to(floor, ceiling)
    print("\nratio to the ceiling (throughput), hotline / floor:")
    for level, ours_ratio, floor_ratio in zip(levels, ratios, floor_ratios):
        print(f"  {level:>4} concurrent: {ours_ratio:.2f} / {floor_ratio:.2f}")
    print(f"inbound_messages rows: {recorded} (answered during the levels: {answered}, plus {warm_rows} warm-up)")
    print(f"floor_messages rows: {floor_recorded} (answered: {floor_answered})")
    data = {"when": loadgen.today(), "machine": loadgen.machine(), "seconds": args.seconds, "generator": generator,
            "load_before": load_before, "load_after": os.getloadavg(),
            "hotline": [asdict(r) for r in ours],
            "shapes": {label: [asdict(r) for r in results[label]] for label, _, _ in shaped}, "floor": [asdict(r) for r in floor],
            "ceiling": [asdict(r) for r in ceiling], "ratios": ratios, "floor_ratios": floor_ratios,
            "inbound_rows": recorded, "answered": answered + warm_rows,
            "floor_rows": floor_recorded, "floor_answered": floor_answered}
    print("raw results:", loadgen.save_results("webhooks", data))
    if args.no_docs:
        return
    svg = loadgen.ROOT / "docs" / "benchmarks-webhooks.svg"
    plot(ours, floor, ceiling, svg)
    verdict = [floor_verdict(label, results[label], floor)
               for label in ("hotline", *(label for label, _, _ in shaped))]
    verdict.append(f"throughput ratio to the ceiling: {', '.join(f'{x:.2f}' for x in ratios)}")
    total_errors = sum(r.errors for r in ours)
    verdict.append(f"errors: {total_errors} (aim 0: {'met' if total_errors == 0 else 'NOT met'})")
    floor32 = next((r for r in floor if r.concurrency == 32), None)
    verdict.append(f"the floor (one INSERT + COMMIT per message, nothing else) reaches "
                   f"{', '.join(f'{x:.2f}' for x in floor_ratios)} of the ceiling"
                   + (f", p99 {floor32.p99_ms:.1f} ms at 32 concurrent" if floor32 else "")
                   + f"; {floor_recorded} `floor_messages` rows for {floor_answered} answered posts")
    shape_tables = "".join(f"\n### hotline under gunicorn --workers {label.split('x')[0]} --threads "
                           f"{label.split('x')[1]}{' (sync worker)' if label.endswith('x1') else ''}\n\n"
                           f"{table(results[label])}\n" for label, _, _ in shaped)
    section = f"""## Webhooks: `/twilio/sms` throughput and latency

`python bench/bench_webhooks.py` — run {data['when']}, {args.seconds:g} s per level; load average
(1/5/15 min) {' / '.join(f'{x:.1f}' for x in load_before)} before the run and
{' / '.join(f'{x:.1f}' for x in data['load_after'])} after it (2 cores: anything above 2 is other work queuing).

Set-up: gunicorn with the settings of `hotline web` ({' '.join(loadgen.GUNICORN_ARGS[:8])}, access log on),
`HOTLINE_ENV=development` but PostgreSQL (database `{args.db}`, fresh, `hotline init` + `hotline demo`) and
Redis (db 7); two Celery workers as in production (`--queues urgent` and `--queues default,bulk`, concurrency 2
each) sending through the Twilio stand-in. Each request is a signed `/twilio/sms` post with a unique
`MessageSid`; residents follow dialogues: bus questions in Latin, Kyrgyz and Russian spellings (40%), short
menu then `1` and a place (15%), lawyer callback keyword + topic + time (20%), short menu `2` dialogues (10%),
cancel words (5%), wrong menu digits (9%), urgent words `SOS`/`ЖАРДАМ`/... (1% of dialogues, each raising a
real alert that the urgent worker sends to the on-duty demo staff). An error is a transport failure, a status
other than 200 or an answer without `<Response`. Load generator: {data['generator']}; the three servers run side by
side and, at each level, are measured in turn (hotline, floor, ceiling), so a busy minute weighs on all three.

### hotline

{table(ours)}
{shape_tables}

### floor: signature, one INSERT + COMMIT (raw psycopg), constant TwiML, same gunicorn settings

{table(floor)}

### ceiling: bare Flask, constant TwiML, same gunicorn settings

{table(ceiling)}

![throughput and latency](benchmarks-webhooks.svg)

- {chr(10).join('- ' + v for v in verdict)[2:]}
- every answered message was recorded once: {recorded} `inbound_messages` rows for {answered + warm_rows} answered posts
  (including {warm_rows} warm-up posts).
"""
    loadgen.update_docs("webhooks", section)
    print("wrote", loadgen.DOCS, "and", svg)


if __name__ == "__main__":
    main()
