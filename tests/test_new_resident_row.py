"""A new resident's row: on PostgreSQL it waits for the turn's batch with its id drawn by the
webhook's read (hotline/core/batch.py, defer); whatever the turn does, the row is there, once,
with the fields the turn gave it, before anything reads or names it."""
from __future__ import annotations

from sqlalchemy import func, select

from tests.schedule.helpers import add_visit, in_days, load_places

PHONE = "+996700100007"


def residents(db, phone: str = PHONE) -> list:
    from hotline.residents.models import Resident

    db.session.rollback()  # what is committed now
    return db.session.scalars(select(Resident).where(Resident.phone == phone)).all()


def test_an_urgent_first_text_names_the_resident_that_was_written(db, twilio):
    """The alert is flushed by the ORM before the commit: the resident's row goes first."""
    from hotline.alerts.models import Alert

    twilio.sms(PHONE, "SOS")
    [resident] = residents(db)
    alert = db.session.scalar(select(Alert).where(Alert.phone == PHONE))
    assert alert.resident_id == resident.id


def test_a_first_text_in_russian_leaves_a_resident_who_reads_russian(db, twilio):
    twilio.sms(PHONE, "когда автобус")
    assert [r.language for r in residents(db)] == ["ru"]


def test_stop_as_a_first_text_is_kept_on_the_new_residents_row(db, twilio):
    twilio.sms(PHONE, "STOP")
    assert [r.opted_out for r in residents(db)] == [True]


def test_a_first_bus_question_keeps_the_place_and_the_question_under_the_residents_id(db, twilio):
    from hotline.schedule.models import BusQuery

    load_places()
    add_visit("1101", in_days(2))
    twilio.sms(PHONE, "BUS Gulcho")
    [resident] = residents(db)
    asked = db.session.scalars(select(BusQuery.place_id).where(BusQuery.resident_id == resident.id)).all()
    assert asked == [resident.place_id] and resident.place_id is not None


def test_the_second_text_finds_the_first_ones_resident(db, twilio):
    from hotline.residents.models import Resident

    twilio.sms(PHONE, "салам")
    twilio.sms(PHONE, "LANG RU")
    db.session.rollback()
    assert db.session.scalar(select(func.count()).select_from(Resident).where(Resident.phone == PHONE)) == 1
    assert [(r.language, r.language_chosen) for r in residents(db)] == [("ru", True)]


def test_a_query_before_the_commit_finds_the_waiting_resident_and_its_row(db):
    """Deferred by the turn, read by the same turn (the STOP check of an SMS it queues, say): the
    query sends the row first and finds the very object, written, with what the turn set."""
    from hotline.core import prefetch
    from hotline.residents import service
    from hotline.residents.models import Resident

    prefetch.remember("new_resident_id", PHONE, 4242)  # as the webhook's read draws it on PostgreSQL
    try:
        resident = service.get_or_create(PHONE)
    finally:
        prefetch.clear()
    resident.opted_out = True
    assert service.find(PHONE) is resident
    on_the_row = db.session.connection().execute(
        select(Resident.id, Resident.opted_out).where(Resident.phone == PHONE)).one()
    assert tuple(on_the_row) == (4242, True)
    db.session.commit()
    assert [(r.id, r.opted_out) for r in residents(db)] == [(4242, True)]


def test_a_rolled_back_turn_leaves_no_waiting_resident(db):
    from hotline.core import prefetch
    from hotline.residents import service

    prefetch.remember("new_resident_id", PHONE, 4243)
    try:
        service.get_or_create(PHONE)
    finally:
        prefetch.clear()
    db.session.rollback()
    db.session.commit()  # nothing waits any more: nothing is written
    assert residents(db) == []
