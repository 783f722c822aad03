"""Voice prompt recordings, fetched by Twilio's <Play> (public: they hold no personal data)."""
from __future__ import annotations

from flask import Blueprint, abort, send_file

from ivr_flows import texts
from ivr_flows.voice import recording_dirs

bp = Blueprint("media", __name__)


@bp.get("/media/prompts/<lang>/<name>")
def prompt_recording(lang: str, name: str):
    if lang not in texts.LANGS or "/" in name or name.startswith("."):
        abort(404)
    for folder in recording_dirs():
        path = folder / lang / name
        if path.is_file():
            return send_file(path)
    abort(404)
