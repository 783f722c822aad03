"""The least data that serves: bodies, phones and recordings go after the retention time, and only
what is old: a recent SMS (maybe not sent yet) keeps its body, a webhook receipt stays a week so
Twilio's retry is still answered once, and a second purge finds nothing."""
from __future__ import annotations

from datetime import timedelta

import pytest

from hotline import retention
from hotline.core.clock import now_utc
from hotline.messaging.models import InboundMessage, OutboundMessage
from hotline.messaging.receipts import WebhookReceipt


def test_old_bodies_and_closed_cases_are_purged_recent_ones_kept(db):
    from hotline.callbacks.models import CallbackRequest

    long_ago = now_utc() - timedelta(days=400)
    db.session.add_all([
        InboundMessage(sid="SMold", from_phone="+996700000001", body="ПОМОГИ", created_at=long_ago),
        InboundMessage(sid="SMnew", from_phone="+996700000002", body="BUS"),
        OutboundMessage(to_phone="+996700000001", body="old reply", created_at=long_ago),
        CallbackRequest(phone="+996700000001", channel="sms", status="done", topic="family",
                        district="Alai", closed_at=long_ago, created_at=long_ago,
                        recording_url="https://api.twilio.com/rec/1"),
        CallbackRequest(phone="+996700000003", open_key="+996700000003", channel="sms", status="new"),
    ])
    db.session.commit()
    counts = retention.purge()
    assert counts["inbound_bodies"] == 1 and counts["outbound_bodies"] == 1 and counts["callbacks"] == 1
    db.session.expire_all()
    bodies = {m.sid: m.body for m in db.session.query(InboundMessage)}
    assert bodies == {"SMold": "", "SMnew": "BUS"}
    old, open_one = db.session.query(CallbackRequest).order_by(CallbackRequest.id)
    assert old.phone == "" and old.recording_url is None and old.topic == "family" and old.district == "Alai"
    assert open_one.phone == "+996700000003"


def _bodies(db, model) -> dict[str, str]:
    db.session.expire_all()
    return {m.to_phone if model is OutboundMessage else m.sid: m.body for m in db.session.query(model)}


def test_an_sms_still_waiting_to_go_keeps_its_body_an_old_one_loses_it(db):
    db.session.add_all([
        OutboundMessage(to_phone="+996700000001", body="Гүлчө: 30.11 09:30", created_at=now_utc() - timedelta(days=400)),
        OutboundMessage(to_phone="+996700000002", body="Гүлчө: 02.12 09:30", status="queued"),
    ])
    db.session.commit()
    assert retention.purge()["outbound_bodies"] == 1
    assert _bodies(db, OutboundMessage) == {"+996700000001": "", "+996700000002": "Гүлчө: 02.12 09:30"}


def test_receipts_go_after_a_week_not_before(db):
    db.session.add_all([
        WebhookReceipt(key="sms:SMold", response="<Response/>", created_at=now_utc() - timedelta(days=8)),
        WebhookReceipt(key="sms:SMnew", response="<Response/>", created_at=now_utc() - timedelta(days=6)),
    ])
    db.session.commit()
    assert retention.purge()["receipts"] == 1
    db.session.expire_all()
    assert [r.key for r in db.session.query(WebhookReceipt)] == ["sms:SMnew"]


def test_a_second_purge_finds_nothing_more_to_take(db):
    long_ago = now_utc() - timedelta(days=400)
    db.session.add_all([
        InboundMessage(sid="SMold", from_phone="+996700000001", body="ПОМОГИ", created_at=long_ago),
        OutboundMessage(to_phone="+996700000001", body="old reply", created_at=long_ago),
    ])
    db.session.commit()
    first = retention.purge()
    assert (first["inbound_bodies"], first["outbound_bodies"]) == (1, 1)
    again = retention.purge()
    assert set(again) == {"sessions", "receipts", "inbound_bodies", "outbound_bodies", "alerts", "callbacks"}
    assert all(count == 0 for count in again.values()), again



def _receipt(key: str, created_at):
    return WebhookReceipt(key=f"sms:{key}", response="<Response/>", created_at=created_at)


def _inbound(key: str, created_at):
    return InboundMessage(sid=key, from_phone="+996700000001", body=key, created_at=created_at)


def _outbound(key: str, created_at):
    return OutboundMessage(to_phone="+996700000001", body=key, created_at=created_at)


def _kept(db, model) -> list[str]:
    db.session.expire_all()
    if model is WebhookReceipt:
        return [r.key.removeprefix("sms:") for r in db.session.query(model).order_by(model.id)]
    return [m.body for m in db.session.query(model).order_by(model.id) if m.body]


@pytest.mark.parametrize("make, model, count, limit", [
    (_receipt, WebhookReceipt, "receipts", "week"),
    (_inbound, InboundMessage, "inbound_bodies", "retention days"),
    (_outbound, OutboundMessage, "outbound_bodies", "retention days"),
])
def test_what_is_exactly_as_old_as_its_limit_is_kept_a_microsecond_older_goes(db, app, frozen_clock,
                                                                             make, model, count, limit):
    """A frozen clock puts a row on the very instant of its limit: "kept N days" keeps it; one
    microsecond older is purged."""
    now = frozen_clock("weekday_morning")
    age = timedelta(days=retention.RECEIPT_DAYS if limit == "week" else app.config["SETTINGS"].retention_days)
    db.session.add_all([make("edge", now - age), make("past", now - age - timedelta(microseconds=1))])
    db.session.commit()
    assert retention.purge()[count] == 1
    assert _kept(db, model) == ["edge"]
