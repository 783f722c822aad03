"""Phone numbers in E.164 (Kyrgyzstan by default) and never in a log line."""
from __future__ import annotations

import json
import logging
import sys

import pytest

from hotline.core.logs import JsonFormatter
from hotline.core.phones import InvalidPhone, mask, to_e164


@pytest.mark.parametrize("raw, expected", [
    ("0700 123 456", "+996700123456"),
    ("0880 123 456", "+996880123456"),
    ("0990123456", "+996990123456"),
    ("0998 12 34 56", "+996998123456"),
    ("0600 123 456", "+996600123456"),
    ("0555-123-456", "+996555123456"),
    ("+996 312 62 12 34", "+996312621234"),
    ("996775123456", "+996775123456"),
])
def test_kyrgyz_numbers_are_normalised(raw, expected):
    assert to_e164(raw) == expected


@pytest.mark.parametrize("raw, said", [
    ("", "not a phone number: -"),
    ("123", "not a valid phone number: ***"),
    ("hello", "not a phone number: ***"),
    ("0700 12", "not a valid phone number: 07***12"),
    ("+1 555", "not a valid phone number: ***"),
    ("0700 123 456 789 01", "not a valid phone number: 07***01"),
])
def test_wrong_numbers_are_refused_without_echoing_them(raw, said):
    with pytest.raises(InvalidPhone) as error:
        to_e164(raw)
    assert str(error.value) == said


def test_mask_keeps_country_and_last_two():
    assert mask("+996700123456") == "+996***56"


def format_record(message: str, **fields) -> dict:
    record = logging.LogRecord("t", logging.INFO, __file__, 1, message, (), None)
    record.fields = fields
    return json.loads(JsonFormatter().format(record))


def test_log_lines_mask_phones_and_drop_bodies():
    line = format_record("sms from +996700123456", phone="+996700123456", body="ПОМОГИ мне", ms=3.1234567891)
    text = json.dumps(line, ensure_ascii=False)
    assert "700123456" not in text and "ПОМОГИ" not in text
    assert line["ms"] == 3.1234567891  # numbers that are not phones stay readable


def test_a_traceback_is_logged_with_its_phone_numbers_masked():
    try:
        raise ValueError("no resident +996700123456 (also 0555123456)")
    except ValueError:
        record = logging.LogRecord("t", logging.ERROR, __file__, 1, "webhook.failed", (), sys.exc_info())
    line = json.loads(JsonFormatter().format(record))
    assert "ValueError: no resident *** (also ***)" in line["error"]  # the traceback is there...
    assert "700123456" not in line["error"] and "555123456" not in line["error"]  # ...its numbers not


def test_a_webhook_logs_no_phone_and_no_body(twilio, caplog):
    caplog.set_level(logging.INFO)
    handler_output = []

    class Capture(logging.Handler):
        def emit(self, record):
            handler_output.append(JsonFormatter().format(record))

    capture = Capture()
    logging.getLogger().addHandler(capture)
    try:
        twilio.sms("+996700987654", "секретное слово ПОМОГИТЕ")
        twilio.sms("+996700987654", "BUS Gulcho")
    finally:
        logging.getLogger().removeHandler(capture)
    everything = "\n".join(handler_output)
    assert "webhook" in everything  # one line per webhook, with its timing
    assert "700987654" not in everything
    assert "секретное" not in everything and "Gulcho" not in everything


def test_a_database_error_in_a_webhook_logs_no_body_or_phone(twilio, monkeypatch):
    """A failing SQL statement's parameters (the phone, the text) stay out of the log."""
    from sqlalchemy import text

    from hotline.extensions import db
    from ivr_flows import dispatch

    def broken(phone, body, params):
        db.session.execute(text("SELECT * FROM no_such_table WHERE x = :x"), {"x": body + phone})
    monkeypatch.setattr(dispatch, "handle_sms", broken)
    lines = []

    class Capture(logging.Handler):
        def emit(self, record):
            lines.append(JsonFormatter().format(record))

    capture = Capture()
    logging.getLogger().addHandler(capture)
    try:
        assert twilio.sms("+996700987600", "тайное слово").status == 200
    finally:
        logging.getLogger().removeHandler(capture)
    everything = "\n".join(lines)
    assert "no_such_table" in everything  # the error itself is logged
    assert "тайное" not in everything and "987600" not in everything


def test_free_text_masks_phones_but_not_task_ids_or_sids():
    task = "Task tasks.messaging.send[5c18a2b0-77d1-4c3e-9a0f-5c1812345678] succeeded in 0.01s"
    record = logging.LogRecord("celery", logging.INFO, __file__, 1, f"{task} for +996700111222", None, None)
    line = json.loads(JsonFormatter().format(record))["msg"]
    assert line == f"{task} for +996***22"
    sid = "SMab12345678901234567890123456cdef"
    assert json.loads(JsonFormatter().format(logging.LogRecord(
        "x", logging.INFO, __file__, 1, f"status {sid}", None, None)))["msg"] == f"status {sid}"
