"""Lawyers answer by SMS from their registered phone: `DONE K123`, `NOANSWER K123`.

`DONE` is shared with the alerts domain (`DONE n`): a K-prefixed argument is a
callback; anything else goes to `dispatch.STAFF_COMMANDS["DONE_ALERT"]`, which
the alerts domain registers.
"""
from __future__ import annotations

from flask import current_app

from hotline.callbacks import queue, service
from hotline.callbacks.models import MAX_ATTEMPTS
from hotline.core.clock import fmt_date, fmt_time, now_utc
from ivr_flows import dispatch, texts

ROLES = ("lawyer", "coordinator")


def _say(staff, key: str, **params) -> str:
    return texts.render(key, staff.language, "sms", **params)


def _open_request(staff, args: list[str]):
    """(request, None) or (None, reply) for the reference in args: what is wrong, plainly."""
    request_id = service.parse_reference(args[0]) if args else None
    if request_id is None:
        return None, _say(staff, "callbacks.staff_usage")
    request = service.get(request_id)
    if request is None:
        return None, _say(staff, "callbacks.staff_not_found", ref=f"K-{request_id}")
    if staff.role not in ROLES:  # a social worker: callbacks are the lawyers'
        return None, _say(staff, "callbacks.staff_not_for_role", ref=request.reference)
    if staff.role == "lawyer" and request.lawyer_id not in (None, staff.id):
        return None, _say(staff, "callbacks.staff_not_yours", ref=request.reference)
    if not request.is_open:
        return None, _say(staff, "callbacks.staff_already_closed", ref=request.reference)
    return request, None


def _joined(args: list[str]) -> list[str]:
    """`DONE K 123` reads as `DONE K123`."""
    if len(args) > 1 and args[0].upper() in ("K", "К", "K-", "К-"):
        return [args[0] + args[1], *args[2:]]
    return args


def done(staff, args: list[str], phone: str) -> str | None:
    args = _joined(args)
    if not (args and service.is_reference(args[0])):
        alert_done = dispatch.STAFF_COMMANDS.get("DONE_ALERT")
        if alert_done is not None:
            return alert_done(staff, args, phone)
        return _say(staff, "callbacks.staff_usage")
    request, reply = _open_request(staff, args)
    if request is None:
        return reply
    queue.mark_done(request, staff, now_utc())
    return _say(staff, "callbacks.staff_done", ref=request.reference)


def no_answer(staff, args: list[str], phone: str) -> str | None:
    request, reply = _open_request(staff, _joined(args))
    if request is None:
        return reply
    now = now_utc()
    if request.lawyer_id is None and staff.role == "lawyer":  # took it straight from the queue
        request.lawyer_id, request.status, request.assigned_at = staff.id, "assigned", now
    outcome = queue.mark_no_answer(request, now, current_app.config["SETTINGS"].tz)
    if outcome == "too_early":
        return _say(staff, "callbacks.staff_too_early", ref=request.reference,
                    date=fmt_date(request.next_attempt_at), time=fmt_time(request.next_attempt_at))
    if outcome == "closed":
        return _say(staff, "callbacks.staff_closed", ref=request.reference, max=MAX_ATTEMPTS)
    return _say(staff, "callbacks.staff_retry", ref=request.reference, attempts=request.attempts,
                max=MAX_ATTEMPTS, date=fmt_date(request.next_attempt_at),
                time=fmt_time(request.next_attempt_at))


def register() -> None:
    previous = dispatch.STAFF_COMMANDS.get("DONE")
    if previous is not None and previous is not done:  # alerts loaded first: keep theirs for DONE n
        dispatch.STAFF_COMMANDS.setdefault("DONE_ALERT", previous)
    dispatch.STAFF_COMMANDS["DONE"] = done
    dispatch.STAFF_COMMANDS["NOANSWER"] = no_answer
