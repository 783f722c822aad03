"""Stores of one's own for each pytest-xdist worker (scripts/test runs the suite in several).

Every test empties all tables and the broker first, so two workers sharing a database or
a Redis database would wipe each other's rows mid-test. On the embedded defaults each
worker already has its own (a SQLite file and a redis-server in its own temporary
folder); on an outside PostgreSQL and Redis (CI's second pass) a worker takes the given
database's name with its own suffix (created if missing) and the Redis database numbered
after the given one by the worker's number.
"""
from __future__ import annotations

import os
from urllib.parse import urlsplit, urlunsplit

import sqlalchemy

# Redis's databases 0-15 exist by default; tests/test_bench_scripts.py takes 13 for itself.
REDIS_DATABASES_FOR_WORKERS = 12


def worker_number() -> int | None:
    """0 for gw0, 1 for gw1...; None outside a pytest-xdist worker."""
    name = os.environ.get("PYTEST_XDIST_WORKER", "")
    return int(name.removeprefix("gw")) if name.startswith("gw") else None


def own_database(url: str, number: int) -> str:
    """The given PostgreSQL database with the worker's suffix, created if missing."""
    if not url.startswith("postgresql"):
        return url
    given = sqlalchemy.engine.make_url(url)
    mine = given.set(database=f"{given.database}_gw{number}")
    engine = sqlalchemy.create_engine(given, isolation_level="AUTOCOMMIT", poolclass=sqlalchemy.pool.NullPool)
    try:
        with engine.connect() as connection:
            exists = connection.exec_driver_sql(
                "SELECT 1 FROM pg_database WHERE datname = %(name)s", {"name": mine.database}).first()
            if not exists:
                connection.exec_driver_sql(f'CREATE DATABASE "{mine.database}"')
    finally:
        engine.dispose()
    return mine.render_as_string(hide_password=False)


def own_redis(url: str, number: int) -> str:
    """redis://host:port/N -> redis://host:port/(N + 1 + number): the given one is left to a
    run without workers. A Sentinel or socket URL is kept as it is (run one worker then)."""
    parts = urlsplit(url)
    if parts.scheme not in ("redis", "rediss"):
        return url
    base = int(parts.path.strip("/") or 0)
    mine = base + 1 + number
    if mine >= REDIS_DATABASES_FOR_WORKERS:
        raise RuntimeError(f"Redis database {mine} for test worker {number}: too many workers")
    return urlunsplit(parts._replace(path=f"/{mine}"))
