"""SQLite: a unit of work run again after "database is locked" cannot go stale again.

The test process begins DEFERRED (tests/conftest.py): a transaction that read and then
writes fails at once if another process wrote in between. While a worker writes often,
every deferred attempt can lose that race; the retry begins IMMEDIATE instead.
"""
from __future__ import annotations

import sqlite3

import pytest
from sqlalchemy import text

from hotline.sqlite import retry_when_locked



@pytest.fixture
def sqlite_file(db):
    url = db.engine.url
    if url.get_backend_name() != "sqlite":
        pytest.skip("SQLite's locking only")
    db.session.execute(text("CREATE TABLE IF NOT EXISTS retry_probe (n INTEGER)"))
    db.session.execute(text("DELETE FROM retry_probe"))
    db.session.commit()
    yield url.database
    db.session.execute(text("DROP TABLE retry_probe"))
    db.session.commit()


def test_a_retry_after_a_stale_snapshot_takes_the_write_lock_first(db, sqlite_file):
    other = sqlite3.connect(sqlite_file, timeout=0, isolation_level=None)  # another process's writer
    other_wrote = []

    def unit_of_work():
        db.session.execute(text("SELECT count(*) FROM retry_probe")).scalar()  # the snapshot
        try:
            other.execute("INSERT INTO retry_probe VALUES (2)")  # lands between read and write
            other_wrote.append(True)
        except sqlite3.OperationalError:
            other_wrote.append(False)  # it waits for our lock: no race any more
        db.session.execute(text("INSERT INTO retry_probe VALUES (1)"))
        db.session.commit()
        return "done"

    assert retry_when_locked(unit_of_work, db.session.rollback) == "done"
    other.close()
    assert other_wrote == [True, False]  # lost once, then the retry held the lock from its BEGIN
    assert db.session.execute(text("SELECT n FROM retry_probe ORDER BY n")).scalars().all() == [1, 2]
