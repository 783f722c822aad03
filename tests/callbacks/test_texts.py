"""Every callback SMS in three languages within its segment budget; confirmations name no topic."""
from __future__ import annotations

import pytest

import ivr_flows.texts.callbacks  # noqa: F401  (defines the texts)
from hotline.callbacks.models import TOPICS
from hotline.messaging.segments import count_segments
from ivr_flows import texts

SMS_KEYS = sorted(k for k in texts.CATALOG if k.startswith("sms.callbacks."))
# What a person's phone keeps in the thread (or hears) once the request is filed.
DISCREET = ("sms.callbacks.confirmed", "voice.callbacks.confirmed", "sms.callbacks.cancelled",
            "sms.callbacks.unreachable", "sms.callbacks.nothing_to_cancel")


@pytest.mark.parametrize("key", SMS_KEYS)
@pytest.mark.parametrize("lang", texts.LANGS)
def test_sms_fits_its_segment_budget(key, lang):
    text = texts.CATALOG[key]
    body = text.in_language(lang).format(**text.example)
    assert count_segments(body) <= text.max_segments, f"{key}/{lang}: {len(body)} chars"


@pytest.mark.parametrize("key", DISCREET)
@pytest.mark.parametrize("lang", texts.LANGS)
def test_confirmations_name_no_topic(key, lang):
    text = texts.CATALOG[key]
    said = text.in_language(lang).format(**text.example).lower()
    names = [texts.CATALOG[f"callbacks.topic_name.{topic}"].in_language(lang).lower() for topic in TOPICS]
    for word in (w for name in names for w in name.split(", ") if w != "иш" and w != "ish"):
        assert word not in said, f"{key}/{lang} names {word!r}"
    # "work" alone is "иш"/"ish", which is also the "working" of "2 working days": whole words only
    assert "иш," not in said and "ish," not in said and "миграц" not in said and "migrats" not in said


def test_every_voice_prompt_has_three_languages():
    for key, text in texts.CATALOG.items():
        if key.startswith("voice.callbacks."):
            assert all(text.in_language(lang).strip() for lang in texts.LANGS), key
