"""When the database is down, an inbound SMS is written to a file and replayed later.

An urgent signal must never be lost: the webhook still answers at once, and
the `replay_spool` beat job feeds the file through the normal path (MessageSid
keeps it to one effect).
"""
from __future__ import annotations

import json
import logging
import os
import uuid
from pathlib import Path

from flask import current_app

from hotline.core.logs import log_event

log = logging.getLogger(__name__)


def spool_dir() -> Path:
    folder = current_app.config["SETTINGS"].instance_path / "spool"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def save(kind: str, params: dict) -> Path:
    path = spool_dir() / f"{kind}-{uuid.uuid4().hex}.json"
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps({"kind": kind, "params": params}))  # ASCII: any character survives
    os.replace(tmp, path)  # whole file or none
    log_event(log, "spool.saved", logging.WARNING, kind=kind, file=path.name)
    return path


def pending() -> list[Path]:
    return sorted(spool_dir().glob("*.json"))


MAX_REPLAYS = 50  # then the file is set aside in spool/failed/ for a person to look at


def replay(handler) -> int:
    """Call handler(kind, params) for each spooled item; delete it once handled.

    One item that keeps failing must not hold back the others (an SOS among them):
    it is counted, skipped, and after MAX_REPLAYS set aside."""
    done = 0
    for path in pending():
        item = json.loads(path.read_text())
        try:
            handler(item["kind"], item["params"])
        except Exception as error:
            _count_failure(path, item, error)
            continue
        path.unlink()
        done += 1
    return done


def _count_failure(path: Path, item: dict, error: Exception) -> None:
    from hotline.extensions import db

    db.session.rollback()
    item["failures"] = item.get("failures", 0) + 1
    log_event(log, "spool.replay_failed", logging.WARNING, file=path.name, failures=item["failures"],
              error=type(error).__name__)
    if item["failures"] >= MAX_REPLAYS:
        failed = path.parent / "failed"
        failed.mkdir(exist_ok=True)
        os.replace(path, failed / path.name)
        return
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(item))  # ASCII: any character survives
    os.replace(tmp, path)
