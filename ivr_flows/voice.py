"""Render a Turn as TwiML for a call.

Kyrgyz and Uzbek have no Twilio voice (DOMAIN.md): every prompt is played from
recordings (a human's, else the machine voice's; hotline/prompts). A prompt with
live values is a sequence of pieces: its fixed phrases, and each value spoken by
ivr_flows/speech.py (numbers, times, dates, a reference digit by digit, one
recording per place name and meeting point). A prompt that lacks one of its
pieces is said in Russian instead, never left silent. Russian uses Twilio's
Russian voice, with values in words ("12 июня", "в 5 километрах").
"""
from __future__ import annotations

import functools
from string import Formatter
from urllib.parse import urlencode

from twilio.twiml.voice_response import Gather, VoiceResponse

from hotline.core.clock import now_local
from hotline.prompts import store
from ivr_flows import speech, texts
from ivr_flows.engine import Context, Prompt, Turn
from ivr_flows.speech import Piece

SAY_VOICE = "Polly.Tatyana"
SAY_LANGUAGE = "ru-RU"
PLAYED = ("ky", "uz")  # languages played from recordings
# Said by the Russian voice when the language menu's Kyrgyz or Uzbek offer has no
# recording: a Russian voice never reads Kyrgyz or Uzbek.
OFFER_IN_RUSSIAN = {"ky": "voice.offer_ky_in_russian", "uz": "voice.offer_uz_in_russian"}
PLAY_URL = "play"  # Prompt(PLAY_URL, {"url": ...}): a recording played as it is (a staff member's take)


def step_url(base_url: str, node_name: str, step: int) -> str:
    return f"{base_url}/twilio/voice/step?{urlencode({'node': node_name, 'n': step})}"


def recording_url(base_url: str, recording) -> str:
    return f"{base_url}/media/recordings/{recording.id}.{recording.ext}"


@functools.lru_cache(maxsize=1024)
def template_parts(template: str) -> tuple[tuple[str, object, str], ...]:
    """("phrase", n, words) and ("field", name, "") in order; punctuation alone is not played."""
    parts = []
    for n, (literal, field, _spec, _conv) in enumerate(Formatter().parse(template)):
        words = literal.strip(" ,;:.")
        if any(char.isalnum() for char in words):
            parts.append(("phrase", n, words))
        if field:
            parts.append(("field", field, ""))
    return tuple(parts)


def phrase_key(key: str, n: int) -> str:
    return f"{key}#{n}"


def compose(prompt: Prompt, lang: str, today=None) -> list[Piece] | None:
    """The pieces a Kyrgyz or Uzbek caller hears for `prompt`; None when a value has no speaker."""
    key, text = texts.lookup(prompt.key, "voice")
    template = text.in_language(lang)
    parts = template_parts(template)
    if not any(kind == "field" for kind, _, _ in parts):
        return [Piece("text", key, template)]
    pieces: list[Piece] = []
    for kind, name, words in parts:
        if kind == "phrase":
            pieces.append(Piece("text", phrase_key(key, name), words))
            continue
        value = prompt.params[name]
        if isinstance(value, tuple):  # a list of prompts, e.g. the nearest visits
            for item in value:
                more = compose(item, lang, today)
                if more is None:
                    return None
                pieces += more
            continue
        if today is None and name in speech.DATED:
            today = now_local().date()
        more = speech.pieces_of(name, value, lang, today)
        if more is None:
            return None
        pieces += more
    return pieces


def russian(prompt: Prompt, today=None) -> str:
    """The Russian voice's words: values in words, nested prompts one after the other."""
    _, text = texts.lookup(prompt.key, "voice")
    if not prompt.params:
        return text.ru
    if today is None:
        today = now_local().date()
    spoken = {}
    for name, value in prompt.params.items():
        if isinstance(value, tuple):
            spoken[name] = " ".join(russian(item, today) for item in value)
        else:
            spoken[name] = speech.russian(name, value, today)
    return text.ru.format(**spoken)


