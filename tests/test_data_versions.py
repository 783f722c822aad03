"""The per-process caches of places, visits and crew commands see every write (issue 20).

Each write sets a fresh token in data_versions in its own transaction; the webhook reads the
tokens with its receipt, so the next answer after a commit anywhere (another process: here a
session of its own on another connection) is built from the new rows."""
from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from hotline.schedule.models import Place, Visit
from tests.schedule.helpers import add_visit, in_days, load_places

PHONE = "+996700100002"


def elsewhere(db):
    """A session on its own connection, committed apart from the app's: another process's write."""
    return Session(bind=db.engine)


def test_a_visit_changed_elsewhere_is_in_the_next_answer(twilio, db):
    load_places()
    visit = add_visit("1101", in_days(3), "09:30", "12:00")
    assert "09:30-12:00" in twilio.sms(PHONE, "BUS Gulcho").messages()[0]
    with elsewhere(db) as other:
        moved = other.get(Visit, visit.id)
        moved.starts_at += timedelta(hours=2)
        moved.ends_at += timedelta(hours=2)
        other.commit()
    assert "11:30-14:00" in twilio.sms(PHONE, "BUS Gulcho").messages()[0]


def test_a_place_renamed_elsewhere_is_matched_by_its_new_name(twilio, db):
    load_places()
    add_visit("1101", in_days(3))
    assert "09:30" in twilio.sms(PHONE, "BUS Gulcho").messages()[0]
    with elsewhere(db) as other:
        place = other.scalar(select(Place).where(Place.code == "1101"))
        place.aliases = "Zzyzxville"
        other.commit()
    assert "09:30" in twilio.sms(PHONE, "BUS Zzyzxville").messages()[0]


def test_a_visit_deleted_in_bulk_elsewhere_is_gone_from_the_next_answer(twilio, db):
    from sqlalchemy import delete

    load_places()
    add_visit("1101", in_days(3))
    assert "09:30" in twilio.sms(PHONE, "BUS Gulcho").messages()[0]
    with elsewhere(db) as other:
        other.execute(delete(Visit))
        other.commit()
    assert "09:30" not in twilio.sms(PHONE, "BUS Gulcho").messages()[0]
