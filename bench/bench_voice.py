"""Voice: how long a caller listens to get a bus answer in each language, and what composing
a prompt from recorded pieces adds to a voice webhook.

1. Listening: one call walked as Twilio would (language menu, 1 for Kyrgyz/2/3, 1 for the
   bus, the village code, the answer, 1 for "sent by SMS"); the seconds of everything played
   or said, from the first prompt to "SMS sent". Kyrgyz and Uzbek: the sum of the recordings'
   own lengths (the machine voice of a fresh install). Russian is said by Twilio's voice,
   which we cannot time here: estimated at 14 characters a second (Russian speech read aloud).
2. Composing: the bus answer's voice webhook (`/twilio/voice/step` with the code) timed in
   process, and the part of it that turns the prompts into TwiML (`ivr_flows.voice.render`),
   per language. Aim: composing under 2 ms.

    python bench/bench_voice.py [--requests 200] [--no-docs]

SQLite and the embedded Redis in a scratch instance folder: no PostgreSQL needed. Writes its
section of docs/benchmarks.md (section voice) unless --no-docs.
"""
from __future__ import annotations

import argparse
import logging
import os
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench import loadgen  # noqa: E402

PUBLIC_URL = "http://127.0.0.1:9"
CALLER = "+996700100000"
CODE = "1101"  # Gulcho, a visit planned in three days
RUSSIAN_CHARS_PER_SECOND = 14.0
LANG_DIGIT = {"ky": "1", "ru": "2", "uz": "3"}


def make_app(instance: Path):
    os.environ.update(loadgen.bench_env(f"sqlite:///{instance / 'bench.sqlite'}", "", "http://127.0.0.1:1",
                                        PUBLIC_URL, instance, HOTLINE_SMS_PROVIDER="console"))
    os.environ.pop("HOTLINE_REDIS_URL")  # the embedded one
    from hotline import migrate
    from hotline.app import create_app

    app = create_app()
    with app.app_context():
        migrate.upgrade()
        started = time.perf_counter()
        made = _plan_and_voice()
        app.config["BENCH_GENERATE"] = (made, time.perf_counter() - started)
    return app


def _plan_and_voice() -> int:
    from hotline.core.clock import now_local
    from hotline.extensions import db
    from hotline.prompts import generate
    from hotline.schedule import importer
    from hotline.schedule.matching import SHIPPED_PLACES_CSV

    importer.import_places(importer.read_rows(SHIPPED_PLACES_CSV, importer.PLACE_COLUMNS))
    day = now_local().date() + timedelta(days=3)
    importer.import_schedule([(2, {"place_code": CODE, "date": day.isoformat(), "start": "09:30",
                                   "end": "12:00", "meeting_point": "айыл өкмөтү"})])
    db.session.commit()
    return generate.refresh()


def walk(app, lang: str) -> list:
    """The TwiML answers of one bus call, up to and including "SMS sent"."""
    from tests.support.phone import Call, SignedClient

    signed = SignedClient(app.test_client(), loadgen.AUTH_TOKEN, base_url=PUBLIC_URL)
    call = Call(signed, CALLER)
    answers = [call.start()]
    for digits in (LANG_DIGIT[lang], "1", CODE, "1"):
        answers.append(call.press(digits))
    return answers


def listening_seconds(app, lang: str) -> float:
    from hotline.extensions import db
    from hotline.prompts.models import Recording

    answers = walk(app, lang)
    with app.app_context():
        lengths = dict(db.session.query(Recording.id, Recording.duration_ms).all())
    total = 0.0
    for answer in answers:  # the language menu's three offers are heard by every caller
        for element in answer.root.iter():
            if element.tag == "Play":
                total += lengths[int(element.text.rsplit("/", 1)[1].split(".")[0])] / 1000
            elif element.tag == "Say":
                total += len(element.text or "") / RUSSIAN_CHARS_PER_SECOND
    return total


def compose_costs(app, lang: str, requests: int) -> tuple[float, float, float]:
    """Mean ms of the bus answer's webhook, and of its TwiML rendering alone (p95 too)."""
    import ivr_flows.voice as voice

    spent: list[float] = []
    original = voice.render

    def timed_render(*args, **kwargs):
        started = time.perf_counter()
        try:
            return original(*args, **kwargs)
        finally:
            spent.append((time.perf_counter() - started) * 1000)

    from tests.support.phone import Call, SignedClient

    signed = SignedClient(app.test_client(), loadgen.AUTH_TOKEN, base_url=PUBLIC_URL)
    webhook, composing = [], []
    voice.render = timed_render
    try:
        for number in range(requests + 20):  # the first 20 warm caches
            call = Call(signed, f"+99677{number:07d}")
            call.start()
            call.press(LANG_DIGIT[lang])
            call.press("1")
            spent.clear()
            started = time.perf_counter()
            call.press(CODE)
            if number >= 20:
                webhook.append((time.perf_counter() - started) * 1000)
                composing.append(spent[-1])
    finally:
        voice.render = original
    return sum(webhook) / len(webhook), sum(composing) / len(composing), loadgen.percentile(sorted(composing), 95)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--no-docs", action="store_true")
    args = parser.parse_args()
    instance = Path(tempfile.mkdtemp(prefix="hotline-bench-voice-"))
    app = make_app(instance)
    logging.disable(logging.INFO)
    made, seconds = app.config["BENCH_GENERATE"]
    rows = []
    for lang in ("ky", "ru", "uz"):
        listen = listening_seconds(app, lang)
        webhook_ms, compose_ms, compose_p95 = compose_costs(app, lang, args.requests)
        rows.append((lang, listen, webhook_ms, compose_ms, compose_p95))
    lines = [f"Run {loadgen.today()}, SQLite + embedded Redis, Flask test client, {args.requests} bus "
             f"answers per language, one at a time. The machine is shared with other engineers' test runs.",
             "", f"Machine voice of a fresh install: {made} recordings (ky + uz) made in {seconds:.1f} s.", "",
             "| language | caller listens, first prompt to \"SMS sent\" (s) | bus-answer webhook mean (ms) "
             "| composing the TwiML mean (ms) | composing p95 (ms) |", "|---|---:|---:|---:|---:|"]
    for lang, listen, webhook_ms, compose_ms, compose_p95 in rows:
        mark = " (estimated: Twilio's voice)" if lang == "ru" else ""
        lines.append(f"| {lang} | {listen:.1f}{mark} | {webhook_ms:.2f} | {compose_ms:.3f} | {compose_p95:.3f} |")
    table = "\n".join(lines)
    print(table)
    if not args.no_docs:
        loadgen.update_docs("voice", "## Voice: listening time of a bus answer, and composing prompts\n\n"
                            + table + "\n\n" + NOTES)


NOTES = """Listening counts every prompt of the call in full (the language menu's three offers, the
main menu, the code prompt, the answer and its menu, "SMS sent" and the menu again): a caller
who presses early hears less. Composing is `ivr_flows.voice.render` for the answer's TwiML:
splitting each text into its pieces (cached per text), speaking the values, and looking each
piece up in the per-process index of recordings (no query); the rest of the webhook is the
dialogue, the schedule lookup and the database, the same in every language.
"""


if __name__ == "__main__":
    main()
