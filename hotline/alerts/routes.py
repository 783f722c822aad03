"""What a social worker hears: the screen before a live call is bridged, and the
alert call placed when an SMS to them failed. Signed like /twilio/*."""
from __future__ import annotations

import logging

from flask import Blueprint, Response, request
from twilio.twiml.voice_response import Gather, VoiceResponse

from hotline.core.clock import now_utc
from hotline.core.logs import log_event
from hotline.core.phones import to_e164_or_none
from hotline.extensions import csrf, db
from hotline.messaging import outbox
from hotline.sqlite import retry_when_locked
from hotline.staff.service import by_phone
from hotline.webhooks import security
from hotline.alerts import service
from ivr_flows.engine import Prompt
from ivr_flows.voice import add_prompt

log = logging.getLogger(__name__)
bp = Blueprint("alerts", __name__, url_prefix="/alerts")
csrf.exempt(bp)  # Twilio signs its posts instead
TWIML = "text/xml"


@bp.before_request
def check_signature():
    if security.forged(request):
        log_event(log, "webhook.forbidden", logging.WARNING, path=request.path)
        return Response("invalid signature", status=403, mimetype="text/plain")
    return None


def _twiml(response: VoiceResponse) -> Response:
    return Response(str(response), mimetype=TWIML)


def _alert_id() -> int:
    raw = request.args.get("alert", "")
    return int(raw) if raw.isdigit() else 0


def _callee():
    """The worker's phone on our outbound leg: To (Called on older requests)."""
    phone = to_e164_or_none(request.form.get("To") or request.form.get("Called"))
    return by_phone(phone) if phone else None


def _ask(key: str, answer_path: str) -> Response:
    member = _callee()
    lang = member.language if member else "ru"
    base = security.base_url(request)
    response = VoiceResponse()
    gather = Gather(action=f"{base}{answer_path}?alert={_alert_id()}", method="POST", num_digits=1,
                    timeout=10)
    add_prompt(gather, Prompt(key), lang, base)
    response.append(gather)
    response.hangup()  # no key pressed (a voicemail, say): this leg never takes the call
    return _twiml(response)


def _say(response: VoiceResponse, key: str) -> None:
    member = _callee()
    add_prompt(response, Prompt(key), member.language if member else "ru", security.base_url(request))


@bp.post("/screen")
def screen():
    return _ask("voice.alert_screen", "/alerts/screen/answer")


@bp.post("/screen/answer")
def screen_answer():
    response = VoiceResponse()
    # The database failed: still connect, a person is better than none.
    taken = _pressed_one_and_took(if_database_fails=True, where="screen")
    if taken:
        _say(response, "voice.alert_connect")  # the TwiML ends here: Twilio bridges the call
        return _twiml(response)
    if taken is False:
        _say(response, "voice.alert_already_taken")
    response.hangup()
    return _twiml(response)


@bp.post("/call")
def call():
    return _ask("voice.alert_call", "/alerts/call/answer")


@bp.post("/call/answer")
def call_answer():
    response = VoiceResponse()
    taken = _pressed_one_and_took(if_database_fails=False, where="call")
    if taken is not None:
        _say(response, "voice.alert_accepted" if taken else "voice.alert_already_taken")
    response.hangup()
    return _twiml(response)


def _pressed_one_and_took(if_database_fails: bool, where: str) -> bool | None:
    """None: the callee did not press 1 (a voicemail, say). Else whether they hold the alert."""
    if (request.form.get("Digits") or "").strip() != "1":
        return None
    try:
        return _take()
    except Exception:
        db.session.rollback()
        log.exception("alert %s: could not record the ACK", where)
        return if_database_fails


def _take() -> bool:
    """Pressing 1 is an ACK from the phone we called; True when this worker holds the alert."""
    return retry_when_locked(_take_once, db.session.rollback)


def _take_once() -> bool:
    alert = service.get(_alert_id())
    member = _callee()
    if alert is None or member is None:
        return alert is not None and alert.status == "open"
    taken = service.take_by_phone_call(alert, member, now_utc())
    outbox.commit()
    return taken
