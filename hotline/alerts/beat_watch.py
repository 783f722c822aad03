"""Is escalation still running? The escalation job leaves a mark in Redis at every pass;
anyone may read it (/healthz, the dashboard), and the web hosts' watchers tell the
coordinators by SMS when it has been stale for a while, and again when it is back.

The watcher must not be beat itself (a dead beat cannot report its own death): it
runs in `hotline web`'s replayer (hotline/webhooks/replayer.py). Several web hosts
watch at once; the alarm is one Redis key taken with SET NX (one host wins) and
every SMS has a dedupe key in the outbox, so the coordinators get one of each.
Seconds by Redis' own clock (TIME), not the domain clock or each host's: this is
about processes on several hosts, whose clocks may disagree by more than an interval.
"""
from __future__ import annotations

import logging

from flask import current_app
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from hotline.core import redis_client
from hotline.core.logs import log_event
from hotline.extensions import db
from hotline.messaging import outbox
from hotline.staff.models import Staff
from ivr_flows import texts

log = logging.getLogger(__name__)

LAST_PASS = "hotline:escalation:last_pass"
STALE_SINCE = "hotline:escalation:stale_since"
ALARM = "hotline:escalation:alarm"  # set while the coordinators have been told "stale"
STALE_AFTER_PASSES = 3  # intervals without a pass before escalation counts as stalled


def _redis():
    return redis_client.shared_client(current_app.config["SETTINGS"].redis_url)


def interval() -> float:
    from tasks.beat import JOBS

    return JOBS["escalate-alerts"][1].total_seconds()


def _now(client) -> float:
    seconds, microseconds = client.time()
    return seconds + microseconds / 1e6


def record_pass(now: float | None = None) -> None:
    """Called after each escalation pass; a day's expiry keeps Redis tidy."""
    client = _redis()
    client.set(LAST_PASS, repr(now if now is not None else _now(client)), ex=86400)


def status(now: float | None = None) -> str:
    """"ok" or "stale" (no pass for STALE_AFTER_PASSES intervals, or none recorded)."""
    client = _redis()
    now = now if now is not None else _now(client)
    last = client.get(LAST_PASS)
    if last is not None and now - float(last) <= STALE_AFTER_PASSES * interval():
        return "ok"
    return "stale"


def status_or_unknown() -> str | None:
    """For pages: None when Redis cannot be asked (the broker check reports that)."""
    try:
        return status()
    except Exception:  # noqa: BLE001 - Redis down: healthz's broker field says so
        return None


def watch(now: float | None = None) -> str | None:
    """One look by a watcher: returns "stale" or "back" when it queued that SMS, else None."""
    client = _redis()
    now = now if now is not None else _now(client)
    if status(now) == "ok":
        client.delete(STALE_SINCE)
        since = client.getdel(ALARM)  # one watcher gets it, the others see None
        if since is None:
            return None
        try:
            _tell_coordinators("alerts.beat_back", f"beat-back:{since.decode()}")
        except Exception:
            client.set(ALARM, since, nx=True)  # not told yet: the next look tries again
            raise
        return "back"
    client.set(STALE_SINCE, repr(now), nx=True, ex=86400)
    since = client.get(STALE_SINCE) or repr(now).encode()
    delay = current_app.config["SETTINGS"].beat_alarm_seconds
    if now - float(since) < delay or not client.set(ALARM, since, nx=True):
        return None
    try:
        _tell_coordinators("alerts.beat_stale", f"beat-stale:{since.decode()}")
    except Exception:
        client.delete(ALARM)
        raise
    return "stale"


def _tell_coordinators(key: str, dedupe: str) -> None:
    """One SMS per active coordinator in their language; the dedupe key (unique in the
    outbox) keeps it to one however many watchers race here."""
    coordinators = db.session.scalars(
        select(Staff).where(Staff.role == "coordinator", Staff.active.is_(True)).order_by(Staff.id))
    queued = 0
    try:
        for member in coordinators:
            body = texts.render(key, member.language or "ru", "sms")
            if outbox.queue_sms(member.phone, body, queue="urgent", purpose="staff",
                                dedupe_key=f"{dedupe}:{member.id}") is not None:
                queued += 1
        outbox.commit()
    except IntegrityError:  # another watcher queued the same SMS first
        db.session.rollback()
        queued = 0
    log_event(log, "alerts.beat_watch", logging.WARNING, told=key, coordinators=queued)
