"""How cost grows: webhook latency and database size with 10k, 100k and 1M message
rows in the log, then with 5,000 places, and EXPLAIN of the queries a webhook, the sender and the sweeper run
(are they indexed?).

    python bench/bench_growth.py [--sizes 10000,100000,1000000] [--places 5000] [--seconds 10]

Rows are bulk-inserted with SQL (generate_series) into inbound_messages,
outbound_messages and webhook_receipts (one of each per message, as real traffic
leaves them) plus one resident per 10 messages. At each size: gunicorn (settings of
`hotline web`) with two workers on PostgreSQL, signed /twilio/sms at --concurrency
for --seconds. Last, at the largest size, made-up places (each with a visit) up to
--places in all, and the same load again. PostgreSQL database --db is recreated; Redis db 7 flushed.
"""
from __future__ import annotations

import argparse
import os
import re
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench import loadgen  # noqa: E402

FILL = """
INSERT INTO residents (phone, language, language_chosen, opted_out, created_at, last_seen_at)
SELECT '+99677' || lpad((({start} + g) / 10)::text, 7, '0'), 'ky', false, false, now(), now()
FROM generate_series(1, {count}) g WHERE ({start} + g) %% 10 = 0
ON CONFLICT DO NOTHING;
INSERT INTO inbound_messages (sid, from_phone, to_phone, body, handled_as, created_at)
SELECT 'SMfill' || ({start} + g), '+99677' || lpad((({start} + g) / 10)::text, 7, '0'), '+996312900900',
       (ARRAY['BUS Gulcho','автобус Араван','LAWYER','1','2','HELP','Гульча'])[1 + g %% 7], 'bus',
       now() - (g %% 7776000) * interval '1 second'
FROM generate_series(1, {count}) g;
INSERT INTO webhook_receipts (key, response, created_at)
SELECT 'sms:SMfill' || ({start} + g), '<?xml version="1.0" encoding="UTF-8"?><Response><Message>Автобус 12.06 10:00</Message></Response>',
       now() - (g %% 7776000) * interval '1 second'
FROM generate_series(1, {count}) g;
INSERT INTO outbound_messages (kind, to_phone, from_phone, body, queue, purpose, segments, status, provider_sid,
                               attempts, enqueued_at, claimed_at, created_at, updated_at)
SELECT CASE WHEN g %% 3 = 0 THEN 'sms' ELSE 'reply' END, '+99677' || lpad((({start} + g) / 10)::text, 7, '0'),
       '+996312900900', 'Эртең 10:00 Гүлчөдө юристтер автобусу.', CASE WHEN g %% 3 = 0 THEN 'bulk' ELSE 'default' END,
       CASE WHEN g %% 3 = 0 THEN 'reminder' ELSE 'reply' END, 1, 'delivered', 'SM' || lpad(({start} + g)::text, 32, '0'), 1,
       now() - (g %% 7776000) * interval '1 second', now() - (g %% 7776000) * interval '1 second',
       now() - (g %% 7776000) * interval '1 second', now() - (g %% 7776000) * interval '1 second'
FROM generate_series(1, {count}) g;
"""
BIG_TABLES = ("inbound_messages", "outbound_messages", "webhook_receipts", "residents")

# Made-up village names from common Kyrgyz parts (Ак-Булак, Кара-Суу...): 5,000 places whose
# names are near one another, as real ones are, so the fuzzy matcher has real rivals.
_FIRST = [("Ак", "Ak"), ("Кара", "Kara"), ("Кызыл", "Kyzyl"), ("Сары", "Sary"), ("Көк", "Kok"),
          ("Жаңы", "Jangy"), ("Эски", "Eski"), ("Бел", "Bel"), ("Таш", "Tash"), ("Чоң", "Chong"),
          ("Кичи", "Kichi"), ("Орто", "Orto"), ("Төмөн", "Tomon"), ("Жогорку", "Jogorku"),
          ("Ала", "Ala"), ("Боз", "Boz"), ("Көк-Жар", "Kok-Jar"), ("Алтын", "Altyn"), ("Кең", "Keng"),
          ("Туура", "Tuura")]
_SECOND = [("Булак", "Bulak"), ("Суу", "Suu"), ("Сай", "Sai"), ("Тоо", "Too"), ("Кол", "Kol"),
           ("Жар", "Jar"), ("Дөң", "Dong"), ("Терек", "Terek"), ("Кыя", "Kyia"), ("Талаа", "Talaa"),
           ("Кыштак", "Kyshtak"), ("Арык", "Aryk"), ("Мазар", "Mazar"), ("Дөбө", "Döbö"), ("Кашка", "Kashka"),
           ("Токой", "Tokoi"), ("Өзөн", "Ozon"), ("Коргон", "Korgon"), ("Тал", "Tal"), ("Бак", "Bak")]
