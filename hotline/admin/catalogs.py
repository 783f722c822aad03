"""The admin page's gettext catalogs: extract, update, compile and check, in one place.

    scripts/translations            # extract the _() strings, update every .po, compile the .mo
    python -m hotline.admin.catalogs check   # what the tests check: nothing missing, fuzzy or stale

The same as `pybabel extract -F babel.cfg -k NP_:1c,2 -k NN_:1,2 -k ntranslate:1,2 -k ptranslate:1c,2
--no-location ...`, `pybabel update` and `pybabel compile`, done through Babel's own
functions so that one command does all of it the same way every time (no line numbers in
the .po files: other people's edits to the code do not touch them). English is a catalog
too: its msgstr is the msgid, filled in here, so that a wording can be changed in the .po
without touching the code.
"""
from __future__ import annotations

import io
import re
import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parents[2]
CONFIG = ROOT / "babel.cfg"
TRANSLATIONS = ROOT / "hotline" / "translations"
LANGS = ("ru", "ky", "uz", "en")
KEYWORDS = {**DEFAULT_KEYWORDS, "NP_": ((1, "c"), 2), "NN_": (1, 2), "ntranslate": (1, 2),
            "ptranslate": ((1, "c"), 2)}
# {name} (ours) and %(name)d (WTForms' messages, formatted by WTForms with %).
PLACEHOLDER = re.compile(r"\{(\w*)\}|%\((\w+)\)")
# _() inside an f-string is invisible to extraction (Python < 3.12 reads the f-string as one token).
HIDDEN_CALL = re.compile(r"""\bf(["']).*?\{_\(""")


def po_path(lang: str) -> Path:
    return TRANSLATIONS / lang / "LC_MESSAGES" / "messages.po"


def extract() -> Catalog:
    """Every msgid in the code and templates that babel.cfg names."""
    with CONFIG.open(encoding="utf-8") as handle:
        method_map, options_map = parse_mapping_cfg(handle, str(CONFIG))
    template = Catalog(project="hotline", charset="utf-8")
    for filename, lineno, message, comments, context in extract_from_dir(
            str(ROOT), method_map, options_map, keywords=KEYWORDS):
        template.add(message, None, [(filename, lineno)], auto_comments=comments, context=context)
    return template


def read(lang: str) -> Catalog:
    with po_path(lang).open("rb") as handle:
        return read_po(handle, locale=lang)


def compiled(catalog: Catalog) -> bytes:
    out = io.BytesIO()
    write_mo(out, catalog, use_fuzzy=False)
    return out.getvalue()


def _fill_english(catalog: Catalog) -> None:
    for message in catalog:
        if not message.id:
            continue
        if isinstance(message.id, tuple):
            if message.fuzzy or not all(message.string):
                message.string = message.id
        elif message.fuzzy or not message.string:
            message.string = message.id
        message.flags.discard("fuzzy")  # English is its own source: never a guess


def update() -> None:
    """Extract, merge into each language's .po (new strings empty, changed ones fuzzy), compile."""
    template = extract()
    for lang in LANGS:
        path = po_path(lang)
        path.parent.mkdir(parents=True, exist_ok=True)
        if path.exists():
            catalog = read(lang)
            template.creation_date = catalog.creation_date  # no header churn when nothing changed
            catalog.update(template)
        else:
            catalog = Catalog(locale=lang, project="hotline", charset="utf-8")
            catalog.update(template)
        if lang == "en":
            _fill_english(catalog)
        catalog.fuzzy = False  # the header is ours, not a guess
        catalog.obsolete.clear()  # the old wording stays in git's history, not in the file
        with path.open("wb") as handle:
            write_po(handle, catalog, width=100, include_lineno=False, sort_output=True)
    compile_all()


def compile_all() -> None:
    for lang in LANGS:
        po_path(lang).with_suffix(".mo").write_bytes(compiled(read(lang)))


def _placeholders(text) -> set[str]:
    parts = text if isinstance(text, (tuple, list)) else (text,)
    return {brace or percent for part in parts if part for brace, percent in PLACEHOLDER.findall(part)}


def hidden_calls() -> list[str]:
    """_("...") written inside an f-string: never extracted, so never translated."""
    found = []
    for path in sorted((ROOT / "hotline").rglob("*.py")):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if HIDDEN_CALL.search(line):
                found.append(f"{path.relative_to(ROOT)}:{number}: _() inside an f-string is not extracted; "
                             "write _(\"... {name}\", name=...) instead")
    return found


def problems() -> list[str]:
    """Why a shipped catalog is not ready: missing, untranslated, fuzzy, placeholders, stale .mo."""
    found = hidden_calls()
    wanted = {(m.id if not isinstance(m.id, tuple) else m.id[0], m.context) for m in extract() if m.id}
    for lang in LANGS:
        catalog = read(lang)
        have = set()
        for message in catalog:
            if not message.id:
                continue
            key = message.id if not isinstance(message.id, tuple) else message.id[0]
            have.add((key, message.context))
            where = f"{lang}: {message.context + ' | ' if message.context else ''}{key!r}"
            strings = message.string if isinstance(message.string, tuple) else (message.string,)
            if not all(strings):
                found.append(f"{where} is not translated")
            elif message.fuzzy:
                found.append(f"{where} is fuzzy (check the translation, then remove the flag)")
            elif not _placeholders(message.string) <= _placeholders(message.id):
                found.append(f"{where}: the translation has a placeholder the English has not")
            elif _placeholders(message.id) - {"n"} - _placeholders(message.string):
                found.append(f"{where}: the translation drops a placeholder")
        found += [f"{lang}: {key!r} is not in the catalog (run scripts/translations)"
                  for key, _context in sorted(wanted - have, key=str)]
        mo = po_path(lang).with_suffix(".mo")
        if not mo.exists() or mo.read_bytes() != compiled(catalog):
            found.append(f"{lang}: {mo.name} is out of date (run scripts/translations)")
    return found


def main(argv: list[str]) -> int:
    command = argv[0] if argv else "update"
    if command == "update":
        update()
    elif command == "compile":
        compile_all()
    elif command != "check":
        print("usage: python -m hotline.admin.catalogs [update|compile|check]", file=sys.stderr)
        return 2
    left = problems()
    for line in left:
        print(line, file=sys.stderr)
    if left:
        print(f"{len(left)} catalog entries to see to (hotline/translations/*/LC_MESSAGES/messages.po)",
              file=sys.stderr)
    return 1 if left and command == "check" else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
