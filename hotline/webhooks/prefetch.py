"""A webhook's reads in one statement: its receipt, the resident, the dialogue, the data versions.

One round trip where there were four or more: the answer stored for a retry (None for a new
webhook), the caller's resident row and dialogue state (None when there is none yet) and the
version token of each cached kind of data (hotline/core/versions.py). The rows are left in
hotline.core.prefetch, where residents.get_or_create, sessions.load and the caches find them.
"""
from __future__ import annotations

import functools

from sqlalchemy import bindparam, literal, select

from hotline.core import lone_statements, prefetch, versions
from hotline.core.versions import DataVersion
from hotline.extensions import db
from hotline.residents.models import Resident
from ivr_flows.sessions import DialogSession


@functools.lru_cache(maxsize=8)
def _statement(names: tuple[str, ...]):
    """Built once (SQLAlchemy then finds its SQL in the compiled cache); values are parameters."""
    from hotline.messaging.receipts import WebhookReceipt

    answer = (select(WebhookReceipt.response).where(WebhookReceipt.key == bindparam("receipt_key"))
              .scalar_subquery())
    tokens = [select(DataVersion.token).where(DataVersion.name == name).scalar_subquery() for name in names]
    one = select(literal(1).label("one")).subquery("one")
    return (select(Resident, DialogSession, answer, *tokens).select_from(one)
            .outerjoin(Resident, Resident.phone == bindparam("phone"))
            .outerjoin(DialogSession, DialogSession.key == bindparam("session_key")))


def read(receipt_key: str, phone: str, session_key: str) -> str | None:
    """The stored answer to this webhook, if it was answered before; the rest is remembered."""
    names = tuple(sorted(set(versions.WATCHED.values())))
    # LONE: on PostgreSQL it may run before the transaction (hotline/core/lone_statements.py).
    row = db.session.execute(_statement(names), {"receipt_key": receipt_key, "phone": phone,
                                                 "session_key": session_key},
                             execution_options={lone_statements.LONE: True}).one()
    resident, session, stored, *values = row
    prefetch.remember("resident", phone, resident)
    prefetch.remember("session", session_key, session)
    for name, token in zip(names, values):
        prefetch.remember("version", name, token)
    return stored
