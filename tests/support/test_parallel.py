"""Each pytest-xdist worker on stores of its own (tests/support/parallel.py)."""
from __future__ import annotations

import os

import pytest
import sqlalchemy

from tests.support import parallel


def test_worker_number_from_xdist(monkeypatch):
    monkeypatch.setenv("PYTEST_XDIST_WORKER", "gw3")
    assert parallel.worker_number() == 3
    monkeypatch.delenv("PYTEST_XDIST_WORKER")
    assert parallel.worker_number() is None


@pytest.mark.parametrize("given, number, mine", [
    ("redis://127.0.0.1:6379/0", 0, "redis://127.0.0.1:6379/1"),
    ("redis://127.0.0.1:6379/0", 1, "redis://127.0.0.1:6379/2"),
    ("redis://127.0.0.1:6379", 0, "redis://127.0.0.1:6379/1"),
    ("redis://:secret@cache:6380/3?socket_timeout=2", 2, "redis://:secret@cache:6380/6?socket_timeout=2"),
    ("unix:///run/redis.sock", 1, "unix:///run/redis.sock"),
])
def test_each_worker_its_own_redis_database(given, number, mine):
    assert parallel.own_redis(given, number) == mine


def test_no_redis_database_past_the_ones_a_server_has():
    with pytest.raises(RuntimeError, match="too many workers"):
        parallel.own_redis("redis://127.0.0.1:6379/0", parallel.REDIS_DATABASES_FOR_WORKERS - 1)


def test_sqlite_is_kept_as_it_is():
    assert parallel.own_database("sqlite:////tmp/x.sqlite", 1) == "sqlite:////tmp/x.sqlite"


@pytest.mark.skipif(not os.environ.get("HOTLINE_DATABASE_URL", "").startswith("postgresql"),
                    reason="PostgreSQL pass only")
def test_each_worker_its_own_postgres_database_created_once():
    given = sqlalchemy.engine.make_url(os.environ["HOTLINE_DATABASE_URL"])
    mine = parallel.own_database(given.render_as_string(hide_password=False), 7)
    assert sqlalchemy.engine.make_url(mine).database == f"{given.database}_gw7"
    assert parallel.own_database(given.render_as_string(hide_password=False), 7) == mine  # exists: kept
    engine = sqlalchemy.create_engine(mine)
    try:
        with engine.connect() as connection:
            assert connection.exec_driver_sql("SELECT current_database()").scalar() == f"{given.database}_gw7"
    finally:
        engine.dispose()
        owner = sqlalchemy.create_engine(given, isolation_level="AUTOCOMMIT")
        with owner.connect() as connection:
            connection.exec_driver_sql(f'DROP DATABASE "{given.database}_gw7"')
        owner.dispose()
