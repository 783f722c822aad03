"""The callback dialogue by voice (2 at the main menu), and the missed-call line."""
from __future__ import annotations

import dataclasses
from contextlib import contextmanager

from tests.callbacks.helpers import RESIDENT, add_lawyers, add_place, open_request, outbox_to, requests_of

MISSED_LINE = "+996312900901"


def _to_topic_menu(call):
    c = call(RESIDENT)
    c.start()
    c.press("2")  # Russian
    answer = c.press("2")  # a lawyer's callback
    assert "Семья" in answer.text and answer.gather().get("numDigits") == "1"
    return c


def test_voice_walks_topic_time_village_code_recording_and_confirms(db, call):
    add_lawyers()
    place_id = add_place()
    c = _to_topic_menu(call)
    assert "Утром" in c.press("1").text
    asked = c.press("2")
    assert "решётку" in asked.text and asked.gather().get("finishOnKey") == "#"
    offer = c.press("1101")
    assert "60 секунд" in offer.text
    record = c.press("1")
    element = next(record.root.iter("Record"))
    assert element.get("maxLength") == "60"
    done = c.press(None, RecordingUrl="https://api.twilio.com/rec/RE1", RecordingDuration="12")
    request = open_request()
    assert ", ".join(str(request.id)) in done.text  # the reference is read digit by digit and "двух рабочих дней" in done.text
    assert "Hangup" in done.verbs()
    assert (request.topic, request.safe_time, request.channel) == ("family", "afternoon", "voice")
    assert request.recording_url == "https://api.twilio.com/rec/RE1"
    if place_id:
        assert request.place_id == place_id and request.oblast == "osh"
    assert request.status == "assigned"


def test_voice_without_a_code_or_message_still_files(db, call):
    c = _to_topic_menu(call)
    c.press("5")
    c.press("4")
    c.press("")  # just '#'
    done = c.press("2")  # no message
    request = open_request()
    assert ", ".join(request.reference.split("-")[1]) in done.text  # read digit by digit
    assert request.place_id is None and request.recording_url is None


def test_voice_bare_hash_means_no_code_and_goes_on(db, call):
    c = _to_topic_menu(call)
    c.press("5")
    c.press("4")
    answer = c.press("#")  # "if you don't know the code, just press #"
    assert "не найден" not in answer.text and "60 секунд" in answer.text


def test_voice_unknown_code_says_so_and_goes_on(db, call):
    c = _to_topic_menu(call)
    c.press("5")
    c.press("4")
    answer = c.press("0000")
    assert "не найден" in answer.text and "60 секунд" in answer.text


@contextmanager
def missed_call_numbers(app, *numbers):
    settings = app.config["SETTINGS"]
    app.config["SETTINGS"] = dataclasses.replace(settings, missed_call_numbers=numbers)
    try:
        yield
    finally:
        app.config["SETTINGS"] = settings


def test_missed_call_is_rejected_filed_and_offered_the_topic_by_sms(app, db, call, twilio):
    with missed_call_numbers(app, "0312 900 901"):
        answer = call(RESIDENT, to=MISSED_LINE).start()
    reject = next(answer.root.iter("Reject"))
    assert reject.get("reason") == "busy" and answer.verbs() == ["Reject"]
    request = open_request()
    assert request.channel == "missed_call" and request.topic is None
    offer = outbox_to(RESIDENT)
    assert len(offer) == 1 and request.reference in offer[0].body and "1 " in offer[0].body
    assert "1 эртең менен" in twilio.sms(RESIDENT, "1").text  # a new caller is taken for Kyrgyz
    assert open_request().topic == "family"


def test_missed_call_twice_keeps_one_request(app, db, call):
    with missed_call_numbers(app, MISSED_LINE):
        call(RESIDENT, to=MISSED_LINE).start()
        call(RESIDENT, to=MISSED_LINE).start()
    assert len(requests_of()) == 1
    assert len(outbox_to(RESIDENT)) == 2  # one SMS per call, never more


def test_withheld_number_on_the_missed_call_line_files_nothing(app, db, call):
    with missed_call_numbers(app, MISSED_LINE):
        answer = call("anonymous", to=MISSED_LINE).start()
    assert answer.verbs() == ["Reject"]
    assert requests_of("anonymous") == []


def test_other_numbers_still_get_the_language_menu(app, db, call):
    with missed_call_numbers(app, MISSED_LINE):
        answer = call(RESIDENT).start()
    assert answer.gather() is not None and requests_of() == []
