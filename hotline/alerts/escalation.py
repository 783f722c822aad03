"""Escalation steps, the Grafana OnCall way (STYLE.md).

A beat job finds alerts whose `next_escalation_at` is due, loads each under a
row lock (SKIP LOCKED on PostgreSQL; SQLite serialises writers anyway), checks
that the step it saw is still the current one (a duplicate run does nothing),
notifies a round, sets the next deadline and commits; the outbox publishes
the SMS after the commit. No cap: an open alert is re-notified every
`alert_ack_seconds` until someone takes it.
"""
from __future__ import annotations

from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import select

from hotline.core.clock import fmt_time
from hotline.core.phones import mask
from hotline.extensions import db
from hotline.messaging import outbox
from hotline.alerts import roster
from hotline.alerts.models import Alert
from ivr_flows import texts

DUE_BATCH = 50


def ack_delay() -> timedelta:
    return timedelta(seconds=current_app.config["SETTINGS"].alert_ack_seconds)


def staff_text(member, key: str, **params) -> str:
    """An SMS to a staff member in their own language (ivr_flows/texts/alerts_staff.py)."""
    return texts.render(key, getattr(member, "language", None) or "ru", "sms", **params)


def place_label(place: roster.PlaceInfo | None, lang: str | None = "ru") -> str:
    return place.name if place else texts.render("alerts.staff_place_unknown", lang or "ru")


def urgent_text(alert: Alert, place: roster.PlaceInfo | None, member, reminder: bool = False) -> str:
    """СРОЧНО A17 14:05 Gulcha +996***22. Ответ: ACK 17 (masked phone: a shared staff phone is seen)."""
    return staff_text(member, "alerts.staff_reminder" if reminder else "alerts.staff_urgent",
                      code=alert.code, id=alert.id, time=fmt_time(alert.created_at),
                      place=place_label(place, member.language), masked=mask(alert.phone))


def notify_round(alert: Alert, now: datetime) -> int:
    """Notify the next tier and remind the earlier ones; returns how many SMS were queued."""
    place = roster.place_info(alert.place_id)
    by_tier = roster.tiers(place, now)
    round_no = alert.step
    target = roster.next_tier(alert.tier if round_no else 0, by_tier)
    alert.step = round_no + 1
    alert.next_escalation_at = now + ack_delay()
    if target is None:
        alert.log("nobody", detail=f"round {round_no}: no staff to notify")
        return 0
    if round_no and target > alert.tier:
        alert.log("escalated", detail=f"tier {alert.tier} -> {target}")
    alert.tier = max(alert.tier, target)
    return _send_round(alert, place, by_tier, target, round_no)


def _send_round(alert: Alert, place, by_tier: dict, target: int, round_no: int) -> int:
    passed = {e.staff_id for e in alert.events if e.kind == "passed"}
    recipients = [(n, m) for n in sorted(by_tier) if n <= target for m in by_tier[n]]
    recipients = [(n, m) for n, m in recipients if m.id not in passed] or recipients
    earlier = set(alert.staff_notified())
    sent = 0
    for tier, member in recipients:
        reminder = member.id in earlier
        message = outbox.queue_sms(member.phone, urgent_text(alert, place, member, reminder), queue="urgent",
                                   purpose="alert", ref_id=alert.id,
                                   dedupe_key=f"alert:{alert.id}:{round_no}:{member.id}")
        if message is not None:
            alert.log("notified", member.id, f"sms tier {tier} round {round_no}"
                      + (" reminder" if reminder else ""))
            sent += 1
    return sent


def escalate_alert(alert_id: int, expected_step: int, now: datetime) -> bool:
    """One step, once: False when the alert moved on (taken, closed, or a twin ran it)."""
    alert = db.session.scalar(
        select(Alert).where(Alert.id == alert_id).with_for_update(skip_locked=True)
        .execution_options(populate_existing=True)
    )
    if alert is None or alert.status != "open" or alert.step != expected_step:
        return False
    if alert.next_escalation_at is None or alert.next_escalation_at > now:
        return False
    notify_round(alert, now)
    return True


def due(now: datetime, limit: int = DUE_BATCH) -> list[tuple[int, int]]:
    rows = db.session.execute(
        select(Alert.id, Alert.step)
        .where(Alert.status == "open", Alert.next_escalation_at <= now)
        .order_by(Alert.next_escalation_at).limit(limit)
    ).all()
    return [(alert_id, step) for alert_id, step in rows]


def run_due(now: datetime) -> int:
    """The beat job's body: each due alert in its own transaction."""
    pending = due(now)
    db.session.rollback()  # end the read before taking row locks one by one
    done = 0
    for alert_id, step in pending:
        if escalate_alert(alert_id, step, now):
            outbox.commit()
            done += 1
        else:
            db.session.rollback()
    return done
