"""receipts.once, asked directly: Twilio's retry of the same MessageSid has its effects once and
gets the first answer; another sid is its own turn; a twin that stored its receipt first wins and
none of this turn's rows stay; a locked SQLite reruns the turn from nothing. Fast on purpose:
every webhook test reaches once(), and a mutant of it should die on one of these first."""
from __future__ import annotations

import pytest
from sqlalchemy import func, insert, select
from sqlalchemy.exc import DBAPIError, IntegrityError, OperationalError

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


def fails_the_first_time(handle, calls: list, error: Exception):
    """`handle`, raising `error` after its first run wrote its rows."""
    def handler() -> str:
        answer = handle()
        if len(calls) == 1:
            raise error
        return answer
    return handler


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
    locked_the_first_time = fails_the_first_time(turn(db, "SM1", "<Response>ok</Response>", calls), calls,
                                                 OperationalError("INSERT", {}, Exception("database is locked")))
    assert receipts.once("sms:SM1", locked_the_first_time) == "<Response>ok</Response>"
    assert calls == ["SM1", "SM1"]
    assert stored(db) == {"inbound": ["SM1"], "receipts": {"sms:SM1": "<Response>ok</Response>"}}


def test_a_stored_answer_is_found_by_its_own_key_only(db):
    receipts.once("call:CA1:start", lambda: "<Response>first</Response>")
    assert db.session.scalar(select(func.count()).select_from(WebhookReceipt)) == 1
    assert receipts.stored_answer("call:CA1:start") == "<Response>first</Response>"
    assert receipts.stored_answer("call:CA2:start") is None


def invalidated(statement: str = "SELECT") -> DBAPIError:
    """What SQLAlchemy raises when the server dropped the connection under a statement."""
    return DBAPIError(statement, {}, Exception("server closed the connection"), connection_invalidated=True)


class PostgresError(Exception):
    """psycopg's errors carry the SQLSTATE PostgreSQL gave."""

    def __init__(self, sqlstate: str):
        super().__init__(f"SQLSTATE {sqlstate}")
        self.sqlstate = sqlstate


@pytest.mark.parametrize("error", [
    invalidated(),  # the pooled connection died within the moment (not pinged: core/pool_ping.py)
    # Two texts of one phone at once can deadlock in their batched writes: PostgreSQL rolls one
    # back, which runs again (reading what the other committed) instead of being spooled.
    OperationalError("WITH batch_0 ...", {}, PostgresError("40P01")),  # deadlock detected
    OperationalError("WITH batch_0 ...", {}, PostgresError("40001")),  # serialization failure
], ids=["connection died", "deadlock", "serialization failure"])
def test_a_turn_whose_work_was_rolled_back_runs_once_more(db, error):
    calls = []
    handler = fails_the_first_time(turn(db, "SM1", "<Response>ok</Response>", calls), calls, error)
    assert receipts.once("sms:SM1", handler, read=lambda: None) == "<Response>ok</Response>"
    assert calls == ["SM1", "SM1"]
    assert stored(db) == {"inbound": ["SM1"], "receipts": {"sms:SM1": "<Response>ok</Response>"}}


@pytest.mark.parametrize("error", [
    DBAPIError("INSERT", {}, Exception("value too long"), connection_invalidated=False),
    OperationalError("INSERT", {}, PostgresError("22001")),  # string data right truncation
], ids=["live connection", "another sqlstate"])
def test_any_other_database_error_is_not_run_again(db, error):
    """It goes to the webhook, which spools it."""
    calls = []
    ours = turn(db, "SM1", "<Response>ok</Response>", calls)

    def fails() -> str:
        ours()
        raise error

    with pytest.raises(DBAPIError):
        receipts.once("sms:SM1", fails, read=lambda: None)
    assert calls == ["SM1"]
    assert stored(db) == {"inbound": [], "receipts": {}}


def test_a_connection_that_dies_twice_is_raised_for_the_spool(db):
    calls = []
    ours = turn(db, "SM1", "<Response>ok</Response>", calls)

    def always_dies() -> str:
        ours()
        raise invalidated()

    with pytest.raises(DBAPIError) as raised:
        receipts.once("sms:SM1", always_dies, read=lambda: None)
    assert raised.value.connection_invalidated and calls == ["SM1", "SM1"]
    assert stored(db) == {"inbound": [], "receipts": {}}


@pytest.mark.parametrize("early", [False, True], ids=["at the commit", "before the commit"])
def test_a_turn_that_met_a_twins_row_runs_again_and_finds_it(db, early):
    """The first two texts of one phone at once: the twin committed a row this turn writes too
    (here an inbound row of one sid, as a resident of one phone is): once more, reading afresh.
    The twin's row refuses ours at the commit, or earlier, inside the handler: a query in the
    turn sends the rows batched so far (a new resident's) before it reads. For "before the
    commit" PostgreSQL's pass is the one that tells: on SQLite our stale snapshot makes the
    flush "database is locked", which reruns the turn too (retry_when_locked)."""
    calls = []

    def writes_unless_there() -> str:
        calls.append("turn")
        if db.session.scalar(select(InboundMessage.id).where(InboundMessage.sid == "SMX")) is None:
            if len(calls) == 1:
                with db.engine.begin() as twin:
                    twin.execute(insert(InboundMessage).values(sid="SMX", from_phone="+996700123456", body="a"))
            db.session.add(InboundMessage(sid="SMX", from_phone="+996700123456", body="b"))
            if early:
                db.session.flush()  # as batch.py's send before a read
        return "<Response>ok</Response>"

    assert receipts.once("sms:SM1", writes_unless_there, read=lambda: None) == "<Response>ok</Response>"
    assert calls == ["turn", "turn"]
    assert stored(db) == {"inbound": ["SMX"], "receipts": {"sms:SM1": "<Response>ok</Response>"}}


def test_a_turn_that_meets_another_key_twice_is_raised_for_the_spool(db):
    """Nothing of the turn was kept either time: no answer may go out as if it had been."""
    with db.engine.begin() as earlier:
        earlier.execute(insert(InboundMessage).values(sid="SMX", from_phone="+996700123456", body="a"))
    calls = []

    def always_conflicts() -> str:
        calls.append("turn")
        db.session.add(InboundMessage(sid="SMX", from_phone="+996700123456", body="b"))
        return "<Response>ok</Response>"

    with pytest.raises(IntegrityError):
        receipts.once("sms:SM1", always_conflicts, read=lambda: None)
    assert calls == ["turn", "turn"]
    assert stored(db) == {"inbound": ["SMX"], "receipts": {}}
