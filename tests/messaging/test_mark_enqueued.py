"""After the commit that published them, every row of a broadcast is marked enqueued, in chunks of
500 (SQLite caps bound parameters): a row left unmarked would be published again by the sweeper."""
from __future__ import annotations

from sqlalchemy import event, func, insert, select

from hotline.messaging import outbox
from hotline.messaging.models import OutboundMessage

ROWS = 1001  # two full chunks and one row: a skipped or a repeated chunk shows


def _rows(db) -> list[int]:
    db.session.execute(insert(OutboundMessage), [
        {"to_phone": f"+99670{n:07d}", "body": "Гүлчө: 30.11 09:30", "status": "queued", "purpose": "reminder"}
        for n in range(ROWS)])
    db.session.commit()
    return list(db.session.scalars(select(OutboundMessage.id).order_by(OutboundMessage.id)))


def test_every_row_of_a_large_publish_is_marked_in_chunks_of_500(db):
    ids = _rows(db)
    updates = []

    def count(conn, cursor, statement, *_):
        if statement.lstrip().upper().startswith("UPDATE OUTBOUND_MESSAGES"):
            updates.append(statement)

    event.listen(db.engine, "before_cursor_execute", count)
    try:
        outbox._mark_enqueued(ids)
    finally:
        event.remove(db.engine, "before_cursor_execute", count)
    db.session.rollback()
    unmarked = db.session.scalar(select(func.count()).select_from(OutboundMessage)
                                 .where(OutboundMessage.enqueued_at.is_(None)))
    assert (unmarked, len(updates)) == (0, 3)
