"""A webhook spooled on one web host is replayed by that host, not by whoever runs beat.

Two web hosts (`hotline web`, own instance folders, so own spools) and host A's
urgent worker, on a private PostgreSQL and Redis. The database stops; a resident
texts host B four times, SOS first: B answers at once and spools each. The
database comes back while host A's processes run; B's replayer feeds its spool
through the normal path: the alert reaches both people on duty once, the four
messages are recorded once each, in the order they arrived.
"""
from __future__ import annotations

import time

import pytest
from sqlalchemy import select

from tests.conftest import Process, wait_until
from tests.faults.hosts import WebHost, assert_quiet, host_env
from tests.faults.private_postgres import private_postgres  # noqa: F401 - a fixture
from tests.faults.support import (ON_DUTY, ON_DUTY_2, POSTGRES_PASS_ONLY, add_roster, private_app,  # noqa: F401
                                  private_redis)

pytestmark = [pytest.mark.faults, pytest.mark.worker, POSTGRES_PASS_ONLY]

RESIDENT = "+996700880001"
BODIES = ["SOS", "HELP", "BUS Gulcho", "LAWYER"]


def test_a_host_replays_its_own_spool_once_in_order_when_the_database_is_back(app, standin, private_postgres,
                                                                               private_redis, tmp_path):
    from hotline import migrate
    from hotline.alerts.models import Alert
    from hotline.extensions import db
    from hotline.messaging.models import InboundMessage
    from tests.support.phone import new_sid

    urls = {"HOTLINE_DATABASE_URL": private_postgres.url, "HOTLINE_REDIS_URL": private_redis.url}
    flask_app = private_app(app, private_redis.url, database_url=private_postgres.url,
                            instance_path=tmp_path / "test")
    with flask_app.app_context():
        migrate.upgrade()
        add_roster(db)
        db.session.remove()
    hosts = {name: WebHost(name, tmp_path, urls) for name in "ab"}
    worker = Process("worker", "--queues", "urgent", "--concurrency", "2", env=host_env(tmp_path, "a", **urls))
    try:
        for host in hosts.values():
            host.wait_ready()
        worker.wait_ready("ready.")
        private_postgres.crash()
        sids = [new_sid("SM") for _ in BODIES]
        for sid, body in zip(sids, BODIES):
            answer = hosts["b"].signed.sms(RESIDENT, body, sid=sid)
            assert answer.status == 200 and answer.root.tag == "Response"
        assert len(hosts["b"].spooled()) == len(BODIES) and hosts["a"].spooled() == []
        private_postgres.start()
        back = time.monotonic()

        for phone in (ON_DUTY, ON_DUTY_2):
            standin.wait_for_messages(1, to=phone, timeout=30)
        print(f"the spooled alert reached both on duty {time.monotonic() - back:.1f} s after the database was back")
        wait_until(lambda: not hosts["b"].spooled(), timeout=20, message="host B's spool emptied")
        with flask_app.app_context():
            recorded = list(db.session.scalars(select(InboundMessage.sid).order_by(InboundMessage.id)))
            assert recorded == sids  # once each, in order of arrival
            assert len(db.session.scalars(select(Alert)).all()) == 1
            db.session.remove()
        # Twilio's own retry of the SOS, now that the database answers: still one alert.
        hosts["b"].signed.sms(RESIDENT, "SOS", sid=sids[0])
        assert_quiet(standin, {ON_DUTY: 1, ON_DUTY_2: 1}, seconds=3)
    finally:
        worker.stop()
        for host in hosts.values():
            host.stop()
        app.extensions["celery"].set_default()
