"""file_request writes a new request in one INSERT with its fields (no UPDATE after it), and a twin
webhook's request, opened between our look and our INSERT, is the one updated: never two open."""
from __future__ import annotations

from datetime import datetime, timezone

import pytest

from sqlalchemy import event, func, insert, select

PHONE = "+996700100011"
NOW = datetime(2026, 12, 2, 6, 0, tzinfo=timezone.utc)


def test_a_new_request_is_one_insert_with_its_fields(db):
    from hotline.callbacks import service

    sent = []
    listener = lambda conn, cursor, statement, *a: sent.append(statement.split()[0])  # noqa: E731
    event.listen(db.engine, "before_cursor_execute", listener)
    try:
        request = service.file_request(PHONE, channel="sms", language="ky", now=NOW, topic="family")
        db.session.flush()
    finally:
        event.remove(db.engine, "before_cursor_execute", listener)
    assert sent.count("INSERT") == 1 and "UPDATE" not in sent and "SAVEPOINT" not in sent
    db.session.commit()
    assert (request.topic, request.status, request.open_key) == ("family", "new", PHONE)


def test_a_twins_request_opened_meanwhile_is_the_one_updated(db, monkeypatch):
    if db.engine.dialect.name != "postgresql":
        pytest.skip("SQLite: a write between our read and ours fails as locked and the webhook runs the "
                    "turn again (hotline/sqlite.py, tests/test_sqlite_retry.py)")
    from hotline.callbacks import service
    from hotline.callbacks.models import CallbackRequest

    real_find_open = service.find_open
    looks = []

    def find_open_then_twin(phone):
        found = real_find_open(phone)
        if not looks:
            with db.engine.begin() as twin:
                twin.execute(insert(CallbackRequest).values(
                    phone=PHONE, open_key=PHONE, channel="sms", language="ru", status="new",
                    created_at=NOW, updated_at=NOW))
        looks.append(found)
        return found

    monkeypatch.setattr(service, "find_open", find_open_then_twin)
    request = service.file_request(PHONE, channel="sms", language="ky", now=NOW, topic="land")
    db.session.commit()
    assert looks[0] is None and request.topic == "land"
    open_ones = db.session.scalar(select(func.count()).select_from(CallbackRequest)
                                  .where(CallbackRequest.open_key == PHONE))
    assert open_ones == 1
