"""GET /healthz: the load balancer's view of the database and the broker."""
from __future__ import annotations

import redis
from flask import Blueprint, current_app, jsonify
from sqlalchemy import text

from hotline.embedded_redis import redis_py_url
from hotline.extensions import db

bp = Blueprint("health", __name__)


def broker_client() -> redis.Redis:
    url = redis_py_url(current_app.config["SETTINGS"].redis_url)
    return redis.Redis.from_url(url, socket_connect_timeout=1, socket_timeout=1)


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
    return jsonify(checks), 200 if healthy else 503
