"""Which domain sections can be shown: the package is there and its tables exist.

The schedule, callbacks, alerts and live packages are built alongside this one; a
section whose domain is missing says "not available" instead of failing.
"""
from __future__ import annotations

from types import ModuleType

import sqlalchemy
from flask import abort, g

from hotline.core.optional import import_optional
from hotline.extensions import db

# domain -> (modules the admin uses, tables it reads)
DOMAINS = {
    "schedule": (("hotline.schedule.service", "hotline.schedule.models", "hotline.schedule.importer"),
                 ("places", "visits")),
    "callbacks": (("hotline.callbacks.queue", "hotline.callbacks.service", "hotline.callbacks.models"),
                  ("callback_requests",)),
    "alerts": (("hotline.alerts.service", "hotline.alerts.models"), ("alerts", "alert_events")),
    "live": (("hotline.live.service", "hotline.live.models"), ("live_events", "places", "visits")),
}


def _tables() -> set[str]:
    # Through the session's own connection: on SQLite (BEGIN IMMEDIATE) a second
    # connection would wait for the write lock this request's session holds.
    if "admin_tables" not in g:
        g.admin_tables = set(sqlalchemy.inspect(db.session.connection()).get_table_names())
    return g.admin_tables


def available(domain: str) -> bool:
    modules, tables = DOMAINS[domain]
    try:
        if any(import_optional(name) is None for name in modules):
            return False
    except ImportError:
        return False
    return set(tables) <= _tables()


def module(name: str) -> ModuleType:
    loaded = import_optional(name)
    if loaded is None:
        raise LookupError(f"{name} is not available")
    return loaded


def get_or_404(domain: str, service: str, object_id: int):
    """One row of a domain through its service's get(), or 404 (also when the domain is missing)."""
    if not available(domain):
        abort(404)
    found = module(service).get(object_id)
    if found is None:
        abort(404)
    return found
