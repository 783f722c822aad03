"""Folding keys for place names typed on feature phones.

People name a village by SMS in Kyrgyz Cyrillic, in Russian Cyrillic, or in any
of several Latin spellings, often with keypad digits standing in for letters
(see shared/DOMAIN.md, "Languages and spelling").  `normalize` turns all of
these into one Latin *skeleton* so that spellings of the same name compare
equal, or at least close, before any fuzzy matching:

    normalize("Өзгөн") == normalize("8zg8n") == normalize("Ozgon") == "ozgon"
    normalize("Жетим-Дөбө") == normalize("Жетим-Дебе") == normalize("Dzhetim Debe")

The skeleton is an internal key, not a spelling to show anyone.  It has one
symbol per sound class:

    a   а, я (as "ia") / a          o   о ө е ё э / o ö e, keypad 8
    i   ы и й / y i ı               u   у ү ю / u ü yu, keypad v
    j   ж дж зж / j zh dzh dj       n   н ң нг / n ng ñ, keypad h
    c   ч ц / ch tch ts c ç, 4      w   ш щ / sh ş w
    h   х / kh x h                  k   к қ / k q

Then runs of one symbol collapse (Nookat = Nokat) and a glide i between
vowels goes (Bayetov = Baetov).  Spaces, hyphens and apostrophes vanish.

Some letters have two readings (a Latin h after a vowel: х or the keypad's ң;
a plain o: o or Uzbek а); `variants` gives a key for each, `normalize` the
first.  A string made only of digits is a village's keypad code and is
returned as is.
"""

from __future__ import annotations

import re
import unicodedata
from itertools import groupby

__all__ = ["normalize", "variants", "is_place_code"]

# -- the skeleton alphabet -------------------------------------------------

# Vowels of the skeleton: a Latin h after one may be the keypad's ң.
_SKELETON_VOWELS = frozenset("aoui")

# Letters with two readings.  While a word is read they become one of these
# markers; `variants` then spells the key once per reading.
#  - A Latin "h" after a vowel: х in Russian-style Latin ("Osoaviahim"), ң on
#    a keypad ("Kehesh" = Кеңеш).  Kyrgyz has no native х and ң never starts
#    a word, so an h anywhere else is х.
#  - A Latin "v" with no vowel beside it: the keypad's ү ("Gvlch8"), or в
#    with a vowel left out ("Baetv").
#  - A plain о/o (not ө, ё, е, э): itself, or Uzbek for Kyrgyz а (Qorasuv =
#    Kara-Suu, Chekobod = Chek-Abad, Arovon = Aravan).  Uzbek is 28% of Osh
#    oblast; Uzbek oʻ (= ө/ү) keeps its apostrophe and is not affected.
_H_AFTER_VOWEL = "\x00"
_LONE_V = "\x01"
_PLAIN_O = "\x02"
_VOWELS_WHILE_READING = _SKELETON_VOWELS | {_PLAIN_O}
_READINGS = (
    # (marker, primary reading, alternative reading)
    (_H_AFTER_VOWEL, "h", "n"),
    (_LONE_V, "u", "v"),
    (_PLAIN_O, "o", "a"),
)

# Cyrillic letters (Kyrgyz, Russian, and the Uzbek/Kazakh extras people may
# have on their keyboards) to skeleton symbols.
#  - Russian spellings replace the Kyrgyz letters: Өзгөн/Узген, Дөбө/Дебе,
#    Күрөк/Кюрек, Жаңы/Жаны, Гүлчө/Гульча.  Hence ө/е/ё/о/э -> "o",
#    ү/ю/у -> "u", ң/н -> "n".
#  - ы and и are written y or i in Latin: both -> "i"; й is the same glide.
#  - ь and ъ have no sound of their own and are often left out.
#  - ч and ц are folded: ц is rare in Kyrgyz names and Latin "c" is read as either.
_CYRILLIC = {
    "а": "a", "б": "b", "в": "v", "г": "g", "ғ": "g", "д": "d", "е": "o",
    "ё": "o", "ж": "j", "з": "z", "и": "i", "і": "i", "й": "i", "к": "k",
    "қ": "k", "л": "l", "м": "m", "н": "n", "ң": "n", "ӊ": "n", "ҥ": "n",
    "ӈ": "n", "о": _PLAIN_O, "ө": "o", "ә": "a", "п": "p", "р": "r", "с": "s",
    "т": "t", "у": "u", "ү": "u", "ұ": "u", "ў": "u", "ф": "f", "х": "h",
    "ҳ": "h", "һ": "h", "ц": "c", "ч": "c", "ш": "w", "щ": "w", "ъ": "",
    "ы": "i", "ь": "", "э": "o", "ю": "u", "я": "ia",
}

# Two-letter Cyrillic spellings of one sound, replaced before letter mapping.
# Russian writes ж as дж (Джаны-Арык) and Kyrgyz ң as нг (Кенгеш).
_CYRILLIC_DIGRAPHS = (("дж", "ж"), ("зж", "ж"), ("нг", "ң"), ("тс", "ц"))

