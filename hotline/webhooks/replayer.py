"""The small process `hotline web` starts beside gunicorn, on every web host.

- It replays this host's own spool (webhooks that met a dead database) once the
  database answers again: a host's spool never depends on another host's folder.
- It watches escalation (hotline/alerts/beat_watch.py) and tells the coordinators
  when it has stalled: something that is not beat has to notice a dead beat.

It lives as long as the web process that started it: `hotline web` becomes
gunicorn's master by exec (same pid), and this loop ends when that pid is no
longer its parent.

    python -m hotline.webhooks.replayer PARENT_PID
"""
from __future__ import annotations

import logging
import os
import sys
import time

from sqlalchemy import text

from hotline.core.logs import log_event

log = logging.getLogger(__name__)

PERIOD = 2.0  # seconds between looks: the spool and the beat mark are cheap to read


def replay_if_database_answers() -> int:
    from hotline.extensions import db
    from hotline.webhooks import spool
    from hotline.webhooks.replay import replay_item

    if not spool.pending():
        return 0
    try:
        db.session.execute(text("SELECT 1"))
        db.session.rollback()
    except Exception:  # noqa: BLE001 - still down: look again in PERIOD
        db.session.rollback()
        return 0
    done = spool.replay(replay_item)
    if done:
        log_event(log, "spool.replayed", replayed=done)
    return done


def look_once() -> None:
    """One round: replay, then watch; a failure of one is logged and does not stop the other."""
    from hotline.alerts import beat_watch
    from hotline.extensions import db

    for step in (replay_if_database_answers, beat_watch.watch):
        try:
            step()
        except Exception as error:  # noqa: BLE001 - Redis or the database down: next round
            db.session.rollback()
            log_event(log, "replayer.step_failed", logging.WARNING, step=step.__name__, error=type(error).__name__)
        finally:
            db.session.remove()


def main(parent_pid: int) -> None:
    from hotline.app import create_app

    app = create_app()
    log_event(log, "replayer.started")
    try:
        while os.getppid() == parent_pid:
            try:
                with app.app_context():
                    look_once()
            except Exception as error:  # noqa: BLE001 - nobody restarts this loop: never let it end
                log_event(log, "replayer.look_failed", logging.ERROR, error=type(error).__name__)
            time.sleep(PERIOD)
    except KeyboardInterrupt:  # Ctrl-C of `hotline run` reaches the whole group
        pass


if __name__ == "__main__":
    main(int(sys.argv[1]))
