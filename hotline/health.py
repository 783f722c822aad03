"""GET /healthz: the load balancer's view of the database and the broker.

`beat` says whether escalation still runs (hotline/alerts/beat_watch.py). It does not
change the status code: a stalled beat is no reason to drop a healthy web host."""
from __future__ import annotations

import redis
from flask import Blueprint, current_app, jsonify
from sqlalchemy import text

from hotline.core import redis_client
from hotline.extensions import db

bp = Blueprint("health", __name__)


def broker_client() -> redis.Redis:
    return redis_client.client(current_app.config["SETTINGS"].redis_url, socket_connect_timeout=1,
                               socket_timeout=1)


@bp.get("/healthz")
def healthz():
    checks = {"db": "ok", "broker": "ok"}
    try:
        db.session.execute(text("SELECT 1"))
    except Exception:
        db.session.rollback()
        checks["db"] = "down"
    try:
        broker_client().ping()
    except Exception:
        checks["broker"] = "down"
    healthy = all(value == "ok" for value in checks.values())
    checks["beat"] = _beat_status() if checks["broker"] == "ok" else "stale"
    return jsonify(checks), 200 if healthy else 503


def _beat_status() -> str:
    from hotline.alerts import beat_watch

    return beat_watch.status_or_unknown() or "stale"
