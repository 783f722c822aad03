"""Places (codes, names, aliases, coordinates) and the roster: staff, shifts, who is on duty now."""
from __future__ import annotations

from datetime import datetime, timedelta

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import select

from hotline.admin import sessions
from hotline.admin.auth import roles
from hotline.admin.domains import available, module
from hotline.admin.forms import ActionForm, PlaceEditForm, ShiftForm, StaffAddForm, options
from hotline.admin.i18n import translate as _
from hotline.admin.labels import form_errors, label, message
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
    form.staff_id.choices = options((m.id, f"{m.name} · {label(m.role, 'role')}") for m in members)
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
            error = message(str(problem))
    return _staff_page(form=form, error=error)


def _staff_page(form: ShiftForm | None = None, error: str | None = None, add_form: StaffAddForm | None = None,
                add_error: str | None = None, status: int = 200):
    if form is None:
        form = _shift_form()
        form.date.data = form.end_date.data = now_local().date()
    members = list(db.session.scalars(select(Staff).order_by(Staff.role, Staff.oblast, Staff.name)))
    now = now_utc()
    shifts = list(db.session.scalars(select(Shift).where(Shift.ends_at > now - timedelta(days=1))
                                     .order_by(Shift.starts_at).limit(200)))
    add_form = add_form or StaffAddForm(formdata=None)
    add_form.oblast.choices = options([("", "-")] + [(code, label(code, "oblast")) for code in ("osh", "naryn")])
    return render_template("admin/staff.html", form=form, error=error, members=members, shifts=shifts,
                           duty=on_duty_now(), add_form=add_form,
                           add_error=add_error, action_form=ActionForm()), status


@bp.post("/staff/add")
@roles("coordinator")
def staff_add():
    """Add a staff member through the service; its StaffError/InvalidPhone is shown, nothing written."""
    add_form = StaffAddForm()
    if not add_form.validate_on_submit():
        problems = "; ".join(form_errors(add_form))
        return _staff_page(add_form=add_form, add_error=problems or _("Check the form."), status=400)
    try:
        member = staff_service.add_staff(add_form.name.data, add_form.phone.data, add_form.role.data,
                                         oblast=add_form.oblast.data or None,
                                         district=(add_form.district.data or "").strip() or None,
                                         password=add_form.password.data or None)
        member.on_bus_crew = bool(add_form.on_bus_crew.data)
        member.voice_recorder = bool(add_form.voice_recorder.data)
        db.session.commit()
    except ValueError as problem:  # StaffError, InvalidPhone
        db.session.rollback()
        return _staff_page(add_form=add_form, add_error=message(str(problem)), status=400)
    flash(_("Saved."))
    return redirect(url_for("admin.staff"))


def _member_acted_on(staff_id: int) -> Staff:
    """The member a roster button acts on: a posted form with its CSRF token, a member that exists."""
    if not ActionForm().validate_on_submit():
        abort(400)
    member = db.session.get(Staff, staff_id)
    if member is None:
        abort(404)
    return member


@bp.post("/staff/<int:staff_id>/active")
@roles("coordinator")
def staff_active(staff_id: int):
    """Deactivate (active=0) or reactivate (active=1) a member; nobody can switch themself off."""
    member = _member_acted_on(staff_id)
    active = request.form.get("active") == "1"
    if not active and member.id == current_user.id:
        flash(_("You cannot deactivate yourself."))
        return redirect(url_for("admin.staff"))
    member.active = active
    if not active:
        sessions.end_all(member.id)
    db.session.commit()
    flash(_("Saved."))
    return redirect(url_for("admin.staff"))


@bp.post("/staff/<int:staff_id>/recorder")
@roles("coordinator")
def staff_recorder(staff_id: int):
    """Mark (recorder=1) or unmark (recorder=0) a member as voice recorder: a marked member's
    call from their phone reaches the recording menu (hotline/prompts/phone.py)."""
    member = _member_acted_on(staff_id)
    member.voice_recorder = request.form.get("recorder") == "1"
    db.session.commit()
    flash(_("Saved."))
    return redirect(url_for("admin.staff"))


# Kyrgyzstan with a margin: catches swapped or mistyped coordinates, not just impossible ones.
LAT_RANGE = (39.0, 43.6)
LON_RANGE = (69.0, 80.5)


def _coordinate(raw: str | None, label: str, bounds: tuple[float, float]) -> tuple[float | None, str | None]:
    text = (raw or "").strip().replace(",", ".")
    if not text:
        return None, None
    try:
        value = float(text)
    except ValueError:
        return None, _("{field} is not a number", field=_(label))
    if value != value or not bounds[0] <= value <= bounds[1]:
        return None, _("{field} must be between {low} and {high}", field=_(label), low=bounds[0], high=bounds[1])
    return value, None


def clean_aliases(text: str | None) -> str:
    parts = (part.strip() for line in (text or "").splitlines() for part in line.split(";"))
    return ";".join(dict.fromkeys(part for part in parts if part))


@bp.route("/places/<int:place_id>/edit", methods=["GET", "POST"])
@roles("coordinator")
def place_edit(place_id: int):
    if not available("schedule"):
        return render_template("admin/places.html", ok=False)
    models = module("hotline.schedule.models")
    place = db.session.get(models.Place, place_id)
    if place is None:
        abort(404)
    form = PlaceEditForm()
    if request.method == "GET":
        form.aliases.data = "\n".join(a for a in place.aliases.split(";") if a.strip())
        form.lat.data = "" if place.lat is None else repr(place.lat)
        form.lon.data = "" if place.lon is None else repr(place.lon)
        return render_template("admin/place_edit.html", place=place, form=form, errors=[])
    errors = []
    if form.validate_on_submit():
        lat, lat_error = _coordinate(form.lat.data, "Latitude", LAT_RANGE)
        lon, lon_error = _coordinate(form.lon.data, "Longitude", LON_RANGE)
        errors = [e for e in (lat_error, lon_error) if e]
        if not errors and (lat is None) != (lon is None):
            errors.append(_("Give both latitude and longitude, or neither."))
        aliases = clean_aliases(form.aliases.data)
        if len(aliases) > 2000:
            errors.append(_("Too many aliases."))
        if not errors:
            place.aliases, place.lat, place.lon = aliases, lat, lon
            db.session.commit()
            flash(_("Saved."))
            return redirect(url_for("admin.places"))
    else:
        errors = form_errors(form)
    return render_template("admin/place_edit.html", place=place, form=form, errors=errors), 400
