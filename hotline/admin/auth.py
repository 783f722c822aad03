"""Login (phone number + password), logout, and the role check of every route."""
from __future__ import annotations

import functools

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_user, logout_user
from werkzeug.security import check_password_hash

from hotline.admin import ratelimit, sessions
from hotline.admin.forms import LoginForm
from hotline.admin.i18n import translate as _
from hotline.core.phones import to_e164_or_none
from hotline.extensions import db, login_manager
from hotline.staff.models import Staff

# Routes anyone may open; everything else under /admin needs a login.
PUBLIC_ENDPOINTS = {"admin.login", "admin.static", "admin.set_language"}
# A hash to compare against when the phone is unknown, so timing tells nothing.
_DUMMY_HASH = "scrypt:32768:8:1$abcdefghijklmnop$" + "0" * 128


login_manager.user_loader(sessions.member_of_this_session)


def roles(*allowed: str):
    """Let only these roles through: 403 for the others (the anonymous never get here)."""
    def decorate(view):
        view.admin_roles = allowed

        @functools.wraps(view)
        def wrapper(*args, **kwargs):
            if current_user.role not in allowed:
                abort(403)
            return view(*args, **kwargs)
        return wrapper
    return decorate


def require_login():
    """before_request of the admin blueprint."""
    if request.endpoint in PUBLIC_ENDPOINTS or current_user.is_authenticated:
        return None
    flash(_("Please log in."))
    return redirect(url_for("admin.login", next=request.full_path if request.method == "GET" else None))


def _safe_next(target: str | None) -> str:
    if target and target.startswith("/admin") and not target.startswith("//"):
        return target
    return url_for("admin.dashboard")


def login():
    form = LoginForm()
    error = None
    if form.validate_on_submit():
        phone = to_e164_or_none(form.phone.data) or form.phone.data.strip()[:20]
        address = request.remote_addr or "-"
        key, address_key = ratelimit.key_for(phone, address), ratelimit.key_for_address(address)
        if ratelimit.is_blocked(key) or ratelimit.is_blocked(address_key, ratelimit.MAX_FAILURES_PER_ADDRESS):
            error = _("Too many attempts. Try again in 15 minutes.")
            return render_template("admin/login.html", form=form, error=error), 429
        member = db.session.query(Staff).filter_by(phone=phone, active=True).first()
        hashed = member.password_hash if member is not None and member.password_hash else _DUMMY_HASH
        if check_password_hash(hashed, form.password.data) and member is not None and member.password_hash:
            ratelimit.clear(key)
            db.session.commit()
            login_user(member)
            sessions.start(member)
            return redirect(_safe_next(request.args.get("next")))
        ratelimit.record_failure(key)
        ratelimit.record_failure(address_key)  # not cleared by a success: one good account resets nothing
        error = _("Wrong phone number or password.")
    return render_template("admin/login.html", form=form, error=error)


def logout():
    sessions.end()
    logout_user()
    return redirect(url_for("admin.login"))
