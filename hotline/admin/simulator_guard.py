"""Which phones the simulator may play.

The simulator sends signed SMS and calls as any number and shows that number's
thread: as a staff phone it could `ACK` an alert and get a person's number back,
and a resident's thread may tell of violence at home. So in production it is off
unless HOTLINE_SIMULATOR=on, and then plays only HOTLINE_SIMULATOR_NUMBERS (a test
range no resident holds) and never a staff phone. Development plays any number,
as before, unless a test range is set (then it behaves as in production).
"""
from __future__ import annotations

from flask import abort, current_app
from sqlalchemy import select

from hotline.extensions import db
from hotline.staff.models import Staff


def _settings():
    return current_app.config["SETTINGS"]


def is_on() -> bool:
    return _settings().simulator_on


def require_on() -> None:
    """Off: the simulator's pages do not exist."""
    if not is_on():
        abort(404)


def restricted() -> bool:
    settings = _settings()
    return settings.is_production or bool(settings.simulator_numbers)


def may_play(phone: str | None) -> bool:
    if not phone or not is_on():
        return False
    if not restricted():
        return True
    if not phone.startswith(_settings().simulator_numbers):
        return False
    # Any staff phone, active or not: never speak as a worker, whatever the range says.
    return db.session.scalar(select(Staff.id).where(Staff.phone == phone)) is None
