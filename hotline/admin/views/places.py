"""Places (codes, names, aliases, coordinates) and the roster: staff, shifts, who is on duty now."""
from __future__ import annotations

from datetime import datetime, timedelta

from flask import flash, redirect, render_template, request, url_for
from sqlalchemy import select

from hotline.admin.auth import roles
from hotline.admin.domains import available, module
from hotline.admin.forms import ShiftForm
from hotline.admin.i18n import translate as _
from hotline.admin.routes import bp
from hotline.core.clock import local_to_utc, now_local, now_utc
from hotline.extensions import db
from hotline.staff import service as staff_service
from hotline.staff.models import ROLES, Shift, Staff


@bp.get("/places")
@roles("coordinator")
def places():
    if not available("schedule"):
        return render_template("admin/places.html", ok=False)
    models = module("hotline.schedule.models")
    query = select(models.Place).order_by(models.Place.oblast, models.Place.district, models.Place.code)
    needle = request.args.get("q", "").strip().lower()
    rows = list(db.session.scalars(query))
    if needle:
        rows = [p for p in rows if needle in " ".join(
            (p.code, p.name_ky, p.name_ru, p.name_latin, p.aliases, p.district)).lower()]
    return render_template("admin/places.html", ok=True, places=rows, q=needle)


def on_duty_now() -> dict[str, list[Staff]]:
    now = now_utc()
    return {role: staff_service.on_duty(now, role, backup=None) for role in ROLES}


def _shift_form() -> ShiftForm:
    form = ShiftForm()
    members = db.session.scalars(select(Staff).where(Staff.active.is_(True)).order_by(Staff.role, Staff.name))
    form.staff_id.choices = [(m.id, f"{m.name} · {_(m.role)}") for m in members]
    return form


@bp.route("/staff", methods=["GET", "POST"])
@roles("coordinator")
def staff():
    form = _shift_form()
    if request.method == "GET":
        today = now_local().date()
        form.date.data = form.end_date.data = today
    error = None
    if form.validate_on_submit():
        member = db.session.get(Staff, form.staff_id.data)
        try:
            staff_service.add_shift(member.phone, local_to_utc(datetime.combine(form.date.data, form.start.data)),
                                    local_to_utc(datetime.combine(form.end_date.data, form.end.data)),
                                    form.backup.data)
            db.session.commit()
            flash(_("Saved."))
            return redirect(url_for("admin.staff"))
        except ValueError as problem:
            db.session.rollback()
            error = str(problem)
    members = list(db.session.scalars(select(Staff).order_by(Staff.role, Staff.oblast, Staff.name)))
    now = now_utc()
    shifts = list(db.session.scalars(select(Shift).where(Shift.ends_at > now - timedelta(days=1))
                                     .order_by(Shift.starts_at).limit(200)))
    return render_template("admin/staff.html", form=form, error=error, members=members, shifts=shifts,
                           duty=on_duty_now())
