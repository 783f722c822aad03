"""PostgreSQL: the pool pings a connection only after it sat idle (hotline/core/pool_ping.py), and a
webhook whose connection died anyway runs its turn once more on a new one (receipts.once)."""
from __future__ import annotations

import pytest
import sqlalchemy
from sqlalchemy import func, select

PHONE = "+996700100009"


@pytest.fixture
def postgresql(db):
    if db.engine.dialect.name != "postgresql":
        pytest.skip("the ping and the dropped connections are PostgreSQL's (SQLite is in-process)")
    return db


@pytest.fixture
def wire(postgresql):
    from bench.pg_wire import Wire

    traced = Wire(postgresql.engine).start()
    yield traced
    traced.stop()


def ping_after(monkeypatch, seconds: float) -> None:
    from hotline.core import pool_ping

    monkeypatch.setattr(pool_ping, "PING_AFTER", seconds)


def drop_every_other_connection(db) -> int:
    """What a server restart does to the pool's connections, as they see it."""
    killer = sqlalchemy.create_engine(db.engine.url, poolclass=sqlalchemy.pool.NullPool)
    try:
        with killer.connect() as connection:
            dropped = len(connection.exec_driver_sql(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                "WHERE datname = current_database() AND pid <> pg_backend_pid()").all())
            connection.commit()
    finally:
        killer.dispose()
    return dropped


def recorded(db, phone: str = PHONE) -> int:
    from hotline.messaging.models import InboundMessage

    db.session.rollback()
    return db.session.scalar(select(func.count()).select_from(InboundMessage).where(InboundMessage.from_phone == phone))


def test_a_connection_back_a_moment_ago_goes_unpinged(twilio, wire, monkeypatch):
    ping_after(monkeypatch, float("inf"))
    twilio.sms(PHONE, "салам")  # warm: the traced pool's first connection
    wire.round_trips()
    twilio.sms(PHONE, "салам")
    assert [what.split()[:2] for what in wire.round_trips()] == [["Parse", "SELECT"], ["Parse", "WITH"]]


def test_a_connection_that_sat_idle_is_pinged_first(twilio, wire, monkeypatch):
    twilio.sms(PHONE, "салам")
    wire.round_trips()
    ping_after(monkeypatch, 0.0)  # every connection counts as idle
    twilio.sms(PHONE, "салам")
    assert [what.split()[:2] for what in wire.round_trips()] == [["Query", '";"'], ["Parse", "SELECT"],
                                                                 ["Parse", "WITH"]]


def test_a_connection_dropped_while_idle_is_replaced_before_the_turn(postgresql, twilio, monkeypatch):
    from hotline.webhooks import spool

    twilio.sms(PHONE, "салам")
    ping_after(monkeypatch, 0.0)
    assert drop_every_other_connection(postgresql) > 0
    ran = []
    real = spool.save
    monkeypatch.setattr(spool, "save", lambda *a, **k: ran.append(a) or real(*a, **k))
    assert twilio.sms(PHONE, "салам").messages()  # the short menu, not the apology of a spooled turn
    assert (recorded(postgresql), ran) == (2, [])


def test_a_connection_dropped_within_the_moment_runs_the_turn_again_on_a_new_one(postgresql, twilio,
                                                                                monkeypatch):
    from hotline.webhooks import spool

    ping_after(monkeypatch, float("inf"))  # no ping: the turn's read meets the dead connection
    twilio.sms(PHONE, "салам")
    assert drop_every_other_connection(postgresql) > 0
    ran = []
    real = spool.save
    monkeypatch.setattr(spool, "save", lambda *a, **k: ran.append(a) or real(*a, **k))
    assert twilio.sms(PHONE, "салам").messages()
    assert (recorded(postgresql), ran) == (2, [])


def test_outside_a_webhooks_turn_every_checkout_is_pinged(postgresql, monkeypatch):
    """A task or a page cannot run again by itself: a dead connection is replaced before use."""
    from hotline.extensions import db

    ping_after(monkeypatch, float("inf"))
    db.session.execute(select(1))
    db.session.rollback()  # the connection back in the pool, a moment ago
    assert drop_every_other_connection(postgresql) > 0
    assert db.session.execute(select(1)).scalar() == 1
