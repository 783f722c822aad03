"""The queue's details mutation testing found unchecked (docs/mutation.md, hotline/callbacks/queue.py):
a request that has not settled must not hold up the ones behind it, the order by filing time
(rows filed out of order), 48 hours exactly, the retry reminder only for an assigned request,
the rows of the SMS the lawyer and the resident get (who they are about, the key that stops a
twin, their queue and purpose), the dialogue left half-way, and the retry windows' edges."""
from __future__ import annotations

import time as system_time
from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from hotline.callbacks import queue, service
from hotline.staff.service import add_staff
from tests.callbacks.helpers import LAWYER_NARYN, LAWYER_OSH, RESIDENT, add_place, outbox_to

OTHER = "+996700999888"
THIRD = "+996555000111"
BISHKEK = ZoneInfo("Asia/Bishkek")


def _request(db, now, phone=RESIDENT, **fields):
    fields = {"topic": "work", "safe_time": "any", **fields}
    request = service.file_request(phone, channel="sms", language="ru", now=now, **fields)
    request.oblast = request.oblast or "osh"
    db.session.commit()
    return request


def _lawyer(phone=LAWYER_OSH, language="ru", name="Osh lawyer"):
    lawyer = add_staff(name, phone, "lawyer", "osh")
    lawyer.language = language
    return lawyer


# --- the round robin ---

def test_a_request_still_being_filled_in_does_not_hold_up_the_settled_ones_behind_it(db, frozen_clock):
    now = frozen_clock("weekday_morning")
    lawyer = _lawyer()
    busy = _request(db, now - timedelta(hours=2))  # filed first, still answering the questions
    service.update(busy, now=now, topic="family")
    settled = _request(db, now - timedelta(hours=1), phone=OTHER)
    db.session.commit()
    assert queue.auto_assign(now) == 1
    assert (busy.status, busy.lawyer_id) == ("new", None)
    assert (settled.status, settled.lawyer_id) == ("assigned", lawyer.id)


def test_with_no_lawyer_at_all_the_round_robin_assigns_nothing_and_says_so(db, frozen_clock):
    now = frozen_clock("weekday_morning")
    add_staff("Coordinator", "+996700100001", "coordinator")
    first = _request(db, now - timedelta(hours=2))
    second = _request(db, now - timedelta(hours=1), phone=OTHER)
    assert queue.auto_assign(now) == 0
    assert [r.status for r in (first, second)] == ["new", "new"]


def test_the_round_robin_goes_by_filing_time_not_by_row_order(db, frozen_clock):
    now = frozen_clock("weekday_morning")
    first, second = _lawyer(name="Lawyer 1"), _lawyer(LAWYER_NARYN, name="Lawyer 2")
    newer = _request(db, now - timedelta(hours=1))
    older = _request(db, now - timedelta(hours=1), phone=OTHER)
    older.created_at = now - timedelta(hours=3)  # a later row, filed earlier (e.g. a replayed webhook)
    db.session.commit()
    assert queue.auto_assign(now) == 2
    assert (older.lawyer_id, newer.lawyer_id) == (first.id, second.id)


# --- the coordinator's queue ---

def test_the_queue_lists_by_filing_time_then_by_row(db, frozen_clock):
    now = frozen_clock("weekday_morning")
    lawyer = _lawyer()
    first_row = _request(db, now - timedelta(hours=1))
    second_row = _request(db, now - timedelta(hours=1), phone=OTHER)
    oldest = _request(db, now - timedelta(hours=1), phone=THIRD)
    oldest.created_at = now - timedelta(hours=5)  # the last row, filed first
    queue.assign(second_row, lawyer, now)  # an assigned one and a new one filed the same second
    db.session.commit()
    assert [item.request.id for item in queue.open_queue(now)] == [oldest.id, first_row.id, second_row.id]


def test_a_request_is_overdue_only_after_48_hours(db, frozen_clock):
    now = frozen_clock("weekday_morning")
    exactly = _request(db, now - queue.OVERDUE_AFTER)
    beyond = _request(db, now - queue.OVERDUE_AFTER - timedelta(seconds=1), phone=OTHER)
    flags = {item.request.id: item.overdue for item in queue.open_queue(now)}
    assert flags == {beyond.id: True, exactly.id: False}


# --- the lawyer's SMS ---

def test_each_notice_to_the_lawyer_is_a_staff_row_of_its_own_about_the_request(db, frozen_clock):
    now = frozen_clock("weekday_morning")
    lawyer = _lawyer()
    request = _request(db, now)
    queue.assign(request, lawyer, now)
    request.next_attempt_at = now
    db.session.commit()
    assert queue.remind_due(now) == 1
    db.session.commit()
    rows = outbox_to(LAWYER_OSH)
    assert [(m.queue, m.purpose, m.ref_id, m.dedupe_key) for m in rows] == [
        ("default", "staff", request.id, f"callback:{request.id}:lawyer:1"),
        ("default", "staff", request.id, f"callback:{request.id}:lawyer:2"),
    ]
    assert rows[1].body.startswith(f"{request.reference}: позвоните снова (1/3).")
    assert request.notifications == 2


