"""An ORM UPDATE of a resident or a callback request goes with the turn's batch when it is all the
ORM would flush at the commit (hotline/core/batch.py, `__batch_updates__`): written once, with the
value the turn gave, and left to the ORM as before when anything else is to be flushed."""
from __future__ import annotations

from datetime import datetime, timezone

import pytest
from sqlalchemy import event, select

PHONE = "+996700100013"


@pytest.fixture
def sent(db):
    seen = []

    def note(conn, cursor, statement, parameters, context, executemany):
        # With the names the statement was compiled with: b0_... are the batch's (SQLite's text says ?)
        compiled = getattr(context, "compiled_parameters", None)
        names = sorted(compiled[0]) if compiled else []
        seen.append(" ".join(statement.split()) + " " + " ".join(names))

    event.listen(db.engine, "before_cursor_execute", note)
    yield seen
    event.remove(db.engine, "before_cursor_execute", note)


def resident(db):
    from hotline.residents.models import Resident

    db.session.rollback()
    return db.session.scalar(select(Resident).where(Resident.phone == PHONE))


def updates_of(sent: list[str], table: str) -> list[str]:
    return [s for s in sent if f"UPDATE {table} SET" in s]


def test_a_residents_change_is_written_once_with_the_batch(db, sent):
    from hotline.residents.models import Resident

    db.session.add(Resident(phone=PHONE, language="ky"))
    db.session.commit()
    member = db.session.scalar(select(Resident).where(Resident.phone == PHONE))
    sent.clear()
    member.language = "uz"
    member.place_id = 7
    db.session.commit()
    [statement] = updates_of(sent, "residents")
    assert "b0_language" in statement  # the batch's parameters (hotline/core/batch.py), not the ORM's
    assert (resident(db).language, resident(db).place_id) == ("uz", 7)


def test_a_callbacks_safe_time_digit_is_kept(db, twilio):
    from hotline.callbacks.models import CallbackRequest

    twilio.sms(PHONE, "LAWYER")
    twilio.sms(PHONE, "1")  # topic
    twilio.sms(PHONE, "3")  # safe time: the evening
    db.session.rollback()
    request = db.session.scalar(select(CallbackRequest).where(CallbackRequest.phone == PHONE))
    assert (request.topic, request.safe_time) == ("family", "evening")


def test_with_another_models_change_the_orm_flushes_them_all_as_before(db, sent):
    """An alert has no __batch_updates__ (its updated_at is the ORM's onupdate): nothing is folded."""
    from hotline.alerts.models import Alert
    from hotline.residents.models import Resident

    now = datetime(2026, 12, 2, 6, 0, tzinfo=timezone.utc)
    db.session.add(Resident(phone=PHONE, language="ky"))
    db.session.add(Alert(phone=PHONE, channel="sms", status="open", tier=0, step=0, signals=1,
                         last_signal_at=now, created_at=now))
    db.session.commit()
    member = db.session.scalar(select(Resident).where(Resident.phone == PHONE))
    alert = db.session.scalar(select(Alert).where(Alert.phone == PHONE))
    sent.clear()
    member.language = "ru"
    alert.signals = 2
    db.session.commit()
    [statement] = updates_of(sent, "residents")
    assert "b0_" not in statement and "language" in statement.split()  # the ORM's own UPDATE
    assert resident(db).language == "ru"
    assert db.session.scalar(select(Alert.signals).where(Alert.phone == PHONE)) == 2


def tables_in_the_order_written(db, sent: list[str]) -> list[str]:
    """PostgreSQL runs a statement's main write first, then its WITHs from the last to the first
    (hotline/core/batch.py, _together): the reverse of the order they are printed in. SQLite
    runs the batch's rows one by one."""
    import re

    tables = [t for s in sent for t in re.findall(r"\b(?:INSERT INTO|UPDATE) (\w+)", s) if t != "SET"]
    return tables[::-1] if db.engine.dialect.name == "postgresql" else tables


def test_the_residents_row_is_written_before_a_callback_requests(db, sent):
    """One lock order for every turn of a phone (tests/test_webhook_lock_order.py), whatever order
    the session holds its changed objects in."""
    from hotline.callbacks.models import CallbackRequest
    from hotline.residents.models import Resident

    for first_changed in ("request", "resident"):
        db.session.add(Resident(phone=PHONE, language="ky"))
        db.session.add(CallbackRequest(phone=PHONE, channel="sms"))
        db.session.commit()
        member = db.session.scalar(select(Resident).where(Resident.phone == PHONE))
        request = db.session.scalar(select(CallbackRequest).where(CallbackRequest.phone == PHONE))
        sent.clear()
        changes = {"request": lambda: setattr(request, "safe_time", "evening"),
                   "resident": lambda: setattr(member, "language", "uz")}
        changes[first_changed]()
        changes["resident" if first_changed == "request" else "request"]()
        db.session.commit()
        assert tables_in_the_order_written(db, sent) == ["residents", "callback_requests"], first_changed
        db.session.delete(member)
        db.session.delete(request)
        db.session.commit()
