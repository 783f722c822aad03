"""The per-process caches of places, visits and crew commands see every write (issue 20).

Each write sets a fresh token in data_versions in its own transaction; the webhook reads the
tokens with its receipt, so the next answer after a commit anywhere (another process: here a
session of its own on another connection) is built from the new rows."""
from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from hotline.schedule.models import Place, Visit
from tests.schedule.helpers import add_visit, in_days, load_places

PHONE = "+996700100002"


@pytest.fixture
def gulcho(db, twilio):
    """A visit to Gulcho, already answered once (so the process holds the caches)."""
    load_places()
    visit = add_visit("1101", in_days(3), "09:30", "12:00")
    assert "09:30-12:00" in twilio.sms(PHONE, "BUS Gulcho").messages()[0]
    return visit.id


def elsewhere(db, change) -> None:
    """`change(session)` on a session and connection of its own, committed apart from the app's:
    another process's write."""
    with Session(bind=db.engine) as other:
        change(other)
        other.commit()


def test_a_visit_changed_elsewhere_is_in_the_next_answer(twilio, db, gulcho):
    def move(other):
        visit = other.get(Visit, gulcho)
        visit.starts_at += timedelta(hours=2)
        visit.ends_at += timedelta(hours=2)

    elsewhere(db, move)
    assert "11:30-14:00" in twilio.sms(PHONE, "BUS Gulcho").messages()[0]


def test_a_place_renamed_elsewhere_is_matched_by_its_new_name(twilio, db, gulcho):
    def rename(other):
        other.scalar(select(Place).where(Place.code == "1101")).aliases = "Zzyzxville"

    elsewhere(db, rename)
    assert "09:30" in twilio.sms(PHONE, "BUS Zzyzxville").messages()[0]


def test_a_visit_deleted_in_bulk_elsewhere_is_gone_from_the_next_answer(twilio, db, gulcho):
    elsewhere(db, lambda other: other.execute(delete(Visit)))
    assert "09:30" not in twilio.sms(PHONE, "BUS Gulcho").messages()[0]
