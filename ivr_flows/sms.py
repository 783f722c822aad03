"""Render a Turn as the text of one SMS reply."""
from __future__ import annotations

from ivr_flows import texts
from ivr_flows.engine import Context, Turn


def render(turn: Turn, ctx: Context) -> str | None:
    if turn.silent:
        return None
    parts = [texts.render(p.key, ctx.lang, "sms", **p.params) for p in turn.prompts]
    return " ".join(part for part in parts if part) or None
