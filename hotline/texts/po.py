"""Resident texts of one language as a PO file (polib), for Poedit, Weblate or any PO editor.

An entry per text: msgctxt = the key, msgid = the Russian in force (the reference a
translator reads), msgstr = the language's wording in force; its example values,
budget and placeholders are extracted comments (#.) the editor shows beside it.
`python-brace-format` lets the editors check the {placeholders} as well.
Import checks every entry first (checks.py) and writes nothing unless all pass.
"""
from __future__ import annotations

import os
from dataclasses import dataclass

import polib

from hotline.core.clock import now_utc
from hotline.texts import checks, store
from ivr_flows import texts

# Our codes and what a PO header calls them (gettext spells the script as @cyrillic).
HEADER_LANGUAGE = {"ky": "ky", "ru": "ru", "uz": "uz", texts.UZ_CYRILLIC: "uz@cyrillic"}
FROM_HEADER = {**{value.lower(): code for code, value in HEADER_LANGUAGE.items()},
               texts.UZ_CYRILLIC.lower(): texts.UZ_CYRILLIC, "uz_cyrl": texts.UZ_CYRILLIC,
               "uz-cyrl": texts.UZ_CYRILLIC, "uz_latn": "uz", "uz@latin": "uz"}


def language_code(given: str) -> str:
    code = FROM_HEADER.get(given.strip().lower())
    if code is None:
        raise ValueError(f"unknown language {given!r}: one of {', '.join(texts.CATALOG_LANGS)}")
    return code


def export(lang: str) -> polib.POFile:
    lang = language_code(lang)
    catalog = texts.load_all()
    po = polib.POFile(wrapwidth=0)
    po.metadata = {
        "Project-Id-Version": "hotline resident texts",
        "Language": HEADER_LANGUAGE[lang],
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
        "Plural-Forms": "nplurals=1; plural=0;",
        "PO-Revision-Date": now_utc().strftime("%Y-%m-%d %H:%M+0000"),
    }
    for key in sorted(catalog):
        if lang not in texts.languages_of(key):
            continue
        text = texts.in_force(key)
        po.append(polib.POEntry(msgctxt=key, msgid=text.ru, msgstr=text.in_language(lang),
                                comment=_comment(key, text, lang), flags=["python-brace-format"]))
    return po


def _comment(key: str, text, lang: str) -> str:
    names = sorted(checks.placeholders(text.ru))
    lines = [f"Budget: {checks.describe_budget(key, text, lang)}"]
    if names:
        lines.append("Keep: " + " ".join(f"{{{name}}}" for name in names))
        lines.append("Example values: " + "; ".join(f"{name}={text.example[name]}" for name in names))
    return "\n".join(lines)


@dataclass
class ImportResult:
    lang: str
    changed: int
    unchanged: int
    skipped: int  # untranslated or fuzzy entries: left as they are


def read(path: str) -> polib.POFile:
    if not os.path.isfile(path):  # polib would take the name itself for PO text
        raise ValueError(f"{path}: no such file")
    try:
        return polib.pofile(path, wrapwidth=0)
    except (OSError, UnicodeDecodeError) as error:
        raise ValueError(f"{path}: not a readable PO file ({error})") from None


def import_file(path: str, *, staff_id: int | None = None) -> ImportResult:
    """Check every entry, then write the changed ones as edits (the caller commits).
    Raises ValueError naming the line and key of every entry that fails; nothing is written."""
    po = read(path)
    lang = language_code(po.metadata.get("Language", "") or "")
    catalog = texts.load_all()
    errors, wanted, skipped = [], [], 0
    for entry in po:
        where = f"line {entry.linenum}: {entry.msgctxt or '(no msgctxt)'}"
        if entry.obsolete:
            continue
        if entry.msgctxt not in catalog:
            errors.append(f"{where}: no such text")
            continue
        if not entry.msgstr or "fuzzy" in entry.flags:
            skipped += 1
            continue
        found = checks.problems(entry.msgctxt, lang, entry.msgstr)
        errors.extend(f"{where}: {problem}" for problem in found)
        wanted.append((entry.msgctxt, entry.msgstr))
    if errors:
        raise ValueError(f"{path}: nothing imported, {len(errors)} error(s):\n" + "\n".join(errors))
    changed = apply(lang, wanted, staff_id=staff_id, source="import")
    return ImportResult(lang, changed, len(wanted) - changed, skipped)


def apply(lang: str, wording: list[tuple[str, str]], *, staff_id: int | None, source: str) -> int:
    """Store the wordings that differ from those in force; the shipped one again is a revert."""
    changed = 0
    for key, body in wording:
        if texts.in_force(key).in_language(lang) == body:
            continue
        shipped = texts.CATALOG[key].in_language(lang)
        store.save(key, lang, None if body == shipped else body, shipped, staff_id=staff_id, source=source)
        changed += 1
    return changed
