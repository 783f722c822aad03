"""Filing, updating and withdrawing callback requests; finding the village.

Plain functions: they write to the session and never commit (the webhook's
receipt layer or the task commits once). Time comes in as `now`.
"""
from __future__ import annotations

import logging
import re
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.dialects import postgresql, sqlite

from hotline.callbacks.models import CallbackRequest
from hotline.core import batch
from hotline.core.logs import log_event
from hotline.core.optional import import_optional
from hotline.extensions import db

log = logging.getLogger(__name__)

# "K-123", "k123", "К-123" (Cyrillic К), or the bare number.
_REFERENCE = re.compile(r"^\s*[KkКк]?\s*-?\s*(\d{1,9})\s*$")


def parse_reference(text: str) -> int | None:
    match = _REFERENCE.match(text or "")
    return int(match.group(1)) if match else None


def is_reference(text: str) -> bool:
    """A K-prefixed reference (what tells a callback's DONE from an alert's)."""
    return bool(text) and text.strip()[:1] in "KkКк" and parse_reference(text) is not None


def find_open(phone: str) -> CallbackRequest | None:
    return db.session.scalar(select(CallbackRequest).where(CallbackRequest.open_key == phone))


def get(request_id: int) -> CallbackRequest | None:
    return db.session.get(CallbackRequest, request_id)


def file_request(phone: str, *, channel: str, language: str, now: datetime,
                 **fields) -> CallbackRequest:
    """Open a request for `phone`, or update its open one: never two open per phone."""
    request = find_open(phone)
    if request is None:
        # After an urgent alert from this phone the request goes first and the
        # resident never gets an SMS about it (DOMAIN.md, safety).
        request = CallbackRequest(phone=phone, open_key=phone, channel=channel, language=language,
                                  status="new", alert_id=latest_alert_id(phone),
                                  created_at=now, updated_at=now)
        # The fields before the INSERT, and INSERT .. ON CONFLICT DO NOTHING RETURNING: one
        # statement where a SAVEPOINT, an INSERT, its RELEASE and an UPDATE were four (issue 20).
        update(request, now=now, language=language, **fields)
        filed = _insert_unless_open(request)
        if filed is not None:
            log_event(log, "callback.filed", request_id=filed.id, channel=channel)
            return filed
        request = find_open(phone)  # a twin webhook opened one meanwhile
    update(request, now=now, language=language, **fields)
    return request


def _insert_unless_open(request: CallbackRequest) -> CallbackRequest | None:
    """The new request's row, or None when the phone has an open one already."""
    values = batch.fields_of(request)  # the columns given; the rest take their defaults
    make = postgresql.insert if db.session.get_bind().dialect.name == "postgresql" else sqlite.insert
    statement = (make(CallbackRequest).values(**values)
                 .on_conflict_do_nothing(index_elements=[CallbackRequest.open_key])
                 .returning(CallbackRequest))
    return db.session.scalars(statement).first()


def update(request: CallbackRequest, *, now: datetime, **fields) -> CallbackRequest:
    """Set the given fields (None leaves a field as it is); a place brings its oblast."""
    for name, value in fields.items():
        if value is not None:
            setattr(request, name, value)
    if fields.get("place_id"):
        facts = place_facts(fields["place_id"])
        if facts:
            request.oblast, request.district = facts["oblast"], facts["district"]
            request.place_text = None
    request.updated_at = now
    return request


def close(request: CallbackRequest, status: str, now: datetime) -> None:
    request.status = status
    request.open_key = None
    request.closed_at = now
    request.next_attempt_at = None
    request.updated_at = now
    log_event(log, "callback.closed", request_id=request.id, status=status)


def withdraw(phone: str, reference_text: str, now: datetime) -> CallbackRequest | None:
    """The phone's open request, withdrawn; None when it has none (or names another)."""
    request = find_open(phone)
    wanted = parse_reference(reference_text) if reference_text.strip() else None
    if request is None or (wanted is not None and wanted != request.id):
        return None
    close(request, "withdrawn", now)
    return request


def link_alert(phone: str, alert_id: int) -> CallbackRequest | None:
    """For the alerts domain: the phone's open request, if any, now follows an urgent alert."""
    request = find_open(phone)
    if request is not None and request.alert_id is None:
        request.alert_id = alert_id
        log_event(log, "callback.linked_to_alert", request_id=request.id, alert_id=alert_id)
    return request


def latest_alert_id(phone: str) -> int | None:
    """The newest alert still on record for this phone (purged alerts have lost it)."""
    models = import_optional("hotline.alerts.models")
    alert_model = getattr(models, "Alert", None) if models else None
    if alert_model is None or not phone:
        return None
    return db.session.scalar(select(alert_model.id).where(alert_model.phone == phone)
                             .order_by(alert_model.id.desc()).limit(1))


# --- places (owned by hotline.schedule; everything here copes with its absence) ---

def _place_model():
    models = import_optional("hotline.schedule.models")
    return getattr(models, "Place", None) if models else None


def place_by_code(code: str):
    place_model = _place_model()
    if place_model is None or not code.strip().isdigit():
        return None
    return db.session.scalar(select(place_model).where(place_model.code == code.strip()))


def place_by_name(text: str):
    """The one place `text` names, or None (no match, or several alike)."""
    # The schedule's per-process index, not one built per answer: with thousands of places
    # building it costs a second.
    cache = import_optional("hotline.schedule.cache")
    if cache is None or not text.strip():
        return None
    places = cache.places()
    resolution = places.index.resolve(text)
    sentence = import_optional("hotline.schedule.sentence")
    if resolution.kind == "none" and sentence is not None:  # "из Гульчи", "Гүлчөдөн"
        resolution = sentence.find_place(places.index, text, intent=True)
    if resolution.kind != "one":
        return None
    return places.by_id.get(resolution.place_ids[0])  # a snapshot: read its id, never change it


def place_facts(place_id: int | None) -> dict | None:
    place_model = _place_model()
    if place_model is None or not place_id:
        return None
    place = db.session.get(place_model, place_id)
    if place is None:
        return None
    return {"name_ky": place.name_ky, "name_ru": place.name_ru, "name_latin": place.name_latin,
            "oblast": place.oblast, "district": place.district}


def place_label(request: CallbackRequest, language: str) -> str:
    facts = place_facts(request.place_id)
    if facts is None:
        return request.place_text or "?"
    name = {"ky": facts["name_ky"], "uz": facts["name_latin"]}.get(language, facts["name_ru"])
    return f"{name} ({facts['district']})" if facts["district"] else name


def purge_closed(before: datetime) -> int:
    """Closed before `before`: the phone and the recording go; topic, district and times
    stay for the figures."""
    from sqlalchemy import update as sql_update

    return db.session.execute(
        sql_update(CallbackRequest)
        .where(CallbackRequest.closed_at < before, CallbackRequest.phone != "")
        .values(phone="", recording_url=None, place_text=None)
    ).rowcount
