"""ACK n, DONE n <outcome>, PASS n from a registered staff phone (CONTRACT.md).

Who may act is guard.py's: anyone else is answered as an unknown command (None here
lets the dispatcher treat the text as any text it does not know)."""
from __future__ import annotations

from hotline.core.clock import now_utc
from hotline.alerts import guard, service
from hotline.alerts.escalation import staff_text


def _number(args: list[str]) -> str | None:
    """The alert number typed: ASCII digits ("²" is a digit to isdigit), at most 7 of them, so
    it fits the INTEGER id column and a phone number typed by mistake is never echoed back."""
    if not args:
        return None
    raw = args[0].strip().upper().removeprefix("A").removeprefix("А")  # Latin or Cyrillic A
    return raw if raw.isascii() and raw.isdigit() and len(raw) <= 7 else None


def _run(member, args: list[str], command: str, act) -> str | None:
    number = _number(args)
    if number is None:  # how to write it, for those who have the commands at all
        return staff_text(member, "alerts.staff_usage") if guard.may_use_commands(member) else None
    now = now_utc()
    alert = service.get(int(number))
    if alert is None or not guard.on_roster(alert, member, now):
        return guard.refuse(member, alert, command, now)
    return act(alert, member, now)


def ack(member, args: list[str], phone: str) -> str | None:
    return _run(member, args, "ACK", service.take)


def pass_(member, args: list[str], phone: str) -> str | None:
    return _run(member, args, "PASS", service.pass_on)


def done(member, args: list[str], phone: str) -> str | None:
    outcome = " ".join(args[1:])
    return _run(member, args, "DONE", lambda alert, m, now: service.close(alert, m, outcome, now))
