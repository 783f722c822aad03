"""Uzbek Latin spelled in Uzbek Cyrillic: the shipped wording of the `uz_Cyrl` catalog.

Older readers in Osh oblast read Cyrillic Uzbek more easily. Rather than a second
hand-kept copy of every text, the Cyrillic defaults are spelled from the Latin ones
(the official 1995 correspondence, both ways one-to-one but for e/э and the
digraphs); a translator corrects any word in the `uz_Cyrl` PO file or on the admin's
texts page, and a text may give its own `uz_cyrl`. Placeholders ({place}) and words in
capitals (START, BEKOR, SMS: commands a resident types back, or acronyms) stay as they are.

Not a text module: it defines no texts (see MODULES in ivr_flows/texts/__init__.py).
"""
from __future__ import annotations

import re

_APOSTROPHES = "'ʻ’`‘"
# Two-letter Latin spellings first, then single letters.
_DIGRAPHS = {"o'": "ў", "g'": "ғ", "sh": "ш", "ch": "ч", "yo": "ё", "yu": "ю", "ya": "я", "ye": "е"}
_LETTERS = {"a": "а", "b": "б", "d": "д", "e": "е", "f": "ф", "g": "г", "h": "ҳ", "i": "и",
            "j": "ж", "k": "к", "l": "л", "m": "м", "n": "н", "o": "о", "p": "п", "q": "қ",
            "r": "р", "s": "с", "t": "т", "u": "у", "v": "в", "x": "х", "y": "й", "z": "з",
            "c": "с", "w": "в"}
# A placeholder, a word in capitals (two letters or more), or any other word.
_TOKEN = re.compile(r"\{[^{}]*\}|\b[A-Z][A-Z0-9]+\b|[A-Za-z" + _APOSTROPHES + r"]+")


def to_cyrillic(latin: str) -> str:
    return _TOKEN.sub(_token, latin)


def _token(match: re.Match) -> str:
    token = match.group(0)
    if token.startswith("{") or (token.isupper() and len(token) > 1):
        return token
    return _word(token)


def _word(word: str) -> str:
    out, i = [], 0
    while i < len(word):
        start, pair = i, word[i:i + 2].lower()
        pair = pair[0] + "'" if len(pair) == 2 and pair[1] in _APOSTROPHES else pair
        if pair == "yo" and word[i + 2:i + 3] in tuple(_APOSTROPHES):
            pair = "y"  # yo'q is й + ў, not ё
        if pair in _DIGRAPHS:
            letter, i = _DIGRAPHS[pair], i + 2
        elif word[i] in _APOSTROPHES:
            letter, i = "ъ", i + 1  # tutuq belgisi between letters: ma'lum -> маълум
        else:
            lower = word[i].lower()
            # e at the start of a word is э (ertalab -> эрталаб), elsewhere е.
            letter = "э" if lower == "e" and i == 0 else _LETTERS.get(lower, word[i])
            i += 1
        out.append(letter.upper() if word[start].isupper() else letter)
    return "".join(out)
