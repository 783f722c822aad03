"""Alerts: the open ones with their age and taker, the timeline, ACK and close on behalf of a worker."""
from __future__ import annotations

from flask import Response, abort, current_app, flash, redirect, render_template, url_for
from flask_login import current_user
from sqlalchemy import select

from hotline.admin.auth import roles
from hotline.admin.domains import available, get_or_404, module
from hotline.admin.forms import AlertActionForm, options
from hotline.admin.i18n import N_
from hotline.admin.i18n import translate as _
from hotline.admin.routes import bp
from hotline.core.clock import now_utc
from hotline.extensions import db
from hotline.messaging import recordings
from hotline.staff.models import Staff

WHO = ("coordinator", "social_worker")
# The alert service's answers (staff SMS texts, in the member's language) as this page says
# them, in the page's language: the coordinator acting on behalf of someone reads their own.
ANSWERS = {
    "alerts.staff_already_closed": N_("{code} is already closed."),
    "alerts.staff_already_taken": N_("{code} is already taken by {name}."),
    "alerts.staff_yours": N_("{code} is taken by this worker."),
    "alerts.staff_passed": N_("{code} is passed on to the next in line."),
    "alerts.staff_closed": N_("{code} is closed."),
}


def _page_says(member, key: str, **values) -> str:
    return _(ANSWERS[key], **values)


def open_alerts() -> list:
    models = module("hotline.alerts.models")
    return list(db.session.scalars(select(models.Alert).where(models.Alert.status != "closed")
                                   .order_by(models.Alert.created_at)))


def recent_closed(limit: int = 20) -> list:
    models = module("hotline.alerts.models")
    return list(db.session.scalars(select(models.Alert).where(models.Alert.status == "closed")
                                   .order_by(models.Alert.closed_at.desc()).limit(limit)))


def staff_names() -> dict[int, str]:
    return dict(db.session.execute(select(Staff.id, Staff.name)).all())


def shows_phone(alert) -> bool:
    """The full number only to the worker who took the alert; everyone else sees it masked."""
    return alert.taken_by_id is not None and alert.taken_by_id == current_user.id


def _actors() -> list[Staff]:
    """Who an ACK or close may be recorded for: any worker for a coordinator, else oneself."""
    if current_user.role != "coordinator":
        return [current_user]
    return list(db.session.scalars(select(Staff).where(Staff.active.is_(True),
                                                       Staff.role.in_(WHO)).order_by(Staff.name)))


@bp.get("/alerts")
@roles(*WHO)
def alerts():
    if not available("alerts"):
        return render_template("admin/alerts.html", ok=False)
    return render_template("admin/alerts.html", ok=True, open_alerts=open_alerts(),
                           closed=recent_closed(), names=staff_names(), shows_phone=shows_phone,
                           slowed=slowed_phones())


def slowed_phones() -> list:
    """Staff phones slowed for guessing alert numbers (issue 14): the coordinators' to follow up."""
    if current_user.role != "coordinator":
        return []
    return module("hotline.alerts.guard").slowed_staff(now_utc())


def _alert_or_404(alert_id: int):
    return get_or_404("alerts", "hotline.alerts.service", alert_id)


@bp.get("/alerts/<int:alert_id>")
@roles(*WHO)
def alert_detail(alert_id: int):
    alert = _alert_or_404(alert_id)
    form = AlertActionForm()
    form.staff_id.choices = options((m.id, m.name) for m in _actors())
    # Preselect the taker (to close) or oneself (to take): never whoever sorts first.
    form.staff_id.data = alert.taken_by_id or current_user.id
    return render_template("admin/alert_detail.html", alert=alert, form=form, names=staff_names(),
                           shows_phone=shows_phone(alert))


@bp.get("/alerts/<int:alert_id>/recording")
@roles(*WHO)
def alert_recording(alert_id: int):
    """The caller's message, for the worker who took the alert and for coordinators."""
    alert = _alert_or_404(alert_id)
    if current_user.role != "coordinator" and alert.taken_by_id != current_user.id:
        abort(403)
    if not alert.recording_url:
        abort(404)
    try:
        audio = recordings.fetch(alert.recording_url, current_app.config["SETTINGS"])
    except recordings.RecordingUnavailable as why:
        return Response(str(why), status=502, mimetype="text/plain")
    return Response(audio.data, mimetype=audio.mimetype, headers={"Cache-Control": "no-store"})


@bp.post("/alerts/<int:alert_id>/<action>")
@roles(*WHO)
def alert_action(alert_id: int, action: str):
    if action not in ("ack", "close", "pass"):
        abort(404)
    alert = _alert_or_404(alert_id)
    form = AlertActionForm()
    form.staff_id.choices = options((m.id, m.name) for m in _actors())
    if not form.validate_on_submit():
        abort(400)
    member = db.session.get(Staff, form.staff_id.data)
    service = module("hotline.alerts.service")
    if action == "ack":
        # Not at this screen: the number reaches them by SMS (once per taking).
        message = service.take(alert, member, now_utc(), number_by_sms=member.id != current_user.id,
                               say=_page_says)
        if alert.status == "taken" and alert.taken_by_id == member.id:
            message = f"{alert.code}: " + _("Taken by {name}", name=member.name)
    elif action == "pass":  # the taker cannot go on (or went silent): the next tier, at once
        message = service.pass_on(alert, member, now_utc(), say=_page_says)
    else:
        message = service.close(alert, member, form.outcome.data or "", now_utc(), say=_page_says)
    alert.log("admin", current_user.id, f"{action} by {current_user.name} for {member.name}")
    from hotline.messaging import outbox

    outbox.commit()
    flash(message)
    return redirect(url_for("admin.alert_detail", alert_id=alert_id))
