"""A coordinator hands a taken alert back to the rotation when its taker cannot go on."""
from __future__ import annotations

from sqlalchemy import select


def test_pass_on_behalf_of_a_silent_taker_reopens_and_notifies_again(client_as, twilio, db, staff):
    from hotline.alerts.models import Alert
    from hotline.messaging.models import OutboundMessage

    twilio.sms("+996700111222", "SOS")
    alert = db.session.scalars(select(Alert)).one()
    coordinator = client_as("coordinator")
    coordinator.post(f"/admin/alerts/{alert.id}/ack", data={"staff_id": staff["social_worker"]})
    db.session.rollback()
    assert alert.status == "taken"
    page = coordinator.get(f"/admin/alerts/{alert.id}").get_data(as_text=True)
    assert 'id="pass"' in page
    sent_before = db.session.query(OutboundMessage).filter_by(purpose="alert").count()
    response = coordinator.post(f"/admin/alerts/{alert.id}/pass", data={"staff_id": staff["social_worker"]})
    assert response.status_code == 302
    db.session.rollback()
    assert alert.status == "open" and alert.taken_by_id is None
    kinds = [e.kind for e in alert.events]
    assert "passed" in kinds and kinds[-1] == "admin"
    assert db.session.query(OutboundMessage).filter_by(purpose="alert").count() > sent_before


def test_pass_for_someone_who_is_not_the_taker_changes_nothing(client_as, twilio, db, staff):
    from hotline.alerts.models import Alert

    twilio.sms("+996700111222", "SOS")
    alert = db.session.scalars(select(Alert)).one()
    coordinator = client_as("coordinator")
    coordinator.post(f"/admin/alerts/{alert.id}/ack", data={"staff_id": staff["social_worker"]})
    coordinator.post(f"/admin/alerts/{alert.id}/pass", data={"staff_id": staff["coordinator"]})
    db.session.rollback()
    assert alert.status == "taken" and alert.taken_by_id == staff["social_worker"]
