"""The crew's SMS words, Latin and Cyrillic, and what follows them (docs/crew-card.md).

Parsing only: `parse(word, args)` gives a `Command` or a `Usage` naming the
command whose arguments were wrong. The words are folded the way dispatch folds
them (upper case, Cyrillic kept), so `здесь` is `ЗДЕСЬ`.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import time

# Command -> every word that means it. Words residents use (ОТМЕНА, ЖОККО, BEKOR...)
# are left out on purpose: they withdraw a resident's callback (CONTRACT.md).
WORDS = {
    "here": ("HERE", "ЗДЕСЬ", "ТУТ", "МЫНДА", "KELDIK", "КЕЛДИК", "ZDES"),
    "late": ("LATE", "ОПАЗДЫВАЕМ", "ОПАЗДЫВАЮ", "КЕЧИГЕБИЗ", "KECHIGEBIZ", "KECHIKAMIZ"),
    "next": ("NEXT", "СЛЕДУЮЩИЙ", "ДАЛЕЕ", "КИЙИНКИ", "KIYINKI", "KEYINGI"),
    "left": ("LEFT", "УЕХАЛИ", "КЕТТИК", "KETTIK", "KETDIK"),
    "undo": ("UNDO", "ОТМЕНИТЬ", "АРТКА", "ORQAGA"),
}
KIND_OF_WORD = {word: kind for kind, words in WORDS.items() for word in words}
# "until" before the time (HERE Gulcho until 13:00), or after it in Kyrgyz/Uzbek word order.
UNTIL_WORDS = {"UNTIL", "TILL", "TO", "ДО", "ЧЕЙИН", "CHEYIN", "GACHA", "ГАЧА", "KADAR"}
MINUTE_SUFFIXES = ("MINUTES", "MINUTE", "MINS", "MIN", "M", "МИНУТ", "МИНУТА", "МИНУТЫ", "МИН", "М", "DAQIQA")
MAX_LATE_MINUTES = 12 * 60
_TIME = re.compile(r"^([01]?\d|2[0-3])[:.\-]?([0-5]\d)$")


@dataclass(frozen=True)
class Command:
    kind: str  # here | late | next | left | undo
    place: str = ""  # the place as typed: code or name
    at: time | None = None  # HERE until / NEXT expected
    minutes: int | None = None  # LATE


@dataclass(frozen=True)
class Usage:
    """The arguments did not parse: answer with the usage of this command."""

    kind: str


def parse_time(token: str) -> time | None:
    match = _TIME.match(token.strip(" ,."))
    if match is None:
        return None
    return time(int(match.group(1)), int(match.group(2)))


def parse_minutes(token: str) -> int | None:
    raw = token.strip(" ,.").upper()
    for suffix in MINUTE_SUFFIXES:
        if raw.endswith(suffix) and raw[: -len(suffix)].isdigit():
            raw = raw[: -len(suffix)]
            break
    if not raw.isdigit():
        return None
    minutes = int(raw)
    return minutes if 0 < minutes <= MAX_LATE_MINUTES else None


def parse(word: str, args: list[str]) -> Command | Usage:
    kind = KIND_OF_WORD[word]
    args = [a for a in (a.strip(" ,") for a in args) if a]
    if kind == "undo":
        return Command("undo")
    if kind == "here":
        return _here(args)
    if kind == "late":
        return _late(args)
    if kind == "next":
        return _next(args)
    return Command("left", place=" ".join(args))  # an empty place: the stop the bus is at


def _here(args: list[str]) -> Command | Usage:
    until = None
    rest = []
    for token in args:
        at = parse_time(token) if len(rest) else None  # the first word is the place, even "1101"
        if at is not None and until is None:
            until = at
        elif token.upper() not in UNTIL_WORDS:
            rest.append(token)
    return Command("here", place=" ".join(rest), at=until) if rest else Usage("here")


def _late(args: list[str]) -> Command | Usage:
    # The minutes come last; "LATE Gulcho 30 min" has the unit after them.
    if len(args) >= 3 and parse_minutes(args[-2] + args[-1]) is not None:
        args = [*args[:-2], args[-2] + args[-1]]
    if len(args) < 2 or parse_minutes(args[-1]) is None:
        return Usage("late")
    return Command("late", place=" ".join(args[:-1]), minutes=parse_minutes(args[-1]))


def _next(args: list[str]) -> Command | Usage:
    if len(args) < 2 or parse_time(args[-1]) is None:
        return Usage("next")
    return Command("next", place=" ".join(args[:-1]), at=parse_time(args[-1]))
