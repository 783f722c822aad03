"""When the database fails mid-webhook, the request is spooled and replayed once it is back."""
from __future__ import annotations

from sqlalchemy import select

from hotline.messaging.models import InboundMessage
from hotline.webhooks import spool
from hotline.webhooks.replay import replay_item

PHONE = "+996700444555"


def fail_once(monkeypatch, module, name):
    real = getattr(module, name)
    calls = []

    def broken(*args, **kwargs):
        if not calls:
            calls.append(1)
            raise ConnectionError("database went away")
        return real(*args, **kwargs)

    monkeypatch.setattr(module, name, broken)


def test_an_sms_that_met_a_dead_database_is_answered_and_replayed_once(app, db, twilio, monkeypatch):
    from ivr_flows import dispatch

    fail_once(monkeypatch, dispatch, "handle_sms")
    answer = twilio.sms(PHONE, "HELP", sid="SM" + "9" * 32)
    assert answer.status == 200 and answer.root.tag == "Response"
    assert len(spool.pending()) == 1
    assert spool.replay(replay_item) == 1
    assert spool.replay(replay_item) == 0
    twilio.sms(PHONE, "HELP", sid="SM" + "9" * 32)  # Twilio's own retry, later: still once
    db.session.rollback()
    assert len(db.session.scalars(select(InboundMessage)).all()) == 1


def test_a_9_pressed_while_the_database_was_down_still_raises_the_alert(app, db, call, monkeypatch):
    from hotline.alerts.models import Alert
    from ivr_flows import dispatch

    c = call(PHONE)
    c.start()
    c.press("2")
    fail_once(monkeypatch, dispatch, "call_step")
    answer = c.press("9")
    assert answer.status == 200 and "Say" in answer.verbs()  # an apology, never silence
    assert db.session.scalars(select(Alert)).all() == []
    assert spool.replay(replay_item) == 1
    db.session.rollback()
    alerts = db.session.scalars(select(Alert)).all()
    assert len(alerts) == 1 and alerts[0].phone == PHONE


def test_other_lost_call_steps_are_dropped_not_replayed(app, db, call, monkeypatch):
    from ivr_flows import dispatch

    c = call(PHONE)
    c.start()
    fail_once(monkeypatch, dispatch, "call_step")
    c.press("2")
    assert spool.replay(replay_item) == 1
    assert spool.pending() == []


def _always_raise(monkeypatch, module, name, error):
    def broken(*args, **kwargs):
        raise error

    monkeypatch.setattr(module, name, broken)


def test_a_database_outage_logs_one_line_per_webhook_and_anything_else_its_traceback(
        app, db, twilio, monkeypatch, caplog):
    """Minutes of outage must not bury the log in tracebacks; a bug must keep its traceback."""
    import logging

    from sqlalchemy.exc import OperationalError

    from ivr_flows import dispatch

    # as SQLAlchemy raises it when no connection could be made: no statement
    _always_raise(monkeypatch, dispatch, "handle_sms", OperationalError(None, None, ConnectionRefusedError("refused")))
    with caplog.at_level(logging.WARNING, logger="hotline.webhooks.routes"):
        assert twilio.sms(PHONE, "HELP").root.tag == "Response"
    [record] = [r for r in caplog.records if r.name == "hotline.webhooks.routes"]
    assert record.getMessage() == "webhook.database_unreachable" and record.exc_info is None
    assert record.fields == {"webhook": "sms", "error": "ConnectionRefusedError", "spooled": True}
    assert PHONE not in caplog.text and "HELP" not in caplog.text

    caplog.clear()
    _always_raise(monkeypatch, dispatch, "handle_sms", KeyError("a bug"))
    with caplog.at_level(logging.WARNING, logger="hotline.webhooks.routes"):
        assert twilio.sms(PHONE, "HELP").root.tag == "Response"
    [record] = [r for r in caplog.records if r.name == "hotline.webhooks.routes"]
    assert record.levelno == logging.ERROR and record.exc_info[0] is KeyError
    assert len(spool.pending()) == 2  # both spooled, to be replayed


def test_the_spool_replays_in_order_of_arrival(app, db):
    bodies = [f"text {n}" for n in range(12)]  # names sort randomly unless arrival comes first
    for body in bodies:
        spool.save("sms", {"From": PHONE, "Body": body})
    seen = []
    assert spool.replay(lambda kind, params: seen.append(params["Body"])) == len(bodies)
    assert seen == bodies


def test_a_failing_item_holds_back_its_senders_later_ones_but_nobody_else(app, db):
    other = "+996700444666"
    for phone, body in ((PHONE, "first"), (other, "SOS"), (PHONE, "second")):
        spool.save("sms", {"From": phone, "Body": body})
    seen = []

    def handler(kind, params):
        if params["Body"] == "first" and not seen.count("failed once"):
            seen.append("failed once")
            raise ConnectionError("database went away")
        seen.append(params["Body"])

    assert spool.replay(handler) == 1
    assert seen == ["failed once", "SOS"]  # "second" waits for "first"
    assert spool.replay(handler) == 2
    assert seen[2:] == ["first", "second"]


def test_one_replayer_at_a_time_per_spool_folder(app, db):
    spool.save("sms", {"From": PHONE, "Body": "HELP"})
    inner = []
    assert spool.replay(lambda kind, params: inner.append(spool.replay(lambda *a: None))) == 1
    assert inner == [0]  # a second replayer meanwhile found the folder taken
