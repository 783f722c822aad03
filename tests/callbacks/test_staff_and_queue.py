"""Lawyers' SMS commands, the queue order, round robin, retry windows and figures."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from hotline.callbacks import figures, queue, service
from hotline.callbacks.models import CallbackRequest
from hotline.staff.service import add_staff
from ivr_flows import dispatch
from tests.callbacks.helpers import (COORDINATOR, LAWYER_NARYN, LAWYER_OSH, RESIDENT, add_lawyers,
                                     open_request, outbox_to)

BISHKEK = ZoneInfo("Asia/Bishkek")
UTC = timezone.utc


def local(*args) -> datetime:
    return datetime(*args, tzinfo=BISHKEK).astimezone(UTC)


def filed(db, phone=RESIDENT, oblast="osh", minutes_ago=0, **fields) -> CallbackRequest:
    now = datetime.now(UTC) - timedelta(minutes=minutes_ago)
    request = service.file_request(phone, channel="sms", language="ru", now=now, topic="family",
                                   safe_time="morning", **fields)
    request.oblast = oblast
    request.created_at = now
    db.session.commit()
    return request


def assigned(db, lawyer_phone=LAWYER_OSH, **fields) -> CallbackRequest:
    from hotline.staff.service import by_phone

    request = filed(db, **fields)
    queue.assign(request, by_phone(lawyer_phone), datetime.now(UTC))
    db.session.commit()
    return request


# --- staff commands over signed SMS ---

def test_lawyer_done_closes_the_request(db, twilio):
    add_lawyers()
    request = assigned(db)
    reply = twilio.sms(LAWYER_OSH, f"DONE K{request.id}").text
    assert f"K-{request.id}" in reply and "закрыта" in reply
    assert open_request() is None
    db.session.expire_all()
    assert db.session.get(CallbackRequest, request.id).status == "done"


def test_unknown_phone_sending_done_changes_nothing(db, twilio):
    add_lawyers()
    request = assigned(db)
    reply = twilio.sms("+996555000111", f"DONE K{request.id}").text
    assert "закрыта" not in reply
    assert open_request().status == "assigned"


def test_another_lawyer_cannot_close_it_but_a_coordinator_can(db, twilio):
    add_lawyers()
    request = assigned(db)
    assert "другому юристу" in twilio.sms(LAWYER_NARYN, f"DONE K-{request.id}").text
    assert open_request() is not None
    assert "закрыта" in twilio.sms(COORDINATOR, f"done к {request.id}").text  # Cyrillic к, a space
    assert open_request() is None


def test_done_without_k_goes_to_the_alerts_handler(db, twilio, monkeypatch):
    add_lawyers()
    seen = []
    monkeypatch.setitem(dispatch.STAFF_COMMANDS, "DONE_ALERT",
                        lambda staff, args, phone: seen.append(args) or "alert closed")
    assert twilio.sms(LAWYER_OSH, "DONE 7").text == "alert closed"
    assert seen == [["7"]]


def _window_opened(db, request_id: int) -> None:
    """Time passes: the retry window the last NOANSWER set has come."""
    request = db.session.get(CallbackRequest, request_id)
    request.next_attempt_at = datetime.now(UTC) - timedelta(minutes=1)
    db.session.commit()


def _three_unanswered_calls(db, twilio, request_id: int) -> None:
    for _ in range(3):
        _window_opened(db, request_id)
        twilio.sms(LAWYER_OSH, f"NOANSWER K{request_id}")


# The first NOANSWER at each fixed moment -> the next morning window (09:00-12:00) at least
# two hours on, on a working day.
FIRST_RETRY = {"weekday_morning": "2026-03-12T09:00:00+06:00", "weekday_afternoon": "2026-03-12T09:00:00+06:00",
               "evening_21_30": "2026-03-12T09:00:00+06:00", "night_03_00": "2026-03-12T09:00:00+06:00",
               "sunday": "2026-03-16T09:00:00+06:00", "holiday": "2026-09-01T09:00:00+06:00"}


@pytest.mark.parametrize("when", sorted(FIRST_RETRY))
def test_noanswer_retries_in_the_next_safe_window_then_closes(db, twilio, frozen_clock, when):
    frozen_clock(when)
    add_lawyers()
    request = assigned(db)
    first = twilio.sms(LAWYER_OSH, f"NOANSWER K{request.id}").text
    assert "1/3" in first
    assert open_request().next_attempt_at == datetime.fromisoformat(FIRST_RETRY[when])
    _window_opened(db, request.id)
    assert "2/3" in twilio.sms(LAWYER_OSH, f"NOANSWER K{request.id}").text
    _window_opened(db, request.id)
    last = twilio.sms(LAWYER_OSH, f"NOANSWER K{request.id}").text
    assert "закрыта" in last and open_request() is None


def test_noanswer_before_the_next_window_is_not_counted(db, twilio):
    """Three taps in a minute must not close a request the person is waiting on."""
    add_lawyers()
    request = assigned(db)
    twilio.sms(LAWYER_OSH, f"NOANSWER K{request.id}")
    retry_at = open_request().next_attempt_at
    for _ in range(3):
        reply = twilio.sms(LAWYER_OSH, f"NOANSWER K{request.id}").text
        assert "рано" in reply and retry_at.astimezone(BISHKEK).strftime("%H:%M") in reply
    still = open_request()
    assert still.attempts == 1 and still.status == "assigned" and still.next_attempt_at == retry_at


def test_the_unreachable_sms_waits_for_the_persons_safe_window(db, twilio):
    add_lawyers()
    request = assigned(db)
    _three_unanswered_calls(db, twilio, request.id)
    db.session.expire_all()
    closed = db.session.get(CallbackRequest, request.id)
    assert closed.status == "unreachable" and outbox_to(RESIDENT) == []
    window = closed.next_attempt_at  # the morning window (09:00-12:00 local) of a working day
    local_hour = window.astimezone(BISHKEK).hour
    assert 9 <= local_hour < 12 and window.astimezone(BISHKEK).weekday() < 5
    assert queue.tell_unreachable_due(window - timedelta(minutes=1)) == 0
    assert queue.tell_unreachable_due(window) == 1
    db.session.commit()
    assert queue.tell_unreachable_due(window + timedelta(hours=1)) == 0  # once
    db.session.commit()
    resident_sms = [m for m in outbox_to(RESIDENT) if m.purpose == "callback"]
    assert len(resident_sms) == 1 and "ЮРИСТ" in resident_sms[0].body


def test_unreachable_after_an_alert_sends_the_resident_nothing(db, twilio):
    add_lawyers()
    request = assigned(db, alert_id=42)
    _three_unanswered_calls(db, twilio, request.id)
    db.session.expire_all()
    closed = db.session.get(CallbackRequest, request.id)
    assert closed.status == "unreachable" and closed.next_attempt_at is None
    assert queue.tell_unreachable_due(datetime.now(UTC) + timedelta(days=10)) == 0
    assert outbox_to(RESIDENT) == []


def test_an_alert_raised_after_the_closing_cancels_the_unreachable_sms(db, twilio):
    from hotline.alerts import service as alerts

    add_lawyers()
    request = assigned(db)
    _three_unanswered_calls(db, twilio, request.id)
    alerts.raise_signal(RESIDENT, None, "sms", datetime.now(UTC))
    db.session.commit()
    assert queue.tell_unreachable_due(datetime.now(UTC) + timedelta(days=10)) == 1
    db.session.commit()
    assert [m for m in outbox_to(RESIDENT) if m.purpose == "callback"] == []


def test_an_alert_puts_the_persons_open_request_first(db):
    from hotline.alerts import service as alerts

    older = filed(db, phone="+996700999888", minutes_ago=60)
    mine = filed(db, minutes_ago=5)
    assert [item.request.id for item in queue.open_queue(datetime.now(UTC))] == [older.id, mine.id]
    alert, _ = alerts.raise_signal(RESIDENT, None, "sms", datetime.now(UTC))
    db.session.commit()
    items = queue.open_queue(datetime.now(UTC))
    assert [item.request.id for item in items] == [mine.id, older.id] and items[0].urgent
    assert items[0].request.alert_id == alert.id


def test_a_request_filed_after_an_alert_is_linked_to_it(db):
    from hotline.alerts import service as alerts

    alert, _ = alerts.raise_signal(RESIDENT, None, "sms", datetime.now(UTC))
    db.session.commit()
    request = filed(db)
    assert request.alert_id == alert.id
    assert filed(db, phone="+996700999888").alert_id is None


SOCIAL_WORKER = "+996555100009"


@pytest.mark.parametrize("lang, not_theirs, closed, unknown", [
    ("ky", "юристтин өтүнмөсү", "буга чейин жабылган", "мындай өтүнмө жок"),
    ("ru", "заявка юриста", "уже закрыта", "такой заявки нет"),
    ("uz", "yuristning arizasi", "allaqachon yopilgan", "bunday ariza yo'q"),
])
def test_done_k_says_what_is_wrong_in_the_senders_language(db, twilio, lang, not_theirs, closed,
                                                           unknown):
    add_lawyers()
    add_staff("Social worker", SOCIAL_WORKER, "social_worker", "osh").language = lang
    from hotline.staff.service import by_phone

    by_phone(LAWYER_OSH).language = lang
    request = assigned(db)  # commits the languages too
    reply = twilio.sms(SOCIAL_WORKER, f"DONE K{request.id}").text
    assert not_theirs in reply and request.reference in reply
    assert open_request().status == "assigned"  # unchanged
    twilio.sms(LAWYER_OSH, f"DONE K{request.id}")
    assert closed in twilio.sms(LAWYER_OSH, f"DONE K{request.id}").text
    assert unknown in twilio.sms(LAWYER_OSH, "DONE K999").text


def test_unknown_reference_is_answered_plainly(db, twilio):
    add_lawyers()
    assert "нет" in twilio.sms(LAWYER_OSH, "NOANSWER K999").text
    assert "NOANSWER K123" in twilio.sms(LAWYER_OSH, "NOANSWER").text


# --- queue ---

def test_queue_puts_alert_linked_first_then_oldest_and_flags_48_hours(db):
    old = filed(db, phone="+996700000001", minutes_ago=49 * 60)
    newer = filed(db, phone="+996700000002", minutes_ago=60)
    urgent = filed(db, phone="+996700000003", minutes_ago=5, alert_id=9)
    items = queue.open_queue(datetime.now(UTC))
    assert [i.request.id for i in items] == [urgent.id, old.id, newer.id]
    assert [i.overdue for i in items] == [False, True, False]
    assert items[0].urgent


def test_round_robin_among_the_lawyers_of_the_oblast(db):
    add_lawyers()
    second = add_staff("Osh lawyer 2", "+996770100007", "lawyer", "osh")
    db.session.commit()
    phones = [f"+99670000001{i}" for i in range(3)]
    for phone in phones:
        filed(db, phone=phone, minutes_ago=40)
    filed(db, phone="+996700000020", oblast="naryn", minutes_ago=40)
    assert queue.auto_assign(datetime.now(UTC)) == 4
    db.session.commit()
    lawyers = [open_request(p).lawyer_id for p in phones]
    osh_first = lawyers[0]
    assert set(lawyers[:2]) == {osh_first, second.id} and lawyers[2] == osh_first
    naryn = open_request("+996700000020")
    assert naryn.lawyer_id not in lawyers
    assert outbox_to(LAWYER_NARYN)[0].purpose == "staff"
    assert "+996700000020" in outbox_to(LAWYER_NARYN)[0].body


def test_auto_assign_waits_for_a_dialogue_still_going(db):
    add_lawyers()
    request = service.file_request(RESIDENT, channel="sms", language="ru", now=datetime.now(UTC),
                                   topic="family")
    db.session.commit()
    assert queue.auto_assign(datetime.now(UTC)) == 0
    assert queue.auto_assign(datetime.now(UTC) + queue.SETTLE_AFTER) == 1
    assert request.status == "assigned"


def test_remind_due_tells_the_lawyer_when_the_window_opens(db, twilio):
    add_lawyers()
    request = assigned(db)
    twilio.sms(LAWYER_OSH, f"NOANSWER K{request.id}")
    due = open_request().next_attempt_at
    assert queue.remind_due(due - timedelta(minutes=1)) == 0
    assert queue.remind_due(due) == 1
    db.session.commit()
    assert "2/3" in outbox_to(LAWYER_OSH)[-1].body


# --- retry windows: pure ---

@pytest.mark.parametrize("safe_time, now, expected", [
    ("morning", local(2026, 6, 1, 10, 0), local(2026, 6, 2, 9, 0)),     # Mon 10:00 -> Tue 09:00
    ("any", local(2026, 6, 1, 10, 0), local(2026, 6, 1, 12, 0)),        # later the same day
    ("evening", local(2026, 6, 1, 10, 0), local(2026, 6, 1, 17, 0)),
    ("evening", local(2026, 6, 1, 18, 30), local(2026, 6, 2, 17, 0)),   # 20:30 is past the window
    ("afternoon", local(2026, 6, 5, 16, 0), local(2026, 6, 8, 12, 0)),  # Friday -> Monday
    ("morning", local(2026, 6, 6, 8, 0), local(2026, 6, 8, 9, 0)),      # Saturday -> Monday
    (None, local(2026, 6, 1, 19, 30), local(2026, 6, 2, 9, 0)),
])
def test_next_attempt_is_in_the_next_safe_window_on_a_working_day(safe_time, now, expected):
    assert queue.next_attempt_at(safe_time, now, BISHKEK) == expected


# --- figures ---

def test_figures_count_consultations_and_the_median_wait(db):
    now = datetime.now(UTC)
    for i, (oblast, topic, hours) in enumerate([("osh", "family", 2), ("osh", "work", 4), ("naryn", "family", 30)]):
        request = filed(db, phone=f"+99670000003{i}", oblast=oblast)
        request.topic, request.district = topic, "Alai" if oblast == "osh" else "Naryn"
        request.created_at = now - timedelta(hours=hours)
        service.close(request, "done", now)
    filed(db, phone="+996700000039")  # still open: not a consultation
    db.session.commit()
    assert figures.consultations("oblast", BISHKEK) == [("naryn", 1), ("osh", 2)]
    assert figures.consultations("topic", BISHKEK) == [("family", 2), ("work", 1)]
    assert figures.consultations("district", BISHKEK) == [("naryn/Naryn", 1), ("osh/Alai", 2)]
    assert figures.consultations("month", BISHKEK) == [(now.astimezone(BISHKEK).strftime("%Y-%m"), 3)]
    assert figures.median_hours_to_call() == 4.0
    summary = figures.summary(BISHKEK)
    assert summary["by_status"]["done"] == 3 and summary["by_status"]["new"] == 1


def test_retries_skip_the_configured_holidays():
    # Friday 05.06 16:00, afternoon window: Monday 08.06 is a holiday (MM-DD), so Tuesday.
    assert queue.next_attempt_at("afternoon", local(2026, 6, 5, 16, 0), BISHKEK,
                                 holidays=("06-08",)) == local(2026, 6, 9, 12, 0)
    assert queue.next_attempt_at("afternoon", local(2026, 6, 5, 16, 0), BISHKEK,
                                 holidays=("2026-06-08", "2026-06-09")) == local(2026, 6, 10, 12, 0)
