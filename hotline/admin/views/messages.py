"""Messages: the outbox log with delivery status, segments and estimated cost; numbers masked."""
from __future__ import annotations

from flask import render_template, request
from sqlalchemy import func, select

from hotline.admin.auth import roles
from hotline.admin.routes import bp
from hotline.admin.views.schedule import SOM_PER_SEGMENT
from hotline.extensions import db
from hotline.messaging.models import OutboundMessage

FAILED = ("failed", "undelivered")
PAGE = 200


def failed_messages(limit: int = 20) -> list[OutboundMessage]:
    return list(db.session.scalars(select(OutboundMessage).where(OutboundMessage.status.in_(FAILED))
                                   .order_by(OutboundMessage.id.desc()).limit(limit)))


@bp.get("/messages")
@roles("coordinator")
def messages():
    status = request.args.get("status", "")
    query = select(OutboundMessage).order_by(OutboundMessage.id.desc()).limit(PAGE)
    if status == "failed":
        query = query.where(OutboundMessage.status.in_(FAILED))
    elif status:
        query = query.where(OutboundMessage.status == status)
    rows = list(db.session.scalars(query))
    totals = db.session.execute(select(func.count(OutboundMessage.id), func.coalesce(func.sum(
        OutboundMessage.segments), 0)).where(OutboundMessage.kind != "call")).one()
    return render_template("admin/messages.html", rows=rows, status=status, price=SOM_PER_SEGMENT,
                           total_messages=totals[0], total_segments=totals[1])
