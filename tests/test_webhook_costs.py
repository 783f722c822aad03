"""SQL statements and round trips per /twilio/sms webhook, by kind of message (issue 20).

A known resident's bus question is one read (receipt, resident, dialogue and the data version
tokens together: hotline/webhooks/prefetch.py) and its rows written together before the commit
(hotline/core/batch.py): on PostgreSQL one statement, on SQLite (in-process, no round trips)
one per row. Places, visits and the crew's commands come from the process caches. A change
that adds a read or a write to a kind fails here; docs/benchmarks.md gives the same counts.

Statements are the cursor's (BEGIN/COMMIT left out: SQLite's BEGIN is the project's own hook).
Round trips, on PostgreSQL, are counted on the wire (libpq's trace, bench/pg_wire.py): BEGIN
and COMMIT included where they are sent. When the read and the one batched write are all a turn
sends, neither is in a transaction (hotline/core/lone_statements.py): read, write. Anything else
the turn writes opens one: + BEGIN, its statements, COMMIT. The pool's ping comes only before a
connection that sat idle (hotline/core/pool_ping.py; tests/test_pool_ping.py): not here, where
the webhooks follow one another."""
from __future__ import annotations

import pytest
from sqlalchemy import event

from tests.schedule.helpers import add_visit, in_days, load_places

KNOWN = "+996700100000"

# In this order: each kind answers the dialogue state the one before it left.
# (label, body, statements on SQLite, statements on PostgreSQL, round trips on PostgreSQL)
KNOWN_RESIDENT = [
    # read; inbound, reply, bus question, receipt, dialogue. Wire: read, write.
    ("bus question", "BUS Gulcho", 6, 2, 2),
    ("the same bus question again", "BUS Gulcho", 6, 2, 2),
    ("place name alone, the resident's place", "Гүлчө", 6, 2, 2),
    # + the resident's place: its UPDATE in the write (hotline/core/batch.py). Wire: read, write.
    ("place name alone, another place", "Араван", 7, 2, 2),
    ("short menu (a greeting)", "салам", 5, 2, 2),  # read; inbound, reply, receipt, dialogue
    ("wrong menu digit", "7", 5, 2, 2),
    ("lawyer keyword", "LAWYER", 5, 2, 2),
]
# SQLite: read; resident (INSERT .. RETURNING); its place (UPDATE); inbound, reply, bus question,
# receipt, dialogue. PostgreSQL: the read draws the resident's id, whose row (its place in it) goes
# first in the one write. Wire: read, write.
NEW_RESIDENT = (8, 2, 2)


def on_postgresql(db) -> bool:
    return db.engine.dialect.name == "postgresql"


def expected(db, sqlite_count: int, postgresql_count: int, *_) -> int:
    return postgresql_count if on_postgresql(db) else sqlite_count


@pytest.fixture
def statements(db):
    """The statements of the webhooks since clear()."""
    seen = []

    def count(conn, cursor, statement, parameters, context, executemany):
        if not statement.lstrip().upper().startswith(("BEGIN", "COMMIT", "ROLLBACK")):
            seen.append(statement)

    event.listen(db.engine, "before_cursor_execute", count)
    yield seen
    event.remove(db.engine, "before_cursor_execute", count)


@pytest.fixture(autouse=True)
def no_idle_ping(monkeypatch):
    """However slow the machine, no connection here counts as idle: no ping in the counts."""
    from hotline.core import pool_ping

    monkeypatch.setattr(pool_ping, "PING_AFTER", float("inf"))


@pytest.fixture
def wire(db):
    """PostgreSQL's round trips as libpq sent them (bench/pg_wire.py)."""
    if not on_postgresql(db):
        pytest.skip("SQLite runs in the process: no round trips to count")
    from bench.pg_wire import Wire

    traced = Wire(db.engine).start()
    yield traced
    traced.stop()


@pytest.fixture
def known_resident(db, twilio):
    load_places()
    add_visit("1101", in_days(3))
    add_visit("1201", in_days(4))
    twilio.sms(KNOWN, "BUS Gulcho")  # the resident row and the caches exist from here on


def test_statements_per_kind_of_message_from_a_known_resident(db, twilio, known_resident, statements):
    counted = []
    for label, body, *_ in KNOWN_RESIDENT:
        statements.clear()
        assert twilio.sms(KNOWN, body).messages(), label
        counted.append((label, len(statements)))
    assert counted == [(label, expected(db, *counts)) for label, _, *counts in KNOWN_RESIDENT]


