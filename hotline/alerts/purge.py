"""What is left after purge (issue 14): nothing that ties a phone to an urgent signal.

For each closed alert past the cut-off: the person's messages (inbound rows go; outbound
rows stay for the cost figures but lose phone, body and Twilio sid), any body or stored
webhook answer holding the number (the taker's reply), the taker's command texts about it,
the dialogue sessions, the webhook receipts, a closed callback linked to it, and the
resident row unless the same person still has a live callback request, a subscription or
another alert on record. Counts, times to acknowledge, tiers, place and month stay.
"""
from __future__ import annotations

import re
from datetime import datetime

from sqlalchemy import delete, or_, select, update

from hotline.core.clock import now_utc
from hotline.core.optional import import_optional
from hotline.extensions import db
from hotline.messaging.models import FINAL_STATUSES, InboundMessage, OutboundMessage
from hotline.residents.models import Resident
from hotline.webhooks.receipts import WebhookReceipt
from hotline.alerts import guard
from hotline.alerts.models import Alert
from ivr_flows.sessions import DialogSession

STAFF_COMMANDS = ("staff:ack", "staff:pass", "staff:done")


def purge_closed(before: datetime) -> int:
    """Forget every closed alert closed before `before`; returns how many."""
    due = list(db.session.scalars(select(Alert).where(
        Alert.status == "closed", Alert.closed_at < before, Alert.phone != "").order_by(Alert.closed_at)))
    for alert in due:
        forget(alert)
    guard.forget_old(now_utc())
    return len(due)


def digits_of(phone: str) -> str:
    """The national significant number (9 digits in Kyrgyzstan): matches +996..., 0... and spaced-less
    forms alike inside free text."""
    digits = re.sub(r"\D", "", phone)
    return digits[-9:] if len(digits) >= 9 else digits


def forget(alert: Alert) -> None:
    phone, needle = alert.phone, digits_of(alert.phone)
    keep_person = _person_still_needed(alert)
    sids = _forget_inbound(alert, phone, needle, keep_person)
    _forget_outbound(alert, phone, needle, keep_person)
    call_sids = _forget_sessions(alert, phone)
    _forget_receipts(needle, sids, call_sids)
    _forget_linked_callback(alert.id)
    if not keep_person:
        _forget_resident(phone)
    alert.phone, alert.resident_id, alert.outcome, alert.recording_url = "", None, None, None
    for event in alert.events:
        if event.kind == "closed":
            event.detail = ""  # the outcome's words


def _person_still_needed(alert: Alert) -> bool:
    """A live callback request, a subscription, or another alert still on record."""
    other = db.session.scalar(select(Alert.id).where(Alert.phone == alert.phone, Alert.id != alert.id,
                                                     or_(Alert.status != "closed",
                                                         Alert.closed_at >= alert.closed_at)).limit(1))
    if other is not None:
        return True
    callbacks = import_optional("hotline.callbacks.models")
    if callbacks is not None and db.session.scalar(select(callbacks.CallbackRequest.id).where(
            callbacks.CallbackRequest.phone == alert.phone,
            callbacks.CallbackRequest.status.in_(callbacks.OPEN_STATUSES)).limit(1)) is not None:
        return True
    schedule = import_optional("hotline.schedule.models")
    resident_id = db.session.scalar(select(Resident.id).where(Resident.phone == alert.phone))
    return (schedule is not None and resident_id is not None and db.session.scalar(
        select(schedule.Subscription.id).where(schedule.Subscription.resident_id == resident_id).limit(1))
        is not None)


def _in_window(column, alert: Alert):
    return (column >= alert.created_at) & (column <= alert.closed_at)


def _forget_inbound(alert: Alert, phone: str, needle: str, keep_person: bool) -> list[str]:
    """The person's texts go (all of them, or those of the signal when the person stays), and so
    do staff commands about this alert; a body naming the number elsewhere is emptied."""
    mine = InboundMessage.from_phone == phone
    if keep_person:
        mine = mine & ((InboundMessage.handled_as == "urgent") & (InboundMessage.created_at <= alert.closed_at)
                       | _in_window(InboundMessage.created_at, alert))
    commands = InboundMessage.handled_as.in_(STAFF_COMMANDS) & (InboundMessage.created_at >= alert.created_at)
    rows = list(db.session.scalars(select(InboundMessage).where(mine | commands)))
    gone = [row for row in rows if row.from_phone == phone or _about(row.body, alert.id)]
    for row in gone:
        db.session.delete(row)
    db.session.execute(update(InboundMessage).where(InboundMessage.body.contains(needle)).values(body=""))
    return [row.sid for row in gone]


def _about(body: str, alert_id: int) -> bool:
    """`ACK 17`, `DONE A17 outcome`: a staff command about this alert."""
    words = body.split()
    return len(words) > 1 and words[1].upper().lstrip("AА") == str(alert_id)


def _forget_outbound(alert: Alert, phone: str, needle: str, keep_person: bool) -> None:
    """Rows to the person keep their place in the cost figures, without phone, text or sid; one
    not yet sent is dropped. Any body holding the number (the taker's text) is emptied."""
    to_person = OutboundMessage.to_phone == phone
    if keep_person:
        to_person = to_person & _in_window(OutboundMessage.created_at, alert)
    db.session.execute(delete(OutboundMessage).where(
        to_person, OutboundMessage.status.not_in(FINAL_STATUSES + ("sent",))))
    db.session.execute(update(OutboundMessage).where(to_person).values(
        to_phone="", body="", provider_sid=None, call_url=None))
    db.session.execute(update(OutboundMessage).where(OutboundMessage.body.contains(needle)).values(body=""))


def _forget_sessions(alert: Alert, phone: str) -> list[str]:
    """The SMS session keyed by the phone, and the calls that raised this alert (their CallSids)."""
    db.session.execute(delete(DialogSession).where(DialogSession.key == f"sms:{phone}"))
    calls = [s for s in db.session.scalars(select(DialogSession).where(DialogSession.key.like("call:%")))
             if (s.state or {}).get("alert_id") == alert.id]
    for session in calls:
        db.session.delete(session)
    return [s.key.removeprefix("call:") for s in calls]


def _forget_receipts(needle: str, sms_sids: list[str], call_sids: list[str]) -> None:
    """Stored webhook answers: the retries of the deleted texts and calls, and any holding the number."""
    keys = [f"sms:{sid}" for sid in sms_sids]
    condition = WebhookReceipt.response.contains(needle)
    if keys:
        condition = condition | WebhookReceipt.key.in_(keys)
    for call_sid in call_sids:
        condition = condition | WebhookReceipt.key.startswith(f"call:{call_sid}:", autoescape=True)
    db.session.execute(delete(WebhookReceipt).where(condition))


def _forget_linked_callback(alert_id: int) -> None:
    """A closed callback the alert took over goes the way the callbacks' own purge takes it."""
    callbacks = import_optional("hotline.callbacks.models")
    if callbacks is None:
        return
    model = callbacks.CallbackRequest
    db.session.execute(update(model).where(model.alert_id == alert_id, model.status.not_in(callbacks.OPEN_STATUSES))
                       .values(phone="", open_key=None, recording_url=None, place_text=None))


def _forget_resident(phone: str) -> None:
    resident = db.session.scalar(select(Resident).where(Resident.phone == phone))
    if resident is None:
        return
    schedule = import_optional("hotline.schedule.models")
    if schedule is not None:  # who asked about which place: nothing left to tie it to
        db.session.execute(delete(schedule.BusQuery).where(schedule.BusQuery.resident_id == resident.id))
    db.session.delete(resident)
