"""The phone simulator page: a phone number, its SMS thread, a call with a keypad, its outbox.

The call's state (CallSid, where the IVR posts next, the last prompts) is kept
in the coordinator's session; the SMS thread is read back from the message tables.
"""
from __future__ import annotations

from dataclasses import asdict

from flask import current_app, flash, redirect, render_template, request, session, url_for
from sqlalchemy import select

from hotline.admin import simulator, simulator_guard
from hotline.admin.auth import roles
from hotline.admin.forms import CallForm, KeypadForm, SmsForm
from hotline.admin.i18n import translate as _
from hotline.admin.routes import bp
from hotline.core.phones import to_e164_or_none
from hotline.extensions import db
from hotline.messaging.models import InboundMessage, OutboundMessage

KEY = "simulator"
KEEP_STEPS = 4  # the session is a cookie: keep it small
MAX_TEXT = 400
DEFAULT_PHONE = "+996700123456"


@bp.before_request
def simulator_only_when_on():
    if (request.endpoint or "").startswith("admin.simulator"):
        simulator_guard.require_on()


def _state() -> dict:
    default = DEFAULT_PHONE if not simulator_guard.restricted() else ""
    return session.get(KEY) or {"phone": default, "call": None, "steps": []}


def _save(state: dict) -> None:
    state["steps"] = state["steps"][-KEEP_STEPS:]
    session[KEY] = state


def thread(phone: str, limit: int = 30) -> list[tuple]:
    """(time, 'in'|'out', text) of the phone's SMS conversation, oldest first."""
    inbound = db.session.execute(select(InboundMessage.created_at, InboundMessage.body)
                                 .where(InboundMessage.from_phone == phone)
                                 .order_by(InboundMessage.id.desc()).limit(limit)).all()
    outbound = db.session.execute(select(OutboundMessage.created_at, OutboundMessage.body)
                                  .where(OutboundMessage.to_phone == phone, OutboundMessage.kind != "call")
                                  .order_by(OutboundMessage.id.desc()).limit(limit)).all()
    merged = [(t, "in", b) for t, b in inbound] + [(t, "out", b) for t, b in outbound]
    return sorted(merged, key=lambda row: row[0])[-limit:]


def queued_to(phone: str) -> list[OutboundMessage]:
    return list(db.session.scalars(select(OutboundMessage).where(
        OutboundMessage.to_phone == phone, OutboundMessage.kind != "reply")
        .order_by(OutboundMessage.id.desc()).limit(20)))


@bp.get("/simulator", endpoint="simulator")
@roles("coordinator")
def simulator_page():
    state = _state()
    sms_form, call_form, keypad = SmsForm(), CallForm(), KeypadForm()
    sms_form.phone.data = call_form.phone.data = state["phone"]
    # A phone the simulator may not play shows nothing of its thread.
    shown = state["phone"] if simulator_guard.may_play(state["phone"]) else None
    test_range = ", ".join(current_app.config["SETTINGS"].simulator_numbers) if simulator_guard.restricted() else ""
    return render_template("admin/simulator.html", state=state, sms_form=sms_form, call_form=call_form,
                           keypad=keypad, thread=thread(shown) if shown else [],
                           queued=queued_to(shown) if shown else [], test_range=test_range)


def _phone(raw: str) -> str | None:
    phone = to_e164_or_none(raw)
    if phone is None:
        flash(_("Error: check the phone number."))
    elif not simulator_guard.may_play(phone):
        flash(_("The simulator plays only numbers of the test range, never a staff phone."))
        return None
    return phone


@bp.post("/simulator/sms")
@roles("coordinator")
def simulator_sms():
    form = SmsForm()
    if form.validate_on_submit() and (phone := _phone(form.phone.data)):
        state = _state()
        state["phone"] = phone
        status, _replies = simulator.send_sms(phone, form.body.data)
        if status != 200:
            flash(f"HTTP {status}")
        _save(state)
    return redirect(url_for("admin.simulator") + "#sms")


@bp.post("/simulator/call")
@roles("coordinator")
def simulator_call():
    form = CallForm()
    if form.validate_on_submit() and (phone := _phone(form.phone.data)):
        call_sid = simulator.new_sid("CA")
        step = simulator.start_call(phone, call_sid)
        state = {"phone": phone, "call": None, "steps": []}
        _record(state, call_sid, None, step)
    return redirect(url_for("admin.simulator") + "#call")


@bp.post("/simulator/press")
@roles("coordinator")
def simulator_press():
    form = KeypadForm()
    state = _state()
    call = state.get("call")
    if form.validate_on_submit() and call and simulator_guard.may_play(state["phone"]):
        digits = (form.digits.data or "").strip()
        step = simulator.continue_call(state["phone"], call["sid"], call["next"], call["waits_for"], digits)
        _record(state, call["sid"], digits or "(—)", step)
    return redirect(url_for("admin.simulator") + "#call")


@bp.post("/simulator/hangup")
@roles("coordinator")
def simulator_hangup():
    state = _state()
    state["call"] = None
    _save(state)
    return redirect(url_for("admin.simulator") + "#call")


def _record(state: dict, call_sid: str, pressed: str | None, step: simulator.Step) -> None:
    said = [dict(asdict(s), text=s.text[:MAX_TEXT]) for s in step.said]
    state["steps"].append({"pressed": pressed, "said": said, "ended": step.ended})
    state["call"] = None if step.ended else {"sid": call_sid, "next": step.next_url, "waits_for": step.waits_for}
    _save(state)
