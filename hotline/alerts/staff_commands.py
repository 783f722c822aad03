"""ACK n, DONE n <outcome>, PASS n from a registered staff phone (CONTRACT.md)."""
from __future__ import annotations

from hotline.core.clock import now_utc
from hotline.alerts import service
from hotline.alerts.escalation import staff_text


def _number(args: list[str]) -> str | None:
    """The alert number typed: ASCII digits ("²" is a digit to isdigit), at most 7 of them, so
    it fits the INTEGER id column and a phone number typed by mistake is never echoed back."""
    if not args:
        return None
    raw = args[0].strip().upper().removeprefix("A").removeprefix("А")  # Latin or Cyrillic A
    return raw if raw.isascii() and raw.isdigit() and len(raw) <= 7 else None


def _alert_of(args: list[str]):
    number = _number(args)
    return service.get(int(number)) if number else None


def _unknown(member, args: list[str]) -> str:
    number = _number(args)
    if number:
        return staff_text(member, "alerts.staff_no_alert", number=f"A{int(number)}")
    return staff_text(member, "alerts.staff_usage")


def ack(member, args: list[str], phone: str) -> str:
    alert = _alert_of(args)
    return service.take(alert, member, now_utc()) if alert else _unknown(member, args)


def pass_(member, args: list[str], phone: str) -> str:
    alert = _alert_of(args)
    return service.pass_on(alert, member, now_utc()) if alert else _unknown(member, args)


def done(member, args: list[str], phone: str) -> str:
    alert = _alert_of(args)
    if alert is None:
        return _unknown(member, args)
    return service.close(alert, member, " ".join(args[1:]), now_utc())
