"""Thin HTTP layer: check the signature, hand over to plain functions, never answer 500."""
from __future__ import annotations

import logging
import sys
import time

from flask import Blueprint, Response, g, request
from sqlalchemy.exc import DBAPIError
from twilio.twiml.voice_response import VoiceResponse

from hotline.core.logs import log_event
from hotline.extensions import db
from hotline.messaging import outbox
from hotline.messaging import status as message_status
from hotline.sqlite import retry_when_locked
from hotline.messaging import signatures as security
from hotline.webhooks import inbound, spool

log = logging.getLogger(__name__)
bp = Blueprint("twilio", __name__, url_prefix="/twilio")

TWIML = "text/xml"
LOCK_NOT_AVAILABLE = "55P03"  # PostgreSQL: lock_timeout ran out


@bp.before_request
def check_signature():
    g.webhook_started = time.perf_counter()
    if security.forged(request):
        log_event(log, "webhook.forbidden", logging.WARNING, path=request.path)
        return Response("invalid signature", status=403, mimetype="text/plain")
    return None


@bp.before_app_request
def check_signature_of_unknown_paths():
    """/twilio/<anything> the blueprint does not route (404, 405): still 403 unsigned
    (CONTRACT.md), so a prober learns nothing of what exists."""
    if request.routing_exception is not None and request.path.startswith(bp.url_prefix + "/"):
        if not security.is_valid(request):
            log_event(log, "webhook.forbidden", logging.WARNING, path=request.path[:80])
            return Response("invalid signature", status=403, mimetype="text/plain")
    return None


@bp.after_request
def log_timing(response: Response) -> Response:
    started = g.get("webhook_started")
    if started is not None:
        log_event(log, "webhook", path=request.path, status=response.status_code,
                  ms=round((time.perf_counter() - started) * 1000, 1))
    return response


def _params() -> dict:
    # After the signature check: NUL can't be stored (PostgreSQL refuses it in text)
    # and means nothing in an SMS.
    return {key: value.replace("\x00", "") for key, value in request.form.to_dict(flat=True).items()}


@bp.post("/sms")
def sms():
    params = _params()
    try:
        return Response(inbound.process_sms(params), mimetype=TWIML)
    except Exception:
        db.session.rollback()
        _log_failure("sms")
        _spool("sms", params)
        return Response(inbound.sms_reply(None), mimetype=TWIML)


@bp.post("/voice")
def voice():
    params = _params()
    try:
        return Response(inbound.process_call_start(params, security.base_url(request)), mimetype=TWIML)
    except Exception:
        db.session.rollback()
        _log_failure("voice")
        _spool("voice", params)
        return Response(_apology(), mimetype=TWIML)


@bp.post("/voice/step")
def voice_step():
    params = _params()
    node = request.args.get("node", "menu:language").replace("\x00", "")[:80]
    step = request.args.get("n", "0").replace("\x00", "")[:10]
    try:
        twiml = inbound.process_call_step(params, node, step, security.base_url(request))
        return Response(twiml, mimetype=TWIML)
    except Exception:
        db.session.rollback()
        _log_failure("voice_step")
        _spool("voice", {**params, "_node": node})
        return Response(_apology(), mimetype=TWIML)


@bp.post("/status")
def status():
    sid = request.form.get("MessageSid") or request.form.get("CallSid") or ""
    raw = request.form.get("MessageStatus") or request.form.get("CallStatus") or ""
    is_call = "MessageSid" not in request.form and "CallSid" in request.form
    def apply() -> None:
        message_status.apply_status(sid, raw, request.form.get("ErrorCode"), is_call)
        outbox.commit()

    try:
        retry_when_locked(apply, db.session.rollback)
    except Exception:
        db.session.rollback()
        _log_failure("status")
        _spool("status", _params())
    return Response(status=204)


def _log_failure(webhook: str) -> None:
    """The database down: one line per webhook, not a traceback each (an outage of
    minutes would bury everything else in the log). Anything else: the traceback."""
    error = sys.exc_info()[1]
    # Unreachable: no connection could be made (no statement ran) or the one we had died.
    # Not every OperationalError: SQLite calls a missing table one, and that is a bug.
    if isinstance(error, DBAPIError) and (error.statement is None or error.connection_invalidated):
        cause = type(error.orig).__name__ if error.orig is not None else type(error).__name__
        log_event(log, "webhook.database_unreachable", logging.WARNING, webhook=webhook, error=cause, spooled=True)
    elif isinstance(error, DBAPIError) and getattr(error.orig, "sqlstate", None) == LOCK_NOT_AVAILABLE:
        # Waited WEB_LOCK_TIMEOUT_MS on another turn's row (hotline/app.py): one line, as for an outage.
        log_event(log, "webhook.lock_timeout", logging.WARNING, webhook=webhook, spooled=True)
    else:
        log.exception("%s webhook failed; spooling it", webhook)


def _spool(kind: str, params: dict) -> None:
    try:
        spool.save(kind, params)
    except Exception:
        log.exception("could not spool a webhook")


def _apology() -> str:
    """The database is unreachable mid-call: say so in Russian, ask to call again."""
    response = VoiceResponse()
    response.say("Извините, техническая ошибка. Пожалуйста, позвоните ещё раз.",
                 voice="Polly.Tatyana", language="ru-RU")
    return str(response)
