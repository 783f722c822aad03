"""SQL statements and round trips per /twilio/sms webhook, by kind of message (issue 20).

A known resident's bus question is one read (receipt, resident, dialogue and the data version
tokens together: hotline/webhooks/prefetch.py) and its rows written together before the commit
(hotline/core/batch.py): on PostgreSQL one statement, on SQLite (in-process, no round trips)
one per row. Places, visits and the crew's commands come from the process caches. A change
that adds a read or a write to a kind fails here; docs/benchmarks.md gives the same counts.

Statements are the cursor's (BEGIN/COMMIT left out: SQLite's BEGIN is the project's own hook).
Round trips, on PostgreSQL: psycopg sends BEGIN, each statement and COMMIT each as one
exchange, so they are counted from the engine's begin and commit events and the statements."""
from __future__ import annotations

import pytest
from sqlalchemy import event

from tests.schedule.helpers import add_visit, in_days, load_places

KNOWN = "+996700100000"

# In this order: each kind answers the dialogue state the one before it left.
# (label, body, statements on SQLite, statements on PostgreSQL)
KNOWN_RESIDENT = [
    ("bus question", "BUS Gulcho", 6, 2),  # read; inbound, reply, bus question, receipt, dialogue
    ("the same bus question again", "BUS Gulcho", 6, 2),
    ("place name alone, the resident's place", "Гүлчө", 6, 2),
    ("place name alone, another place", "Араван", 7, 3),  # + the resident's place (ORM UPDATE)
    ("short menu (a greeting)", "салам", 5, 2),  # read; inbound, reply, receipt, dialogue
    ("wrong menu digit", "7", 5, 2),
    ("lawyer keyword", "LAWYER", 5, 2),
]
# read; resident (INSERT .. RETURNING); its place (UPDATE); inbound, reply, bus question,
# receipt, dialogue
NEW_RESIDENT = (8, 4)


def on_postgresql(db) -> bool:
    return db.engine.dialect.name == "postgresql"


def expected(db, sqlite_count: int, postgresql_count: int) -> int:
    return postgresql_count if on_postgresql(db) else sqlite_count


class Counted(list):
    """The statements of the webhooks since clear(), and the transactions' BEGIN and COMMIT."""

    def clear(self) -> None:
        super().clear()
        self.transactions = 0

    def round_trips(self) -> int:
        return len(self) + 2 * self.transactions


@pytest.fixture
def statements(db):
    seen = Counted()
    seen.clear()

    def count(conn, cursor, statement, parameters, context, executemany):
        if not statement.lstrip().upper().startswith(("BEGIN", "COMMIT", "ROLLBACK")):
            seen.append(statement)

    def transaction(conn):
        seen.transactions += 1

    event.listen(db.engine, "before_cursor_execute", count)
    event.listen(db.engine, "commit", transaction)
    yield seen
    event.remove(db.engine, "commit", transaction)
    event.remove(db.engine, "before_cursor_execute", count)


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


def test_a_known_residents_bus_question_is_four_round_trips_on_postgresql(db, twilio, known_resident,
                                                                          statements):
    if not on_postgresql(db):
        pytest.skip("SQLite runs in the process: no round trips to count")
    twilio.sms(KNOWN, "BUS Gulcho")
    assert (statements.transactions, statements.round_trips()) == (1, 4)  # BEGIN, read, write, COMMIT


def test_a_bus_question_reads_no_place_nor_visit_nor_crew_command(twilio, known_resident, statements):
    twilio.sms(KNOWN, "BUS Gulcho")
    read = [s for s in statements if s.lstrip().upper().startswith("SELECT")]
    assert len(read) == 1 and "webhook_receipts" in read[0] and "data_versions" in read[0]


def test_a_new_residents_bus_question(db, twilio, known_resident, statements):
    twilio.sms("+996700100001", "BUS Gulcho")
    assert len(statements) == expected(db, *NEW_RESIDENT)
