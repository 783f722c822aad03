"""Every resident-facing text exists in Kyrgyz, Russian and Uzbek (Latin and Cyrillic), and
every SMS fits its budget: the texts in force, the shipped ones with the edits stored in
the database (hotline/texts), checked by the same rules an edit or a PO import passes."""
from __future__ import annotations

import pytest

from hotline.messaging.segments import count_segments
from hotline.texts import checks
from ivr_flows import texts

CATALOG = texts.load_all()
SMS_KEYS = sorted(k for k in CATALOG if not k.startswith("voice."))


@pytest.mark.parametrize("key", sorted(CATALOG))
def test_every_text_exists_in_every_language(key, db):
    text = texts.in_force(key)
    for lang in texts.languages_of(key):
        assert text.in_language(lang).strip(), f"{key} has no {lang} text"


@pytest.mark.parametrize("key", sorted(CATALOG))
def test_languages_take_the_same_parameters_and_examples_cover_them(key, db):
    text = texts.in_force(key)
    names = [checks.placeholders(text.in_language(lang)) for lang in texts.languages_of(key)]
    assert all(found == names[0] for found in names), f"{key}: parameters differ between languages"
    assert names[0] <= set(text.example), f"{key}: example lacks {names[0] - set(text.example)}"


@pytest.mark.parametrize("key", SMS_KEYS)
@pytest.mark.parametrize("lang", texts.CATALOG_LANGS)
def test_every_sms_in_force_fits_its_segment_budget(key, lang, db):
    text = texts.in_force(key)
    rendered = text.in_language(lang).format(**text.example)
    segments = count_segments(rendered)
    assert segments <= min(text.max_segments, 2), (
        f"{key} [{lang}] takes {segments} segments ({len(rendered)} chars): {rendered!r}")


def test_the_texts_in_force_pass_every_check(db):
    assert checks.problems_in_force() == []


def test_an_edit_in_the_database_is_checked_like_a_shipped_text(db):
    """An edit written past the checks (by hand in SQL, or by an older version) is caught."""
    from hotline.texts.models import TextEdit

    db.session.add(TextEdit(key="sms.short_menu", lang="ky", body="1 - автобус " * 8, source="import",
                            token="planted", text_hash="-"))
    db.session.commit()
    found = checks.problems_in_force()
    assert len(found) == 1 and found[0].startswith("sms.short_menu [ky]: 2 SMS segments"), found


def test_the_short_menu_is_one_segment_in_every_language(db):
    for lang in texts.CATALOG_LANGS:
        assert count_segments(texts.render("short_menu", lang, "sms")) == 1


def test_uzbek_latin_texts_stay_gsm7_so_they_stay_cheap(db):
    # The template only: a place name filled in may still be Cyrillic (schedule/latin.py spells it).
    not_latin = [k for k in SMS_KEYS if any("\u0400" <= ch <= "\u04ff" for ch in texts.in_force(k).uz)]
    assert not_latin == []


def test_no_sms_text_calls_a_place_a_village():
    """{place} may be a town: "в селе {place}", "{place} айылында", "{place} qishlog'ida" are wrong."""
    wrong = ("селе {place}", "село {place}", "{place} айыл", "{place} qishlo")
    said = [(k, lang) for k in SMS_KEYS for lang in texts.CATALOG_LANGS
            if any(w in CATALOG[k].in_language(lang) for w in wrong)]
    assert said == []


def test_within_two_working_days_has_one_form_per_language():
    forms = {"ru": "в течение 2 рабочих дней", "ky": "2 иш күнүнүн ичинде", "uz": "2 ish kuni ichida"}
    for key in ("sms.callbacks.confirmed", "sms.callbacks.missed_offer", "voice.callbacks.confirmed"):
        for lang, form in forms.items():
            if key.startswith("voice.") and lang == "ru":
                form = "в течение двух рабочих дней"  # the same form, the number in words for the voice
            assert form in CATALOG[key].in_language(lang), (key, lang)