def test_a_retry_reminder_is_only_for_a_request_still_assigned(db, frozen_clock):
    now = frozen_clock("weekday_morning")
    lawyer = _lawyer()
    request = _request(db, now)
    queue.assign(request, lawyer, now)
    service.close(request, "unreachable", now)
    request.next_attempt_at = now  # the resident's window for the "we could not reach you" SMS
    db.session.commit()
    assert queue.remind_due(now) == 0
    db.session.commit()
    assert len(outbox_to(LAWYER_OSH)) == 1  # the first notice only
    assert (request.status, request.lawyer_id, request.next_attempt_at) == ("unreachable", lawyer.id, now)


def test_the_lawyers_sms_without_a_topic_and_with_a_known_village_in_their_language(db, frozen_clock):
    now = frozen_clock("weekday_morning")
    place_id = add_place()
    if place_id is None:
        pytest.skip("the schedule package is not installed")
    lawyer = _lawyer(language="ky")
    request = service.file_request(RESIDENT, channel="missed_call", language="ky", now=now, place_id=place_id)
    db.session.commit()
    queue.assign(request, lawyer, now)
    db.session.commit()
    [sms] = outbox_to(LAWYER_OSH)
    ref = request.reference
    assert sms.body == (f"{ref}: {RESIDENT}, тема белгисиз, Гүлчө (Alai), каалаган убакта. "
                        f"Алгач: сүйлөй алабы? DONE/NOANSWER {ref}")


def test_the_withdrawn_notice_is_a_staff_row_about_the_request_in_the_lawyers_language(db, frozen_clock):
    now = frozen_clock("weekday_morning")
    lawyer = _lawyer(language="ky")
    request = _request(db, now)
    queue.assign(request, lawyer, now)
    queue.tell_lawyer_withdrawn(request)
    db.session.commit()
    notice = outbox_to(LAWYER_OSH)[-1]
    assert notice.body == f"{request.reference}: өтүнмө жокко чыгарылды."
    assert (notice.purpose, notice.ref_id, notice.dedupe_key) == (
        "staff", request.id, f"callback:{request.id}:withdrawn")


def test_a_request_closed_or_taken_elsewhere_cannot_be_assigned_and_says_which(db, frozen_clock):
    now = frozen_clock("weekday_morning")
    lawyer = _lawyer()
    request = _request(db, now)
    service.close(request, "withdrawn", now)
    with pytest.raises(ValueError) as closed:
        queue.assign(request, lawyer, now)
    assert str(closed.value) == f"{request.reference} is closed"
    coordinator = add_staff("Coordinator", "+996700100001", "coordinator")
    with pytest.raises(ValueError) as not_a_lawyer:
        queue.assign(_request(db, now, phone=OTHER), coordinator, now)
    assert str(not_a_lawyer.value) == "only an active lawyer can take a callback"


# --- the resident's SMS ---

def test_the_unreachable_sms_row_is_about_the_request_and_never_to_a_purged_phone(db, frozen_clock):
    now = frozen_clock("weekday_morning")
    request = _request(db, now)
    purged = _request(db, now, phone=OTHER)
    for closing in (request, purged):
        service.close(closing, "unreachable", now)
        closing.next_attempt_at = now
    purged.phone = ""  # purge_closed empties the phone of a closed request
    db.session.commit()
    assert queue.tell_unreachable_due(now) == 1
    db.session.commit()
    [sms] = outbox_to(RESIDENT)
    assert (sms.purpose, sms.ref_id, sms.dedupe_key) == (
        "callback", request.id, f"callback:{request.id}:unreachable")
    assert outbox_to("") == []
    assert purged.next_attempt_at == now  # not picked at all


def test_a_dialogue_left_half_way_is_told_its_reference_once_settled_in_its_language(db, frozen_clock):
    now = frozen_clock("weekday_morning")
    request = service.file_request(RESIDENT, channel="sms", language="ky", now=now - queue.SETTLE_AFTER,
                                   topic="work")
    not_yet = service.file_request(OTHER, channel="sms", language="ru",
                                   now=now - queue.SETTLE_AFTER + timedelta(seconds=1), topic="work")
    db.session.commit()
    assert queue.tell_left_halfway(now) == 1
    db.session.commit()
    [sms] = outbox_to(RESIDENT)
    ref = request.reference
    assert sms.body == f"{ref} өтүнмөңүз кабыл алынды. Юрист 2 иш күнүнүн ичинде чалат. Жокко чыгаруу: ЖОККО {ref}"
    assert (sms.purpose, sms.ref_id, sms.dedupe_key) == ("callback", request.id, f"callback:{request.id}:reference")
    assert (request.told_at, not_yet.told_at) == (now, None)
    assert outbox_to(OTHER) == []


