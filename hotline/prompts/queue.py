"""A place renamed or added, or a meeting point written, asks a worker to voice it.

Whatever made the change (a CSV import, the admin page, the CLI), the session notices it
before the flush and, once committed, publishes one `tasks.prompts.refresh`; if the broker
is down the beat job (every minute) does it. Until then the previous recording plays.
"""
from __future__ import annotations

import logging

from sqlalchemy import event, inspect
from sqlalchemy.orm import Session

from hotline.core.logs import log_event

log = logging.getLogger(__name__)
VOICED = {"Place": ("name_ky", "name_ru", "name_latin"), "Visit": ("meeting_point",)}
FLAG = "prompts_stale"
SETTING = "PROMPTS_VOICE_ON_CHANGE"  # app.config; False leaves it to the beat job alone


def _changes_voice(obj, new: bool) -> bool:
    fields = VOICED.get(type(obj).__name__)
    if fields is None:
        return False
    if new:
        return type(obj).__name__ == "Place" or bool(getattr(obj, "meeting_point", ""))
    state = inspect(obj)
    return any(state.attrs[name].history.has_changes() for name in fields)


@event.listens_for(Session, "before_flush")
def _notice(session, _context, _instances) -> None:
    if any(_changes_voice(obj, True) for obj in session.new) or any(
            _changes_voice(obj, False) for obj in session.dirty):
        session.info[FLAG] = True


@event.listens_for(Session, "after_commit")
def _ask_a_worker(session) -> None:
    if not session.info.pop(FLAG, False):
        return
    from flask import current_app, has_app_context

    if not has_app_context() or "celery" not in current_app.extensions:
        return
    if not current_app.config.get(SETTING, True):
        return
    try:
        current_app.extensions["celery"].send_task("tasks.prompts.refresh", queue="bulk", retry=False)
    except Exception as error:  # broker down: the beat job voices it within a minute
        log_event(log, "prompts.refresh_publish_failed", logging.WARNING, error=type(error).__name__)


@event.listens_for(Session, "after_rollback")
def _forget(session) -> None:
    session.info.pop(FLAG, None)
