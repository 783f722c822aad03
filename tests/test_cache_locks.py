"""A process-wide cache's lock is never held while the database may wait on another turn.

A query through the session first sends the turn's waiting rows (hotline/core/batch.py), and
a write can wait on a row another turn holds: the first texts of one new phone at once, the
later one waiting on the earlier one's resident. When the text edits' once-a-second check
(hotline/texts/store.py) ran its query under a process lock, the later turn held that lock while
it waited, and the earlier turn, still in its transaction, waited for the lock at its own text
lookup: both for ever, and every other thread of the worker with them. Here the earlier turn is
a transaction the test holds; its text lookup must finish while the later webhook waits.
PostgreSQL only: SQLite has one writer at a time and no row locks to wait on."""
from __future__ import annotations

import threading

import pytest
from sqlalchemy import func, insert, select, text

from tests.support.row_locks import backend_pid, bus_to_gulcho_with_caches_loaded, wait_until_blocked

NEW = "+996700100079"


def _finishes_within(seconds: float, work) -> bool:
    done = threading.Event()
    threading.Thread(target=lambda: (work(), done.set()), daemon=True).start()
    return done.wait(seconds)  # ends as soon as the work does


@pytest.mark.parametrize("cache", ["texts", "prompts"])
def test_a_cache_check_does_not_wait_for_a_turn_that_waits_on_our_row(db, app, twilio, cache):
    """texts: the later turn is a text (its reply's wording). prompts: a turn whose first query
    after its new resident is the recordings' index (hotline/prompts/store.py); a call's start
    asks for the staff first, so the turn is made here by hand, as a call's step could be."""
    if db.engine.dialect.name != "postgresql":
        pytest.skip("SQLite writes one transaction at a time: no row lock to wait on")
    from hotline.prompts import store as prompts
    from hotline.residents.models import Resident
    from hotline.texts import store as texts

    day = bus_to_gulcho_with_caches_loaded(db, twilio, "+996700100080")
    check = {"texts": texts.edits, "prompts": lambda: prompts.best("ru", "text", "bus.answer")}[cache]
    forget = {"texts": texts.forget, "prompts": prompts.forget}[cache]
    answers = []

    def new_resident_then_recordings():
        with app.app_context():
            from hotline.core import batch
            from hotline.extensions import db as turn_db

            new_id = turn_db.session.scalar(text("SELECT nextval(pg_get_serial_sequence('residents', 'id'))"))
            batch.defer(turn_db.session, Resident(id=new_id, phone=NEW, language="ru"))
            found = check()  # its query sends the resident first: waits on the other's
            turn_db.session.rollback()  # the other's row won
            return found

    def checks_in_a_turn_of_its_own():
        with app.app_context():
            check()

    with db.engine.connect() as other:  # the earlier text's turn: its resident, not committed yet
        other.execute(insert(Resident).values(phone=NEW, language="ru"))
        forget()  # the later turn makes the check (and its query sends the resident)
        turn = {"texts": lambda: twilio.sms(NEW, "BUS Gulcho"), "prompts": new_resident_then_recordings}[cache]
        later = threading.Thread(target=lambda: answers.append(turn()), daemon=True)
        later.start()
        wait_until_blocked(db, backend_pid(other), later)
        forget()  # due again: the earlier turn checks too, as it would at its own text lookup
        assert _finishes_within(10, checks_in_a_turn_of_its_own), "the check waited for the waiting turn"
        other.commit()
    later.join(30)
    if cache == "texts":
        assert answers[0].text == f"Гульча: {day:%d.%m} 09:30-12:00, айыл өкмөтү. 1 - напомнить"
    else:
        assert answers == [None]  # no recording of that key: the check ran to its end
    db.session.rollback()
    assert db.session.scalar(select(func.count()).select_from(Resident).where(Resident.phone == NEW)) == 1
