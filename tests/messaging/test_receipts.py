"""receipts.once, asked directly: Twilio's retry of the same MessageSid has its effects once and
gets the first answer; another sid is its own turn; a twin that stored its receipt first wins and
none of this turn's rows stay; a locked SQLite reruns the turn from nothing. Fast on purpose:
every webhook test reaches once(), and a mutant of it should die on one of these first."""
from __future__ import annotations

from sqlalchemy import func, insert, select
from sqlalchemy.exc import OperationalError

from hotline.messaging import receipts
from hotline.messaging.models import InboundMessage
from hotline.messaging.receipts import WebhookReceipt


def turn(db, sid: str, answer: str, calls: list):
    """A webhook's handler: writes the inbound row (not committed) and returns its TwiML."""
    def handle() -> str:
        calls.append(sid)
        db.session.add(InboundMessage(sid=sid, from_phone="+996700123456", body="HELP"))
        return answer
    return handle


def stored(db) -> dict:
    db.session.rollback()  # what is committed now
    inbound = db.session.scalars(select(InboundMessage.sid).order_by(InboundMessage.id)).all()
    kept = dict(db.session.execute(select(WebhookReceipt.key, WebhookReceipt.response)).all())
    return {"inbound": inbound, "receipts": kept}


def test_a_retry_of_the_same_sid_is_answered_as_the_first_and_handled_once(db):
    calls = []
    first = receipts.once("sms:SM1", turn(db, "SM1", "<Response>first</Response>", calls))
    again = receipts.once("sms:SM1", turn(db, "SM1", "<Response>again</Response>", calls))
    assert (first, again) == ("<Response>first</Response>", "<Response>first</Response>")
    assert calls == ["SM1"]
    assert stored(db) == {"inbound": ["SM1"], "receipts": {"sms:SM1": "<Response>first</Response>"}}


def test_another_sid_is_a_turn_of_its_own(db):
    calls = []
    receipts.once("sms:SM1", turn(db, "SM1", "<Response>one</Response>", calls))
    second = receipts.once("sms:SM2", turn(db, "SM2", "<Response>two</Response>", calls))
    assert second == "<Response>two</Response>" and calls == ["SM1", "SM2"]
    assert stored(db)["receipts"] == {"sms:SM1": "<Response>one</Response>", "sms:SM2": "<Response>two</Response>"}


def test_an_answer_read_ahead_is_the_answer(db):
    """`read` (the webhook's prefetch) found the receipt: the handler is not run."""
    calls = []
    answer = receipts.once("sms:SM1", turn(db, "SM1", "<Response>new</Response>", calls),
                           read=lambda: "<Response>stored</Response>")
    assert answer == "<Response>stored</Response>" and calls == []


def test_nothing_read_ahead_runs_the_handler(db):
    calls = []
    answer = receipts.once("sms:SM1", turn(db, "SM1", "<Response>new</Response>", calls), read=lambda: None)
    assert answer == "<Response>new</Response>" and calls == ["SM1"]
    assert stored(db) == {"inbound": ["SM1"], "receipts": {"sms:SM1": "<Response>new</Response>"}}


def test_a_twin_that_stored_its_receipt_first_wins_and_nothing_of_ours_stays(db):
    """Twilio's retry came in while this turn worked and committed first (the unique key refuses
    our receipt): the twin's answer, and our inbound row rolled back with our receipt."""
    calls = []
    ours = turn(db, "SM1", "<Response>ours</Response>", calls)

    def handle_while_the_twin_commits() -> str:
        with db.engine.begin() as twin:
            twin.execute(insert(WebhookReceipt).values(key="sms:SM1", response="<Response>twin</Response>"))
        return ours()

    answer = receipts.once("sms:SM1", handle_while_the_twin_commits, read=lambda: None)
    assert answer == "<Response>twin</Response>"
    assert stored(db) == {"inbound": [], "receipts": {"sms:SM1": "<Response>twin</Response>"}}


def test_a_locked_database_runs_the_turn_again_from_nothing(db):
    """SQLite said "database is locked" after the handler wrote: rolled back, run again, kept once."""
    calls = []
    ours = turn(db, "SM1", "<Response>ok</Response>", calls)

    def locked_the_first_time() -> str:
        answer = ours()
        if len(calls) == 1:
            raise OperationalError("INSERT", {}, Exception("database is locked"))
        return answer

    assert receipts.once("sms:SM1", locked_the_first_time) == "<Response>ok</Response>"
    assert calls == ["SM1", "SM1"]
    assert stored(db) == {"inbound": ["SM1"], "receipts": {"sms:SM1": "<Response>ok</Response>"}}


def test_a_stored_answer_is_found_by_its_own_key_only(db):
    receipts.once("call:CA1:start", lambda: "<Response>first</Response>")
    assert db.session.scalar(select(func.count()).select_from(WebhookReceipt)) == 1
    assert receipts.stored_answer("call:CA1:start") == "<Response>first</Response>"
    assert receipts.stored_answer("call:CA2:start") is None
