"""Adding staff and shifts, and asking who is on duty."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from werkzeug.security import generate_password_hash

from hotline.core.phones import to_e164
from hotline.extensions import db
from hotline.staff.models import OBLASTS, ROLES, Shift, Staff


class StaffError(ValueError):
    """Bad staff input; the message is shown to the coordinator as is."""


def add_staff(name: str, phone: str, role: str, oblast: str | None = None,
              district: str | None = None, password: str | None = None) -> Staff:
    if not name.strip():
        raise StaffError("name is empty")
    if role not in ROLES:
        raise StaffError(f"role must be one of {', '.join(ROLES)}")
    if oblast is not None and oblast not in OBLASTS:
        raise StaffError(f"oblast must be one of {', '.join(OBLASTS)}")
    e164 = to_e164(phone)
    if db.session.scalar(select(Staff).where(Staff.phone == e164)):
        raise StaffError("a staff member with this phone already exists")
    member = Staff(name=name.strip(), phone=e164, role=role, oblast=oblast, district=district)
    if password:
        set_password(member, password)
    db.session.add(member)
    db.session.flush()
    return member


def set_password(member: Staff, password: str) -> None:
    if len(password) < 8:
        raise StaffError("password must have at least 8 characters")
    member.password_hash = generate_password_hash(password)


def by_phone(phone: str) -> Staff | None:
    return db.session.scalar(select(Staff).where(Staff.phone == phone, Staff.active.is_(True)))


def add_shift(phone: str, starts_at: datetime, ends_at: datetime, backup: bool = False) -> Shift:
    member = by_phone(to_e164(phone))
    if member is None:
        raise StaffError("no active staff member has this phone")
    if ends_at <= starts_at:
        raise StaffError("the shift must end after it starts")
    shift = Shift(staff_id=member.id, starts_at=starts_at, ends_at=ends_at, backup=backup)
    db.session.add(shift)
    db.session.flush()
    return shift


def on_duty(at: datetime, role: str = "social_worker", backup: bool | None = False) -> list[Staff]:
    """Staff of `role` with a shift covering `at`; backup=None means both tiers."""
    query = (
        select(Staff).join(Shift)
        .where(Staff.role == role, Staff.active.is_(True),
               Shift.starts_at <= at, Shift.ends_at > at)
        .order_by(Staff.id)
    )
    if backup is not None:
        query = query.where(Shift.backup.is_(backup))
    return list(db.session.scalars(query).unique())
