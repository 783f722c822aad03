"""STOP holds for change notices: a delayed or cancelled visit is not news to someone who
asked for no more SMS (issue 15: with visit_change among the always-delivered purposes the
suite stayed green). Plain functions at a fixed moment; no worker."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from hotline.extensions import db as database
from hotline.messaging.models import OutboundMessage
from hotline.residents import service as residents
from hotline.schedule import reminders, service
from tests.schedule.helpers import add_visit, in_days, load_places, place

STOPPED, LISTENING = "+996700000001", "+996555000002"


@pytest.mark.parametrize("change", ["delayed", "cancelled"])
def test_a_change_notice_skips_whoever_sent_stop(db, frozen_clock, change):
    now = frozen_clock("weekday_morning")
    load_places()
    visit = add_visit("1101", in_days(3))
    for phone in (STOPPED, LISTENING):
        service.subscribe(residents.get_or_create(phone), place("1101").id)
    residents.get_or_create(STOPPED).opted_out = True
    database.session.commit()
    service.change_visit(visit.id, change, **({"delay_minutes": 30} if change == "delayed" else {}))
    database.session.commit()

    assert reminders.send_change_notices(now) == 1
    database.session.info.pop("outbox_pending", None)  # no worker: the rows are what we check
    database.session.commit()
    assert list(database.session.scalars(select(OutboundMessage.to_phone).where(
        OutboundMessage.purpose == "visit_change"))) == [LISTENING]
