"""Figures: consultations by oblast, district, topic and month; alerts and the median time
to acknowledge; SMS segments per day. Charts are server-drawn SVG (hotline.admin.charts)."""
from __future__ import annotations

from collections import Counter
from datetime import date, timedelta
from statistics import median

from flask import current_app, render_template
from sqlalchemy import select

from hotline.admin.auth import roles
from hotline.admin.charts import bar_chart
from hotline.admin.domains import available, module
from hotline.admin.i18n import N_, moment
from hotline.admin.i18n import translate as _
from hotline.admin.labels import label
from hotline.admin.routes import bp
from hotline.core.clock import now_utc, to_local
from hotline.extensions import db
from hotline.messaging.models import OutboundMessage

DAYS = 30


def segments_per_day(days: int = DAYS) -> list[tuple[str, int]]:
    since = now_utc() - timedelta(days=days)
    rows = db.session.execute(select(OutboundMessage.created_at, OutboundMessage.segments).where(
        OutboundMessage.created_at >= since, OutboundMessage.kind != "call")).all()
    counts: Counter = Counter()
    for created_at, segments in rows:
        counts[to_local(created_at).date()] += segments or 0
    return [(moment(day, "MMMd"), total) for day, total in sorted(counts.items())]


def alert_figures() -> dict:
    """Alerts per month and the median minutes from the signal to the ACK."""
    models = module("hotline.alerts.models")
    alerts = list(db.session.scalars(select(models.Alert)))
    per_month = Counter(to_local(a.created_at).strftime("%Y-%m") for a in alerts)
    waits = [(a.taken_at - a.created_at).total_seconds() / 60 for a in alerts if a.taken_at]
    return {"count": len(alerts), "by_month": sorted(per_month.items()),
            "median_ack_minutes": round(median(waits), 1) if waits else None, "acked": len(waits)}


def shown(dim: str, key: str) -> str:
    """A chart's row label in the page's language: "2026-05" as the month's name, codes as labels."""
    if key == "unknown":
        return _("unknown")
    if dim == "month":
        year, month = key.split("-")
        return moment(date(int(year), int(month), 1), "yMMM")
    if dim == "district":
        oblast, _slash, district = key.partition("/")
        return f"{district} ({label(oblast, 'oblast')})" if district else key
    return label(key, dim)


@bp.get("/figures")
@roles("coordinator")
def figures():
    charts = {}
    data = {"callbacks_ok": available("callbacks"), "alerts_ok": available("alerts")}
    if data["callbacks_ok"]:
        summary = module("hotline.callbacks.figures").summary(current_app.config["SETTINGS"].tz)
        data["median_hours_to_call"] = summary.get("median_hours_to_call")
        for dim, title in (("oblast", N_("Consultations by oblast")), ("district", N_("Consultations by district")),
                           ("topic", N_("Consultations by topic")), ("month", N_("Consultations by month"))):
            charts[title] = bar_chart([(shown(dim, key), count) for key, count in summary[f"by_{dim}"]],
                                      title=_(title))
    if data["alerts_ok"]:
        data["alerts"] = alert_figures()
        months = [(shown("month", key), count) for key, count in data["alerts"]["by_month"]]
        charts["Alerts by month"] = bar_chart(months, title=_("Alerts by month"))
    charts["SMS segments per day"] = bar_chart(segments_per_day(), title=_("SMS segments per day"))
    return render_template("admin/figures.html", charts=charts, **data)
