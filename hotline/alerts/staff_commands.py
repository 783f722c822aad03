"""ACK n, DONE n <outcome>, PASS n from a registered staff phone (CONTRACT.md)."""
from __future__ import annotations

from hotline.core.clock import now_utc
from hotline.alerts import service


def _alert_of(args: list[str]):
    if not args:
        return None
    raw = args[0].strip().upper().removeprefix("A").removeprefix("А")  # Latin or Cyrillic A
    return service.get(int(raw)) if raw.isdigit() else None


def _unknown(args: list[str]) -> str:
    return f"No alert {args[0]}." if args else "Add the alert number, e.g. ACK 17."


def ack(member, args: list[str], phone: str) -> str:
    alert = _alert_of(args)
    return service.take(alert, member, now_utc()) if alert else _unknown(args)


def pass_(member, args: list[str], phone: str) -> str:
    alert = _alert_of(args)
    return service.pass_on(alert, member, now_utc()) if alert else _unknown(args)


def done(member, args: list[str], phone: str) -> str:
    alert = _alert_of(args)
    if alert is None:
        return _unknown(args)
    return service.close(alert, member, " ".join(args[1:]), now_utc())
