"""HOTLINE_DATABASE_URL listing several PostgreSQL hosts, libpq's way.

`?host=A:port&host=B:port&target_session_attrs=read-write`: libpq tries the hosts
in turn and keeps the first that takes writes, which is how the app finds the
primary after a failover. Here the first host is dead (nothing listens) and the
second is the machine's server: `hotline init` and /healthz work, and after the
server cuts the app's connections (as a failover does) the next request
reconnects, as after a restart.
"""
from __future__ import annotations

import dataclasses
import os
import subprocess
import sys

import pytest
import sqlalchemy
from sqlalchemy.engine import make_url

from tests.conftest import _free_port
from tests.faults.support import POSTGRES_PASS_ONLY

pytestmark = [pytest.mark.faults, POSTGRES_PASS_ONLY]


def multi_host_url(live: str) -> str:
    url = make_url(live)
    dead = f"127.0.0.1:{_free_port()}"  # nothing listens there
    hosts = [dead, f"{url.host}:{url.port or 5432}"]
    return url.set(host=None, port=None, query={"host": hosts, "target_session_attrs": "read-write"}) \
        .render_as_string(hide_password=False)


def test_the_first_writable_of_several_hosts_is_used(app):
    from hotline.app import create_app

    url = multi_host_url(os.environ["HOTLINE_DATABASE_URL"])
    assert "host=127.0.0.1" in url and "target_session_attrs=read-write" in url
    init = subprocess.run([sys.executable, "-m", "hotline", "init"], capture_output=True, text=True, timeout=120,
                          env={**os.environ, "HOTLINE_DATABASE_URL": url})
    assert init.returncode == 0, init.stderr[-2000:]

    other = create_app(dataclasses.replace(app.config["SETTINGS"], database_url=url))
    app.extensions["celery"].set_default()
    client = other.test_client()
    assert client.get("/healthz").get_json()["db"] == "ok"
    from hotline.extensions import db

    def backend() -> int:
        with other.app_context():
            assert not db.session.execute(sqlalchemy.text("SELECT pg_is_in_recovery()")).scalar()  # the primary
            try:
                return db.session.execute(sqlalchemy.text("SELECT pg_backend_pid()")).scalar()
            finally:
                db.session.remove()

    before = backend()
    cut = sqlalchemy.create_engine(os.environ["HOTLINE_DATABASE_URL"])
    with cut.begin() as connection:
        connection.exec_driver_sql("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                                   "WHERE pid <> pg_backend_pid() AND datname = current_database() "
                                   "AND application_name = ''")
    cut.dispose()
    assert client.get("/healthz").get_json()["db"] == "ok"  # the pool reconnects through the host list
    assert backend() != before  # the old connection was indeed cut
