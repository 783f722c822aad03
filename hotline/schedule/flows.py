""""When does the bus come?" as dialog nodes: thin, the logic is in service.py.

SMS: `BUS [place]` (or a place name alone, or 1 at the short menu) answers; a
digit picks from a choice; 1 after an answer subscribes to reminders.
Voice: main menu 1 -> the village code and # -> the answer; then 1 sends it
by SMS, 2 subscribes.
"""
from __future__ import annotations

from hotline.messaging import outbox
from hotline.schedule import service
from ivr_flows import dispatch, engine, texts
from ivr_flows.engine import Context, Expect, Prompt, Turn, node
from ivr_flows.menus import SHORT
from ivr_flows.sms import render as render_sms

CODE_TRIES = 3
MAX_FREE_TEXT_WORDS = 4  # longer texts are sentences, not place names
# Without BUS before it, a text must match better to be taken for a place:
# "спасибо" is 77 from Сары-Бээ, "акча" (money) 75 from Ак-Кыя.
FREE_TEXT_MIN_SCORE = 80.0
AFTER = Expect("bus.after")
# Said before the plan, e.g. the live domain's "the bus is in Gulcho now":
# each hook is (place_id, lang) -> Prompt | None.
ANSWER_PREFIXES: list = []


@node("bus.start")
def start(ctx: Context) -> Turn:
    if ctx.channel == "voice":
        ctx.remember(bus_tries=0)
        return Turn.say("bus.enter_code", expect=Expect("bus.code", finish_on_key="#", max_digits=8))
    query = ctx.input.strip()
    if query:
        return _find(ctx, query)
    if ctx.resident.place_id is not None:
        return _answer(ctx, ctx.resident.place_id)
    return Turn.say("bus.ask_place", expect=Expect("bus.place"))


@node("bus.place")
def place_named(ctx: Context) -> Turn:
    return _find(ctx, ctx.input.strip())


@node("bus.choice")
def choice(ctx: Context) -> Turn | None:
    choices = ctx.session.state.get("bus_choices") or []
    if not ctx.input.strip().isdigit():
        return None  # a new question: let the other recognisers have it
    number = int(ctx.input.strip())
    if not 1 <= number <= len(choices):
        return _choice_turn(ctx, choices, "invalid_choice")
    return _answer(ctx, choices[number - 1])


@node("bus.code")
def code_typed(ctx: Context) -> Turn:
    resolution = service.resolve(ctx.input) if ctx.input.isdigit() else None
    if resolution is not None and resolution.kind == "one":
        return _answer(ctx, resolution.place_ids[0])
    tries = ctx.session.state.get("bus_tries", 0) + 1
    ctx.remember(bus_tries=tries)
    if tries >= CODE_TRIES:
        return Turn.say("bus.code_not_found", "voice.goodbye")
    return Turn.say("bus.code_not_found", "bus.enter_code",
                    expect=Expect("bus.code", finish_on_key="#", max_digits=8))


@node("bus.after")
def after_answer(ctx: Context) -> Turn | None:
    place_id = ctx.session.state.get("bus_place")
    digit = ctx.input.strip()
    if ctx.channel == "sms" and digit != "1":
        # Any other digit answers the short menu (2 lawyer...); words go to the recognisers.
        return engine.choose(SHORT, ctx) if engine.known(SHORT.options.get(digit, "-")) else None
    if place_id is None or digit not in ("1", "2"):
        return Turn.say("voice.goodbye")
    if ctx.channel == "voice" and digit == "1":
        _send_answer_by_sms(ctx, place_id)
        return Turn.say("bus.sms_sent", "bus.after", expect=AFTER)
    subscription = service.subscribe(ctx.resident, place_id)
    if ctx.channel == "voice":
        return Turn.say("bus.subscribed", "voice.goodbye")
    return Turn.say("bus.subscribed_waiting" if subscription.waiting else "bus.subscribed")


def recognise_place(ctx: Context) -> Turn | None:
    """A place name sent alone is a bus question (CONTRACT.md); anything else is not ours."""
    text = ctx.input.strip()
    if ctx.channel != "sms" or not text or len(text.split()) > MAX_FREE_TEXT_WORDS:
        return None
    resolution = service.resolve(text)
    if resolution.kind == "none" or resolution.matches[0].score < FREE_TEXT_MIN_SCORE:
        return None
    return _resolved(ctx, resolution)


def _find(ctx: Context, query: str) -> Turn:
    resolution = service.resolve(query)
    if resolution.kind == "none":
        return Turn.say("bus.not_found", expect=Expect("bus.place"))
    return _resolved(ctx, resolution)


def _resolved(ctx: Context, resolution) -> Turn:
    if resolution.kind == "one":
        return _answer(ctx, resolution.place_ids[0])
    return _choice_turn(ctx, list(resolution.place_ids))


def _choice_turn(ctx: Context, place_ids: list[int], *before: str) -> Turn:
    ctx.remember(bus_choices=place_ids)
    listing = service.choice_list(place_ids, ctx.lang)
    return Turn.say(*before, Prompt("bus.choice", {"choices": listing}), expect=Expect("bus.choice"))


def _answer(ctx: Context, place_id: int) -> Turn:
    # Read first, then write: the reads would otherwise autoflush the dialogue state
    # mid-turn, and it would be written twice (the webhook's hot path).
    prompts = answer_prompts(place_id, ctx.lang)
    service.note_question(ctx.resident, place_id)
    ctx.remember(bus_place=place_id, bus_choices=None)
    if ctx.channel == "voice":
        return Turn.say(*prompts, "bus.after", expect=AFTER)
    return Turn.say(*prompts, expect=AFTER)


def answer_prompts(place_id: int, lang: str) -> tuple[Prompt, ...]:
    before = (hook(place_id, lang) for hook in ANSWER_PREFIXES)
    return (*(p for p in before if p is not None), answer_prompt(place_id, lang))


def answer_prompt(place_id: int, lang: str) -> Prompt:
    found = service.answer(place_id)
    name = service.place_name(found.place, lang)
    if found.kind == "next":
        return Prompt("bus.next", service.visit_params(found.visit, lang))
    if found.kind == "none":
        return Prompt("bus.none", {"place": name})
    items = "; ".join(_nearest_item(visit, km, lang) for visit, km in found.nearest)
    return Prompt("bus.nearest", {"place": name, "items": items})


def _nearest_item(visit, km: float | None, lang: str) -> str:
    params = service.visit_params(visit, lang)
    if km is None:
        return texts.render("bus.nearest_item_nokm", lang, **params)
    return texts.render("bus.nearest_item", lang, km=round(km), **params)


def _send_answer_by_sms(ctx: Context, place_id: int) -> None:
    sms_ctx = Context(channel="sms", phone=ctx.phone, resident=ctx.resident, session=ctx.session)
    body = render_sms(Turn.say(*answer_prompts(place_id, ctx.lang)), sms_ctx)
    call_sid = ctx.params.get("CallSid", "")
    outbox.queue_sms(ctx.phone, body, queue="default", purpose="reply", ref_id=place_id,
                     dedupe_key=f"bus-call:{call_sid}:{ctx.session.step}" if call_sid else None)


dispatch.keyword("BUS", "АВТОБУС", "AVTOBUS", node="bus.start")
dispatch.FREE_TEXT.append(recognise_place)
