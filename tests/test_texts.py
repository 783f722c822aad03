"""Every resident-facing text exists in Kyrgyz, Russian and Uzbek, and every SMS fits its budget."""
from __future__ import annotations

import string

import pytest

from hotline.messaging.segments import count_segments
from ivr_flows import texts

CATALOG = texts.load_all()
SMS_KEYS = sorted(k for k in CATALOG if not k.startswith("voice."))


def placeholders(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


@pytest.mark.parametrize("key", sorted(CATALOG))
def test_every_text_exists_in_all_three_languages(key):
    text = CATALOG[key]
    for lang in texts.LANGS:
        assert text.in_language(lang).strip(), f"{key} has no {lang} text"


@pytest.mark.parametrize("key", sorted(CATALOG))
def test_languages_take_the_same_parameters_and_examples_cover_them(key):
    text = CATALOG[key]
    names = [placeholders(text.in_language(lang)) for lang in texts.LANGS]
    assert names[0] == names[1] == names[2], f"{key}: parameters differ between languages"
    assert names[0] <= set(text.example), f"{key}: example lacks {names[0] - set(text.example)}"


@pytest.mark.parametrize("key", SMS_KEYS)
@pytest.mark.parametrize("lang", texts.LANGS)
def test_every_sms_fits_its_segment_budget(key, lang):
    text = CATALOG[key]
    rendered = text.in_language(lang).format(**text.example)
    segments = count_segments(rendered)
    assert segments <= min(text.max_segments, 2), (
        f"{key} [{lang}] takes {segments} segments ({len(rendered)} chars): {rendered!r}")


def test_the_short_menu_is_one_segment_in_every_language():
    for lang in texts.LANGS:
        assert count_segments(texts.render("short_menu", lang, "sms")) == 1


def test_uzbek_texts_are_latin_so_they_stay_cheap():
    # The template only: a place name filled in may still be Cyrillic.
    cyrillic = [k for k in SMS_KEYS if any("\u0400" <= ch <= "\u04ff" for ch in CATALOG[k].uz)]
    assert cyrillic == []
