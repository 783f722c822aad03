"""Make an SMS fit its segment budget whatever names and meeting points are filled in.

The catalog's `example` parameters are typical lengths, but a meeting point may be
120 characters (hotline/schedule/importer.py MAX_POINT) and a place name 100: filled
into a one-segment template they make two or three segments, each paid for. Here the
long values are shortened, in a given order (meeting point first, then the place
name), each only as far as needed, ending in ASCII "..." (the single character "…"
is not GSM-7: it would turn a Latin text into expensive UCS-2).

Not a text module: it defines no texts (see MODULES in ivr_flows/texts/__init__.py).
"""
from __future__ import annotations

from collections.abc import Callable, Iterable

from hotline.messaging.segments import count_segments
from ivr_flows import texts

ELLIPSIS = "..."
MIN_KEEP = 8  # characters kept before the "...": still enough to recognise a name
SHRINK_ORDER = ("point", "place")  # the meeting point goes first: the asker knows the place


def shorten(value: str, length: int) -> str:
    """`value` in at most `length` characters (never below MIN_KEEP + "...")."""
    if len(value) <= length:
        return value
    keep = max(length - len(ELLIPSIS), MIN_KEEP)
    return value[:keep].rstrip(" ,;:.-(") + ELLIPSIS


def shrink_to_fit(build: Callable[[dict], str], values: dict, budget: int,
                  order: Iterable[str]) -> dict:
    """`values` with the names in `order` shortened in turn, each only as far as needed,
    until build(values) takes at most `budget` segments. When even the shortest
    versions do not fit, they are returned: the caller may drop a part and try again."""
    values = dict(values)
    for name in order:
        if count_segments(build(values)) <= budget:
            break
        if isinstance(values.get(name), str):
            values[name] = _longest_fitting(build, values, name, budget)
    return values


def fits(text: str, budget: int) -> bool:
    return count_segments(text) <= budget


def _longest_fitting(build: Callable[[dict], str], values: dict, name: str, budget: int) -> str:
    """Binary search on the kept length: fewer characters never take more segments."""
    full = values[name]
    low, high = MIN_KEEP + len(ELLIPSIS), len(full) - 1
    best = shorten(full, low)
    while low <= high:
        middle = (low + high) // 2
        candidate = shorten(full, middle)
        if fits(build({**values, name: candidate}), budget):
            best, low = candidate, middle + 1
        else:
            high = middle - 1
    return best


def join(*parts: str) -> str:
    """Prompts of one SMS reply as ivr_flows/sms.py joins them."""
    return " ".join(part for part in parts if part)


def fit(key: str, lang: str, channel: str = "sms", *, before: str = "", budget: int | None = None,
        order: Iterable[str] = SHRINK_ORDER, **params) -> dict:
    """`params` of text `key` shortened so that `before` (text said earlier in the same SMS)
    and the text together fit `budget` segments (default: the text's max_segments)."""
    _, text = texts.lookup(key, channel)
    template = text.in_language(lang)
    budget = budget or text.max_segments
    return shrink_to_fit(lambda p: join(before, template.format(**p)), params, budget, order)


def render_fitted(key: str, lang: str, channel: str = "sms", **params) -> str:
    """texts.render, with long names and meeting points shortened to the text's budget."""
    return texts.render(key, lang, channel, **fit(key, lang, channel, **params))


def budget_of(key: str, channel: str = "sms") -> int:
    return texts.lookup(key, channel)[1].max_segments
