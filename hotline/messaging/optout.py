"""Who asked us not to write (STOP): asked by the outbox before anything is queued.

Messaging knows no domain: the residents domain, which keeps the STOP flag, registers the
question here when its models load (every process loads them: hotline.models). With nothing
registered the outbox refuses to guess: it raises rather than write to a phone that said STOP.
"""
from __future__ import annotations

from typing import Callable

OptedOut = Callable[[str], bool]  # phone (E.164) -> True when it said STOP
_LISTS: list[OptedOut] = []


def register(opted_out: OptedOut) -> None:
    if opted_out not in _LISTS:
        _LISTS.append(opted_out)


def is_opted_out(phone: str) -> bool:
    if not _LISTS:
        raise RuntimeError("no opt-out list registered (hotline.residents.models not loaded)")
    return any(opted_out(phone) for opted_out in _LISTS)
