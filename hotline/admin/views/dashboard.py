"""The dashboard: what needs someone now. Each role sees its own part."""
from __future__ import annotations

from datetime import timedelta

from flask import redirect, render_template, url_for
from flask_login import current_user

from hotline.admin.auth import roles
from hotline.admin.domains import available, module
from hotline.admin.i18n import N_
from hotline.admin.routes import bp
from hotline.admin.views import alerts as alert_views
from hotline.admin.views import callbacks as callback_views
from hotline.admin.views import messages as message_views
from hotline.admin.views import schedule as schedule_views
from hotline.core.clock import now_local

# current_position's state -> its label
STATES = {"here": N_("At the place"), "on_the_way": N_("On the way"), "left": N_("Left"), "stale": N_("No fresh news")}


@bp.get("/")
@roles("coordinator", "social_worker", "lawyer")
def dashboard():
    role = current_user.role
    data = {"role": role, "STATES": STATES, "escalation_stalled": escalation_stalled()}
    if role in alert_views.WHO:
        data["alerts_ok"] = available("alerts")
        if data["alerts_ok"]:
            data["open_alerts"] = alert_views.open_alerts()
            data["names"] = alert_views.staff_names()
    if role in callback_views.WHO:
        data["callbacks_ok"] = available("callbacks")
        if data["callbacks_ok"]:
            data["queue"] = callback_views.queue_items()
    if role == "coordinator":
        data["schedule_ok"] = available("schedule")
        if data["schedule_ok"]:
            today = now_local().date()
            data["today"] = today
            data["stops"] = schedule_views.visits_between(today, today + timedelta(days=1))
        data["live_ok"] = available("live")
        if data["live_ok"]:
            data["position"] = module("hotline.live.service").current_position(now=None)
        data["failed"] = message_views.failed_messages()
    return render_template("admin/dashboard.html", **data)


def escalation_stalled() -> bool:
    """The banner: no escalation pass for 3 intervals (beat or the urgent workers down)."""
    from hotline.alerts import beat_watch

    return beat_watch.status_or_unknown() == "stale"


@bp.get("/index")
def index():
    return redirect(url_for("admin.dashboard"))
