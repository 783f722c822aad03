"""Broadcast: 10,000 reminders queued on `bulk` at a configured per-number send rate
(HOTLINE_SEND_RATE, default here 50 segments/s so the run takes about 3.5 minutes;
a real long code sends about 1/s), with urgent messages queued every few seconds
meanwhile. Reports the rate achieved and how each urgent message overtook the
reminders still waiting.

    python bench/bench_broadcast.py [--reminders 10000] [--rate 50]

Two workers as in production: `hotline worker --queues urgent` and
`--queues default,bulk`. PostgreSQL database --db (recreated), Redis db 7 (flushed),
the Twilio stand-in in this process. Bounded by --timeout.
"""
from __future__ import annotations

import argparse
import os
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench import loadgen  # noqa: E402
from bench.loadgen import Proc  # noqa: E402

REMINDER = "Эртең 10:00 Гүлчөдө юристтер автобусу. Акысыз кеңеш."  # 1 UCS-2 segment
URGENT_TO = "+99655599{:04d}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--reminders", type=int, default=10000)
    parser.add_argument("--rate", type=float, default=50.0, help="HOTLINE_SEND_RATE, segments/s per number")
    parser.add_argument("--urgent-every", type=float, default=5.0, help="seconds between urgent messages")
    parser.add_argument("--timeout", type=float, default=900.0)
    parser.add_argument("--db", default="hotline_bench_broadcast")
    parser.add_argument("--redis", default=loadgen.DEFAULT_REDIS)
    parser.add_argument("--no-docs", action="store_true")
    args = parser.parse_args()
    load_before = os.getloadavg()

    from tests.support.twilio_standin import TwilioStandIn

    standin = TwilioStandIn(loadgen.ACCOUNT_SID, loadgen.AUTH_TOKEN).start()
    instance = loadgen.ROOT / "instance" / "bench-broadcast"
    logs = instance / "logs"
    database_url = loadgen.recreate_database(args.db)
    loadgen.flush_redis(args.redis)
    env = loadgen.bench_env(database_url, args.redis, standin.url, "http://127.0.0.1:9", instance,
                            HOTLINE_SEND_RATE=str(args.rate))
    loadgen.run_cli(env, "init")
    os.environ.update(env)  # this process queues through the same outbox code
    from hotline.app import create_app
    from hotline.messaging import outbox

    app = create_app()
    procs = [Proc("worker-urgent", loadgen.worker_args("urgent", "urgent"), env, logs).wait_for("ready."),
             Proc("worker-general", loadgen.worker_args("default,bulk", "general"), env, logs).wait_for("ready.")]
    urgent_queued: dict[str, float] = {}
    stop_urgent = threading.Event()

    def urgent_sender() -> None:
        with app.app_context():
            n = 0
            while not stop_urgent.wait(args.urgent_every):
                to = URGENT_TO.format(n)
                outbox.queue_sms(to, f"URGENT A{n}: call +996555000000", queue="urgent", purpose="alert")
                urgent_queued[to] = time.monotonic()
                outbox.commit()
                n += 1

    try:
        started = time.monotonic()
        with app.app_context():
            for i in range(args.reminders):
                outbox.queue_sms(f"+99670{5000000 + i:07d}", REMINDER, queue="bulk", purpose="reminder")
                if i % 500 == 499:
                    outbox.commit()
            outbox.commit()
        queued_in = time.monotonic() - started
        print(f"{args.reminders} reminders queued in {queued_in:.1f} s", flush=True)
        thread = threading.Thread(target=urgent_sender, daemon=True)
        thread.start()

        def bulk_sent() -> int:
            return sum(1 for r in standin.messages() if r.to and not r.to.startswith("+99655599"))

        deadline = started + args.timeout
        last_print = 0.0
        while bulk_sent() < args.reminders and time.monotonic() < deadline:
            time.sleep(1)
            if time.monotonic() - last_print > 15:
                last_print = time.monotonic()
                print(f"  {time.monotonic() - started:6.0f} s: {bulk_sent()} reminders sent", flush=True)
        stop_urgent.set()
        thread.join(10)
        time.sleep(3)  # the last urgent messages
    finally:
        for proc in reversed(procs):
            proc.stop()
        standin.stop()

    records = standin.messages()
    bulk = sorted((r for r in records if not r.to.startswith("+99655599")), key=lambda r: r.monotonic)
    urgent = {r.to: r for r in records if r.to.startswith("+99655599")}
    distinct = len({r.to for r in bulk})
    first, last = bulk[0].monotonic, bulk[-1].monotonic
    rate = (len(bulk) - 1) / (last - first) if len(bulk) > 1 else float("nan")
    steady = [r.monotonic for r in bulk[len(bulk) // 10: len(bulk) * 9 // 10]]
    steady_rate = (len(steady) - 1) / (steady[-1] - steady[0]) if len(steady) > 1 else float("nan")
    latencies, overtook = [], []
    for to, queued_at in urgent_queued.items():
        if to in urgent:
            arrived = urgent[to].monotonic
            latencies.append((arrived - queued_at) * 1000)
            overtook.append(sum(1 for r in bulk if r.monotonic > arrived))
    latencies.sort()
    lost_urgent = len(urgent_queued) - len(latencies)
    during = [(lat, n) for lat, n in zip(latencies, overtook) if n > 0]
    print(f"\nreminders sent: {len(bulk)} ({distinct} distinct numbers) of {args.reminders}")
    print(f"rate achieved: {rate:.1f} msg/s overall, {steady_rate:.1f} msg/s in the middle 80% "
          f"(configured {args.rate:g} segments/s; each reminder is 1 segment)")
    print(f"urgent messages: {len(latencies)} sent of {len(urgent_queued)} queued; queue-to-Twilio latency "
          f"p50 {loadgen.percentile(latencies, 50):.0f} ms, p99 {loadgen.percentile(latencies, 99):.0f} ms, "
          f"max {latencies[-1] if latencies else float('nan'):.0f} ms")
    print(f"urgent messages sent while reminders were still waiting: {len(during)}; "
          f"each overtook {min(n for _, n in during) if during else 0}-{max(n for _, n in during) if during else 0} "
          "waiting reminders")
    data = {"when": loadgen.today(), "reminders": args.reminders, "sent": len(bulk), "distinct": distinct,
            "rate": rate, "steady_rate": steady_rate, "configured": args.rate, "queued_in_s": queued_in,
            "urgent_latencies_ms": latencies, "urgent_overtook": overtook, "lost_urgent": lost_urgent,
            "load_before": load_before, "load_after": os.getloadavg()}
    print("raw results:", loadgen.save_results("broadcast", data))
    if args.no_docs:
        return
    svg = loadgen.ROOT / "docs" / "benchmarks-broadcast.svg"
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(10, 3.6))
    times = [r.monotonic - first for r in bulk]
    ax.plot(times, range(1, len(times) + 1), label="reminders sent (bulk)")
    ax.set_xlabel("seconds since the first reminder went out")
    ax.set_ylabel("reminders sent")
    ax2 = ax.twinx()
    ax2.plot([urgent[to].monotonic - first for to in urgent_queued if to in urgent],
             [(urgent[to].monotonic - urgent_queued[to]) * 1000 for to in urgent_queued if to in urgent],
             "r.", label="urgent: queue to Twilio, ms")
    ax2.set_ylabel("urgent latency, ms", color="r")
    ax.set_title(f"10,000 reminders at HOTLINE_SEND_RATE={args.rate:g}/s, urgent messages every {args.urgent_every:g} s")
    fig.legend(loc="upper left", bbox_to_anchor=(0.08, 0.88))
    fig.tight_layout()
    fig.savefig(svg)
    plt.close(fig)
    section = f"""## Broadcast: {args.reminders:,} reminders on `bulk`, urgent messages meanwhile

`python bench/bench_broadcast.py` — run {data['when']}; load average before
{' / '.join(f'{x:.1f}' for x in load_before)}.

`HOTLINE_SEND_RATE={args.rate:g}` (segments per second per sender number, shared by all workers through
Redis) so that the run takes minutes; **a real Twilio long code sends about 1 segment/s**, where the same
10,000 reminders take about 2 h 47 min. Each reminder is one UCS-2 segment to a distinct number. Two
workers as in production (`--queues urgent`, `--queues default,bulk`, concurrency 2 each), PostgreSQL,
Redis db 7, the Twilio stand-in answering at once. Queuing the {args.reminders:,} rows (outbox + publish)
took {queued_in:.1f} s. An urgent message (`queue="urgent"`) was queued every {args.urgent_every:g} s
during the broadcast.

| figure | value |
|---|---|
| reminders sent | {len(bulk):,} of {args.reminders:,} ({distinct:,} distinct numbers: no duplicate) |
| rate achieved, first to last | {rate:.1f} msg/s (configured {args.rate:g}/s) |
| rate achieved, middle 80% | {steady_rate:.1f} msg/s |
| urgent messages sent | {len(latencies)} of {len(urgent_queued)} |
| urgent, queue → Twilio stand-in | p50 {loadgen.percentile(latencies, 50):.0f} ms, p99 {loadgen.percentile(latencies, 99):.0f} ms, max {latencies[-1] if latencies else float('nan'):.0f} ms |
| urgent sent while reminders waited | {len(during)}, each ahead of {min(n for _, n in during) if during else 0}–{max(n for _, n in during) if during else 0} reminders queued before it |

![broadcast](benchmarks-broadcast.svg)

Urgent messages never wait behind the broadcast: they have their own queue and worker and are not
paced; the bulk worker paces each send through the shared Redis slot (`hotline/messaging/rate_limit.py`).
"""
    loadgen.update_docs("broadcast", section)
    print("wrote", loadgen.DOCS, "and", svg)


if __name__ == "__main__":
    main()
