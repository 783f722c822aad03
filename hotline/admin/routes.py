"""The admin blueprint: /admin, login first, then one small module per section."""
from __future__ import annotations

from datetime import datetime

from flask import Blueprint, redirect, render_template, request, session, url_for
from flask_login import current_user
from flask_wtf.csrf import CSRFError

from hotline.admin import auth, i18n
from hotline.admin import models as _models  # noqa: F401  (registers the login-failure table)
from hotline.admin.domains import available
from hotline.core import clock
from hotline.core.phones import mask

bp = Blueprint("admin", __name__, url_prefix="/admin", template_folder="templates",
               static_folder="static", static_url_path="/static")

# (endpoint, label, roles that see it in the menu)
NAV = (
    ("admin.dashboard", "Dashboard", ("coordinator", "social_worker", "lawyer")),
    ("admin.alerts", "Alerts", ("coordinator", "social_worker")),
    ("admin.callbacks", "Callbacks", ("coordinator", "lawyer")),
    ("admin.schedule", "Schedule", ("coordinator",)),
    ("admin.places", "Places", ("coordinator",)),
    ("admin.staff", "Staff", ("coordinator",)),
    ("admin.messages", "Messages", ("coordinator",)),
    ("admin.figures", "Figures", ("coordinator",)),
    ("admin.prompts", "Voice prompts", ("coordinator",)),
    ("admin.simulator", "Simulator", ("coordinator",)),
)

bp.before_request(auth.require_login)


@bp.record_once
def _favicon_at_the_root(state) -> None:
    """Browsers ask for /favicon.ico on any page (also /healthz): the admin's icon, not a 404."""
    def favicon():
        return bp.send_static_file("favicon.svg")

    state.app.add_url_rule("/favicon.ico", "favicon", favicon)
bp.add_url_rule("/login", "login", auth.login, methods=["GET", "POST"])
bp.add_url_rule("/logout", "logout", auth.logout, methods=["POST"])


@bp.get("/lang/<code>")
def set_language(code: str):
    if code in i18n.LANGUAGES:
        session["lang"] = code
    target = request.args.get("next") or ""
    return redirect(target if target.startswith("/admin") and not target.startswith("//")
                    else url_for("admin.dashboard"))


def local(moment: datetime | None, fmt: str = "%d.%m %H:%M") -> str:
    return clock.to_local(moment).strftime(fmt) if moment else "-"


def age(moment: datetime | None) -> str:
    if moment is None:
        return "-"
    minutes = max(0, int((clock.now_utc() - moment).total_seconds() // 60))
    if minutes < 60:
        return f"{minutes} min"
    if minutes < 48 * 60:
        return f"{minutes // 60} h {minutes % 60:02d} min"
    return f"{minutes // 1440} d"


@bp.app_template_global()
def admin_nav():
    if not current_user.is_authenticated:
        return []
    return [(endpoint, label) for endpoint, label, who in NAV if current_user.role in who]


@bp.context_processor
def helpers():
    return {"_": i18n.translate, "lang": i18n.current_language(), "languages": i18n.LANGUAGES,
            "mask": mask, "local": local, "age": age, "available": available,
            "fmt_time": clock.fmt_time, "fmt_date": clock.fmt_date}


@bp.errorhandler(403)
def forbidden(error):
    return render_template("admin/forbidden.html"), 403


@bp.errorhandler(CSRFError)
def csrf_refused(error):
    """CSRF is checked before the login check: the anonymous still go to the login
    (CONTRACT.md); a logged-in form without its token is refused."""
    if not current_user.is_authenticated and request.endpoint not in auth.PUBLIC_ENDPOINTS:
        return auth.require_login()
    return error.description, 400


# The sections register their routes on `bp`.
from hotline.admin.views import (alerts, callbacks, dashboard, figures, messages, places,  # noqa: E402,F401
                                 prompts, schedule, simulator_view)
