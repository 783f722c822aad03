"""What an inbound SMS or call step leads to. The webhooks call these; domains register.

SMS order: staff commands from a registered staff phone; urgent signals
(anywhere in the text, before anything else can fail); STOP/START/LANG;
keywords; an answer to the last menu; free text a domain recognises (a place
name); otherwise the short menu.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import timedelta
from typing import Callable

from flask import current_app

from hotline.residents import service as residents
from ivr_flows import engine, sessions
from ivr_flows import sms as sms_render
from ivr_flows import voice as voice_render
from ivr_flows.engine import Context, Turn
from ivr_flows.menus import LANGUAGE, SHORT

OPT_OUT_WORDS = {"STOP", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT", "REVOKE", "OPTOUT",
                 "СТОП"}
OPT_IN_WORDS = {"START", "UNSTOP", "СТАРТ"}
LANG_WORDS = {"LANG", "ЯЗЫК", "TIL", "ТИЛ"}
# LANG UZ is Uzbek in Latin (the default, GSM-7); written in Cyrillic, LANG УЗ, it is
# Uzbek in Cyrillic, for those who read it better (UCS-2: each SMS costs more).
LANG_CODES = {"KY": "ky", "RU": "ru", "UZ": "uz", "УЗ": "uz_Cyrl", "ЎЗ": "uz_Cyrl"}

# Registries the domain packages fill (see their flows modules).
StaffCommand = Callable[[object, list[str], str], str | None]  # (staff, args, phone) -> reply
STAFF_COMMANDS: dict[str, StaffCommand] = {}
URGENT_DETECTORS: list[Callable[[Context], Turn | None]] = []
KEYWORDS: dict[str, str] = {}  # first word (folded) -> node
FREE_TEXT: list[Callable[[Context], Turn | None]] = []
CALL_START: list[Callable[[Context, str], Turn | None]] = []  # (ctx, our number called)


@dataclass(frozen=True)
class SmsOutcome:
    reply: str | None
    handled_as: str


def fold(word: str) -> str:
    """Case and accents folded; Cyrillic kept as is (АВТОБУС stays Cyrillic)."""
    return unicodedata.normalize("NFKC", word).strip(" .,!?;:\"'").upper()


def words_of(text: str) -> list[str]:
    return [w for w in re.split(r"\s+", text.strip()) if w]


def keyword(*words: str, node: str) -> None:
    for word in words:
        KEYWORDS[fold(word)] = node


def sms_session_lifetime() -> timedelta:
    return timedelta(minutes=current_app.config["SETTINGS"].sms_session_minutes)


def handle_sms(phone: str, body: str, params: dict) -> SmsOutcome:
    words = words_of(body)
    first = fold(words[0]) if words else ""
    staff_reply = _staff_command(phone, first, words[1:])
    if staff_reply is not None:
        return SmsOutcome(staff_reply, f"staff:{first.lower()}")
    resident = residents.get_or_create(phone, body)
    session = sessions.load(f"sms:{phone}", sms_session_lifetime())
    ctx = Context(channel="sms", phone=phone, resident=resident, session=session,
                  input=body.strip(), params=params)
    turn, handled_as = _resident_turn(ctx, first, words)
    sessions.end_turn(session, turn.expect.node if turn.expect else None)
    return SmsOutcome(sms_render.render(turn, ctx), handled_as)


def _staff_command(phone: str, first: str, args: list[str]) -> str | None:
    command = STAFF_COMMANDS.get(first)
    if command is None:
        return None
    from hotline.staff.service import by_phone

    member = by_phone(phone)
    if member is None:
        return None  # an unknown phone is a resident: it changes nothing, learns nothing
    return command(member, args, phone)


def _resident_turn(ctx: Context, first: str, words: list[str]) -> tuple[Turn, str]:
    for detector in URGENT_DETECTORS:
        turn = detector(ctx)
        if turn is not None:
            return turn, "urgent"
    if first in OPT_OUT_WORDS:
        ctx.resident.opted_out = True
        return Turn.say("sms.stopped"), "stop"
    if first in OPT_IN_WORDS:
        ctx.resident.opted_out = False
        return Turn.say("sms.started"), "start"
    if first in LANG_WORDS and len(words) > 1 and fold(words[1]) in LANG_CODES:
        residents.set_language(ctx.resident, LANG_CODES[fold(words[1])])
        ctx.remember(lang=LANG_CODES[fold(words[1])])
        return Turn.say("sms.language_set", "sms.short_menu", expect=engine.Expect("menu:short")), "lang"
    if first in KEYWORDS:
        ctx.input = " ".join(words[1:])
        return engine.enter(KEYWORDS[first], ctx), f"keyword:{KEYWORDS[first]}"
    awaiting = ctx.session.awaiting
    if awaiting and engine.known(awaiting) and (ctx.input.isdigit() or not awaiting.startswith("menu:")):
        turn = engine.run(awaiting, ctx)
        if turn is not None:
            return turn, f"answer:{awaiting}"
    if ctx.input.strip() == engine.URGENT_DIGIT and "urgent" in engine.NODES:
        return engine.NODES["urgent"](ctx), "urgent"
    for recogniser in FREE_TEXT:
        turn = recogniser(ctx)
        if turn is not None:
            return turn, "free_text"
    return SHORT.show(), "menu"


def start_call(phone: str, called: str, params: dict, base_url: str) -> str:
    ctx = _call_context(phone, params)
    turn = None
    for hook in CALL_START:
        turn = hook(ctx, called)
        if turn is not None:
            break
    return _render_call(turn or LANGUAGE.show(), ctx, base_url)


def call_step(phone: str, node_name: str, params: dict, base_url: str) -> str:
    ctx = _call_context(phone, params)
    ctx.input = (params.get("Digits") or "").strip()
    if not engine.known(node_name):
        turn = LANGUAGE.show()
    elif params.get("Digits") is None and node_name.startswith("menu:") and "RecordingUrl" not in params:
        turn = _no_input(ctx, node_name)
    else:
        turn = engine.run(node_name, ctx)
    return _render_call(turn, ctx, base_url)


def _no_input(ctx: Context, node_name: str) -> Turn:
    """Silence at a menu: repeat it twice, then say goodbye rather than loop forever."""
    silences = ctx.session.state.get("silences", 0) + 1
    ctx.remember(silences=silences)
    if silences > 2:
        return Turn.say("voice.no_input", "voice.goodbye")
    return engine.MENUS[node_name[5:]].show("voice.no_input")


def _call_context(phone: str, params: dict) -> Context:
    resident = residents.get_or_create(phone)
    session = sessions.load(f"call:{params.get('CallSid', '')}", timedelta(hours=sessions.CALL_SESSION_HOURS))
    return Context(channel="voice", phone=phone, resident=resident, session=session, params=params)


def _render_call(turn: Turn, ctx: Context, base_url: str) -> str:
    twiml = voice_render.render(turn, ctx, base_url)
    sessions.end_turn(ctx.session, turn.expect.node if turn.expect else None)
    return twiml
