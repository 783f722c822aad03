"""PostgreSQL: a webhook's read and lone write run in autocommit (hotline/core/lone_statements.py);
whatever ends the turn, the connection goes back to the pool with transactions on, so the next
user (another webhook, a worker's task, an admin page) gets BEGIN and COMMIT as ever."""
from __future__ import annotations

import pytest

KNOWN = "+996700100000"


@pytest.fixture
def postgresql(db):
    if db.engine.dialect.name != "postgresql":
        pytest.skip("SQLite keeps its transactions: nothing turns autocommit on")


def pooled_autocommit(db) -> list[bool]:
    """autocommit of every connection in the pool (each checked out, then all given back)."""
    held = [db.engine.raw_connection() for _ in range(db.engine.pool.checkedin())]
    try:
        return [connection.driver_connection.autocommit for connection in held]
    finally:
        for connection in held:
            connection.close()


def test_after_a_lone_turn_the_pool_has_transactions_again(db, twilio, postgresql, monkeypatch):
    from hotline.core import lone_statements

    seen = []
    real = lone_statements.start
    monkeypatch.setattr(lone_statements, "start", lambda session: seen.append(real(session)) or seen[-1])
    twilio.sms(KNOWN, "салам")
    twilio.sms(KNOWN, "салам")
    db.session.remove()  # the request's end
    assert seen == [True, True]  # both went without a transaction: what is checked here
    assert pooled_autocommit(db) and not any(pooled_autocommit(db))


def test_after_a_retried_webhook_answered_from_its_receipt_too(db, twilio, postgresql):
    """The stored answer returns without a commit: the session gives the connection back at
    the request's end, with autocommit still on until the pool turns it off."""
    from tests.support.phone import new_sid

    sid = new_sid("SM")
    first = twilio.sms(KNOWN, "салам", sid=sid)
    again = twilio.sms(KNOWN, "салам", sid=sid)
    assert again.xml == first.xml
    db.session.remove()
    assert pooled_autocommit(db) and not any(pooled_autocommit(db))
