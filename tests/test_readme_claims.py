"""What README.md says about settings and SMS lengths stays true of the code."""
from __future__ import annotations

import re
from pathlib import Path

from hotline.messaging.segments import count_segments
from ivr_flows import texts

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")
# Texts for staff (lawyers, social workers, the crew), not residents.
STAFF_TEXTS = ("sms.alerts.staff", "sms.callbacks.lawyer_", "sms.callbacks.staff_", "sms.live.crew_",
               "sms.recorder.")  # to staff, not residents: the words of a prompt to record


def settings_read_by_the_code() -> set[str]:
    names = set()
    for folder in ("hotline", "ivr_flows", "tasks"):
        for path in (ROOT / folder).rglob("*.py"):
            if "migrations" in path.parts:
                continue
            names |= set(re.findall(r"[\"']((?:HOTLINE|TWILIO)_[A-Z_]+)[\"']", path.read_text(encoding="utf-8")))
    return names


def test_every_setting_the_code_reads_is_in_the_readme_table():
    table = README.split("## Configuration")[1].split("\n## ")[0]
    documented = set(re.findall(r"`((?:HOTLINE|TWILIO)_[A-Z_]+)`", table))
    assert settings_read_by_the_code() - documented == set()
    assert {"HOTLINE_SMS_SESSION_MINUTES", "HOTLINE_LIVE_RADIUS_KM"} <= settings_read_by_the_code()


def resident_texts_over_one_segment() -> set[str]:
    catalog = texts.load_all()
    return {key.removeprefix("sms.") for key, text in catalog.items()
            if key.startswith("sms.") and not key.startswith(STAFF_TEXTS)
            and any(count_segments(text.in_language(lang).format(**text.example)) > 1 for lang in texts.LANGS)}


def test_the_readme_names_exactly_the_replies_that_take_two_sms():
    claim = README.split("these replies take two")[1].split("Every other reply")[0]
    assert set(re.findall(r"`([a-z_]+\.[a-z_.]+)`", claim)) == resident_texts_over_one_segment()


def test_uzbek_replies_are_one_sms_each():
    catalog = texts.load_all()
    assert [key for key, text in catalog.items() if key.startswith("sms.") and not key.startswith(STAFF_TEXTS)
            and count_segments(text.uz.format(**text.example)) > 1] == []


def test_the_env_example_names_every_variable_docker_compose_reads():
    compose = (ROOT / "docker-compose.yml").read_text(encoding="utf-8")
    wanted = set(re.findall(r"\$\{([A-Z_]+)", compose))
    example = (ROOT / ".env.example").read_text(encoding="utf-8")
    assert set(re.findall(r"^([A-Z_]+)=", example, re.M)) == wanted
