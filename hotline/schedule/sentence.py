"""Find the village inside a whole sentence: "когда автобус в Гульчу?", "автобус качан келет Араванга".

A name in a sentence is declined: Kyrgyz and Uzbek add case endings (Араванга,
Гүлчөдөн, Aravanga), Russian changes the ending (в Гульчу, в Гульче, в Араване).
Each word (and each pair of words, for "Кара Суу") is tried as typed and with
one ending taken off; only an *exact* name counts here, never a fuzzy guess, so
an ordinary word one letter from a village is not taken for it.

A sentence is taken for a bus question when it says so (a bus word or an
arrival verb) or when nothing but the place and small words (prepositions,
"when") is in it: "кеңеш бериңизчи" ("give advice") is not a question about
the village Кеңеш, "в Кенеше" is.
"""
from __future__ import annotations

import re

from hotline.schedule.matching import PlaceIndex, Resolution
from hotline.schedule.normalize import is_place_code

# Words that say the sentence is a bus question.
INTENT_WORDS = frozenset({
    "автобус", "автобуса", "автобусы", "автобусу", "автобустар", "bus", "avtobus", "avtobuslar",
    "келет", "келеби", "келеди", "келип", "барат", "kelet", "keleby", "keledi", "kelebi",
    "келади", "келадими", "keladi", "keladimi", "boradi",
    "приедет", "приезжает", "приедут", "придёт", "придет", "прибудет", "заедет", "едет",
})
# Words that may stand beside a place without making it a sentence about something else.
GLUE_WORDS = INTENT_WORDS | frozenset({
    "когда", "во", "в", "на", "до", "из", "к", "ко", "у", "с", "со", "от", "через", "возле",
    "около", "ли", "а", "и", "будет", "же", "нам",
    "качан", "kachan", "qachon", "қачон", "качон", "бизге", "биздин", "бизнинг", "bizga",
})
# Endings taken off the last word of a name, longest first within each group.
KYRGYZ_UZBEK_CASES = (
    # ablative, dative, locative, and Uzbek -gacha ("as far as")
    "дан", "ден", "дон", "дөн", "тан", "тен", "тон", "төн", "гача",
    "га", "ге", "го", "гө", "ка", "ке", "ко", "кө", "да", "де", "до", "дө", "та", "те", "то", "тө",
    "dan", "den", "don", "tan", "ten", "ton", "gacha", "qacha", "kacha",
    "ga", "ge", "go", "ka", "ke", "ko", "qa", "da", "de", "do", "ta", "te", "to",
)
# Russian: the ending of a declined name, and what the nominative may end in instead.
RUSSIAN_ENDINGS = ("ом", "ем", "ой", "ей", "ою", "у", "ю", "е", "и", "ы", "а", "я")
RUSSIAN_NOMINATIVE = ("", "а", "я", "о", "ь")
MAX_NAME_WORDS = 2
MIN_STEM = 2  # "Ош" (Ошто, в Оше)

_WORD = re.compile(r"[^\W_][\w'’ʻ`-]*", re.UNICODE)


def words(text: str) -> list[str]:
    return [w.strip("-'’ʻ`").lower() for w in _WORD.findall(text or "")]


def spellings(word: str) -> list[str]:
    """The word as typed, then its possible undeclined forms."""
    found = [word]
    for ending in KYRGYZ_UZBEK_CASES:
        if word.endswith(ending) and len(word) - len(ending) >= MIN_STEM:
            found.append(word[: -len(ending)])
    if _is_cyrillic(word):
        for ending in RUSSIAN_ENDINGS:
            if word.endswith(ending) and len(word) - len(ending) >= MIN_STEM:
                found += [word[: -len(ending)] + nominative for nominative in RUSSIAN_NOMINATIVE]
    return list(dict.fromkeys(found))


def find_place(index: PlaceIndex, text: str, intent: bool = False) -> Resolution:
    """The place a sentence asks about, or kind "none". `intent`: the text followed BUS."""
    tokens = words(text)
    intent = intent or any(t in INTENT_WORDS for t in tokens)
    for size in range(MAX_NAME_WORDS, 0, -1):
        for start in range(len(tokens) - size + 1):
            found = _name_at(index, tokens, start, size, intent)
            if found is not None:
                return found
    return Resolution("none", ())


def _name_at(index: PlaceIndex, tokens: list[str], start: int, size: int, intent: bool):
    span = tokens[start:start + size]
    if any(t in GLUE_WORDS for t in span):
        return None
    others = tokens[:start] + tokens[start + size:]
    if not intent and any(t not in GLUE_WORDS for t in others):
        return None  # a sentence about something else that names a village in passing
    if size == 1 and is_place_code(span[0]):
        return index.exact(span[0]) if intent else None  # "2026" in a sentence is no code
    head = " ".join(span[:-1])
    for last in spellings(span[-1]):
        resolution = index.exact(f"{head} {last}".strip())
        if resolution.kind != "none":
            return resolution
    return None


def _is_cyrillic(word: str) -> bool:
    return any("\u0400" <= ch <= "\u04ff" for ch in word)
