"""SQL statements per /twilio/sms webhook, by kind of message (issue 20).

A known resident's bus question is one read (receipt, resident, dialogue and the data version
tokens together: hotline/webhooks/prefetch.py) and five writes; places, visits and the crew's
commands come from the process caches. A change that adds a read or a write to a kind fails
here; docs/benchmarks.md gives the same counts. BEGIN/COMMIT are not counted (PostgreSQL's
driver sends them outside the cursor; SQLite's BEGIN is the project's own hook)."""
from __future__ import annotations

import pytest
from sqlalchemy import event

from tests.schedule.helpers import add_visit, in_days, load_places

KNOWN = "+996700100000"

# In this order: each kind answers the dialogue state the one before it left.
KNOWN_RESIDENT = [
    ("bus question", "BUS Gulcho", 6),  # read; inbound, reply, bus question, receipt, dialogue
    ("the same bus question again", "BUS Gulcho", 6),
    ("place name alone, the resident's place", "Гүлчө", 6),
    ("place name alone, another place", "Араван", 7),  # + the resident's place
    ("short menu (a greeting)", "салам", 5),  # read; inbound, reply, receipt, dialogue
    ("wrong menu digit", "7", 5),
    ("lawyer keyword", "LAWYER", 5),
]


@pytest.fixture
def statements(db):
    seen: list[str] = []

    def count(conn, cursor, statement, parameters, context, executemany):
        if not statement.lstrip().upper().startswith(("BEGIN", "COMMIT", "ROLLBACK")):
            seen.append(statement)

    event.listen(db.engine, "before_cursor_execute", count)
    yield seen
    event.remove(db.engine, "before_cursor_execute", count)


@pytest.fixture
def known_resident(db, twilio):
    load_places()
    add_visit("1101", in_days(3))
    add_visit("1201", in_days(4))
    twilio.sms(KNOWN, "BUS Gulcho")  # the resident row and the caches exist from here on


def test_statements_per_kind_of_message_from_a_known_resident(twilio, known_resident, statements):
    counted = []
    for label, body, _ in KNOWN_RESIDENT:
        statements.clear()
        assert twilio.sms(KNOWN, body).messages(), label
        counted.append((label, len(statements)))
    assert counted == [(label, expected) for label, _, expected in KNOWN_RESIDENT]


def test_a_bus_question_reads_no_place_nor_visit_nor_crew_command(twilio, known_resident, statements):
    twilio.sms(KNOWN, "BUS Gulcho")
    read = [s for s in statements if s.lstrip().upper().startswith("SELECT")]
    assert len(read) == 1 and "webhook_receipts" in read[0] and "data_versions" in read[0]


def test_a_new_residents_bus_question(twilio, known_resident, statements):
    twilio.sms("+996700100001", "BUS Gulcho")
    # read; resident (INSERT .. RETURNING), inbound, reply, resident's place, bus question,
    # receipt, dialogue (INSERT)
    assert len(statements) == 8
