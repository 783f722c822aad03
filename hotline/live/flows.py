"""The crew's SMS commands (STAFF_COMMANDS) and the live line of the BUS answer.

Any active registered staff phone may send them (issue #8: "any role"); from
any other phone the same words are a resident's text and get the resident's
answer (dispatch routes unknown phones before these run).
"""
from __future__ import annotations

import logging
from datetime import datetime

from hotline.core.clock import fmt_time, now_utc
from hotline.core.logs import log_event
from hotline.extensions import db
from hotline.live import commands, notices, service
from hotline.live.commands import Command, Usage
from hotline.live.models import CrewEvent
from hotline.schedule import flows as schedule_flows
from hotline.schedule import service as schedule
from hotline.schedule.geo import km_to_show
from hotline.schedule.models import Place
from ivr_flows import dispatch, texts
from ivr_flows.engine import Prompt
from ivr_flows.texts.fitting import render_fitted

log = logging.getLogger(__name__)

USAGE = {"here": "HERE 1101 until 13:00", "late": "LATE 1101 30", "next": "NEXT 1101 14:30",
         "left": "LEFT 1101", "undo": "UNDO"}


def _say(lang: str, key: str, **params) -> str:
    # A long place name is shortened to the text's budget (fitting.SHRINK_ORDER).
    return render_fitted(key, lang, "sms", **params)


def handle(staff, word: str, args: list[str], phone: str, now: datetime) -> str:
    """One crew SMS -> the one-line answer. Never None: a staff phone always hears back."""
    lang = staff.language
    command = commands.parse(word, args)
    if isinstance(command, Usage):
        return _say(lang, "live.crew_usage", usage=USAGE[command.kind])
    try:
        if command.kind == "undo":
            return _undo(phone, lang, now)
        place_id, problem = _place(command, lang)
        if problem:
            return problem
        event = service.record(staff, phone, command, place_id, now)
    except service.CommandError as error:
        return _error(error, command.kind, lang)
    notices.plan(event, now)
    log_event(log, "live.command", kind=event.kind, event_id=event.id, visit_id=event.visit_id,
              staff_id=staff.id, notices=event.notice_state, told=event.told)
    return confirmation(event, lang)


def _place(command: Command, lang: str) -> tuple[int | None, str | None]:
    if not command.place:
        return None, None  # LEFT alone: the stop the bus is at
    resolution = service.resolve_place(command.place)
    if resolution.kind == "none":
        return None, _say(lang, "live.crew_not_found", query=command.place[:30])
    if resolution.kind == "choice":
        return None, _say(lang, "live.crew_choice", choices=_choices(resolution.place_ids, lang))
    return resolution.place_ids[0], None


def _choices(place_ids, lang: str) -> str:
    places = [db.session.get(Place, pid) for pid in place_ids]
    return ", ".join(f"{p.code} {schedule.place_name(p, lang)} ({schedule.district_name(p, lang)})" for p in places)


def _undo(phone: str, lang: str, now: datetime) -> str:
    undone = service.undo(phone, now)
    event = undone.event
    log_event(log, "live.undo", event_id=event.id, stopped=undone.stopped, sent=undone.sent)
    what = f"{event.kind.upper()} {schedule.place_name(event.place, lang)}"
    return _say(lang, "live.crew_undone", command=what, stopped=undone.stopped, sent=undone.sent)


def _error(error: service.CommandError, kind: str, lang: str) -> str:
    if error.reason == "time_past":
        return _say(lang, "live.crew_time_past", time=error.params["time"], usage=USAGE[kind])
    if error.reason == "no_visit":
        place = db.session.get(Place, error.params["place_id"])
        return _say(lang, "live.crew_no_visit", place=schedule.place_name(place, lang))
    return _say(lang, f"live.crew_{error.reason}")  # no_stop, nothing_to_undo


def confirmation(event: CrewEvent, lang: str) -> str:
    place = schedule.place_name(event.place, lang)
    told = _told(event, lang)
    if event.kind == "here":
        until = service.shown_until(event)
        until_part = ", " + texts.render("live.until", lang, time=fmt_time(until)) if until else ""
        return _say(lang, "live.crew_here", place=place, time=fmt_time(event.at), until=until_part, told=told)
    if event.kind == "late":
        return _say(lang, "live.crew_late", place=place, minutes=event.minutes,
                    time=fmt_time(event.expected_at), told=told)
    if event.kind == "next":
        return _say(lang, "live.crew_next", place=place, time=fmt_time(event.expected_at), told=told)
    return _say(lang, "live.crew_left", place=place, time=fmt_time(event.at))


def _told(event: CrewEvent, lang: str) -> str:
    if event.notice_state == "dropped":
        return texts.render("live.told_night", lang)
    if event.notice_state == "pending":
        return texts.render("live.told_at", lang, time=fmt_time(event.notify_at), count=event.told)
    return texts.render("live.told", lang, count=event.told)


def state_prompt(place_id: int, lang: str, now: datetime | None = None) -> Prompt | None:
    """"The bus is in Gulcho now, until 13:00", said before the plan in a BUS answer (SMS and voice)."""
    state = service.live_state(place_id, now or now_utc())
    if state is None:
        return None
    event = state.event
    place = schedule.place_name(event.place, lang)
    if state.kind == "expected":
        return Prompt("live.state_expected", {"place": place, "time": fmt_time(event.expected_at)})
    until = service.shown_until(event)
    params = {"place": place}
    kind = state.kind
    if kind == "near":
        km = km_to_show(state.km)  # no "0 km", nor a guess for a place without coordinates
        kind, params = ("near", {**params, "km": km}) if km else ("near_nokm", params)
    if until is not None:
        params["until"] = fmt_time(until)
    return Prompt(f"live.state_{kind}" + ("" if until else "_open"), params)


def _command(word: str):
    def run(staff, args: list[str], phone: str) -> str:
        return handle(staff, word, args, phone, now_utc())
    run.__name__ = f"live_{commands.KIND_OF_WORD[word]}"
    return run


def register() -> None:
    for word in commands.KIND_OF_WORD:
        dispatch.STAFF_COMMANDS[dispatch.fold(word)] = _command(word)
    if state_prompt not in schedule_flows.ANSWER_PREFIXES:
        schedule_flows.ANSWER_PREFIXES.append(state_prompt)


register()
