"""What every wording of a resident text must satisfy, wherever it comes from (the
shipped catalog, the admin's texts page, a PO file): the same placeholders as the
shipped text, its SMS segment budget with the example values, and GSM-7 only in
Uzbek Latin (one other character makes the whole SMS UCS-2: 70 characters, not 160)."""
from __future__ import annotations

import string
from dataclasses import dataclass, field

from hotline.messaging.segments import count_segments, is_gsm7
from ivr_flows import texts
from ivr_flows.texts import Text


def N_(message: str) -> str:
    """Marks a message for the admin's catalog (`scripts/translations` extracts N_ and NN_)."""
    return message


def NN_(singular: str, plural: str) -> tuple[str, str]:
    return singular, plural


@dataclass(frozen=True)
class Problem:
    """Why a wording is refused, as data: an English message with {placeholders} and its
    values. str() is the English (the CLI's import, the tests); the admin shows the same
    message in the page's language through its catalog (hotline/admin/labels.py). A message
    about a number has its plural too (`plural`, with the number as {n})."""
    message: str
    values: dict = field(default_factory=dict)
    plural: str | None = None

    def __str__(self) -> str:
        chosen = self.plural if self.plural is not None and self.values.get("n") != 1 else self.message
        return chosen.format(**self.values)


def placeholders(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name is not None}


def budget(key: str, text: Text) -> int | None:
    """Segments an SMS text may take; None for a spoken text."""
    return None if texts.is_voice(key) else min(text.max_segments, 2)


def example(text: Text, lang: str, body: str | None = None) -> str:
    """The wording filled with the text's example values."""
    return (text.in_language(lang) if body is None else body).format(**text.example)


def problems(key: str, lang: str, body: str) -> list[Problem]:
    """Why `body` cannot be the `lang` wording of text `key` (empty: it can)."""
    shipped = texts.CATALOG[key]
    if lang not in texts.languages_of(key):
        return [Problem(N_("{key} has no {lang} wording (a voice text is the same for both Uzbek scripts)"),
                        {"key": key, "lang": lang})]
    if not body.strip():
        return [Problem(N_("the text is empty"))]
    try:
        found = placeholders(body)
    except ValueError as error:
        return [Problem(N_("broken braces ({error}); a placeholder is written {{name}}"), {"error": str(error)})]
    expected = placeholders(shipped.in_language(lang))
    said = []
    if found - expected:
        said.append(Problem(N_("placeholder not in the original: {names}"), {"names": _braced(found - expected)}))
    if expected - found:
        said.append(Problem(N_("placeholder dropped: {names}"), {"names": _braced(expected - found)}))
    if said:
        return said
    if lang == "uz":
        outside = sorted({ch for ch in body if not is_gsm7(ch)})
        if outside:
            said.append(Problem(N_("not GSM-7 (Uzbek Latin must stay GSM-7): {characters}"),
                                {"characters": " ".join(outside)}))
    limit = budget(key, shipped)
    if limit is not None:
        filled = example(shipped, lang, body)
        segments = count_segments(filled)
        if segments > limit:
            one, many = NN_("{n} SMS segment with the example values, the budget is {limit} "
                            "({length} characters: {filled})",
                            "{n} SMS segments with the example values, the budget is {limit} "
                            "({length} characters: {filled})")
            said.append(Problem(one, {"n": segments, "limit": limit, "length": len(filled), "filled": filled},
                                plural=many))
    return said


def _braced(names: set[str]) -> str:
    return ", ".join(f"{{{name}}}" for name in sorted(names))


def describe_budget(key: str, text: Text, lang: str) -> str:
    limit = budget(key, text)
    if limit is None:
        return "spoken (voice), no SMS budget"
    one, two = (160, 306) if lang == "uz" else (70, 134)
    script = "Latin, GSM-7 only" if lang == "uz" else "Cyrillic, UCS-2"
    return f"{limit} SMS ({one if limit == 1 else two} characters, {script}) with the example values"


def problems_in_force() -> list[str]:
    """Every problem of every wording in force (shipped, or edited in the database), in English."""
    found = []
    for key in sorted(texts.load_all()):
        text = texts.in_force(key)
        for lang in texts.languages_of(key):
            found.extend(f"{key} [{lang}]: {problem}" for problem in problems(key, lang, text.in_language(lang)))
    return found
