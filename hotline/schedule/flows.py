""""When does the bus come?" as dialog nodes: thin, the logic is in service.py.

SMS: `BUS [place]` (or a place name alone, or 1 at the short menu) answers; a
digit picks from a choice; 1 after an answer subscribes to reminders.
Voice: main menu 1 -> the village code and # -> the answer; then 1 sends it
by SMS, 2 subscribes.
"""
from __future__ import annotations

from hotline.messaging import outbox
from hotline.schedule import service
from hotline.schedule.geo import km_to_show
from ivr_flows import dispatch, engine, texts
from ivr_flows.engine import Context, Expect, Prompt, Turn, node
from ivr_flows.menus import SHORT
from ivr_flows.sms import render as render_sms
from ivr_flows.texts import fitting

CODE_TRIES = 3
MAX_FREE_TEXT_WORDS = 4  # longer texts are sentences, not place names (but see sentence.py)
MAX_SENTENCE_WORDS = 12  # a question longer than this is about something else
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
    if ctx.channel != "sms" or not text or len(text.split()) > MAX_SENTENCE_WORDS:
        return None
    resolution = service.resolve_sentence(text)
    if resolution.kind != "none":
        return _resolved(ctx, resolution)
    if len(text.split()) > MAX_FREE_TEXT_WORDS:
        return None
    resolution = service.resolve(text)
    if resolution.kind == "none" or resolution.matches[0].score < FREE_TEXT_MIN_SCORE:
        return None
    return _resolved(ctx, resolution)


def _find(ctx: Context, query: str) -> Turn:
    # A sentence's exact place first ("качан келет Араванга"), then the whole text as a name.
    resolution = service.resolve_sentence(query, intent=True)
    if resolution.kind == "none":
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
    items = service.choice_items(place_ids, ctx.lang)
    names = {str(number): name for number, (name, _) in enumerate(items)}

    def build(values: dict) -> str:
        return texts.render("bus.choice", ctx.lang, "sms", choices=_listing(items, values))

    # Long names are shortened to the text's one segment: the numbers are what is answered.
    names = fitting.shrink_to_fit(build, names, fitting.budget_of("bus.choice"), list(names))
    prompt = Prompt("bus.choice", {"choices": _listing(items, names)})
    return Turn.say(*before, prompt, expect=Expect("bus.choice"))


def _listing(items: list[tuple[str, str]], names: dict) -> str:
    """"1 Кара-Суу (Кара-Суу), 2 Кара-Суу (Ат-Башы)" with the (shortened) names in `names`."""
    return ", ".join(f"{i + 1} {names[str(i)]}{suffix}" for i, (_, suffix) in enumerate(items))


def _answer(ctx: Context, place_id: int) -> Turn:
    # Read first, then write: the reads would otherwise autoflush the dialogue state
    # mid-turn, and it would be written twice (the webhook's hot path).
    prompts = answer_prompts(place_id, ctx.lang, ctx.channel)
    service.note_question(ctx.resident, place_id)
    ctx.remember(bus_place=place_id, bus_choices=None)
    if ctx.channel == "voice":
        return Turn.say(*prompts, "bus.after", expect=AFTER)
    return Turn.say(*prompts, expect=AFTER)


def answer_prompts(place_id: int, lang: str, channel: str = "sms") -> tuple[Prompt, ...]:
    before = [p for p in (hook(place_id, lang) for hook in ANSWER_PREFIXES) if p is not None]
    if channel != "sms":
        return (*before, answer_prompt(place_id, lang))
    return _fitted_sms(before, place_id, lang)


