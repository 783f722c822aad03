"""A voice alert's recorded message plays in the admin page, fetched from Twilio (the stand-in)
with our credentials; only the taker and coordinators may hear it."""
from __future__ import annotations

import pytest
from sqlalchemy import select

RESIDENT = "+996700111222"
AUDIO = b"ID3\x03\x00fake mp3 frames" + bytes(range(256))


@pytest.fixture
def recorded_alert(db, standin):
    from hotline.alerts import service
    from hotline.core.clock import now_utc

    alert, _ = service.raise_signal(RESIDENT, None, "voice", now_utc())
    service.add_recording(alert, standin.add_recording("RE" + "a" * 32, AUDIO), "7")
    db.session.commit()
    return alert


def test_the_taker_and_a_coordinator_hear_the_recording(client_as, db, staff, recorded_alert):
    coordinator = client_as("coordinator")
    page = coordinator.get(f"/admin/alerts/{recorded_alert.id}").get_data(as_text=True)
    assert f"/admin/alerts/{recorded_alert.id}/recording" in page
    response = coordinator.get(f"/admin/alerts/{recorded_alert.id}/recording")
    assert response.status_code == 200 and response.data == AUDIO
    assert response.mimetype == "audio/mpeg" and response.headers["Cache-Control"] == "no-store"

    worker = client_as("social_worker")
    assert worker.get(f"/admin/alerts/{recorded_alert.id}/recording").status_code == 403  # not theirs yet
    recorded_alert.status, recorded_alert.taken_by_id = "taken", staff["social_worker"]
    db.session.commit()
    assert worker.get(f"/admin/alerts/{recorded_alert.id}/recording").data == AUDIO


def test_a_recording_twilio_cannot_give_is_a_plain_502(client_as, db, staff, recorded_alert):
    recorded_alert.recording_url = recorded_alert.recording_url.replace("RE" + "a" * 32, "RE" + "b" * 32)
    db.session.commit()
    response = client_as("coordinator").get(f"/admin/alerts/{recorded_alert.id}/recording")
    assert response.status_code == 502 and "404" in response.get_data(as_text=True)


def test_only_twilio_urls_are_fetched(client_as, db, staff, recorded_alert):
    recorded_alert.recording_url = "http://169.254.169.254/latest/meta-data"
    db.session.commit()
    response = client_as("coordinator").get(f"/admin/alerts/{recorded_alert.id}/recording")
    assert response.status_code == 502 and "not a Twilio recording" in response.get_data(as_text=True)


def test_no_recording_is_404(client_as, db, staff):
    from hotline.alerts import service
    from hotline.alerts.models import Alert
    from hotline.core.clock import now_utc

    service.raise_signal(RESIDENT, None, "sms", now_utc())
    db.session.commit()
    alert = db.session.scalars(select(Alert)).one()
    assert client_as("coordinator").get(f"/admin/alerts/{alert.id}/recording").status_code == 404
