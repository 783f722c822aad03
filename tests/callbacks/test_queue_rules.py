"""The queue's rules as plain functions (mutation testing of hotline/callbacks/queue.py found
them unchecked, docs/mutation.md): who may take a callback, what the lawyer's SMS says, the
order of the round robin, holidays on a retry, the withdrawn notice."""
from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from hotline.callbacks import queue, service
from hotline.staff.service import add_staff
from tests.callbacks.helpers import LAWYER_OSH, RESIDENT, outbox_to

OTHER = "+996700999888"


def _request(db, now, phone=RESIDENT, **fields):
    request = service.file_request(phone, channel="sms", language="ru", now=now, topic="work",
                                   safe_time="any", **fields)
    request.oblast = "osh"
    db.session.commit()
    return request


@pytest.mark.parametrize("role, active", [("coordinator", True), ("social_worker", True), ("lawyer", False)])
def test_only_an_active_lawyer_takes_a_callback(db, frozen_clock, role, active):
    now = frozen_clock("weekday_morning")
    member = add_staff("Someone", LAWYER_OSH, role, "osh")
    member.active = active
    request = _request(db, now)
    assert queue.lawyers_for(request) == []
    with pytest.raises(ValueError, match="only an active lawyer can take a callback"):
        queue.assign(request, member, now)
    assert queue.auto_assign(now) == 0 and request.lawyer_id is None


@pytest.mark.parametrize("lang, village, said", [
    ("ru", "Гульча", "работа, миграция, Гульча, в любое время. Сперва: можно говорить?"),
    ("ky", "Гүлчө", "иш, миграция, Гүлчө, каалаган убакта. Алгач: сүйлөй алабы?"),
])
def test_the_lawyers_sms_names_number_topic_village_and_time_in_their_language(db, frozen_clock, lang,
                                                                               village, said):
    now = frozen_clock("weekday_morning")
    lawyer = add_staff("Osh lawyer", LAWYER_OSH, "lawyer", "osh")
    lawyer.language = lang
    request = _request(db, now, place_text=village)
    queue.assign(request, lawyer, now)
    db.session.commit()
    [sms] = outbox_to(LAWYER_OSH)
    ref = request.reference
    assert sms.body == f"{ref}: {RESIDENT}, {said} DONE/NOANSWER {ref}"


def test_the_round_robin_serves_an_alerts_request_first_then_the_oldest(db, frozen_clock):
    now = frozen_clock("weekday_morning")
    first, second = (add_staff(f"Lawyer {n}", phone, "lawyer", "osh")
                     for n, phone in ((1, LAWYER_OSH), (2, "+996998100006")))
    older = _request(db, now - timedelta(hours=2), phone=OTHER)
    newer = _request(db, now - timedelta(hours=1), phone="+996555000111")
    urgent = _request(db, now, alert_id=7)
    assert queue.auto_assign(now) == 3
    assert [(r.id, r.lawyer_id) for r in (urgent, older, newer)] == [
        (urgent.id, first.id), (older.id, second.id), (newer.id, first.id)]


def test_a_request_left_half_way_waits_half_an_hour_before_the_round_robin(db, frozen_clock):
    now = frozen_clock("weekday_morning")
    add_staff("Osh lawyer", LAWYER_OSH, "lawyer", "osh")
    request = service.file_request(RESIDENT, channel="sms", language="ru", now=now, topic="work")
    db.session.commit()
    assert queue.auto_assign(now + queue.SETTLE_AFTER - timedelta(seconds=1)) == 0
    assert queue.auto_assign(now + queue.SETTLE_AFTER) == 1 and request.status == "assigned"


def test_a_retry_skips_a_holiday(db, frozen_clock):
    frozen_clock("holiday")
    before = datetime.fromisoformat("2026-08-30T16:00:00+06:00")  # a Sunday, the day before
    request = _request(db, before)
    request.status = "assigned"
    assert queue.mark_no_answer(request, before, queue.ZoneInfo("Asia/Bishkek")) == "retry"
    assert request.next_attempt_at == datetime.fromisoformat("2026-09-01T09:00:00+06:00")


