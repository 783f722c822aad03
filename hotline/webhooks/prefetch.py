"""A webhook's reads in one statement: its receipt, the resident, the dialogue, the data versions.

One round trip where there were four or more: the answer stored for a retry (None for a new
webhook), the caller's resident row and dialogue state (None when there is none yet) and the
version token of each cached kind of data (hotline/core/versions.py). The rows are left in
hotline.core.prefetch, where residents.get_or_create, sessions.load and the caches find them.

On PostgreSQL, when the caller has no resident row yet, the same statement draws the new row's
id from its sequence: the resident is then written with the turn's batch, in one INSERT with its
final fields (hotline/core/batch.py, defer), not INSERTed and UPDATEd in a transaction of its own.
An id drawn for a turn that never writes is a gap in the numbering, nothing more.
"""
from __future__ import annotations

import functools

from sqlalchemy import bindparam, case, func, literal, select

from hotline.core import lone_statements, prefetch, versions
from hotline.core.versions import DataVersion
from hotline.extensions import db
from hotline.residents.models import Resident
from ivr_flows.sessions import DialogSession


@functools.lru_cache(maxsize=8)
def _statement(names: tuple[str, ...], draws_id: bool):
    """Built once (SQLAlchemy then finds its SQL in the compiled cache); values are parameters."""
    from hotline.messaging.receipts import WebhookReceipt

    answer = (select(WebhookReceipt.response).where(WebhookReceipt.key == bindparam("receipt_key"))
              .scalar_subquery())
    tokens = [select(DataVersion.token).where(DataVersion.name == name).scalar_subquery() for name in names]
    one = select(literal(1).label("one")).subquery("one")
    # CASE: the sequence is advanced only when there is no resident.
    new_id = [case((Resident.id.is_(None), func.nextval(func.pg_get_serial_sequence("residents", "id"))))
              .label("new_resident_id")] if draws_id else []
    return (select(Resident, DialogSession, answer, *new_id, *tokens).select_from(one)
            .outerjoin(Resident, Resident.phone == bindparam("phone"))
            .outerjoin(DialogSession, DialogSession.key == bindparam("session_key")))


def read(receipt_key: str, phone: str, session_key: str) -> str | None:
    """The stored answer to this webhook, if it was answered before; the rest is remembered."""
    names = tuple(sorted(set(versions.WATCHED.values())))
    # LONE: on PostgreSQL it may run before the transaction (hotline/core/lone_statements.py).
    draws_id = db.session.get_bind().dialect.name == "postgresql"
    row = db.session.execute(_statement(names, draws_id), {"receipt_key": receipt_key, "phone": phone,
                                                           "session_key": session_key},
                             execution_options={lone_statements.LONE: True}).one()
    resident, session, stored, *values = row
    if draws_id:
        new_id, *values = values
        if new_id is not None:
            prefetch.remember("new_resident_id", phone, new_id)
    prefetch.remember("resident", phone, resident)
    prefetch.remember("session", session_key, session)
    for name, token in zip(names, values):
        prefetch.remember("version", name, token)
    return stored
