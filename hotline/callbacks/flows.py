"""The callback dialogue by SMS and voice, the missed-call line, cancel words, staff commands.

Thin: each node reads the input, calls the service, and says what comes next.
Every step files or updates the phone's one open request, so a dialogue left
half-way still reaches a lawyer (queue.is_settled).
"""
from __future__ import annotations

from flask import current_app

from hotline.callbacks import queue, service, staff_commands
from hotline.callbacks.models import SAFE_TIMES, TOPICS, CallbackRequest
from hotline.core.clock import now_utc
from hotline.core.phones import to_e164_or_none
from hotline.extensions import db
from hotline.messaging import outbox
from hotline.staff.models import Staff
from ivr_flows import dispatch, sessions, texts
from ivr_flows.engine import Context, Expect, Prompt, Turn, menu, node

TOPIC = menu("callbacks.topic", "callbacks.topic_menu",
             {str(i): f"callbacks.topic.{t}" for i, t in enumerate(TOPICS, 1)})
SAFE_TIME = menu("callbacks.time", "callbacks.time_menu",
                 {str(i): f"callbacks.time.{t}" for i, t in enumerate(SAFE_TIMES, 1)})
RECORD = menu("callbacks.record", "callbacks.record_offer",
              {"1": "callbacks.record", "2": "callbacks.confirm"})
VILLAGE_CODE_DIGITS = 6
MISSED_CALL_SESSION_HOURS = 24  # the topic offer stays answerable for a day

dispatch.keyword("LAWYER", "ЮРИСТ", "YURIST", "ADVOKAT", "АДВОКАТ", node="callbacks.start")
dispatch.keyword("ОТМЕНА", "OTMENA", "ЖОККО", "JOKKO", "BEKOR", node="callbacks.cancel")


def _file(ctx: Context, **fields) -> CallbackRequest:
    return service.file_request(ctx.phone, channel=ctx.channel, language=ctx.lang, now=now_utc(),
                                **fields)


@node("callbacks.start")
def start(ctx: Context) -> Turn:
    return TOPIC.show()


def _topic_chosen(topic: str):
    def chosen(ctx: Context) -> Turn:
        _file(ctx, topic=topic)
        return SAFE_TIME.show()
    return chosen


def _time_chosen(safe_time: str):
    def chosen(ctx: Context) -> Turn:
        request = _file(ctx, safe_time=safe_time)
        if ctx.resident.place_id:  # remembered from an earlier bus question
            service.update(request, now=now_utc(), place_id=ctx.resident.place_id)
            return _after_village(ctx)
        return _ask_village(ctx)
    return chosen


for _topic in TOPICS:
    node(f"callbacks.topic.{_topic}")(_topic_chosen(_topic))
for _time in SAFE_TIMES:
    node(f"callbacks.time.{_time}")(_time_chosen(_time))


def _ask_village(ctx: Context, *before: str) -> Turn:
    if ctx.channel == "voice":
        return Turn.say(*before, "callbacks.ask_village",
                        expect=Expect("callbacks.village", finish_on_key="#",
                                      max_digits=VILLAGE_CODE_DIGITS))
    return Turn.say(*before, "callbacks.ask_village", expect=Expect("callbacks.village"))


@node("callbacks.village")
def village(ctx: Context) -> Turn:
    # A bare `#` is how a caller says "I don't know the code" (the prompt offers it):
    # some phones send it as the only digit, Twilio as an empty answer.
    answer = ctx.input.strip().rstrip("#") if ctx.channel == "voice" else ctx.input.strip()
    place = service.place_by_code(answer) if answer.isdigit() else service.place_by_name(answer)
    if place is not None:
        _file(ctx, place_id=place.id)
        ctx.resident.place_id = place.id
        return _after_village(ctx)
    if ctx.channel == "voice":
        return _after_village(ctx, *(("callbacks.village_unknown",) if answer else ()))
    if answer and answer != "0" and not ctx.session.state.get("cb_village_retried"):
        ctx.remember(cb_village_retried=True)
        return Turn.say("callbacks.village_unknown", expect=Expect("callbacks.village"))
    if answer and answer != "0":
        _file(ctx, place_text=answer[:60])
    return confirm(ctx)


def _after_village(ctx: Context, *before: str) -> Turn:
    if ctx.channel == "voice":
        return RECORD.show(*before)
    return confirm(ctx)


@node("callbacks.record")
def record(ctx: Context) -> Turn:
    return Turn.say("callbacks.record_prompt", record="callbacks.recorded")


@node("callbacks.recorded")
def recorded(ctx: Context) -> Turn:
    url = (ctx.params.get("RecordingUrl") or "").strip()
    if url:
        _file(ctx, recording_url=url[:500])
    return confirm(ctx)


@node("callbacks.confirm")
def confirm(ctx: Context) -> Turn:
    """The end of the dialogue: hand the request to a lawyer now, and say when to expect the call."""
    request = _file(ctx)
    now = now_utc()
    if request.status == "new":
        lawyer = queue.next_lawyer(request)
        if lawyer is not None:
            queue.assign(request, lawyer, now)
    elif request.lawyer_id:  # asked again while assigned: the lawyer gets the update
        queue.notify_lawyer(request, db.session.get(Staff, request.lawyer_id), "callbacks.lawyer_new")
    ctx.remember(cb_village_retried=False)
    request.told_at = now  # said in this reply: the tick sends no SMS about it
    return Turn.say(Prompt("callbacks.confirmed", {"ref": request.reference}))


@node("callbacks.cancel")
def cancel(ctx: Context) -> Turn:
    request = service.withdraw(ctx.phone, ctx.input, now_utc())
    if request is None:
        return Turn.say("callbacks.nothing_to_cancel")
    queue.tell_lawyer_withdrawn(request)
    return Turn.say(Prompt("callbacks.cancelled", {"ref": request.reference}))


def missed_call(ctx: Context, called: str) -> Turn | None:
    """A call to the missed-call line: reject it (free for the caller), file, offer the topic by SMS."""
    ours = {to_e164_or_none(n) or n for n in current_app.config["SETTINGS"].missed_call_numbers}
    if (to_e164_or_none(called) or called) not in ours:
        return None
    if to_e164_or_none(ctx.phone) is None:  # withheld or foreign-looking: nobody to call back
        return Turn(reject=True)
    request = service.file_request(ctx.phone, channel="missed_call", language=ctx.lang, now=now_utc())
    key = "callbacks.confirmed" if request.topic else "callbacks.missed_offer"
    request.told_at = now_utc()  # both texts carry the reference
    outbox.queue_sms(ctx.phone, texts.render(key, ctx.lang, "sms", ref=request.reference),
                     purpose="reply", ref_id=request.id,
                     dedupe_key=f"callback:missed:{ctx.params.get('CallSid', '')}"[:120])
    if not request.topic:
        _expect_topic_by_sms(ctx.phone)
    return Turn(reject=True)


def _expect_topic_by_sms(phone: str) -> None:
    from datetime import timedelta

    session = sessions.load(f"sms:{phone}", timedelta(hours=MISSED_CALL_SESSION_HOURS))
    sessions.end_turn(session, f"menu:{TOPIC.name}", step=False)


dispatch.CALL_START.append(missed_call)
staff_commands.register()
