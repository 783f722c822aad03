"""The least data that serves: bodies, phones and recordings go after the retention time."""
from __future__ import annotations

from datetime import timedelta

from hotline import retention
from hotline.core.clock import now_utc
from hotline.messaging.models import InboundMessage, OutboundMessage


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
