"""How a live value is spoken in each language.

Kyrgyz and Uzbek: a value becomes a list of recorded pieces (ivr_flows/texts/pieces.py
for numbers, days, months, letters; one recording per place name and per meeting
point). Russian: a value becomes words the Russian voice reads well ("12 июня",
"5 километрах", "К, 1, 7"), never SMS shorthand. Which speaker reads a value is
told by its parameter's name, the same names every voice text uses.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from ivr_flows import texts

# Texts the Russian voice alone says: never recorded in Kyrgyz or Uzbek.
RUSSIAN_ONLY = frozenset({"voice.piece.km_one", "voice.piece.km_many", "voice.offer_ky_in_russian",
                          "voice.offer_uz_in_russian"})
STAFF_ONLY = "voice.recorder."  # the recording menu, heard by staff in Russian


def recorded(key: str) -> bool:
    """Whether a voice text is ever played from recordings (else always said in Russian)."""
    return key not in RUSSIAN_ONLY and not key.startswith(STAFF_ONLY)
DATE = re.compile(r"^(\d{1,2})\.(\d{1,2})$")
CLOCK = re.compile(r"^(\d{1,2}):(\d{2})$")


@dataclass(frozen=True)
class Piece:
    """One recording to play: `kind` is text (a catalog key), place or point (keyed by the words)."""

    kind: str
    key: str
    text: str


def word(key: str, lang: str) -> Piece:
    return Piece("text", key, texts.CATALOG[key].in_language(lang))


def number_keys(n: int) -> list[str]:
    """0-9,999 as piece keys: 1234 -> 1, 1000, 2, 100, 30, 4 (миң alone for 1000, жүз for 100)."""
    if not 0 <= n <= 9999:
        raise ValueError(f"no words for {n}")
    if n == 0:
        return ["voice.piece.num.0"]
    keys = []
    thousands, rest = divmod(n, 1000)
    hundreds, rest = divmod(rest, 100)
    tens, units = divmod(rest, 10)
    for count, unit in ((thousands, 1000), (hundreds, 100)):
        if count:
            keys += ([f"voice.piece.num.{count}"] if count > 1 else []) + [f"voice.piece.num.{unit}"]
    if tens:
        keys.append(f"voice.piece.num.{tens * 10}")
    if units:
        keys.append(f"voice.piece.num.{units}")
    return keys


def number(value, lang: str) -> list[Piece]:
    return [word(key, lang) for key in number_keys(int(value))]


def clock(value, lang: str) -> list[Piece]:
    """09:30 -> тогуз отуз; 12:00 -> он эки; 10:05 -> он нөл беш (no suffix follows: see the texts)."""
    hours, minutes = _clock(value)
    pieces = number(hours, lang)
    if minutes:
        pieces += (number(0, lang) if minutes < 10 else []) + number(minutes, lang)
    return pieces


def day_of(value, today: date) -> tuple[str, int, int]:
    """("today"|"tomorrow"|"day", day, month) of a DD.MM value, seen from `today`."""
    match = DATE.match(str(value))
    if match is None:
        raise ValueError(f"not a DD.MM date: {value!r}")
    day, month = int(match[1]), int(match[2])
    if (day, month) == (today.day, today.month):
        return "today", day, month
    tomorrow = today + timedelta(days=1)
    if (day, month) == (tomorrow.day, tomorrow.month):
        return "tomorrow", day, month
    return "day", day, month


def calendar_day(value, lang: str, today: date) -> list[Piece]:
    kind, day, month = day_of(value, today)
    if kind != "day":
        return [word(f"voice.piece.{kind}", lang)]
    return [word(f"voice.piece.day.{day}", lang), word(f"voice.piece.month.{month}", lang)]


def reference(value, lang: str) -> list[Piece]:
    """K-17 -> "ка, бир, жети": letter by letter, digit by digit."""
    pieces = []
    for char in str(value).lower():
        if char.isdigit():
            pieces += number(int(char), lang)
        elif f"voice.piece.letter.{char}" in texts.CATALOG:
            pieces.append(word(f"voice.piece.letter.{char}", lang))
    return pieces


def place(value, lang: str) -> list[Piece]:
    return [Piece("place", str(value), str(value))]


def point(value, lang: str) -> list[Piece]:
    return [Piece("point", str(value), str(value))] if str(value).strip() else []


# parameter name -> speaker; a text whose value has no speaker is said, not played.
SPEAKERS = {
    "place": place, "point": point, "start": clock, "end": clock, "until": clock, "time": clock,
    "km": number, "minutes": number, "count": number, "ref": reference,
}
DATED = ("date", "old_date")


def pieces_of(name: str, value, lang: str, today: date) -> list[Piece] | None:
    if name in DATED:
        return calendar_day(value, lang, today)
    speaker = SPEAKERS.get(name)
    return None if speaker is None else speaker(value, lang)


# -- Russian: words for the Russian voice ---------------------------------------------

def russian(name: str, value, today: date) -> str:
    """A value as the Russian voice should read it (the texts say "в {km} от вас")."""
    if name in DATED:
        kind, day, month = day_of(value, today)
        if kind != "day":
            return texts.CATALOG[f"voice.piece.{kind}"].ru
        return f"{day} {texts.CATALOG[f'voice.piece.month.{month}'].ru}"
    if name == "km":
        n = int(value)
        one = n % 10 == 1 and n % 100 != 11
        return f"{n} {texts.CATALOG['voice.piece.km_one' if one else 'voice.piece.km_many'].ru}"
    if name in ("start", "end", "until", "time"):
        hours, minutes = _clock(value)
        return f"{hours}:{minutes:02d}"
    if name == "ref":
        return ", ".join(texts.CATALOG[f"voice.piece.letter.{c}"].ru if c.isalpha() else c
                         for c in str(value).lower() if c.isalnum())
    return str(value)


def _clock(value) -> tuple[int, int]:
    match = CLOCK.match(str(value))
    if match is None:
        raise ValueError(f"not a HH:MM time: {value!r}")
    return int(match[1]), int(match[2])
