"""Voice prompts: what a caller hears in each language and how (human, machine, missing),
the share of a typical call in a human voice, what to record next; upload a recording
(WAV or MP3, kept as 8 kHz mono WAV).

A human recording is stored in the database beside the machine one (hotline/prompts),
trimmed and brought to one loudness; it wins from the next call on, in every web process.
"""
from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for

from hotline.admin.auth import roles
from hotline.admin.forms import PromptUploadForm, options
from hotline.admin.i18n import LANGUAGES
from hotline.admin.i18n import translate as _
from hotline.admin.routes import bp
from hotline.extensions import db
from hotline.prompts import coverage, store
from hotline.prompts.audio import AudioError, prepare_mp3, prepare_wav
from hotline.prompts.generate import CATEGORIES, wanted
from ivr_flows.voice import PLAYED

MAX_BYTES = 5 * 1024 * 1024
SUFFIXES = (".wav", ".mp3")


def looks_like_audio(suffix: str, head: bytes) -> bool:
    """The extension must match the content: a RIFF/WAVE header, or MP3 (ID3 tag or frame sync)."""
    if suffix == ".wav":
        return head[:4] == b"RIFF" and head[8:12] == b"WAVE"
    return head[:3] == b"ID3" or (len(head) > 1 and head[0] == 0xFF and head[1] & 0xE0 == 0xE0)


def _choices(lang: str) -> list:
    return options((f"{item.kind}|{item.key}", f"{item.key} — {item.text}"[:120]) for item in wanted(lang))


def _form() -> PromptUploadForm:
    form = PromptUploadForm()
    form.lang.choices = options((lang, LANGUAGES[lang]) for lang in PLAYED)
    seen = {}
    for lang in PLAYED:
        for choice in _choices(lang):
            seen.setdefault(choice.value, choice)
    form.key.choices = list(seen.values())
    return form


@bp.get("/prompts")
@roles("coordinator")
def prompts(form: PromptUploadForm | None = None):
    spoken = []
    for lang in PLAYED:
        all_rows = coverage.rows(lang)
        spoken.append({"lang": lang, "counts": coverage.counts(all_rows), "rows": all_rows,
                          "share": coverage.human_share(lang), "next": coverage.next_to_record(lang)})
    return render_template("admin/prompts.html", spoken=spoken, categories=CATEGORIES,
                           form=form or _form())


@bp.post("/prompts")
@roles("coordinator")
def prompt_upload():
    form = _form()
    if not form.validate_on_submit():
        abort(400)
    upload = form.file.data
    name = upload.filename or ""
    suffix = "." + name.rsplit(".", 1)[-1].lower() if "." in name else ""
    data = upload.read(MAX_BYTES + 1)
    problem = None
    if suffix not in SUFFIXES:
        problem = _("Only .wav or .mp3 files.")
    elif len(data) > MAX_BYTES:
        problem = _("The file is larger than 5 MB.")
    elif not looks_like_audio(suffix, data[:16]):
        problem = _("This is not a {suffix} file.", suffix=suffix)
    if problem is None:
        try:  # trimmed, one loudness, 8 kHz mono WAV: like every recording
            data = prepare_wav(data) if suffix == ".wav" else prepare_mp3(data)
        except AudioError as error:
            problem = str(error)
    if problem:
        flash(_("Error") + f": {problem}")
        return prompts(form), 400
    kind, _sep, key = form.key.data.partition("|")
    item = next((w for w in wanted(form.lang.data) if (w.kind, w.key) == (kind, key)), None)
    if item is None:
        abort(400)
    store.save(form.lang.data, kind, key, item.text, "human", data)
    db.session.commit()
    store.forget()
    flash(f"{LANGUAGES[form.lang.data]}, {key}: " + _("Saved."))
    return redirect(url_for("admin.prompts"))
