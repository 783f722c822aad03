"""Callbacks: the queue (overdue marked), assign to a lawyer, record the outcome.

Coordinators see the whole queue; a lawyer sees only the requests assigned to them,
with the full phone number (they must ring it); everyone else sees it masked.
"""
from __future__ import annotations

from flask import abort, current_app, flash, redirect, render_template, url_for
from flask_login import current_user
from sqlalchemy import select

from hotline.admin.auth import roles
from hotline.admin.domains import available, get_or_404, module
from hotline.admin.forms import AssignForm, OutcomeForm, options
from hotline.admin.i18n import day_and_time
from hotline.admin.i18n import translate as _
from hotline.admin.labels import label, message
from hotline.admin.routes import bp
from hotline.core.clock import now_utc, to_local
from hotline.extensions import db
from hotline.messaging import outbox
from hotline.staff.models import Staff

WHO = ("coordinator", "lawyer")


def queue_items() -> list:
    """QueueItem(request, overdue, urgent), the lawyer's own only for a lawyer."""
    lawyer_id = current_user.id if current_user.role == "lawyer" else None
    return module("hotline.callbacks.queue").open_queue(now_utc(), lawyer_id=lawyer_id)


def lawyers() -> list[Staff]:
    return list(db.session.scalars(select(Staff).where(Staff.role == "lawyer", Staff.active.is_(True))
                                   .order_by(Staff.oblast, Staff.name)))


def shows_phone(request) -> bool:
    return current_user.role == "lawyer" and request.lawyer_id == current_user.id


@bp.get("/callbacks")
@roles(*WHO)
def callbacks():
    if not available("callbacks"):
        return render_template("admin/callbacks.html", ok=False)
    assign_form = AssignForm()
    assign_form.lawyer_id.choices = options((m.id, f"{m.name} ({label(m.oblast, 'oblast')})") for m in lawyers())
    outcome_form = OutcomeForm()
    outcome_form.outcome.choices = options((c.value, _(c.label)) for c in outcome_form.outcome.choices)
    names = dict(db.session.execute(select(Staff.id, Staff.name)).all())
    return render_template("admin/callbacks.html", ok=True, items=queue_items(), names=names,
                           assign_form=assign_form, outcome_form=outcome_form, shows_phone=shows_phone)


def _request_or_404(request_id: int):
    return get_or_404("callbacks", "hotline.callbacks.service", request_id)


@bp.post("/callbacks/<int:request_id>/assign")
@roles("coordinator")
def callback_assign(request_id: int):
    request = _request_or_404(request_id)
    form = AssignForm()
    form.lawyer_id.choices = options((m.id, m.name) for m in lawyers())
    if not form.validate_on_submit():
        abort(400)
    try:
        module("hotline.callbacks.queue").assign(request, db.session.get(Staff, form.lawyer_id.data), now_utc())
    except ValueError as error:
        flash(message(str(error)))
        return redirect(url_for("admin.callbacks"))
    outbox.commit()
    flash(f"{request.reference}: " + _("Saved."))
    return redirect(url_for("admin.callbacks"))


@bp.post("/callbacks/<int:request_id>/outcome")
@roles(*WHO)
def callback_outcome(request_id: int):
    request = _request_or_404(request_id)
    if current_user.role == "lawyer" and request.lawyer_id != current_user.id:
        abort(403)  # a lawyer records outcomes of their own callbacks only
    form = OutcomeForm()
    if not form.validate_on_submit() or not request.is_open:
        abort(400)
    queue, service, now = module("hotline.callbacks.queue"), module("hotline.callbacks.service"), now_utc()
    if form.outcome.data == "done":
        lawyer = current_user if current_user.role == "lawyer" else db.session.get(Staff, request.lawyer_id or 0)
        if lawyer is None:
            service.close(request, "done", now)
        else:
            queue.mark_done(request, lawyer, now)
    elif form.outcome.data == "noanswer":
        if queue.mark_no_answer(request, now, current_app.config["SETTINGS"].tz) == "too_early":
            flash(f"{request.reference}: " + _("Too early: the next try is from {when}.",
                                                 when=day_and_time(to_local(request.next_attempt_at))))
            return redirect(url_for("admin.callbacks"))
    else:
        service.close(request, "unreachable", now)
    outbox.commit()
    flash(f"{request.reference}: " + _("Saved."))
    return redirect(url_for("admin.callbacks"))
