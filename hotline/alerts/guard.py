"""Who may act on an alert by SMS, and what the others get (issue 14).

Only an active social worker or coordinator on the alert's roster (notified for it,
on duty for its place now, or holding it) may ACK, PASS or DONE it. Anyone else is
answered as an unknown command would be (the caller's flow goes on as for any text
it does not know), so a guessed number tells nothing, not even that the alert
exists; the attempt goes on the alert's timeline. A phone that keeps guessing is
slowed: past MAX_WRONG refusals in WINDOW its alert commands get no answer at all.
The count is in the database, not Redis: a webhook must work when Redis is down.
"""
from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import delete, func, select

from hotline.extensions import db
from hotline.staff.models import Staff
from hotline.alerts import roster
from hotline.alerts.models import Alert, AlertRefusal

ACTORS = ("social_worker", "coordinator")
MAX_WRONG = 3
WINDOW = timedelta(hours=1)
SILENT = ""  # a reply that sends nothing (a None reply would go on to the resident flow)


def may_use_commands(member: Staff) -> bool:
    return bool(member.active) and member.role in ACTORS


def on_roster(alert: Alert, member: Staff, now: datetime) -> bool:
    """Notified for it, holding it, or in one of its tiers at `now`."""
    if not may_use_commands(member):
        return False
    if member.id == alert.taken_by_id or member.id in alert.staff_notified():
        return True
    by_tier = roster.tiers(roster.place_info(alert.place_id), now)
    return any(person.id == member.id for people in by_tier.values() for person in people)


def refusals_since(staff_id: int, since: datetime) -> int:
    return db.session.scalar(select(func.count(AlertRefusal.id)).where(
        AlertRefusal.staff_id == staff_id, AlertRefusal.created_at > since)) or 0


def is_slowed(staff_id: int, now: datetime) -> bool:
    return refusals_since(staff_id, now - WINDOW) >= MAX_WRONG


def refuse(member: Staff, alert: Alert | None, command: str, now: datetime) -> str | None:
    """Record the attempt; None (answer as unknown text) or SILENT once the phone is slowed."""
    slowed = is_slowed(member.id, now)
    db.session.add(AlertRefusal(staff_id=member.id, alert_id=alert.id if alert else None,
                                created_at=now))
    if alert is not None:
        alert.log("refused", member.id, f"{command}: not on its roster" + ("; slowed" if slowed else ""))
    return SILENT if slowed else None


def slowed_staff(now: datetime) -> list[tuple[Staff, int, datetime]]:
    """(member, refusals in the window, the last one) for each phone slowed now: the admin's list."""
    rows = db.session.execute(
        select(AlertRefusal.staff_id, func.count(AlertRefusal.id), func.max(AlertRefusal.created_at))
        .where(AlertRefusal.created_at > now - WINDOW).group_by(AlertRefusal.staff_id)
        .having(func.count(AlertRefusal.id) >= MAX_WRONG)
    ).all()
    members = {m.id: m for m in db.session.scalars(select(Staff).where(Staff.id.in_([r[0] for r in rows])))}
    return [(members[staff_id], count, last) for staff_id, count, last in rows if staff_id in members]


def forget_old(now: datetime) -> int:
    """Refusals older than the window slow nobody any more."""
    return db.session.execute(delete(AlertRefusal).where(AlertRefusal.created_at < now - WINDOW)).rowcount