def test_a_noanswer_exactly_when_the_window_opens_counts(db, frozen_clock):
    now = frozen_clock("weekday_morning")
    request = _request(db, now)
    request.status, request.next_attempt_at = "assigned", now
    assert queue.mark_no_answer(request, now, queue.ZoneInfo("Asia/Bishkek")) == "retry"
    assert request.attempts == 1


def test_the_assigned_lawyer_hears_that_the_request_was_withdrawn(db, frozen_clock):
    now = frozen_clock("weekday_morning")
    lawyer = add_staff("Osh lawyer", LAWYER_OSH, "lawyer", "osh")
    lawyer.language = "ru"
    request = _request(db, now)
    queue.tell_lawyer_withdrawn(request)  # nobody assigned: nobody told
    assert outbox_to(LAWYER_OSH) == []
    queue.assign(request, lawyer, now)
    queue.tell_lawyer_withdrawn(request)
    db.session.commit()
    assert outbox_to(LAWYER_OSH)[-1].body == f"{request.reference}: заявка отменена заявителем."


def test_the_queue_filters_by_oblast_and_by_lawyer(db, frozen_clock):
    now = frozen_clock("weekday_morning")
    lawyer = add_staff("Osh lawyer", LAWYER_OSH, "lawyer", "osh")
    mine = _request(db, now)
    queue.assign(mine, lawyer, now)
    naryn = _request(db, now, phone=OTHER)
    naryn.oblast = "naryn"
    db.session.commit()
    assert [i.request.id for i in queue.open_queue(now, oblast="naryn")] == [naryn.id]
    assert [i.request.id for i in queue.open_queue(now, lawyer_id=lawyer.id)] == [mine.id]


def test_a_lawyer_who_closes_an_unassigned_request_is_recorded_as_its_lawyer(db, frozen_clock):
    now = frozen_clock("weekday_morning")
    lawyer = add_staff("Osh lawyer", LAWYER_OSH, "lawyer", "osh")
    request = _request(db, now)
    queue.mark_done(request, lawyer, now)
    assert (request.status, request.lawyer_id, request.assigned_at) == ("done", lawyer.id, now)


def test_a_retry_due_for_a_lawyer_who_left_goes_back_to_the_round_robin(db, frozen_clock):
    now = frozen_clock("weekday_morning")
    lawyer = add_staff("Osh lawyer", LAWYER_OSH, "lawyer", "osh")
    request = _request(db, now)
    queue.assign(request, lawyer, now)
    request.next_attempt_at = now
    lawyer.active = False
    db.session.commit()
    assert queue.remind_due(now) == 1
    assert (request.status, request.lawyer_id) == ("new", None)
    assert len(outbox_to(LAWYER_OSH)) == 1  # the first notice only: no retry to someone who left


def test_the_unreachable_sms_goes_only_to_unreachable_requests_in_the_persons_language(db, frozen_clock):
    from hotline.alerts import service as alerts

    now = frozen_clock("weekday_morning")
    alerted = _request(db, now, phone=OTHER)
    service.close(alerted, "unreachable", now)
    alerted.next_attempt_at = now
    alerts.raise_signal(OTHER, None, "sms", now)  # an alert since: this one gets no SMS
    unreachable = _request(db, now)
    unreachable.language = "ky"
    done = _request(db, now, phone="+996555000111")
    for request, status in ((unreachable, "unreachable"), (done, "done")):
        service.close(request, status, now)
        request.next_attempt_at = now
    db.session.commit()
    assert queue.tell_unreachable_due(now) == 2
    db.session.commit()
    assert [m.body for m in outbox_to(RESIDENT)] == [
        "Юрист сизге чала алган жок. Кайра суроо үчүн ЮРИСТ деп жазыңыз."]
    assert outbox_to("+996555000111") == []
    assert [m.purpose for m in outbox_to(OTHER)] == []

