"""Placeholder recordings for development, spoken by espeak-ng (it has Kyrgyz and
Uzbek voices; Twilio has neither). Real recordings replace them from the admin page."""
from __future__ import annotations

import shutil
import subprocess

from flask import current_app

from ivr_flows import texts

# Russian is left to Twilio's own Russian voice, which sounds far better.
ESPEAK_VOICES = {"ky": "ky", "uz": "uz"}


def record_missing(missing: list[tuple[str, str]]) -> int:
    espeak = shutil.which("espeak-ng")
    if espeak is None:
        raise LookupError("espeak-ng is not installed (apt-get install espeak-ng)")
    folder = current_app.config["SETTINGS"].instance_path / "recordings"
    made = 0
    for key, lang in missing:
        if lang not in ESPEAK_VOICES:
            continue
        text = texts.in_force(key).in_language(lang)  # an edited text is recorded as edited
        if "{" in text:
            continue  # prompts with live values (dates, places) are always said, not played
        target = folder / lang / f"{key}.wav"
        target.parent.mkdir(parents=True, exist_ok=True)
        subprocess.run([espeak, "-v", ESPEAK_VOICES[lang], "-s", "140", "-w", str(target), text],
                       check=True, capture_output=True, timeout=60)
        made += 1
    return made
