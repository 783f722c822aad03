"""Render a Turn as TwiML for a call.

Kyrgyz and Uzbek have no Twilio voice (DOMAIN.md): a prompt plays its
recording for the caller's language where one exists, otherwise it is said in
Russian, never left silent. `hotline prompts` lists what is missing.
"""
from __future__ import annotations

from pathlib import Path
from urllib.parse import urlencode

from flask import current_app
from twilio.twiml.voice_response import Gather, VoiceResponse

from ivr_flows import texts
from ivr_flows.engine import Context, Prompt, Turn

SAY_VOICE = "Polly.Tatyana"
SAY_LANGUAGE = "ru-RU"
PACKAGED_RECORDINGS = Path(__file__).parent / "recordings"
RECORDING_SUFFIXES = (".mp3", ".wav")


def recording_dirs() -> list[Path]:
    uploaded = current_app.config["SETTINGS"].instance_path / "recordings"
    return [uploaded, PACKAGED_RECORDINGS]


def find_recording(lang: str, key: str) -> Path | None:
    for folder in recording_dirs():
        for suffix in RECORDING_SUFFIXES:
            candidate = folder / lang / f"{key}{suffix}"
            if candidate.is_file():
                return candidate
    return None


def step_url(base_url: str, node_name: str, step: int) -> str:
    return f"{base_url}/twilio/voice/step?{urlencode({'node': node_name, 'n': step})}"


def add_prompt(target, prompt: Prompt, lang: str, base_url: str, own_language: bool = False) -> None:
    key, text = texts.lookup(prompt.key, "voice")
    lang = texts.spoken(lang)  # Uzbek Cyrillic readers hear the same Uzbek
    recording = None if prompt.params else find_recording(lang, key)
    if recording is not None:
        target.play(f"{base_url}/media/prompts/{lang}/{recording.name}")
    elif own_language or lang == "ru":
        target.say(text.in_language(lang).format(**prompt.params), voice=SAY_VOICE, language=SAY_LANGUAGE)
    else:
        target.say(text.ru.format(**prompt.params), voice=SAY_VOICE, language=SAY_LANGUAGE)


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
        # Before a language is chosen each offer is said in its own language.
        for lang in texts.LANGS:
            add_prompt(target, Prompt("voice.choose_language"), lang, base_url, own_language=True)
        return
    for prompt in turn.prompts:
        add_prompt(target, prompt, ctx.lang, base_url)


def _add_dial(response: VoiceResponse, turn: Turn, base_url: str, step: int) -> None:
    dial_spec = turn.dial
    action = step_url(base_url, dial_spec.after, step) if dial_spec.after else None
    dial = response.dial(timeout=dial_spec.timeout, action=action, method="POST",
                         caller_id=dial_spec.caller_id)
    for number in dial_spec.numbers:
        dial.number(number, url=dial_spec.screen_url, method="POST")
