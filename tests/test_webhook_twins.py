"""A webhook whose twin (Twilio's retry of the same MessageSid) stored its receipt while this one
worked: the twin's answer stands, and none of this one's rows is kept.

On PostgreSQL a known or a new resident's turn writes everything in one statement with no
transaction around it (hotline/core/lone_statements.py; a new resident's row goes first in it,
hotline/core/batch.py): the receipt's key fails that whole statement, the resident's row with it. On SQLite the transaction's snapshot is stale when it writes: it is run again
and finds the receipt. Either way the same promise, checked here: effects once, one answer."""
from __future__ import annotations

import pytest
from sqlalchemy import event, func, insert, select

from tests.schedule.helpers import add_visit, in_days, load_places

KNOWN = "+996700100000"
NEW = "+996700100002"
TWINS_ANSWER = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response><Message>twin</Message></Response>"


@pytest.fixture
def known_resident(db, twilio):
    load_places()
    add_visit("1101", in_days(3))
    twilio.sms(KNOWN, "BUS Gulcho")


def after_the_first_read(db, monkeypatch, statement_of) -> list:
    """Another webhook commits `statement_of(receipt_key)` right after this webhook's first read
    (once); returns the keys it did so for."""
    from hotline.webhooks import prefetch

    original = prefetch.read
    done = []

    def read_then_other(receipt_key, phone, session_key):
        stored = original(receipt_key, phone, session_key)
        if not done:
            done.append(receipt_key)
            with db.engine.begin() as other:
                other.execute(statement_of(receipt_key))
        return stored

    monkeypatch.setattr(prefetch, "read", read_then_other)
    return done


@pytest.fixture
def twin_commits_first(db, monkeypatch):
    """The twin commits its receipt (only that) right after this webhook read that it had none."""
    from hotline.messaging.receipts import WebhookReceipt

    return after_the_first_read(db, monkeypatch,
                                lambda key: insert(WebhookReceipt).values(key=key, response=TWINS_ANSWER))


def counts(db, phone: str) -> dict:
    from hotline.messaging.models import InboundMessage, OutboundMessage
    from hotline.residents.models import Resident
    from hotline.schedule.models import BusQuery
    from ivr_flows.sessions import DialogSession

    db.session.rollback()  # a fresh snapshot: what is committed now
    count = lambda model, *where: db.session.scalar(select(func.count()).select_from(model).where(*where))
    try:
        return {"inbound": count(InboundMessage, InboundMessage.from_phone == phone),
                "replies": count(OutboundMessage, OutboundMessage.to_phone == phone),
                "bus questions": count(BusQuery),
                "residents": count(Resident, Resident.phone == phone),
                "dialogue steps": db.session.scalar(select(func.coalesce(func.sum(DialogSession.step), 0))
                                                    .where(DialogSession.key == f"sms:{phone}"))}
    finally:
        db.session.rollback()  # the next webhook starts with no transaction open, as in production


@pytest.fixture
def write_in_autocommit(db):
    """PostgreSQL: for each batched write (WITH ..), whether it went without a transaction."""
    if db.engine.dialect.name != "postgresql":
        yield None
        return
    seen = []

    def note(conn, cursor, statement, *_):
        if statement.startswith("WITH"):
            seen.append(conn.connection.dbapi_connection.autocommit)

    event.listen(db.engine, "before_cursor_execute", note)
    yield seen
    event.remove(db.engine, "before_cursor_execute", note)


def test_a_known_residents_turn_keeps_none_of_its_rows_when_the_twin_answered_first(
        db, twilio, known_resident, twin_commits_first, write_in_autocommit):
    before = counts(db, KNOWN)
    answer = twilio.sms(KNOWN, "BUS Gulcho")
    assert twin_commits_first and answer.messages() == ["twin"]
    assert counts(db, KNOWN) == before
    if write_in_autocommit is not None:
        assert write_in_autocommit == [True]  # the one statement, alone: what this test is about


def test_a_new_residents_turn_keeps_not_even_the_resident_when_the_twin_answered_first(
        db, twilio, known_resident, twin_commits_first, write_in_autocommit):
    before = counts(db, NEW)
    answer = twilio.sms(NEW, "BUS Gulcho")
    assert twin_commits_first and answer.messages() == ["twin"]
    assert counts(db, NEW) == before == {"inbound": 0, "replies": 0, "bus questions": before["bus questions"],
                                         "residents": 0, "dialogue steps": 0}
    if write_in_autocommit is not None:
        assert write_in_autocommit == [True]  # the resident's row in the one statement, alone


def test_two_first_texts_of_one_phone_at_once_keep_both_messages_and_one_resident(db, twilio, known_resident,
                                                                                 monkeypatch):
    """The other text's turn writes this phone's resident between this one's read and its write.
    PostgreSQL: this turn's one statement (its own resident row first) fails on the phone's key and
    the turn is run again, finding the row; SQLite: the INSERT .. ON CONFLICT finds it."""
    from hotline.residents.models import Resident

    done = after_the_first_read(db, monkeypatch, lambda key: insert(Resident).values(phone=NEW, language="uz"))
    answer = twilio.sms(NEW, "BUS Gulcho")
    assert done and answer.messages()[0].startswith("Gulcho: ")  # in Uzbek: the other text's resident
    after = counts(db, NEW)
    assert (after["inbound"], after["residents"], after["dialogue steps"]) == (1, 1, 1)
    assert db.session.scalar(select(Resident.language).where(Resident.phone == NEW)) == "uz"  # the other's row
