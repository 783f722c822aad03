"""Login attempts: at most MAX_FAILURES failures per phone and IP in WINDOW, and
MAX_FAILURES_PER_ADDRESS per IP whatever the phones (one address trying many).

Never per phone alone: anyone could then lock a colleague out from elsewhere. The
IP is the client's, not a proxy's, when HOTLINE_PROXY_COUNT says how many proxies
add X-Forwarded-For (app.trust_proxies).

Counted in Redis (a key that expires with the window); when Redis cannot be
reached the failures are counted in the database instead, so a broken broker
never opens the door to guessing.
"""
from __future__ import annotations

import hashlib
import logging
import os
from datetime import timedelta

from flask import current_app
from sqlalchemy import delete, func, select

from hotline.core.clock import now_utc
from hotline.core.logs import log_event
from hotline.extensions import db

log = logging.getLogger(__name__)

MAX_FAILURES = 5
MAX_FAILURES_PER_ADDRESS = 20
WINDOW = timedelta(minutes=15)


def key_for(phone: str, ip: str) -> str:
    digest = hashlib.sha256(f"{phone}|{ip}".encode()).hexdigest()[:40]
    return f"hotline:admin:login:{digest}"


def key_for_address(ip: str) -> str:
    digest = hashlib.sha256(f"address|{ip}".encode()).hexdigest()[:40]
    return f"hotline:admin:login:{digest}"


def _redis():
    from hotline.core import redis_client

    url = current_app.config["SETTINGS"].redis_url or os.environ["HOTLINE_REDIS_URL"]
    return redis_client.client(url, socket_timeout=1, socket_connect_timeout=1)


def is_blocked(key: str, limit: int = MAX_FAILURES) -> bool:
    try:
        return int(_redis().get(key) or 0) >= limit
    except Exception as error:
        log_event(log, "admin.ratelimit.redis_down", logging.WARNING, error=type(error).__name__)
        return _db_count(key) >= limit


def record_failure(key: str) -> None:
    try:
        client = _redis()
        pipe = client.pipeline()
        # The window starts at the first failure (SET NX EX works on Redis 6 too).
        pipe.set(key, 0, ex=int(WINDOW.total_seconds()), nx=True)
        pipe.incr(key)
        pipe.execute()
    except Exception as error:
        log_event(log, "admin.ratelimit.redis_down", logging.WARNING, error=type(error).__name__)
        _db_record(key)


def clear(key: str) -> None:
    try:
        _redis().delete(key)
    except Exception:
        pass
    db.session.execute(delete(_model()).where(_model().key == key))


def _model():
    from hotline.admin.models import LoginFailure

    return LoginFailure


def _db_count(key: str) -> int:
    model = _model()
    return db.session.scalar(select(func.count(model.id)).where(
        model.key == key, model.created_at > now_utc() - WINDOW)) or 0


def _db_record(key: str) -> None:
    model = _model()
    db.session.execute(delete(model).where(model.created_at < now_utc() - WINDOW))
    db.session.add(model(key=key))
    db.session.commit()