def add_prompt(target, prompt: Prompt, lang: str, base_url: str) -> None:
    lang = texts.spoken(lang)  # Uzbek Cyrillic readers hear the same Uzbek
    if prompt.key == PLAY_URL:
        target.play(prompt.params["url"])
        return
    if lang in PLAYED:
        found = _recorded(prompt, lang)
        if found is not None:
            for recording in found:
                target.play(recording_url(base_url, recording))
            return
    target.say(russian(prompt), voice=SAY_VOICE, language=SAY_LANGUAGE)


def _recorded(prompt: Prompt, lang: str) -> list | None:
    try:
        pieces = compose(prompt, lang)
    except (KeyError, ValueError):  # a value no speaker reads: said in Russian, not dropped
        return None
    if pieces is None:
        return None
    found = [store.best(lang, piece.kind, piece.key) for piece in pieces]
    return None if any(recording is None for recording in found) else found


def render(turn: Turn, ctx: Context, base_url: str) -> str:
    response = VoiceResponse()
    if turn.reject:
        response.reject(reason="busy")
        return str(response)
    step = ctx.session.step + 1
    if turn.expect is not None:
        gather = Gather(
            action=step_url(base_url, turn.expect.node, step), method="POST", timeout=8,
            num_digits=None if turn.expect.finish_on_key else turn.expect.max_digits,
            finish_on_key=turn.expect.finish_on_key or "", action_on_empty_result=True,
        )
        _add_prompts(gather, turn, ctx, base_url)
        response.append(gather)
    else:
        _add_prompts(response, turn, ctx, base_url)
        if turn.record:
            response.record(action=step_url(base_url, turn.record, step), method="POST",
                            max_length=60, play_beep=True, timeout=5, finish_on_key="#")
        elif turn.dial:
            _add_dial(response, turn, base_url, step)
        else:
            response.hangup()
    return str(response)


def _add_prompts(target, turn: Turn, ctx: Context, base_url: str) -> None:
    if turn.expect and turn.expect.node == "menu:language":
        _add_language_offers(target, base_url, sorry=Prompt("invalid_choice") in turn.prompts)
        return
    for prompt in turn.prompts:
        add_prompt(target, prompt, ctx.lang, base_url)


def _add_language_offers(target, base_url: str, sorry: bool = False) -> None:
    """Before a language is chosen each offer is heard in its own language, and only the offers.
    After an unknown digit (`sorry`) each offer is preceded by "no such choice" in the offer's
    own language: the caller's language is not known yet. An unrecorded one is left out rather
    than read by the Russian voice."""
    offer = Prompt("voice.choose_language")
    for lang in texts.LANGS:
        if sorry and lang in PLAYED:
            for recording in _recorded(Prompt("invalid_choice"), lang) or ():
                target.play(recording_url(base_url, recording))
        elif sorry:
            target.say(texts.CATALOG["voice.invalid_choice"].ru, voice=SAY_VOICE, language=SAY_LANGUAGE)
        found = _recorded(offer, lang) if lang in PLAYED else None
        if found is not None:
            target.play(recording_url(base_url, found[0]))
        elif lang in PLAYED:
            add_prompt(target, Prompt(OFFER_IN_RUSSIAN[lang]), "ru", base_url)
        else:
            target.say(texts.CATALOG["voice.choose_language"].ru, voice=SAY_VOICE, language=SAY_LANGUAGE)


def _add_dial(response: VoiceResponse, turn: Turn, base_url: str, step: int) -> None:
    dial_spec = turn.dial
    action = step_url(base_url, dial_spec.after, step) if dial_spec.after else None
    dial = response.dial(timeout=dial_spec.timeout, action=action, method="POST",
                         caller_id=dial_spec.caller_id)
    for number in dial_spec.numbers:
        dial.number(number, url=dial_spec.screen_url, method="POST")