# Latin letters (and keypad digits) typed inside a Cyrillic word, read as the
# Cyrillic letter they look like.  Old phones lack ө, ү, ң, so people write
# 8 for ө, v for ү, h for ң, w for ш, 4 for ч (DOMAIN.md); others mix in Latin
# look-alikes (a, e, o, p, c, x, y, k, m, t) from a half-Cyrillic keyboard.
_LOOKALIKE_IN_CYRILLIC = {
    "8": "ө", "4": "ч", "0": "о", "3": "з", "6": "б",
    "v": "ү", "h": "ң", "w": "ш",
    "a": "а", "e": "е", "o": "о", "p": "р", "c": "с", "x": "х", "y": "у",
    "k": "к", "m": "м", "t": "т",
}

# Keypad digits inside a Latin word ("Gulch8", "8zg8n", "ko4kor").
_KEYPAD_DIGITS_IN_LATIN = {"8": "ö", "4": "ch", "0": "o"}

# Uzbek Latin oʻ is ў (close to Kyrgyz ө/ү), not o: O'zgan = Өзгөн.
_UZBEK_O_WITH_APOSTROPHE = re.compile("o['’‘ʻʼ`´]")

# Latin letters with diacritics, from Turkish-style and Uzbek Latin, or from a
# scholarly transliteration: fold to the plain spelling they stand for.  ö is
# ө, which folds with е: it is spelled "e" so it is not read as a plain o.
_LATIN_DIACRITICS = {"ö": "e", "ü": "u", "ñ": "ng", "ş": "sh", "ç": "ch",
                     "ğ": "g", "ı": "i", "ŋ": "ng", "ä": "a"}

# Latin spellings of one sound, longest first so "dzh" wins over "zh".
#  - ж is written j, zh, dzh or dj; ш is sh or w (keypad); ч is ch or tch (fr).
#  - ң is written ng or n; х is kh, x or h; Uzbek Latin writes к as q.
#  - "yu" is how Russian-style Latin writes ю, which stands for ү (Кюрек).
_LATIN_SOUNDS = {
    "dzh": "j", "tch": "c", "dj": "j", "zh": "j", "ch": "c", "sh": "w",
    "kh": "h", "ts": "c", "yu": "u", "ng": "n",
    "a": "a", "b": "b", "c": "c", "d": "d", "e": "o", "f": "f", "g": "g",
    "i": "i", "j": "j", "k": "k", "l": "l", "m": "m", "n": "n", "o": _PLAIN_O,
    "p": "p", "q": "k", "r": "r", "s": "s", "t": "t", "u": "u", "v": "v",
    "w": "w", "x": "h", "y": "i", "z": "z",
}
_LATIN_SOUND_PATTERN = re.compile(
    "|".join(sorted((re.escape(s) for s in _LATIN_SOUNDS), key=len, reverse=True)) + "|h"
)
_LATIN_VOWELS = frozenset("aeiouy")

# Apostrophes carry no sound in place names: Gul'cha, Qo'rg'on (Uzbek gʻ),
# Emgekchil'.  They are removed inside words rather than splitting them.
_APOSTROPHES = re.compile("['’‘ʻʼ`´]")
_WORD = re.compile(r"[^\W_]+")

# Words that say what kind of place follows ("Кенеш айылы", "село Кенеш",
# "г. Нарын"), not which one.  Dropped when another word remains, so a
# village that is really called so keeps its name.
_SETTLEMENT_WORDS = frozenset({
    "айыл", "айылы", "aiyl", "aiyly", "ayil", "ayyl", "aiil",
    "шаар", "шаары", "shaar", "shaary",
    "село", "с", "поселок", "посёлок", "пос", "пгт", "город", "г",
    "кишлак", "qishloq", "kishlak", "kyshtak", "кыштак", "кыштагы",
})
_REPEATED_SYMBOL = re.compile(r"(.)\1+")
_GLIDE_BETWEEN_VOWELS = re.compile(r"(?<=[aou])i(?=[aou])")


def is_place_code(text: str) -> bool:
    """True for a keypad code: digits only (surrounding spaces allowed)."""
    stripped = text.strip()
    return stripped.isascii() and stripped.isdigit()


def normalize(text: str) -> str:
    """Fold a typed place name into its skeleton key (see module docstring).

    Digits-only input is a place code and comes back stripped but unchanged.
    """
    return variants(text)[0]


def variants(text: str) -> tuple[str, ...]:
    """All plausible skeleton keys of `text`, the `normalize` key first.

    Letters with two readings (see _READINGS) give one extra key each, with
    that letter read the other way.
    """
    if is_place_code(text):
        return (text.strip(),)
    marked = "".join(_word_skeleton(w) for w in _words(text))
    keys = [_spell(marked, flipped=None)]
    for marker, _, _ in _READINGS:
        if marker in marked:
            keys.append(_spell(marked, flipped=marker))
    return tuple(dict.fromkeys(keys))


