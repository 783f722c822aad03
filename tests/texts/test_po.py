"""`hotline texts export LANG` / `hotline texts import FILE`: a translator's round trip,
and the imports that are refused whole, naming the line and key."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys

import polib
import pytest

from hotline.texts import po, store
from ivr_flows import texts

CATALOG = texts.load_all()


def hotline(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "hotline", *args], capture_output=True, text=True,
                          timeout=120, env=os.environ)


def exported(tmp_path, lang: str) -> tuple[str, polib.POFile]:
    path = tmp_path / f"{lang}.po"
    po.export(lang).save(str(path))
    return str(path), polib.pofile(str(path))


@pytest.mark.skipif(shutil.which("msgfmt") is None, reason="no msgfmt (apt-get install gettext)")
def test_the_command_writes_a_po_file_gettext_accepts(tmp_path, db):
    path = tmp_path / "ky.po"
    result = hotline("texts", "export", "ky", "--output", str(path))
    assert result.returncode == 0, result.stderr
    # GNU gettext's own check of the file and its {placeholders}, as Poedit runs it on saving.
    checked = subprocess.run(["msgfmt", "--check-format", "-o", os.devnull, str(path)], capture_output=True,
                             text=True)
    assert checked.returncode == 0, checked.stderr
    assert len(polib.pofile(str(path))) == len(CATALOG)


def entry(catalog: polib.POFile, key: str) -> polib.POEntry:
    return next(e for e in catalog if e.msgctxt == key)


def test_the_export_has_every_text_with_the_russian_as_reference_and_its_budget(tmp_path, db):
    _, catalog = exported(tmp_path, "ky")
    assert catalog.metadata["Language"] == "ky"
    assert {e.msgctxt for e in catalog} == set(CATALOG)
    nearest = entry(catalog, "sms.bus.nearest")
    assert nearest.msgid == CATALOG["sms.bus.nearest"].ru and nearest.msgstr == CATALOG["sms.bus.nearest"].ky
    assert "Budget: 2 SMS (134 characters, Cyrillic, UCS-2)" in nearest.comment
    assert "Example values: items=Sary-Tash 95 km" in nearest.comment and "{place}" in nearest.comment
    assert "python-brace-format" in nearest.flags
    assert "spoken (voice)" in entry(catalog, "voice.goodbye").comment


def test_uzbek_cyrillic_is_its_own_catalog_without_voice_texts(tmp_path, db):
    _, catalog = exported(tmp_path, "uz_Cyrl")
    assert catalog.metadata["Language"] == "uz@cyrillic"  # as gettext, Poedit and Weblate spell it
    assert not [e for e in catalog if e.msgctxt.startswith("voice.")]  # voice is the same Uzbek
    assert entry(catalog, "sms.stopped").msgstr == "Хабарлар тўхтатилди. Қайта олиш учун START юборинг."
    assert "70 characters, Cyrillic, UCS-2" in entry(catalog, "sms.stopped").comment


def test_a_round_trip_changes_the_edited_texts_only(tmp_path, db):
    path, catalog = exported(tmp_path, "uz")
    entry(catalog, "sms.stopped").msgstr = "Xabarlar to'xtadi. Qayta olish uchun START yuboring."
    entry(catalog, "voice.goodbye").msgstr = "Rahmat. Istalgan vaqtda qayta qo'ng'iroq qiling."
    catalog.save(path)
    from hotline.staff.service import add_staff

    translator = add_staff("Dilnoza Translator", "+996700100009", "coordinator")
    db.session.commit()
    result = hotline("texts", "import", path, "--by", "0700 100 009")
    assert result.returncode == 0, result.stderr
    assert "uz: 2 changed" in result.stdout
    assert {edit.staff_id for edit in store.history("sms.stopped")} == {translator.id}
    db.session.rollback()
    assert texts.render("stopped", "uz", "sms") == "Xabarlar to'xtadi. Qayta olish uchun START yuboring."
    assert texts.render("goodbye", "uz", "voice") == "Rahmat. Istalgan vaqtda qayta qo'ng'iroq qiling."
    assert texts.render("stopped", "ky", "sms") == CATALOG["sms.stopped"].ky


@pytest.mark.parametrize("key, wording, said", [
    ("sms.bus.next", "{place}: {date} {start}-{end}, {point}. 1 - eslatma. " + "Juda uzun matn. " * 8,
     "2 SMS segments with the example values, the budget is 1"),
    ("sms.bus.next", "{place}: {date} {start}, {point}. 1 - eslatma", "placeholder dropped: {end}"),
    ("sms.bus.next", "{place}: {date} {start}-{end} {km}, {point}. 1 - eslatma", "placeholder not in the original: {km}"),
    ("sms.bus.next", "{place}: {date} {start}-{end}, {point}. 1 — eslatma", "not GSM-7"),
    ("sms.bus.next", "{place}: {date} {start}-{end}, {point. 1 - eslatma", "broken braces"),
    ("sms.no.such.text", "Salom", "no such text"),
])
def test_an_import_with_one_bad_text_is_refused_whole_naming_line_and_key(tmp_path, db, key, wording, said):
    path, catalog = exported(tmp_path, "uz")
    entry(catalog, "sms.stopped").msgstr = "Xabarlar to'xtadi. Qayta olish uchun START yuboring."  # a good one
    if key in CATALOG:
        entry(catalog, key).msgstr = wording
    else:
        catalog.append(polib.POEntry(msgctxt=key, msgid="Привет", msgstr=wording))
    catalog.save(path)
    line = polib.pofile(path).find(key, by="msgctxt").linenum
    with pytest.raises(ValueError) as refused:
        po.import_file(path)
    assert f"line {line}: {key}: {said}" in str(refused.value)
    assert "nothing imported, 1 error(s)" in str(refused.value)
    db.session.rollback()
    assert texts.render("stopped", "uz", "sms") == CATALOG["sms.stopped"].uz  # nothing half-imported


def test_a_voice_text_is_not_imported_into_uzbek_cyrillic(tmp_path, db):
    path, catalog = exported(tmp_path, "uz_Cyrl")
    catalog.append(polib.POEntry(msgctxt="voice.goodbye", msgid="Спасибо", msgstr="Раҳмат."))
    catalog.save(path)
    with pytest.raises(ValueError, match="voice.goodbye: voice.goodbye has no uz_Cyrl wording"):
        po.import_file(path)


def test_untranslated_and_fuzzy_entries_are_left_as_they_are(tmp_path, db):
    path, catalog = exported(tmp_path, "ru")
    entry(catalog, "sms.stopped").msgstr = ""
    entry(catalog, "sms.started").msgstr = "Рассылка снова идёт."
    entry(catalog, "sms.started").flags.append("fuzzy")
    catalog.save(path)
    result = po.import_file(path)
    assert (result.changed, result.skipped) == (0, 2)
    assert texts.render("started", "ru", "sms") == CATALOG["sms.started"].ru


BROKEN = 'msgid ""\nmsgstr ""\n"Language: ky\\n"\n\nmsgctxt "sms.stopped"\nmsgid "x"\nmsgstr "y"\nnot po\n'


@pytest.mark.parametrize("args, said", [
    (("texts", "import", "/nonexistent/ky.po"), "error: /nonexistent/ky.po: no such file"),
    (("texts", "export", "de"), "error: unknown language 'de'"),
    (("texts", "import", "{too_long}", "--by", "+996700999999"), "error: --by: no active staff member"),
    (("texts", "import", "{broken}"), "not a readable PO file (Syntax error in po file"),
    (("texts", "import", "{too_long}"), "nothing imported, 1 error(s):\nline "),
])
def test_bad_input_gets_a_clear_message_and_exit_status_1(tmp_path, db, args, said):
    broken = tmp_path / "broken.po"
    broken.write_text(BROKEN, encoding="utf-8")
    too_long, catalog = exported(tmp_path, "ru")
    entry(catalog, "sms.stopped").msgstr = "Рассылка остановлена. " * 6 + "START"
    catalog.save(too_long)
    result = hotline(*(arg.format(broken=broken, too_long=too_long) for arg in args))
    assert result.returncode == 1 and said in result.stderr, result.stderr


def test_a_file_without_a_known_language_is_refused(tmp_path, db):
    path, catalog = exported(tmp_path, "ky")
    catalog.metadata["Language"] = "kk"
    catalog.save(path)
    with pytest.raises(ValueError, match="unknown language 'kk'"):
        po.import_file(path)
