"""Recording prompts by phone: a coordinator, or a staff member a coordinator marked as voice
recorder on the staff page, calls the hotline from their registered phone and reaches the
recording menu instead of the residents' (a resident or an unmarked lawyer never can).

They pick the language (1 Kyrgyz, 3 Uzbek); the first piece still lacking a human voice,
most heard first (coverage.next_to_record), is numbered and its words sent to them by SMS;
they record after the beep, hear it back, and press 1 to keep it (a worker fetches it from
Twilio's API host with our credentials, trims and normalises it: used from the next call
on), 2 to record again, 3 to skip. Then the next one. The menu is said in Russian.
"""
from __future__ import annotations

import logging
from dataclasses import replace
from string import Formatter

from hotline.core.logs import log_event
from hotline.messaging import outbox
from hotline.prompts import coverage
from hotline.staff.service import by_phone
from ivr_flows import dispatch, texts
from ivr_flows.engine import Context, Expect, Prompt, Turn, node
from ivr_flows.voice import OFFER_IN_RUSSIAN, PLAY_URL

RECORDERS = ("coordinator",)  # roles that record without a mark
LANG_OF_DIGIT = {"1": "ky", "3": "uz"}
KEEP_TASK = "tasks.prompts.keep_recording"
log = logging.getLogger(__name__)


def recorder_call(ctx: Context, _called: str) -> Turn | None:
    if not may_record(by_phone(ctx.phone)):
        return None
    ctx.remember(lang="ru", rec_done=[])  # the menu is Russian; rec_done: kept or skipped keys
    return _menu()


def may_record(member) -> bool:
    return member is not None and (member.role in RECORDERS or member.voice_recorder)


def _menu() -> Turn:
    return Turn.say("voice.recorder.menu", expect=Expect("prompts.rec_lang"))


@node("prompts.rec_lang")
def choose_language(ctx: Context) -> Turn:
    lang = LANG_OF_DIGIT.get(ctx.input.strip())
    if lang is None:
        return _menu()
    ctx.remember(rec_lang=lang)
    return _next(ctx)


def _next(ctx: Context) -> Turn:
    lang = ctx.session.state["rec_lang"]
    done = {tuple(pair) for pair in ctx.session.state.get("rec_done") or []}
    pending = [row for row in coverage.next_to_record(lang, limit=len(done) + 1)
               if (row.wanted.kind, row.wanted.key) not in done]
    if not pending:
        return Turn.say("voice.recorder.done", "voice.goodbye")
    row = pending[0]
    count = len(done) + 1
    ctx.remember(rec_piece=[row.wanted.kind, row.wanted.key])
    words = texts.render("recorder.words", lang, "sms", count=count, words=row.wanted.text)
    call_sid = ctx.params.get("CallSid", "")
    outbox.queue_sms(ctx.phone, words, purpose="staff",
                     dedupe_key=f"recorder:{call_sid}:{ctx.session.step}" if call_sid else None)
    return Turn.say(Prompt("voice.recorder.next", {"count": count, "what": describe(row.wanted)}),
                    record="prompts.rec_heard")


def describe(item) -> str:
    """What a piece is, said to the staff member in Russian: its kind, then its Russian words
    (the words to read, in the language recorded, come by SMS). A meeting point has no
    Russian wording: its kind alone."""
    base = item.key.split("#")[0]
    if item.category == "place":
        kind, words = "place", _russian_place(item.lang, item.key)
    elif item.category == "point":
        kind, words = "point", ""
    elif base == "voice.choose_language":  # the Russian offer says "press 2": say what this one says
        kind, words = "prompt", texts.CATALOG[OFFER_IN_RUSSIAN[item.lang]].ru
    else:
        kind = "phrase" if "#" in item.key else "word" if base.startswith("voice.piece.") else "prompt"
        words = _without_values(texts.in_force(base).ru)
    return f"{texts.CATALOG[f'voice.recorder.kind.{kind}'].ru} {words}".rstrip(" .")  # the text goes on with "."


def _without_values(template: str) -> str:
    """A template's words with each value left out ("…"): the Russian voice reads no {place}."""
    return "".join(literal + ("…" if field else "") for literal, field, _, _ in Formatter().parse(template))


def _russian_place(lang: str, name: str) -> str:
    from sqlalchemy import select

    from hotline.extensions import db
    from hotline.schedule.models import Place
    from hotline.schedule.service import place_name

    found = next((p for p in db.session.scalars(select(Place).order_by(Place.id)) if place_name(p, lang) == name),
                 None)
    return place_name(found, "ru") if found else ""


@node("prompts.rec_heard")
def heard(ctx: Context) -> Turn:
    url = ctx.params.get("RecordingUrl") or ""
    if not url:
        return _next(ctx)  # nothing was recorded: the same words again
    ctx.remember(rec_url=url)
    return Turn.say("voice.recorder.heard", Prompt(PLAY_URL, {"url": url}), "voice.recorder.choice",
                    expect=Expect("prompts.rec_choice"))


@node("prompts.rec_choice")
def choice(ctx: Context) -> Turn:
    digit = ctx.input.strip()
    kind, key = ctx.session.state["rec_piece"]
    if digit == "2":
        return _next(ctx)
    if digit not in ("1", "3"):
        return Turn.say("voice.recorder.choice", expect=Expect("prompts.rec_choice"))
    if digit == "1" and not _keep(ctx.session.state["rec_lang"], kind, key, ctx.session.state["rec_url"]):
        return Turn.say("voice.recorder.not_kept", "voice.recorder.choice", expect=Expect("prompts.rec_choice"))
    ctx.remember(rec_done=[*(ctx.session.state.get("rec_done") or []), [kind, key]])
    following = _next(ctx)
    if digit == "3":
        return following
    return replace(following, prompts=(Prompt("voice.recorder.kept"), *following.prompts))


def _keep(lang: str, kind: str, key: str, url: str) -> bool:
    """A worker fetches, prepares and saves it (Twilio may take a moment to have the file)."""
    from flask import current_app

    try:
        current_app.extensions["celery"].send_task(KEEP_TASK, args=[lang, kind, key, url], queue="default",
                                                   retry=False)
    except Exception as error:  # broker down: the staff member hears so and may press 1 again
        log_event(log, "prompts.keep_publish_failed", logging.WARNING, error=type(error).__name__)
        return False
    return True


def save_take(lang: str, kind: str, key: str, url: str, settings) -> int | None:
    """Fetch the take (WAV: we trim and normalise it), save it as the human recording."""
    from hotline.extensions import db
    from hotline.messaging.recordings import fetch
    from hotline.prompts import store
    from hotline.prompts.audio import AudioError, prepare_wav
    from hotline.prompts.generate import wanted

    item = next((w for w in wanted(lang) if (w.kind, w.key) == (kind, key)), None)
    if item is None:
        return None  # the text changed meanwhile: nothing to keep it for
    try:
        data = prepare_wav(fetch(url, settings, suffix=".wav").data)
    except AudioError as error:
        log_event(log, "prompts.take_unusable", logging.WARNING, error=str(error))
        return None
    recording = store.save(lang, kind, key, item.text, "human", data)
    db.session.commit()
    store.forget()
    return recording.id


if recorder_call not in dispatch.CALL_START:
    dispatch.CALL_START.insert(0, recorder_call)
