"""Voice prompt recordings, fetched by Twilio's <Play> (public: they hold no personal data).

Served from the database (hotline/prompts/store.py), so any web process answers for any
recording. A recording is never changed in place (a new one gets a new id), so Twilio
and browsers may cache each URL for good.
"""
from __future__ import annotations

from flask import Blueprint, Response, abort

from hotline.prompts import store

bp = Blueprint("media", __name__)
CACHE_FOREVER = "public, max-age=31536000, immutable"


@bp.get("/media/recordings/<int:recording_id>.<any(wav, mp3):ext>")
def recording(recording_id: int, ext: str):
    found = store.audio_of(recording_id)
    if found is None or store.EXTENSIONS[found[1]] != ext:
        abort(404)
    data, content_type = found
    return Response(data, mimetype=content_type, headers={"Cache-Control": CACHE_FOREVER})
