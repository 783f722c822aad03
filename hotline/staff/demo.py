"""Demo staff with shifts around now, so every flow can be tried at once."""
from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from hotline.core.clock import now_utc
from hotline.extensions import db
from hotline.staff.models import Shift, Staff
from hotline.staff.service import add_staff

DEMO_PASSWORD = "demo-password"
PEOPLE = (
    ("Айгүл Coordinator", "0700 100 001", "coordinator", None),
    ("Нурлан (Osh social worker)", "0555 100 002", "social_worker", "osh"),
    ("Гүлнара (Osh backup)", "0770 100 003", "social_worker", "osh"),
    ("Бакыт (Naryn social worker)", "0990 100 004", "social_worker", "naryn"),
    ("Эрмек (Osh lawyer)", "0880 100 005", "lawyer", "osh"),
    ("Сезим (Naryn lawyer)", "0998 100 006", "lawyer", "naryn"),
)
# On the bus, sends HERE/LATE/NEXT/LEFT/UNDO (README); a social worker off shift, so no alerts.
CREW = ("Азамат (bus crew)", "0700 100 007", "social_worker", "osh")


def load() -> str:
    if db.session.scalar(select(Staff.id).limit(1)):
        return "staff: already there"
    start = now_utc() - timedelta(hours=1)
    for name, phone, role, oblast in PEOPLE:
        member = add_staff(name, phone, role, oblast, password=DEMO_PASSWORD)
        if role == "social_worker":
            db.session.add(Shift(staff_id=member.id, starts_at=start, ends_at=start + timedelta(days=7),
                                 backup="backup" in name))
    add_staff(*CREW, password=DEMO_PASSWORD).on_bus_crew = True
    db.session.flush()
    logins = "; ".join(f"{role} {phone}" for _, phone, role, _ in PEOPLE)
    return f"staff: {len(PEOPLE) + 1} people, on duty this week; log in at /admin/ as {logins} " \
           f"(password {DEMO_PASSWORD!r}); the bus crew's phone (HERE, LATE...): {CREW[1]}"