def _spell(marked: str, flipped: str | None) -> str:
    """The key of a marked skeleton, reading `flipped` the alternative way."""
    for marker, primary, alternative in _READINGS:
        marked = marked.replace(marker, alternative if marker == flipped else primary)
    return _fold_whole_name(marked)


def _words(text: str) -> list[str]:
    """Lowercase words; hyphens, spaces and punctuation separate them."""
    text = unicodedata.normalize("NFC", text).lower()
    text = _UZBEK_O_WITH_APOSTROPHE.sub("ö", text)
    words = _WORD.findall(_APOSTROPHES.sub("", text))
    naming_words = [w for w in words if w not in _SETTLEMENT_WORDS]
    return naming_words or words


def _word_skeleton(word: str) -> str:
    """Read a word by its main script.

    In a mostly Cyrillic word, Latin letters are stand-ins for Cyrillic ones
    that look alike ("Гvлч8").  In a mostly Latin word, Cyrillic letters were
    typed on a Cyrillic layout for their sound ("Gulchө"), so each run of
    letters is read in its own script.
    """
    if word.isdigit():
        return word  # a number next to a name ("Kara-Suu 2") stays a number
    if _is_mostly_cyrillic(word):
        return _drop_uzbek_final_v(_cyrillic_word_skeleton(word))
    return _drop_uzbek_final_v("".join(
        _cyrillic_word_skeleton(run) if cyrillic else _latin_word_skeleton(run)
        for cyrillic, run in _script_runs(word)
    ))


def _is_cyrillic(ch: str) -> bool:
    return "\u0400" <= ch <= "\u04ff"


def _is_mostly_cyrillic(word: str) -> bool:
    cyrillic = sum(1 for ch in word if _is_cyrillic(ch))
    other_letters = sum(1 for ch in word if ch.isalpha() and not _is_cyrillic(ch))
    return cyrillic > 0 and cyrillic >= other_letters


def _script_runs(word: str) -> list[tuple[bool, str]]:
    return [(cyrillic, "".join(run)) for cyrillic, run in groupby(word, key=_is_cyrillic)]


def _cyrillic_word_skeleton(word: str) -> str:
    word = "".join(_LOOKALIKE_IN_CYRILLIC.get(ch, ch) for ch in word)
    for spelling, letter in _CYRILLIC_DIGRAPHS:
        word = word.replace(spelling, letter)
    # Letters with no Cyrillic reading (a stray Latin "b", "g"...) are read as Latin.
    return "".join(_CYRILLIC[ch] if ch in _CYRILLIC else _latin_word_skeleton(ch) for ch in word)


def _latin_word_skeleton(word: str) -> str:
    word = "".join(_KEYPAD_DIGITS_IN_LATIN.get(ch, ch) for ch in word)
    return _read_latin_sounds(_strip_diacritics(word))


def _strip_diacritics(word: str) -> str:
    word = "".join(_LATIN_DIACRITICS.get(ch, ch) for ch in word)
    decomposed = unicodedata.normalize("NFKD", word)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def _read_latin_sounds(word: str) -> str:
    symbols: list[str] = []
    for match in _LATIN_SOUND_PATTERN.finditer(word):
        spelling = match.group()
        if spelling == "h" and _ends_with_vowel(symbols):
            symbols.append(_H_AFTER_VOWEL)
        elif spelling == "v" and _is_lone_v(word, match.start()):
            symbols.append(_LONE_V)
        else:
            symbols.append(_LATIN_SOUNDS.get(spelling, spelling))
    # Characters outside the table (other scripts, symbols) are dropped by finditer.
    return "".join(symbols)


def _ends_with_vowel(symbols: list[str]) -> bool:
    return bool(symbols) and symbols[-1][-1:] in _VOWELS_WHILE_READING


def _is_lone_v(word: str, position: int) -> bool:
    before = word[position - 1] if position > 0 else ""
    after = word[position + 1] if position + 1 < len(word) else ""
    return before not in _LATIN_VOWELS and after not in _LATIN_VOWELS


def _drop_uzbek_final_v(skeleton: str) -> str:
    """Uzbek "suv" is Kyrgyz "suu" (water), as in Qorasuv = Kara-Suu."""
    return skeleton[:-1] if skeleton.endswith("uv") else skeleton


def _fold_whole_name(skeleton: str) -> str:
    """Fold what varies between spellings of a whole name.

    Long vowels and doubled consonants are written single or double at will
    (Nookat/Nokat, Sary-Bee/Sari-Be, Talaa/Tala), so runs collapse to one symbol.
    A й glide between vowels is written or left out (Baetov/Bayetov,
    Chaek/Chayek), so an "i" between two vowels is dropped.
    """
    skeleton = _REPEATED_SYMBOL.sub(r"\1", skeleton)
    skeleton = _GLIDE_BETWEEN_VOWELS.sub("", skeleton)
    return _REPEATED_SYMBOL.sub(r"\1", skeleton)