_THIRD = [("", ""), ("-1", "-1"), ("-2", "-2"), ("-Ата", "-Ata"), ("-Баш", "-Bash"), ("-Аяк", "-Aiak"),
          ("-Бет", "-Bet"), ("-Кыр", "-Kyr"), ("-Сай", "-Sai"), ("-Тал", "-Tal"), ("-Өзөк", "-Ozok"),
          ("-Кол", "-Kol"), ("-Жол", "-Jol")]


def made_up_places(count: int) -> list[dict]:
    """`count` places (a few share a name, as real ones do); each gets one visit in the coming 120 days."""
    rows = []
    for i in range(count):
        (first_ky, first_lat), (second_ky, second_lat) = _FIRST[i % 20], _SECOND[(i // 20) % 20]
        third_ky, third_lat = _THIRD[(i // 400) % len(_THIRD)]
        name, latin = f"{first_ky}-{second_ky}{third_ky}", f"{first_lat}-{second_lat}{third_lat}"
        rows.append({"code": str(20000 + i), "name_ky": name, "name_ru": name, "name_latin": latin,
                     "oblast": "naryn" if i % 2 else "osh", "district": "Made-up"})
    return rows


PLACES_FILL = """
INSERT INTO places (code, name_ky, name_ru, name_latin, aliases, oblast, district, updated_at)
VALUES (%(code)s, %(name_ky)s, %(name_ru)s, %(name_latin)s, '', %(oblast)s, %(district)s, now())
ON CONFLICT (code) DO NOTHING
"""
VISITS_FILL = """
INSERT INTO visits (place_id, starts_at, ends_at, meeting_point, status, revision, notified_revision,
                    created_at, updated_at)
SELECT p.id, date_trunc('day', now()) + ((p.id %% 120) || ' days')::interval + interval '4 hours',
       date_trunc('day', now()) + ((p.id %% 120) || ' days')::interval + interval '8 hours',
       '', 'planned', 0, 0, now(), now()
FROM places p WHERE p.district = 'Made-up'
"""
# Raw SQL bypasses the ORM's version bump: move the tokens so every process reloads.
BUMP = """
INSERT INTO data_versions (name, token) VALUES ('places', {token}), ('schedule', {token} + 1)
ON CONFLICT (name) DO UPDATE SET token = excluded.token
"""


def fill_places(engine, total: int) -> tuple[int, float]:
    """Up to `total` places in all; returns how many there are and the seconds it took."""
    import secrets

    t0 = time.monotonic()
    with engine.begin() as connection:
        have = connection.exec_driver_sql("SELECT count(*) FROM places").scalar()
        rows = made_up_places(max(0, total - have))
        if rows:
            connection.exec_driver_sql(PLACES_FILL, rows)  # a list: executemany
            connection.exec_driver_sql(VISITS_FILL)
        connection.exec_driver_sql(BUMP.format(token=secrets.randbits(60)))
        have = connection.exec_driver_sql("SELECT count(*) FROM places").scalar()
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        connection.exec_driver_sql("VACUUM ANALYZE places")
        connection.exec_driver_sql("VACUUM ANALYZE visits")
    return have, time.monotonic() - t0


def fill(engine, start: int, count: int) -> float:
    t0 = time.monotonic()
    with engine.begin() as connection:
        for statement in FILL.format(start=start, count=count).split(";\n"):
            if statement.strip():
                connection.exec_driver_sql(statement)
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        connection.exec_driver_sql("VACUUM ANALYZE")
    return time.monotonic() - t0


def sizes(engine) -> dict:
    with engine.connect() as connection:
        out = {"database": connection.exec_driver_sql("SELECT pg_database_size(current_database())").scalar()}
        for table in BIG_TABLES:
            out[table] = connection.exec_driver_sql(f"SELECT pg_total_relation_size('{table}')").scalar()
            out[table + "_rows"] = connection.exec_driver_sql(f"SELECT count(*) FROM {table}").scalar()
        out["places_rows"] = connection.exec_driver_sql("SELECT count(*) FROM places").scalar()
    return out


def capture_hot_queries(env: dict) -> list[tuple[str, dict]]:
    """The statements a mix of webhooks, a status callback, a send and a sweep run."""
    os.environ.update(env)
    from sqlalchemy import event

    from hotline.app import create_app
    from hotline.extensions import db
    from hotline.messaging import outbox, sender
    from tests.support.phone import SignedClient

    app = create_app()
    seen: list[tuple[str, dict]] = []
    with app.app_context():
        event.listen(db.engine, "before_cursor_execute",
                     lambda conn, cursor, statement, params, context, many: seen.append((statement, params)))
    client = SignedClient(app.test_client(), loadgen.AUTH_TOKEN, base_url=env["HOTLINE_PUBLIC_URL"])
    for phone, body in (("+996700100200", "BUS Gulcho"), ("+996700100201", "HELP"), ("+996700100201", "1"),
                        ("+996700100202", "LAWYER"), ("+996700100202", "1"), ("+996700100203", "SOS"),
                        ("+99677" + "0000500", "Гульча")):
        client.sms(phone, body)
    client.post("/twilio/status", {"MessageSid": "SM" + "30".rjust(32, "0"), "MessageStatus": "delivered", "AccountSid": loadgen.ACCOUNT_SID})
    with app.app_context():
        message = outbox.queue_sms("+996700100299", "test", queue="urgent", purpose="staff")
        db.session.commit()
        sender.claim(message.id)
        outbox._broker_down_until = time.monotonic() + 60  # explain the sweep's queries, publish nothing
        outbox.sweep()
        db.session.remove()
    unique: dict[str, tuple[str, dict]] = {}
    for statement, params in seen:
        head = statement.lstrip().split(None, 1)[0].upper()
        if head in ("SELECT", "UPDATE", "DELETE") and "pg_" not in statement:
            unique.setdefault(re.sub(r"\s+", " ", statement), (statement, params))
    return list(unique.values())


def explain(engine, queries) -> list[dict]:
    rows = []
    with engine.connect() as connection:
        for statement, params in queries:
            try:
                plan = [r[0] for r in connection.exec_driver_sql("EXPLAIN " + statement, params or {})]
            except Exception as error:  # noqa: BLE001
                connection.rollback()
                plan = [f"(could not explain: {type(error).__name__})"]
            tables = re.findall(r"\b(?:FROM|UPDATE|JOIN)\s+(\w+)", statement)
            seq = [line.strip() for line in plan if "Seq Scan" in line]
            big_seq = [line for line in seq if any(f"on {t}" in line for t in BIG_TABLES)]
            rows.append({"sql": re.sub(r"\s+", " ", statement), "tables": sorted(set(tables)), "plan": plan,
                         "seq_scans": seq, "big_seq_scans": big_seq})
            connection.rollback()
    return rows


def short_sql(sql: str) -> str:
    sql = re.sub(r"SELECT .*? FROM", "SELECT … FROM", sql, count=1)
    sql = re.sub(r"::(?:VARCHAR|INTEGER|TIMESTAMP WITH TIME ZONE|JSON|BOOLEAN|FLOAT)(?:\([0-9]+\))?", "", sql)
    return (sql[:150] + "…") if len(sql) > 150 else sql


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="10000,100000,1000000")
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--db", default="hotline_bench_growth")
    parser.add_argument("--redis", default=loadgen.DEFAULT_REDIS)
    parser.add_argument("--places", type=int, default=5000,
                        help="then, at the largest size, this many places in all (0: skip that step)")
    parser.add_argument("--no-docs", action="store_true")
    args = parser.parse_args()
    targets = [int(x) for x in args.sizes.split(",")]
    load_before = os.getloadavg()

    import sqlalchemy

    stack = loadgen.prepare_stack("bench-growth", args.db, args.redis)
    database_url, port, procs = stack.database_url, stack.port, stack.procs
    engine = sqlalchemy.create_engine(database_url)
    results = []
    try:
        loadgen.start_hotline(stack)
        url = f"http://127.0.0.1:{port}/twilio/sms"
        loadgen.run_level(port, "/twilio/sms", loadgen.prepare_sms(url, 200, 1, 8_000_000), 8, 15)  # warm-up
        filled = 0
        print(f"{'rows':>9} {'places':>6} {'fill s':>7} {'req/s':>7} {'p50 ms':>7} {'p95 ms':>7} {'p99 ms':>7} {'errors':>6} {'DB MB':>7}")
        steps = [(target, None) for target in targets] + ([(targets[-1], args.places)] if args.places else [])
        for index, (target, places_wanted) in enumerate(steps):
            if places_wanted is None:
                fill_s = fill(engine, filled, target - filled)
                filled = target
            else:
                _, fill_s = fill_places(engine, places_wanted)
            result = loadgen.run_level(port, "/twilio/sms", loadgen.prepare_sms(url, 20000, 100 + index,
                                                                                (index + 10) * 1_000_000),
                                       args.concurrency, args.seconds)
            size = sizes(engine)
            results.append({"rows": target, "places": size["places_rows"], "fill_s": fill_s,
                            "result": result.__dict__, "sizes": size})
            print(f"{target:>9} {size['places_rows']:>6} {fill_s:>7.1f} {result.rps:>7.1f} {result.p50_ms:>7.1f} "
                  f"{result.p95_ms:>7.1f} {result.p99_ms:>7.1f} {result.errors:>6} {size['database'] / 2**20:>7.1f}",
                  flush=True)
        queries = capture_hot_queries(stack.env)
        plans = explain(engine, queries)
    finally:
        for proc in reversed(procs):
            proc.stop()
        engine.dispose()

    print(f"\n{len(plans)} distinct hot queries (SELECT/UPDATE/DELETE) explained at {targets[-1]:,} rows:")
    for plan in plans:
        flag = "SEQ SCAN ON A BIG TABLE" if plan["big_seq_scans"] else ("seq scan (small table)" if plan["seq_scans"] else "indexed")
        print(f"  [{flag}] {short_sql(plan['sql'])}\n      {plan['plan'][0] if plan['plan'] else ''}")
    data = {"when": loadgen.today(), "load_before": load_before, "load_after": os.getloadavg(),
            "concurrency": args.concurrency, "seconds": args.seconds, "results": results, "plans": plans}
    print("raw results:", loadgen.save_results("growth", data))
    if args.no_docs:
        return

    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    svg = loadgen.ROOT / "docs" / "benchmarks-growth.svg"
    fig, (left, right) = plt.subplots(1, 2, figsize=(10, 3.6))
    by_size = results[:len(targets)]  # the places step is in the table, not on the size axis
    xs = [r["rows"] for r in by_size]
    for key, style in (("p50_ms", "o-"), ("p95_ms", "^-"), ("p99_ms", "s-")):
        left.plot(xs, [r["result"][key] for r in by_size], style, label=key[:3])
    left.set_xscale("log")
    left.set_xlabel("message rows in the log")
    left.set_ylabel("webhook latency, ms")
    left.set_title(f"/twilio/sms at {args.concurrency} concurrent")
    left.legend()
    right.plot(xs, [r["sizes"]["database"] / 2**20 for r in by_size], "o-")
    right.set_xscale("log")
    right.set_yscale("log")
    right.set_xlabel("message rows in the log")
    right.set_ylabel("database size, MB")
    right.set_title("pg_database_size")
    fig.tight_layout()
    fig.savefig(svg)
    plt.close(fig)

    lines = ["| message rows | places | fill (s) | req/s | p50 ms | p95 ms | p99 ms | errors | database MB | inbound+outbound+receipts MB |",
             "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for r in results:
        s, res = r["sizes"], r["result"]
        log_mb = (s["inbound_messages"] + s["outbound_messages"] + s["webhook_receipts"]) / 2**20
        lines.append(f"| {r['rows']:,} | {r['places']:,} | {r['fill_s']:.0f} | {res['rps']:.1f} | {res['p50_ms']:.1f} | {res['p95_ms']:.1f} "
                     f"| {res['p99_ms']:.1f} | {res['errors']} | {s['database'] / 2**20:.0f} | {log_mb:.0f} |")
    qlines = ["| query (shortened) | plan | verdict |", "|---|---|---|"]
    for plan in plans:
        verdict = ("**sequential scan of a big table**" if plan["big_seq_scans"]
                   else "seq scan of a small table" if plan["seq_scans"] else "index")
        top = (plan["plan"][0] if plan["plan"] else "").replace("|", "\\|")
        qlines.append(f"| `{short_sql(plan['sql']).replace('|', '/')}` | {top[:90]} | {verdict} |")
    bad = [p for p in plans if p["big_seq_scans"]]
    section = f"""## How cost grows: 10k, 100k, 1M message rows, 5,000 places

`python bench/bench_growth.py` — run {data['when']}; load average before
{' / '.join(f'{x:.1f}' for x in load_before)}.

At each size, N rows each in `inbound_messages`, `outbound_messages` and `webhook_receipts` (N/10
residents) were bulk-inserted with SQL spread over the last 90 days, then `VACUUM ANALYZE`, then signed
`/twilio/sms` posts (the same dialogue mix as above) at {args.concurrency} concurrent for {args.seconds:g} s against
gunicorn + two workers on PostgreSQL. The last row: at the largest size, made-up places (names built
from common Kyrgyz parts, so near one another: Ак-Булак, Ак-Суу, Кара-Булак...) up to {args.places:,} in
all, each with one visit in the coming 120 days; the bus questions of the mix still name real places,
now matched against every name.

{chr(10).join(lines)}

![growth](benchmarks-growth.svg)

### The hot queries at {targets[-1]:,} rows

Every distinct SELECT/UPDATE/DELETE run by a bus question, the short menu and a digit, a lawyer
callback dialogue, an SOS, a status callback, the sender's claim and the outbox sweep, captured from
SQLAlchemy and explained on PostgreSQL with their real parameters:

{chr(10).join(qlines)}

{('Sequential scans of big tables: ' + str(len(bad)) + ' (see above; reported to the lead).') if bad else 'No hot query scans a big table sequentially.'}
"""
    loadgen.update_docs("growth", section)
    print("wrote", loadgen.DOCS, "and", svg)


if __name__ == "__main__":
    main()
