"""providers.find_existing against the stand-in, in this process: which of what Twilio holds counts
as this row's own earlier attempt (sent by the API since the row, less the clock margin; not a
TwiML reply of the same words, not an older copy), oldest first, and read as a status never below
`sent` with its error code. Also: the client is made from the app's settings, not the environment."""
from __future__ import annotations

from datetime import timedelta

import pytest

from hotline.core.clock import now_utc
from hotline.messaging import outbox, providers
from hotline.messaging.models import OutboundMessage
from hotline.messaging.twilio_http import make_twilio_client
from tests.conftest import OUR_NUMBER

TO = "+996700555007"
BODY = "Гүлчө: 01.12 10:00"
ELSEWHERE = "+996312900901"


def _row(db, kind: str = "sms", **values) -> OutboundMessage:
    """A row made ten minutes ago, to the whole second (Twilio's dates have no fractions)."""
    if kind == "sms":
        message = outbox.queue_sms(TO, BODY, purpose="staff")
    else:
        message = outbox.queue_call(TO, url="http://127.0.0.1/alerts/call?alert=3", purpose="staff")
    message.created_at = now_utc().replace(microsecond=0) - timedelta(minutes=10)
    for name, value in values.items():
        setattr(message, name, value)
    db.session.info.pop("outbox_pending", None)  # sent by hand below, not by a worker
    db.session.commit()
    return message


def _twilio_has(standin, message: OutboundMessage, **fields) -> str:
    """Twilio makes the row's message (or call) now; `fields` then change what it holds of it."""
    providers.send(message)
    sid = standin.records[-1].sid
    if fields:
        standin.alter(sid, **fields)
    return sid


def test_a_twiml_reply_of_the_same_words_is_not_the_rows_message(db, standin):
    """Twilio lists the reply a webhook answered in TwiML (direction outbound-reply) with the
    same person, number and text: it is not an attempt of this row."""
    message = _row(db)
    _twilio_has(standin, message, direction="outbound-reply")
    assert providers.find_existing(message) == []
    mine = _twilio_has(standin, message)
    assert [found.sid for found in providers.find_existing(message)] == [mine]


@pytest.mark.parametrize("before_the_row, found", [
    (timedelta(hours=1), False),  # the same words sent to the person an hour before this row
    (timedelta(seconds=61), False),
    (timedelta(seconds=60), True),  # the clock margin, to the second
    (timedelta(seconds=0), True),
])
def test_only_messages_since_the_row_less_the_clock_margin_count(db, standin, before_the_row, found):
    message = _row(db)
    sid = _twilio_has(standin, message, date_created=message.created_at - before_the_row)
    assert [s.sid for s in providers.find_existing(message)] == ([sid] if found else [])


def test_the_oldest_candidate_comes_first(db, standin):
    """Twilio lists newest first; the caller takes the first candidate no other row has."""
    message = _row(db)
    older = _twilio_has(standin, message, date_created=message.created_at + timedelta(seconds=5))
    newer = _twilio_has(standin, message, date_created=message.created_at + timedelta(seconds=9))
    assert [s.sid for s in providers.find_existing(message)] == [older, newer]


@pytest.mark.parametrize("twilio_status, error_code, expected", [
    ("accepted", None, ("sent", None)),  # Twilio has it: never below sent
    ("queued", None, ("sent", None)),
    ("sending", None, ("sent", None)),
    ("partially_delivered", None, ("sent", None)),  # a word we do not know
    ("delivered", None, ("delivered", None)),
    ("undelivered", 30003, ("undelivered", "30003")),
])
def test_a_found_message_is_read_as_our_status_never_below_sent(db, standin, twilio_status, error_code, expected):
    message = _row(db)
    sid = _twilio_has(standin, message, status=twilio_status, error_code=error_code)
    assert providers.find_existing(message) == [providers.Sent(sid, *expected)]


@pytest.mark.parametrize("twilio_status, expected", [
    ("queued", "sent"), ("ringing", "sent"), ("completed", "delivered"), ("in-progress", "delivered"),
    ("busy", "undelivered"), ("no-answer", "undelivered"), ("canceled", "failed"),
])
def test_a_found_call_is_read_in_a_calls_words(db, standin, twilio_status, expected):
    call = _row(db, kind="call")
    sid = _twilio_has(standin, call, status=twilio_status)
    assert providers.find_existing(call) == [providers.Sent(sid, expected)]


def test_a_row_from_another_number_looks_among_that_numbers_messages(db, standin):
    """The row's own sender, not ours; a row with none looks among our number's."""
    theirs = _row(db, from_phone=ELSEWHERE)
    ours = _row(db, from_phone=None)
    from_elsewhere = _twilio_has(standin, theirs)
    from_us = _twilio_has(standin, _row(db))  # another row of ours, same person and words
    assert [r.from_ for r in standin.messages(to=TO)] == [ELSEWHERE, OUR_NUMBER]
    assert [s.sid for s in providers.find_existing(theirs)] == [from_elsewhere]
    assert [s.sid for s in providers.find_existing(ours)] == [from_us]


def test_the_client_is_the_apps_settings_not_the_environments(db, standin, monkeypatch):
    """Another account's credentials in the environment (the SDK's fallback) change nothing."""
    monkeypatch.setenv("TWILIO_ACCOUNT_SID", "AC" + "9" * 32)
    monkeypatch.setenv("TWILIO_AUTH_TOKEN", "another-accounts-token")
    providers._client.cache_clear()
    try:
        message = _row(db)
        sent = providers.send(message)
        assert [s.sid for s in providers.find_existing(message)] == [sent.sid]
    finally:
        providers._client.cache_clear()  # no client made under these variables stays


def test_a_lookup_that_times_out_is_a_transient_error_named_so(app, db, standin, monkeypatch):
    settings = app.config["SETTINGS"]
    impatient = make_twilio_client(settings.twilio_account_sid, settings.twilio_auth_token,
                                   settings.twilio_api_url, timeout=0.5)
    monkeypatch.setattr(providers, "_client", lambda *args: impatient)
    message = _row(db)
    standin.hang_next_list(1, seconds=2)
    with pytest.raises(providers.TransientSendError) as refused:
        providers.find_existing(message)
    assert refused.value.code == "ReadTimeout"