def test_no_reference_sms_for_a_request_that_follows_an_alert_nor_for_a_closed_one(db, frozen_clock):
    from hotline.alerts import service as alerts

    now = frozen_clock("weekday_morning")
    filed = now - timedelta(hours=1)
    alerted = service.file_request(RESIDENT, channel="sms", language="ru", now=filed, topic="work")
    db.session.commit()
    alerts.raise_signal(RESIDENT, None, "sms", filed + timedelta(minutes=5))
    withdrawn = service.file_request(THIRD, channel="sms", language="ru", now=filed, topic="work")
    service.close(withdrawn, "withdrawn", filed)
    behind = service.file_request(OTHER, channel="sms", language="ru", now=filed, topic="work")
    db.session.commit()
    assert alerted.alert_id is not None and alerted.id < behind.id
    assert queue.tell_left_halfway(now) == 2
    db.session.commit()
    assert [m.purpose for m in outbox_to(RESIDENT)] == []
    assert outbox_to(THIRD) == []
    assert [m.ref_id for m in outbox_to(OTHER)] == [behind.id]  # the one behind it is still told
    assert (alerted.told_at, behind.told_at, withdrawn.told_at) == (now, now, None)


def test_no_reference_sms_for_a_request_that_followed_an_alert_since_purged(db, frozen_clock):
    from hotline.alerts import service as alerts

    now = frozen_clock("weekday_morning")
    filed = now - timedelta(hours=1)
    request = service.file_request(RESIDENT, channel="sms", language="ru", now=filed, topic="work")
    alert, _ = alerts.raise_signal(RESIDENT, None, "sms", filed + timedelta(minutes=1))
    coordinator = add_staff("Coordinator", "+996700100001", "coordinator")
    alerts.close(alert, coordinator, "safe", filed + timedelta(minutes=2))
    assert alerts.purge_closed(filed + timedelta(minutes=3)) == 1
    db.session.commit()
    assert (request.status, request.alert_id, service.latest_alert_id(RESIDENT)) == ("new", alert.id, None)
    assert queue.tell_left_halfway(now) == 1
    db.session.commit()
    assert outbox_to(RESIDENT) == [] and request.told_at == now


# --- a moment from the database (func.max bypasses the column type) ---

def test_a_moment_read_without_its_type_is_taken_as_utc():
    utc = timezone.utc
    assert queue._aware(None) is None
    assert queue._aware("2026-03-11 04:00:00.000000") == datetime(2026, 3, 11, 4, tzinfo=utc)
    naive = queue._aware(datetime(2026, 3, 11, 4))
    assert (naive, naive.utcoffset()) == (datetime(2026, 3, 11, 4, tzinfo=utc), timedelta(0))
    bishkek = datetime(2026, 3, 11, 10, tzinfo=BISHKEK)
    assert queue._aware(bishkek).isoformat() == "2026-03-11T10:00:00+06:00"


# --- retry windows ---

def test_an_unknown_safe_time_is_read_as_any_time():
    now = datetime.fromisoformat("2026-03-11T18:30:00+06:00")
    assert queue.next_attempt_at("never-heard-of", now, BISHKEK).isoformat() == "2026-03-12T09:00:00+06:00"


def test_the_next_attempt_is_given_in_the_callers_zone():
    now = datetime.fromisoformat("2026-03-11T08:00:00+06:00")
    assert queue.next_attempt_at("morning", now, BISHKEK).isoformat() == "2026-03-11T10:00:00+06:00"


def test_thirty_days_without_a_working_day_is_an_error_not_a_date():
    now = datetime.fromisoformat("2026-03-09T10:00:00+06:00")  # a Monday
    days = tuple((now.date() + timedelta(days=n)).isoformat() for n in range(30))
    with pytest.raises(AssertionError) as failed:
        queue.next_attempt_at("any", now, BISHKEK, gap=timedelta(0), holidays=days)
    assert str(failed.value) == "no working day in thirty days"
    assert queue.next_attempt_at("any", now, BISHKEK, gap=timedelta(0), holidays=days[:-1]).isoformat() \
        == "2026-04-07T09:00:00+06:00"


@pytest.fixture
def server_zone(monkeypatch):
    """The server's own time zone (TZ), as a host set to another zone than UTC has it."""
    def set_zone(name: str) -> None:
        monkeypatch.setenv("TZ", name)
        system_time.tzset()

    yield set_zone
    monkeypatch.undo()
    system_time.tzset()


@pytest.mark.parametrize("zone, now, safe_time, expected", [
    # 08:00 in Bishkek is the day before at UTC-12: the retry still comes two hours later.
    ("Etc/GMT+12", "2026-03-11T08:00:00+06:00", "morning", "2026-03-11T10:00:00+06:00"),
    # 15:30 in Bishkek is already the next day at UTC+14: the evening window is still today's.
    ("Pacific/Kiritimati", "2026-03-11T15:30:00+06:00", "evening", "2026-03-11T17:30:00+06:00"),
])
def test_the_retry_window_is_the_persons_whatever_zone_the_server_is_in(server_zone, zone, now, safe_time,
                                                                        expected):
    server_zone(zone)
    assert datetime.now().astimezone().utcoffset() != timedelta(0)  # the zone did change
    assert queue.next_attempt_at(safe_time, datetime.fromisoformat(now), BISHKEK).isoformat() == expected
