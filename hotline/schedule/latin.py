"""Kyrgyz and Russian Cyrillic spelled in Latin letters, for Uzbek replies.

Uzbek readers get Latin replies; one Cyrillic letter in an SMS (a meeting point
typed in Kyrgyz, a place without a Latin name) would turn the whole message into
UCS-2: 70 characters a segment instead of 160, and garbage on many old phones
(DOMAIN.md). normalize.py folds names into a matching key that is not meant to be
read, so this is a separate, readable table in Uzbek Latin habits (sh, ch, j, x, q,
o', g'); the Kyrgyz vowels ө and ү become o and u as in the places' own Latin names
(Gulcho, Ozgon). Whatever is still outside the GSM-7 alphabet afterwards
(№, «», dashes, emoji) is replaced or dropped, so the result is always GSM-7.
"""
from __future__ import annotations

import unicodedata

from hotline.messaging.segments import is_gsm7

_LETTERS = {
    "а": "a", "ә": "a", "б": "b", "в": "v", "г": "g", "ғ": "g'", "д": "d", "е": "e", "ё": "yo",
    "ж": "j", "з": "z", "и": "i", "й": "y", "к": "k", "қ": "q", "л": "l", "м": "m",
    "н": "n", "ң": "ng", "о": "o", "ө": "o", "п": "p", "р": "r", "с": "s", "т": "t",
    "у": "u", "ү": "u", "ў": "o'", "ф": "f", "х": "x", "ҳ": "h", "ц": "ts", "ч": "ch",
    "ш": "sh", "щ": "sh", "ъ": "", "ы": "i", "ь": "", "э": "e", "ю": "yu", "я": "ya",
}
# Common typography outside GSM-7, with the plain character a phone shows.
_SIGNS = {"№": "N", "«": '"', "»": '"', "„": '"', "“": '"', "”": '"', "‘": "'", "’": "'",
          "–": "-", "—": "-", "…": "...", "\u00a0": " ", "•": "-"}


def to_latin(text: str) -> str:
    """`text` in GSM-7 Latin letters; Latin text comes back as it was."""
    if is_gsm7(text):
        return text
    return "".join(_gsm7(_letter(ch)) for ch in text)


def _letter(ch: str) -> str:
    latin = _LETTERS.get(ch.lower())
    if latin is None:
        return _SIGNS.get(ch, ch)
    return latin[:1].upper() + latin[1:] if ch.isupper() else latin


def _gsm7(piece: str) -> str:
    """Letters with accents lose them (ә -> a); what still is not GSM-7 goes."""
    if is_gsm7(piece):
        return piece
    plain = "".join(c for c in unicodedata.normalize("NFKD", piece) if not unicodedata.combining(c))
    return "".join(c for c in plain if is_gsm7(c))
