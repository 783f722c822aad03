"""Schedule: visits by date or district; create, correct, delay, move, cancel; CSV import and export.

A delay, move or cancellation goes through hotline.schedule.service.change_visit;
a worker is asked to send the subscribers' notice at once (the schedule's beat job
sends it anyway). Before that the coordinator sees how many people it reaches and
what it costs. An imported file's changed visits are told the same way.
"""
from __future__ import annotations

import tempfile
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from flask import Response, abort, flash, redirect, render_template, request, url_for
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from hotline.admin import exports
from hotline.admin.auth import roles
from hotline.admin.domains import available, module
from hotline.admin.forms import ChangeForm, UploadForm, VisitForm, options
from hotline.admin.i18n import moment
from hotline.admin.i18n import translate as _
from hotline.admin.labels import label, message
from hotline.admin.routes import bp
from hotline.core.clock import fmt_date, local_to_utc, now_local, to_local
from hotline.extensions import db
from hotline.messaging.segments import count_segments
from hotline.residents.models import Resident
from ivr_flows import texts

SOM_PER_SEGMENT = 1.0  # estimated price of one SMS segment (DOMAIN.md: 0.5-1.5 som)
MAX_CSV_BYTES = 1024 * 1024


def _models():
    return module("hotline.schedule.models")


def visits_between(first: date, last: date) -> list:
    """Visits whose local start date is within [first, last]."""
    models = _models()
    start = local_to_utc(datetime.combine(first, datetime.min.time()))
    end = local_to_utc(datetime.combine(last + timedelta(days=1), datetime.min.time()))
    return list(db.session.scalars(select(models.Visit).where(models.Visit.starts_at >= start,
                                                              models.Visit.starts_at < end)
                                   .order_by(models.Visit.starts_at)))


def visit_actuals(visits: list, today: date) -> dict:
    """Planned vs actual of the visits shown, today and earlier, that have crew commands; {} without live."""
    if not available("live"):
        return {}
    live_models, live = module("hotline.live.models"), module("hotline.live.service")
    ids = [v.id for v in visits if to_local(v.starts_at).date() <= today]
    if not ids:
        return {}
    with_events = db.session.scalars(select(live_models.CrewEvent.visit_id).where(
        live_models.CrewEvent.visit_id.in_(ids)).distinct())
    found = {visit_id: live.visit_actuals(visit_id) for visit_id in with_events}
    return {visit_id: actuals for visit_id, actuals in found.items()
            if actuals and (actuals["arrived_at"] or actuals["left_at"] or actuals["expected_start"])}


def place_label(place) -> str:
    return f"{place.name_ru or place.name_latin} ({place.code})"


@bp.get("/schedule")
@roles("coordinator")
def schedule():
    if not available("schedule"):
        return render_template("admin/schedule.html", ok=False)
    view = request.args.get("view", "date")
    district = request.args.get("district", "")
    today = now_local().date()
    visits = visits_between(today - timedelta(days=1), today + timedelta(days=90))
    districts = sorted({v.place.district for v in visits})
    if district:
        visits = [v for v in visits if v.place.district == district]
    groups: dict[str, list] = defaultdict(list)
    for visit in visits:
        key = moment(to_local(visit.starts_at).date(), "yMMMMEEEEd") if view == "date" else \
            f"{label(visit.place.oblast, 'oblast')} / {visit.place.district}"
        groups[key].append(visit)
    if view != "date":
        groups = dict(sorted(groups.items()))
    return render_template("admin/schedule.html", ok=True, groups=groups, view=view, district=district,
                           districts=districts, upload=UploadForm(), place_label=place_label,
                           actuals=visit_actuals(visits, today))


def _place_choices() -> list[tuple[int, str]]:
    models = _models()
    places = db.session.scalars(select(models.Place).order_by(models.Place.oblast, models.Place.district,
                                                               models.Place.name_ru))
    return [(p.id, f"{p.name_ru or p.name_latin} ({p.code}, {p.district})") for p in places]


def _visit_or_404(visit_id: int):
    if not available("schedule"):
        abort(404)
    visit = db.session.get(_models().Visit, visit_id)
    if visit is None:
        abort(404)
    return visit


@bp.route("/schedule/new", methods=["GET", "POST"])
@bp.route("/schedule/<int:visit_id>/edit", methods=["GET", "POST"])
@roles("coordinator")
def visit_edit(visit_id: int | None = None):
    if not available("schedule"):
        abort(404)
    visit = _visit_or_404(visit_id) if visit_id else None
    form = VisitForm()
    form.place_id.choices = options(_place_choices())
    if request.method == "GET" and visit is not None:
        local_start, local_end = to_local(visit.starts_at), to_local(visit.ends_at)
        form.place_id.data, form.date.data = visit.place_id, local_start.date()
        form.start.data, form.end.data = local_start.time(), local_end.time()
        form.meeting_point.data = visit.meeting_point
    error = None
    if form.validate_on_submit():
        starts_at = local_to_utc(datetime.combine(form.date.data, form.start.data))
        ends_at = local_to_utc(datetime.combine(form.date.data, form.end.data))
        if ends_at <= starts_at:
            error = _("The end must be after the start.")
        else:
            is_new = visit is None
            if is_new:
                visit = _models().Visit(status="planned", revision=0, notified_revision=0)
                db.session.add(visit)
            visit.place_id, visit.starts_at, visit.ends_at = form.place_id.data, starts_at, ends_at
            visit.meeting_point = form.meeting_point.data.strip()
            try:
                db.session.commit()
            except IntegrityError:  # uq_visits_place_start: that stop is already planned
                db.session.rollback()
                visit = None if is_new else visit
                error = _("This place already has a visit starting at that time.")
            else:
                flash(_("Saved."))
                return redirect(url_for("admin.schedule"))
    return render_template("admin/visit_edit.html", form=form, visit=visit, error=error)


