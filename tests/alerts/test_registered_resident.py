"""An alert from the phone of a registered resident: tied to them and to their village, which
decides who is asked first and is named to the one who takes it."""
from __future__ import annotations

import pytest

from tests.alerts.conftest import NARYN_WORKER, OSH_WORKER, RESIDENT, alerts, outbox_to, raise_alert


@pytest.fixture
def resident(db):
    models = pytest.importorskip("hotline.schedule.models")
    from hotline.residents.service import get_or_create

    place = models.Place(code="4170", name_ky="Гүлчө", name_ru="Гульча", name_latin="Gulcha",
                         oblast="osh", district="Alai")
    db.session.add(place)
    db.session.flush()
    person = get_or_create(RESIDENT)
    person.place_id = place.id
    db.session.commit()
    return person


def test_the_alert_is_the_residents_and_their_villages(twilio, db, roster, resident):
    alert = raise_alert(twilio, db)
    assert (alert.resident_id, alert.place_id) == (resident.id, resident.place_id)


def test_the_taker_reads_the_village_with_the_number(twilio, db, roster, resident):
    alert = raise_alert(twilio, db)
    answer = twilio.sms(OSH_WORKER, f"ACK {alert.id}").messages()
    assert answer == [f"A{alert.id} ваш: {RESIDENT}, Gulcha. Сперва: можно говорить? "
                      f"Закрыть: DONE {alert.id} <итог>. Передать: PASS {alert.id}"]


def test_a_pass_from_the_village_worker_tells_the_other_on_duty_worker_at_once(twilio, db, roster, resident):
    """No backup and no coordinator: the only tier above the village's worker is the other
    on-duty worker (the unknown-place roster has them both in tier 1, nothing above)."""
    roster.backup.active = roster.coordinator.active = False
    db.session.commit()
    alert = raise_alert(twilio, db)
    assert outbox_to(db, NARYN_WORKER, "alert") == []  # the village's worker is asked first
    twilio.sms(OSH_WORKER, f"PASS {alert.id}")
    [notice] = outbox_to(db, NARYN_WORKER, "alert")
    assert notice.body.startswith(f"СРОЧНО A{alert.id} ")
    assert alerts(db)[0].tier == 2

