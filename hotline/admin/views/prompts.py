"""Voice prompts: which lack a recording in which language; upload one; play it back.

Uploads go to instance/recordings/<lang>/<key>.wav|mp3, where ivr_flows.voice
finds them before the packaged ones; Twilio and the browser fetch them from
/media/prompts/<lang>/<file>.
"""
from __future__ import annotations

from flask import abort, current_app, flash, redirect, render_template, url_for

from hotline.admin.auth import roles
from hotline.admin.forms import PromptUploadForm, options
from hotline.admin.i18n import LANGUAGES
from hotline.admin.i18n import translate as _
from hotline.admin.routes import bp
from ivr_flows import texts
from ivr_flows.voice import RECORDING_SUFFIXES, find_recording

MAX_BYTES = 5 * 1024 * 1024


def voice_keys() -> list[str]:
    return sorted(key for key in texts.load_all() if key.startswith("voice."))


def looks_like_audio(suffix: str, head: bytes) -> bool:
    """The extension must match the content: a RIFF/WAVE header, or MP3 (ID3 tag or frame sync)."""
    if suffix == ".wav":
        return head[:4] == b"RIFF" and head[8:12] == b"WAVE"
    return head[:3] == b"ID3" or (len(head) > 1 and head[0] == 0xFF and head[1] & 0xE0 == 0xE0)


@bp.get("/prompts")
@roles("coordinator")
def prompts():
    rows = []
    for key in voice_keys():
        found = {lang: find_recording(lang, key) for lang in texts.LANGS}
        rows.append((key, texts.CATALOG[key], found))
    missing = sum(1 for _key, _text, found in rows for path in found.values() if path is None)
    form = PromptUploadForm()
    form.key.choices = options((key, key) for key in voice_keys())
    form.lang.choices = options((code, LANGUAGES[code]) for code in texts.LANGS)
    return render_template("admin/prompts.html", rows=rows, missing=missing, form=form, langs=texts.LANGS)


@bp.post("/prompts")
@roles("coordinator")
def prompt_upload():
    form = PromptUploadForm()
    form.key.choices = options((key, key) for key in voice_keys())
    if not form.validate_on_submit():
        abort(400)
    upload = form.file.data
    suffix = "." + (upload.filename or "").rsplit(".", 1)[-1].lower() if "." in (upload.filename or "") else ""
    data = upload.read(MAX_BYTES + 1)
    problem = None
    if suffix not in RECORDING_SUFFIXES:
        problem = _("Only .wav or .mp3 files.")
    elif len(data) > MAX_BYTES:
        problem = _("The file is larger than 5 MB.")
    elif not looks_like_audio(suffix, data[:16]):
        problem = _("This is not a {suffix} file.", suffix=suffix)
    if problem:
        flash(_("Error") + f": {problem}")
        return prompts(), 400
    folder = current_app.config["SETTINGS"].instance_path / "recordings" / form.lang.data
    folder.mkdir(parents=True, exist_ok=True)
    for other in RECORDING_SUFFIXES:  # one recording per prompt and language
        (folder / f"{form.key.data}{other}").unlink(missing_ok=True)
    (folder / f"{form.key.data}{suffix}").write_bytes(data)
    flash(f"{LANGUAGES[form.lang.data]}, {form.key.data}: " + _("Saved."))
    return redirect(url_for("admin.prompts"))
