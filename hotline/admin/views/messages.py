"""Messages: the outbox log with delivery status, segments and estimated cost; numbers masked.

What we sent is shown, so a coordinator chasing an undelivered reminder sees what it said;
never what anyone sent us (inbound is not in this log), and not a text holding a person's
full number (a lawyer's callback SMS, an alert taker's). Staff are named, not masked: two
masked numbers can look alike."""
from __future__ import annotations

from flask import render_template, request
from sqlalchemy import func, or_, select

from hotline.admin.auth import roles
from hotline.admin.routes import bp
from hotline.admin.views.schedule import SOM_PER_SEGMENT
from hotline.core.phones import holds_full_number
from hotline.extensions import db
from hotline.messaging.models import OutboundMessage
from hotline.staff.models import Staff

FAILED = ("failed", "undelivered")
# Marked failed on purpose, not a delivery problem: notices a crew UNDO stopped before they went.
ON_PURPOSE = ("undone",)
PAGE = 200


def failed_condition():
    """Rows that failed to deliver, without those stopped on purpose."""
    return OutboundMessage.status.in_(FAILED) & or_(OutboundMessage.error_code.is_(None),
                                                    OutboundMessage.error_code.not_in(ON_PURPOSE))


def failed_messages(limit: int = 20) -> list[OutboundMessage]:
    return list(db.session.scalars(select(OutboundMessage).where(failed_condition())
                                   .order_by(OutboundMessage.id.desc()).limit(limit)))


@bp.get("/messages")
@roles("coordinator")
def messages():
    status = request.args.get("status", "")
    query = select(OutboundMessage).order_by(OutboundMessage.id.desc()).limit(PAGE)
    if status == "failed":
        query = query.where(failed_condition())
    elif status:
        query = query.where(OutboundMessage.status == status)
    rows = list(db.session.scalars(query))
    totals = db.session.execute(select(func.count(OutboundMessage.id), func.coalesce(func.sum(
        OutboundMessage.segments), 0)).where(OutboundMessage.kind != "call")).one()
    staff_names = dict(db.session.execute(select(Staff.phone, Staff.name)).all())
    return render_template("admin/messages.html", rows=rows, status=status, price=SOM_PER_SEGMENT,
                           total_messages=totals[0], total_segments=totals[1], staff_names=staff_names,
                           shown_text=shown_text)


def shown_text(message: OutboundMessage) -> str | None:
    """The text as sent, or None when it may not be shown (a call's TwiML, a full number)."""
    if message.kind == "call" or holds_full_number(message.body):
        return None
    return message.body