def test_round_trips_per_kind_of_message_from_a_known_resident_on_postgresql(twilio, known_resident, wire):
    twilio.sms(KNOWN, "салам")  # warm: the traced pool's first connection
    wire.round_trips()
    counted = []
    for label, body, *_ in KNOWN_RESIDENT:
        assert twilio.sms(KNOWN, body).messages(), label
        counted.append((label, len(wire.round_trips())))
    assert counted == [(label, trips) for label, _, _, _, trips in KNOWN_RESIDENT]


def test_a_known_residents_bus_question_is_the_read_and_the_write(twilio, known_resident, wire):
    """No BEGIN, no COMMIT: the read and the one write each on their own (lone_statements.py)."""
    twilio.sms(KNOWN, "BUS Gulcho")
    wire.round_trips()
    twilio.sms(KNOWN, "BUS Gulcho")
    assert [what.split()[:2] for what in wire.round_trips()] == [["Parse", "SELECT"], ["Parse", "WITH"]]


def test_the_texts_once_a_second_check_is_a_round_trip_more_not_a_transaction(twilio, known_resident, wire,
                                                                             monkeypatch):
    """The newest text edit's token, read at most once a second (hotline/texts/store.py): a plain
    read, sent on its own like the webhook's read, so no BEGIN and COMMIT come with it."""
    from hotline.texts import store

    twilio.sms(KNOWN, "BUS Gulcho")
    wire.round_trips()
    monkeypatch.setattr(store._cache, "checked_at", float("-inf"))  # the second is over
    twilio.sms(KNOWN, "BUS Gulcho")
    assert [what.split()[:2] for what in wire.round_trips()] == [
        ["Parse", "SELECT"], ["Parse", "SELECT"], ["Parse", "WITH"]]


def test_a_bus_question_reads_no_place_nor_visit_nor_crew_command(twilio, known_resident, statements):
    twilio.sms(KNOWN, "BUS Gulcho")
    read = [s for s in statements if s.lstrip().upper().startswith("SELECT")]
    assert len(read) == 1 and "webhook_receipts" in read[0] and "data_versions" in read[0]


def test_a_new_residents_bus_question(db, twilio, known_resident, statements):
    twilio.sms("+996700100001", "BUS Gulcho")
    assert len(statements) == expected(db, *NEW_RESIDENT)


def test_a_new_residents_bus_question_is_the_read_and_the_write_on_postgresql(
        db, twilio, known_resident, wire):
    """The resident's row waits for the batch (hotline/core/batch.py, defer), with its place."""
    from sqlalchemy import select

    from hotline.residents.models import Resident
    from hotline.schedule.models import BusQuery

    twilio.sms(KNOWN, "салам")  # warm: the traced pool's first connection
    wire.round_trips()
    twilio.sms("+996700100001", "BUS Gulcho")
    assert [what.split()[:2] for what in wire.round_trips()] == [["Parse", "SELECT"], ["Parse", "WITH"]]
    db.session.rollback()
    resident = db.session.scalar(select(Resident).where(Resident.phone == "+996700100001"))
    asked = db.session.scalars(select(BusQuery.place_id).where(BusQuery.resident_id == resident.id)).all()
    assert (resident.place_id, resident.language, asked) == (asked[0], "ky", [asked[0]])


def test_the_callers_number_is_parsed_once_a_webhook(db, twilio, known_resident, monkeypatch):
    """phonenumbers' parse was a tenth of a webhook's CPU, run three times (issue 20)."""
    from hotline.webhooks import inbound

    parsed = []
    real = inbound.to_e164_or_none
    monkeypatch.setattr(inbound, "to_e164_or_none", lambda raw: parsed.append(raw) or real(raw))
    twilio.sms("+996700100004", "BUS Gulcho")
    twilio.sms("0700 100 003", "BUS Gulcho")  # another caller: parsed, not the last one's number
    assert parsed == ["+996700100004", "0700 100 003"]
    from hotline.messaging.models import InboundMessage
    from sqlalchemy import select

    last = db.session.scalars(select(InboundMessage.from_phone).order_by(InboundMessage.id.desc()).limit(2))
    assert list(last) == ["+996700100003", "+996700100004"]
