"""The admin blueprint: /admin, login first, then one small module per section."""
from __future__ import annotations

from datetime import datetime

from flask import Blueprint, redirect, render_template, request, session, url_for
from flask_login import current_user
from flask_wtf.csrf import CSRFError

from hotline.admin import auth, i18n, labels, simulator_guard
from hotline.admin import models as _models  # noqa: F401  (registers the login-failure table)
from hotline.admin.domains import available
from hotline.admin.i18n import N_
from hotline.core import clock
from hotline.core.phones import mask

bp = Blueprint("admin", __name__, url_prefix="/admin", template_folder="templates",
               static_folder="static", static_url_path="/static")

# (endpoint, label, roles that see it in the menu)
NAV = (
    ("admin.dashboard", N_("Dashboard"), ("coordinator", "social_worker", "lawyer")),
    ("admin.alerts", N_("Alerts"), ("coordinator", "social_worker")),
    ("admin.callbacks", N_("Callbacks"), ("coordinator", "lawyer")),
    ("admin.schedule", N_("Schedule"), ("coordinator",)),
    ("admin.places", N_("Places"), ("coordinator",)),
    ("admin.staff", N_("Staff"), ("coordinator",)),
    ("admin.messages", N_("Messages"), ("coordinator",)),
    ("admin.figures", N_("Figures"), ("coordinator",)),
    ("admin.prompts", N_("Voice prompts"), ("coordinator",)),
    ("admin.texts_list", N_("Texts"), ("coordinator",)),
    ("admin.simulator", N_("Simulator"), ("coordinator",)),
)

bp.before_request(auth.require_login)
bp.add_url_rule("/login", "login", auth.login, methods=["GET", "POST"])
bp.add_url_rule("/logout", "logout", auth.logout, methods=["POST"])


@bp.get("/lang/<code>")
def set_language(code: str):
    if code in i18n.LANGUAGES:
        session["lang"] = code
    target = request.args.get("next") or ""
    return redirect(target if target.startswith("/admin") and not target.startswith("//")
                    else url_for("admin.dashboard"))


# The strftime formats templates pass to local() -> how Babel writes them in the page's language.
LOCAL_FORMATS = {
    "%d.%m %H:%M": i18n.day_and_time,
    "%d.%m %H:%M:%S": lambda moment: i18n.day_and_time(moment, seconds=True),
    "%H:%M": lambda moment: i18n.moment(moment, "Hm"),
    "%d.%m": lambda moment: i18n.moment(moment, "MMMd"),
}


def local(moment: datetime | None, fmt: str = "%d.%m %H:%M") -> str:
    """Local time for the page; a format not in LOCAL_FORMATS (e.g. ISO for a comparison) as strftime."""
    if not moment:
        return "-"
    shown = clock.to_local(moment)
    return LOCAL_FORMATS[fmt](shown) if fmt in LOCAL_FORMATS else shown.strftime(fmt)


def local_date(moment: datetime | None) -> str:
    return i18n.moment(clock.to_local(moment), "MMMd") if moment else "-"


@bp.app_template_global()
def admin_nav():
    if not current_user.is_authenticated:
        return []
    return [(endpoint, label) for endpoint, label, who in NAV if current_user.role in who
            and (endpoint != "admin.simulator" or simulator_guard.is_on())]


@bp.context_processor
def helpers():
    return {"_": i18n.translate, "ngettext": i18n.ntranslate, "lang": i18n.current_language(),
            "languages": i18n.LANGUAGES, "mask": mask, "local": local, "age": labels.age,
            "label": labels.label, "event_detail": labels.event_detail, "form_errors": labels.form_errors,
            "number": i18n.number, "som": labels.amount_som, "available": available,
            "fmt_time": lambda moment: local(moment, "%H:%M"), "fmt_date": local_date}


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
                                 prompts, schedule, simulator_view, texts)
