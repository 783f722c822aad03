"""Admin sessions kept on the server, so a copied cookie dies with the session.

The signed cookie holds a random token; the database holds its hash, the member,
and a digest of the member's password hash at login. The session ends at logout,
after HOTLINE_ADMIN_IDLE_HOURS without a request, after HOTLINE_ADMIN_SESSION_DAYS
in all, when the member is deactivated, and when their password changes.
"""
from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from flask import current_app, session
from sqlalchemy import delete, or_, select

from hotline.admin.models import AdminSession
from hotline.core import clock
from hotline.extensions import db
from hotline.staff.models import Staff

COOKIE_KEY = "admin_session"
# Write last_seen_at at most once a minute: not one UPDATE for every page.
TOUCH_EVERY = timedelta(minutes=1)


def _digest(value: str) -> str:
    return hashlib.sha256(value.encode()).hexdigest()


def _password_stamp(member: Staff) -> str:
    return _digest(member.password_hash or "")


def _limits() -> tuple[timedelta, timedelta]:
    settings = current_app.config["SETTINGS"]
    return timedelta(hours=settings.admin_idle_hours), timedelta(days=settings.admin_session_days)


def start(member: Staff) -> None:
    """After the password was checked: a new token, in the cookie and (hashed) here."""
    now = clock.now_utc()
    idle, longest = _limits()
    # The member's own sessions that ended by time: nothing else would delete them.
    db.session.execute(delete(AdminSession).where(
        AdminSession.staff_id == member.id,
        or_(AdminSession.last_seen_at < now - idle, AdminSession.created_at < now - longest)))
    token = secrets.token_urlsafe(32)
    db.session.add(AdminSession(token_hash=_digest(token), staff_id=member.id,
                                password_stamp=_password_stamp(member), created_at=now, last_seen_at=now))
    db.session.commit()
    session[COOKIE_KEY] = token


def member_of_this_session(staff_id: str) -> Staff | None:
    """Flask-Login's user loader: the member, while this browser's session is alive."""
    token = session.get(COOKIE_KEY)
    if not isinstance(token, str):
        return None
    row = db.session.scalar(select(AdminSession).where(AdminSession.token_hash == _digest(token)))
    if row is None or str(row.staff_id) != staff_id:
        return None
    member = db.session.get(Staff, row.staff_id)
    now = clock.now_utc()
    idle, longest = _limits()
    if (member is None or not member.active or row.password_stamp != _password_stamp(member)
            or now - row.last_seen_at > idle or now - row.created_at > longest):
        db.session.delete(row)
        db.session.commit()
        return None
    if now - row.last_seen_at > TOUCH_EVERY:
        row.last_seen_at = now
        db.session.commit()
    return member


def end() -> None:
    """Logout: this browser's session, and so every copy of its cookie."""
    token = session.pop(COOKIE_KEY, None)
    if isinstance(token, str):
        db.session.execute(delete(AdminSession).where(AdminSession.token_hash == _digest(token)))
        db.session.commit()


def end_all(staff_id: int) -> None:
    """Every session of a member (deactivated): also after they are made active again."""
    db.session.execute(delete(AdminSession).where(AdminSession.staff_id == staff_id))