def _fitted_sms(before: list[Prompt], place_id: int, lang: str) -> tuple[Prompt, ...]:
    """The prompts of one SMS reply, shortened so that each, with what is said before it, fits
    the budgets so far: the live line in its one segment, line and plan together in two.
    (Two one-segment texts joined can take three: 70 + 70 UCS-2 characters > 2 x 67.)"""
    fitted, said, spent = [], "", 0
    for prompt in before:
        spent += fitting.budget_of(prompt.key)
        params = fitting.fit(prompt.key, lang, before=said, budget=spent, **prompt.params)
        fitted.append(Prompt(prompt.key, params))
        said = fitting.join(said, texts.render(prompt.key, lang, "sms", **params))
    return (*fitted, answer_prompt(place_id, lang, sms_before=said, spent=spent))


def answer_prompt(place_id: int, lang: str, sms_before: str | None = None, spent: int = 0) -> Prompt:
    """The plan for the place. For an SMS (`sms_before`: what the same SMS says first, `spent`:
    its budget) long meeting points and names are shortened to fit; voice says them whole."""
    found = service.answer(place_id)
    name = service.place_name(found.place, lang)
    if found.kind == "nearest":
        return _nearest_prompt(found, name, lang, sms_before, spent)
    if found.kind == "next":
        prompt = Prompt("bus.next", service.visit_params(found.visit, lang))
    else:
        prompt = Prompt("bus.none", {"place": name})
    if sms_before is None:
        return prompt
    budget = spent + fitting.budget_of(prompt.key)
    return Prompt(prompt.key, fitting.fit(prompt.key, lang, before=sms_before, budget=budget, **prompt.params))


def _nearest_prompt(found, name: str, lang: str, sms_before: str | None, spent: int) -> Prompt:
    items = [(service.visit_params(visit, lang), km_to_show(km)) for visit, km in found.nearest]
    if sms_before is None:  # voice: each visit its own prompt, its values spoken (ivr_flows/speech.py)
        return Prompt("bus.nearest", {"place": name, "items": tuple(
            Prompt("bus.nearest_item_nokm", params) if km is None else Prompt("bus.nearest_item", {**params, "km": km})
            for params, km in items)})
    budget = spent + fitting.budget_of("bus.nearest")
    # The asker's own place name is shortened first (they know it), then the places listed;
    # when even that does not fit, the farther place is left out.
    for count in range(len(items), 0, -1):
        shown = items[:count]
        values = {"place": name, **{str(i): params["place"] for i, (params, _) in enumerate(shown)}}

        def build(v: dict, shown=shown) -> str:
            return fitting.join(sms_before, texts.render(
                "bus.nearest", lang, "sms", place=v["place"], items=_items(shown, lang, v)))

        values = fitting.shrink_to_fit(build, values, budget, list(values))
        if fitting.fits(build(values), budget) or count == 1:
            return Prompt("bus.nearest", {"place": values["place"], "items": _items(shown, lang, values)})


def _items(items: list[tuple[dict, int | None]], lang: str, names: dict) -> str:
    """"Сары-Таш 95 км 12.06 09:30; Гүлчө 15.06 14:00": `names` holds shortened place names."""
    return "; ".join(_nearest_item({**params, "place": names.get(str(i), params["place"])}, km, lang)
                     for i, (params, km) in enumerate(items))


def _nearest_item(params: dict, km: int | None, lang: str) -> str:
    # No distance when it is not known from both places' own coordinates, or rounds to 0.
    if km is None:
        return texts.render("bus.nearest_item_nokm", lang, **params)
    return texts.render("bus.nearest_item", lang, km=km, **params)


def _send_answer_by_sms(ctx: Context, place_id: int) -> None:
    sms_ctx = Context(channel="sms", phone=ctx.phone, resident=ctx.resident, session=ctx.session)
    body = render_sms(Turn.say(*answer_prompts(place_id, ctx.lang, "sms")), sms_ctx)
    call_sid = ctx.params.get("CallSid", "")
    outbox.queue_sms(ctx.phone, body, queue="default", purpose="reply", ref_id=place_id,
                     dedupe_key=f"bus-call:{call_sid}:{ctx.session.step}" if call_sid else None)


dispatch.keyword("BUS", "АВТОБУС", "AVTOBUS", node="bus.start")
dispatch.FREE_TEXT.append(recognise_place)
