"""When the database is down, an inbound SMS is written to a file and replayed later.

An urgent signal must never be lost: the webhook still answers at once, and the
replayer that `hotline web` starts on the same host (hotline/webhooks/replayer.py)
feeds the file through the normal path once the database answers (MessageSid keeps
it to one effect). Files are named by arrival time, so they replay in order of
arrival; a lock on the folder keeps two replayers of one host (or of hosts sharing
a volume) from interleaving one phone's messages.
"""
from __future__ import annotations

import fcntl
import json
import logging
import os
import time
import uuid
from contextlib import contextmanager
from pathlib import Path

from flask import current_app

from hotline.core.logs import log_event

log = logging.getLogger(__name__)


def spool_dir() -> Path:
    folder = current_app.config["SETTINGS"].instance_path / "spool"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def save(kind: str, params: dict) -> Path:
    # Arrival time first (nanoseconds, fixed width): the names sort in order of arrival.
    path = spool_dir() / f"{time.time_ns():020d}-{kind}-{uuid.uuid4().hex}.json"
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps({"kind": kind, "params": params}))  # ASCII: any character survives
    os.replace(tmp, path)  # whole file or none
    log_event(log, "spool.saved", logging.WARNING, kind=kind, file=path.name)
    return path


def pending() -> list[Path]:
    return sorted(spool_dir().glob("*.json"))


MAX_REPLAYS = 50  # then the file is set aside in spool/failed/ for a person to look at


@contextmanager
def _replaying():
    """Held while one replayer goes through the folder; None when another holds it."""
    with open(spool_dir() / ".replay.lock", "a") as lock_file:
        try:
            fcntl.flock(lock_file, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            yield False
            return
        try:
            yield True
        finally:
            fcntl.flock(lock_file, fcntl.LOCK_UN)


def replay(handler) -> int:
    """Call handler(kind, params) for each spooled item, oldest first; delete it once handled.

    One item that keeps failing must not hold back other people's (an SOS among them):
    it is counted, skipped, and after MAX_REPLAYS set aside. The same phone's later
    items wait for the next pass, so one person's messages keep their order."""
    done = 0
    held: set[str] = set()
    with _replaying() as mine:
        if not mine:
            return 0
        for path in pending():
            try:
                item = json.loads(path.read_text())
            except FileNotFoundError:  # handled meanwhile by a replayer sharing the folder
                continue
            # A status callback's From is our own number: it holds nobody back.
            sender = "" if item["kind"] == "status" else item["params"].get("From") or ""
            if sender and sender in held:
                continue
            try:
                handler(item["kind"], item["params"])
            except Exception as error:
                held.add(sender)
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
