"""Two texts of one new phone at once take the resident's row before the dialogue's, whichever
way each is written (hotline/core/batch.py, _together): they wait for each other, they do not
deadlock. PostgreSQL only: SQLite has one writer at a time, so there is no order to get wrong.

The other text is a transaction that INSERTs the resident and then upserts the dialogue, as a
turn does whose resident row goes before a read. Our webhook's one batched statement must wait
on the resident before it touches the dialogue: were it the other way round, the other text's
upsert would wait on our dialogue row while we wait on its resident, a deadlock PostgreSQL breaks
only after its deadlock_timeout (a second). The other text's upsert is given a lock_timeout so
that waiting at all fails this test at once, not after a second."""
from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from sqlalchemy import func, insert, select, text

from tests.support.row_locks import backend_pid, bus_to_gulcho_with_caches_loaded, wait_until_blocked

NEW = "+996700100077"


def test_a_new_residents_webhook_waits_on_the_resident_before_it_locks_the_dialogue(db, twilio):
    if db.engine.dialect.name != "postgresql":
        pytest.skip("SQLite writes one transaction at a time: no lock order")
    from hotline.core.clock import now_utc
    from hotline.residents.models import Resident
    from ivr_flows.sessions import DialogSession

    day = bus_to_gulcho_with_caches_loaded(db, twilio, "+996700100078")
    answers = []
    with db.engine.connect() as other:
        other.execute(insert(Resident).values(phone=NEW, language="ru"))  # not committed yet
        webhook = threading.Thread(target=lambda: answers.append(twilio.sms(NEW, "BUS Gulcho")))
        webhook.start()
        wait_until_blocked(db, backend_pid(other), webhook)  # our webhook's write, on the resident
        other.execute(text("SET LOCAL lock_timeout = '300ms'"))
        # Fails with "canceling statement due to lock timeout" if our webhook holds the dialogue.
        other.execute(insert(DialogSession).values(
            key=f"sms:{NEW}", awaiting=None, state={}, step=1, expires_at=now_utc() + timedelta(hours=1)))
        other.commit()
    webhook.join(30)
    assert not webhook.is_alive()
    # Its write met the other's resident and the turn ran once more, on what the other committed.
    assert answers[0].text == f"Гульча: {day:%d.%m} 09:30-12:00, айыл өкмөтү. 1 - напомнить"  # its language: ru
    assert db.session.scalar(select(func.count()).select_from(Resident).where(Resident.phone == NEW)) == 1
