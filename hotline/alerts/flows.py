"""Urgent help's entry points: the SMS detector, node "urgent" (9 at any menu,
SMS and voice), the after-dial and recording nodes, staff commands, signals."""
from __future__ import annotations

import functools
import re
import unicodedata

from flask import current_app

from hotline.core.clock import now_utc
from hotline.core.phones import to_e164_or_none
from hotline.messaging import events
from hotline.alerts import roster, service, staff_commands
from ivr_flows import dispatch
from ivr_flows.engine import Context, Dial, Turn, node

URGENT_WORDS = ("SOS", "СОС", "ЖАРДАМ", "JARDAM", "ZHARDAM", "ПОМОГИ", "ПОМОГИТЕ", "POMOGI",
                "POMOGITE", "YORDAM", "ЁРДАМ", "ЙОРДАМ")
# Cyrillic letters that look Latin: "SОS" typed with a Cyrillic О still matches.
_LOOKALIKES = str.maketrans("АВЕКМНОРСТХУ", "ABEKMHOPCTXY")
DIAL_TIMEOUT = 20


def _tokens(text: str) -> list[str]:
    folded = unicodedata.normalize("NFKC", text).upper()
    return [word.translate(_LOOKALIKES) for word in re.findall(r"\w+", folded)]


def _phrases() -> tuple[tuple[str, ...], ...]:
    return _phrases_of(tuple(current_app.config["SETTINGS"].alert_keywords))


@functools.lru_cache(maxsize=8)
def _phrases_of(keywords: tuple[str, ...]) -> tuple[tuple[str, ...], ...]:
    # Every SMS is checked: the phrases are tokenised once per set of keywords, not per message.
    return tuple(tuple(tokens) for tokens in (_tokens(w) for w in URGENT_WORDS + keywords) if tokens)


def is_urgent(text: str) -> bool:
    """A keyword or code phrase anywhere, as whole words, any case."""
    tokens = tuple(_tokens(text))
    for phrase in _phrases():
        n = len(phrase)
        if any(tokens[i:i + n] == phrase for i in range(len(tokens) - n + 1)):
            return True
    return False


def _sms_signal(ctx: Context) -> Turn:
    service.raise_signal(ctx.phone, ctx.resident, "sms", now_utc())
    if current_app.config["SETTINGS"].alert_reply == "none":
        return Turn(silent=True)
    return Turn.say("sms.urgent_received")


def detect(ctx: Context) -> Turn | None:
    if ctx.channel == "sms" and is_urgent(ctx.input):
        return _sms_signal(ctx)
    return None


@node("urgent")
def urgent(ctx: Context) -> Turn:
    if ctx.channel == "sms":
        return _sms_signal(ctx)
    now = now_utc()
    place = roster.place_info(getattr(ctx.resident, "place_id", None))
    numbers = tuple(n for n in roster.live_numbers(place, now) if n != ctx.phone)
    alert, _ = service.raise_signal(ctx.phone, ctx.resident, "voice", now, notify=not numbers)
    ctx.remember(alert_id=alert.id)
    if not numbers:
        return Turn.say("voice.urgent_callback", record="alerts.recorded")
    screen = f"{service.public_base()}/alerts/screen?alert={alert.id}"
    return Turn.say("voice.urgent_connecting", dial=Dial(numbers, screen_url=screen, timeout=DIAL_TIMEOUT,
                                                          after="alerts.after_dial",
                                                          caller_id=_our_number(ctx)))


def _our_number(ctx: Context) -> str | None:
    """The hotline's own number for the phones that ring: the person's goes to the taker alone,
    by SMS after they press 1 (routes.py). HOTLINE_SMS_NUMBER, else the number the person called."""
    return current_app.config["SETTINGS"].sms_number or to_e164_or_none(ctx.params.get("To"))


@node("alerts.after_dial")
def after_dial(ctx: Context) -> Turn:
    alert = service.get(ctx.session.state.get("alert_id") or 0)
    status = (ctx.params.get("DialCallStatus") or "").strip()
    if alert is not None and status == "completed" and alert.status != "open":
        return Turn.say("voice.goodbye")  # a worker took the call and talked
    if alert is not None:
        alert.log("dial_ended", detail=status[:30] or "unknown")
        service.start_notifying(alert, now_utc())
    return Turn.say("voice.urgent_callback", record="alerts.recorded")


@node("alerts.recorded")
def recorded(ctx: Context) -> Turn:
    alert = service.get(ctx.session.state.get("alert_id") or 0)
    url = ctx.params.get("RecordingUrl")
    if alert is not None and url:
        service.add_recording(alert, url, ctx.params.get("RecordingDuration"))
    return Turn.say("voice.urgent_recorded")


def register() -> None:
    if detect not in dispatch.URGENT_DETECTORS:
        dispatch.URGENT_DETECTORS.append(detect)
    dispatch.STAFF_COMMANDS["ACK"] = staff_commands.ack
    dispatch.STAFF_COMMANDS["PASS"] = staff_commands.pass_
    dispatch.STAFF_COMMANDS["DONE_ALERT"] = staff_commands.done
    # The callbacks domain owns DONE (DONE K123) and hands other numbers to DONE_ALERT.
    dispatch.STAFF_COMMANDS.setdefault("DONE", staff_commands.done)
    events.message_failed.connect(service.on_message_failed)
    events.message_delivered.connect(service.on_message_delivered)


register()