@dataclass
class Preview:
    people: int
    segments: int
    cost: float
    samples: dict  # lang -> text


class _Proposed:
    """The visit as it would be after the change: what the notice is rendered from."""

    def __init__(self, visit, starts_at, ends_at, meeting_point):
        self.place, self.starts_at, self.ends_at = visit.place, starts_at, ends_at
        self.meeting_point = meeting_point


def _proposal(visit, form: ChangeForm):
    kind = form.kind.data
    point = (form.meeting_point.data or "").strip() or visit.meeting_point
    if kind == "delayed":
        if not form.minutes.data:
            raise ValueError(_("A delay needs a positive number of minutes."))
        shift = timedelta(minutes=form.minutes.data)
        return _Proposed(visit, visit.starts_at + shift, visit.ends_at + shift, point)
    if kind == "moved":
        if not (form.date.data and form.start.data and form.end.data):
            raise ValueError(_("A move needs a new date, start and end."))
        starts_at = local_to_utc(datetime.combine(form.date.data, form.start.data))
        ends_at = local_to_utc(datetime.combine(form.date.data, form.end.data))
        if ends_at <= starts_at:
            raise ValueError(_("A move needs its new start before its new end."))
        return _Proposed(visit, starts_at, ends_at, point)
    return _Proposed(visit, visit.starts_at, visit.ends_at, point)


def notice_preview(visit, kind: str, proposed) -> Preview:
    """Who the change notice reaches (opted-out residents get nothing) and its cost in segments."""
    service = module("hotline.schedule.service")
    ids = service.change_recipients(visit)
    languages = list(db.session.scalars(select(Resident.language).where(
        Resident.id.in_(ids), Resident.opted_out.is_(False)))) if ids else []
    samples, segments = {}, 0
    for lang in texts.CATALOG_LANGS:  # exactly what will be sent: shortened to the budget as the notices are
        samples[lang] = service.visit_sms(f"bus.{kind}", proposed, lang, old_date=fmt_date(visit.starts_at))
    for lang in languages:
        segments += count_segments(samples.get(lang, samples["ky"]))
    return Preview(len(languages), segments, round(segments * SOM_PER_SEGMENT, 2), samples)


@bp.route("/schedule/<int:visit_id>/change", methods=["GET", "POST"])
@roles("coordinator")
def visit_change(visit_id: int):
    visit = _visit_or_404(visit_id)
    form = ChangeForm()
    form.kind.choices = options((c.value, _(c.label)) for c in form.kind.choices)
    if request.method == "GET" and request.args.get("kind") in ("delayed", "moved", "cancelled"):
        form.kind.data = request.args["kind"]
    preview = error = None
    if form.validate_on_submit():
        try:
            proposed = _proposal(visit, form)
            if form.confirm.data != "yes":
                preview = notice_preview(visit, form.kind.data, proposed)
                form.confirm.data = "yes"
            else:
                module("hotline.schedule.service").change_visit(
                    visit.id, form.kind.data, delay_minutes=form.minutes.data,
                    starts_at=proposed.starts_at, ends_at=proposed.ends_at,
                    meeting_point=(form.meeting_point.data or "").strip() or None)
                db.session.commit()
                module("hotline.schedule.reminders").run_soon()
                flash(_("Saved."))
                return redirect(url_for("admin.schedule"))
        except (ValueError, LookupError) as problem:
            db.session.rollback()
            error = str(problem)
        except IntegrityError:  # moved onto a start the place already has
            db.session.rollback()
            error = _("This place already has a visit starting at that time.")
    return render_template("admin/visit_change.html", visit=visit, form=form, preview=preview,
                           error=error, place_label=place_label)


@bp.post("/schedule/import")
@roles("coordinator")
def schedule_import():
    if not available("schedule"):
        abort(404)
    form = UploadForm()
    if not form.validate_on_submit():
        flash(_("Choose a CSV file."))
        return redirect(url_for("admin.schedule"))
    data = form.file.data.read(MAX_CSV_BYTES + 1)
    errors, summary = [], None
    if len(data) > MAX_CSV_BYTES:
        errors = [_("The file is larger than 1 MB.")]
    else:
        importer = module("hotline.schedule.importer")
        with tempfile.NamedTemporaryFile(suffix=".csv") as handle:
            handle.write(data)
            handle.flush()
            try:
                summary = importer.import_schedule(importer.read_rows(
                    handle.name, importer.VISIT_COLUMNS, shown_as=form.file.data.filename or "the file"))
                db.session.commit()
                module("hotline.schedule.reminders").run_soon()  # as `hotline schedule import` does
            except importer.ImportFailed as failed:
                db.session.rollback()
                errors = [message(error) for error in failed.errors]
    if errors:
        return render_template("admin/import_result.html", errors=errors), 400
    flash(message(summary))
    return redirect(url_for("admin.schedule"))


@bp.get("/schedule/export.csv")
@roles("coordinator")
def schedule_export():
    if not available("schedule"):
        abort(404)
    today = now_local().date()
    rows = []
    for visit in visits_between(today - timedelta(days=30), today + timedelta(days=365)):
        if visit.status == "cancelled":
            continue
        start, end = to_local(visit.starts_at), to_local(visit.ends_at)
        rows.append([visit.place.code, start.strftime("%Y-%m-%d"), start.strftime("%H:%M"),
                     end.strftime("%H:%M"), visit.meeting_point])
    body = exports.to_csv(["place_code", "date", "start", "end", "meeting_point"], rows)
    return Response(body, mimetype="text/csv",
                    headers={"Content-Disposition": "attachment; filename=schedule.csv"})
