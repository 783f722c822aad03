"""Resident texts (coordinators): every SMS and voice text in its languages, edited here
without a developer. Each edit passes the checks a PO import passes (hotline/texts/checks.py),
is stored in the database (hotline/texts/store.py) and is in force at once in every
process; the shipped wording stays the default, one click away."""
from __future__ import annotations

import json

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import select
from wtforms import SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length

from hotline.admin import labels
from hotline.admin.auth import roles
from hotline.admin.forms import ActionForm, Form, options
from hotline.admin.i18n import translate as _
from hotline.admin.routes import bp
from hotline.core.phones import to_e164_or_none
from hotline.extensions import db
from hotline.prompts import coverage
from hotline.residents import service as residents
from hotline.residents.models import LANGUAGES as RESIDENT_LANGUAGES
from hotline.staff.models import Staff
from hotline.texts import checks, store
from ivr_flows import texts
from ivr_flows.voice import PLAYED

LANGUAGE_NAMES = {"ky": "Кыргызча", "ru": "Русский", "uz": "O'zbekcha (lotin)", "uz_Cyrl": "Ўзбекча (кирилл)"}


class TextForm(Form):
    body = TextAreaField("Text", validators=[DataRequired(), Length(max=2000)])


class ResidentLanguageForm(Form):
    phone = StringField("Phone number", validators=[DataRequired(), Length(max=30)])
    language = SelectField("Language")


def _text_or_404(key: str):
    if key not in texts.load_all():
        abort(404)
    return texts.CATALOG[key]


@bp.get("/texts")
@roles("coordinator")
def texts_list():
    catalog = texts.load_all()
    query = (request.args.get("q") or "").strip().lower()
    keys = [key for key in sorted(catalog)
            if not query or query in key.lower()
            or any(query in texts.in_force(key).in_language(lang).lower() for lang in texts.languages_of(key))]
    edited = store.latest()
    rows = [(key, texts.in_force(key), {lang: edited.get((key, lang)) for lang in texts.languages_of(key)})
            for key in keys]
    form = ResidentLanguageForm()
    form.language.choices = options((code, LANGUAGE_NAMES[code]) for code in RESIDENT_LANGUAGES)
    return render_template("admin/texts.html", rows=rows, query=query, names=LANGUAGE_NAMES,
                           langs=texts.CATALOG_LANGS, languages_of=texts.languages_of, form=form)


@bp.get("/texts/<key>")
@roles("coordinator")
def text_edit(key: str, errors: dict | None = None, drafts: dict | None = None):
    shipped = _text_or_404(key)
    text = texts.in_force(key)
    history = store.history(key)
    names = dict(db.session.execute(select(Staff.id, Staff.name).where(
        Staff.id.in_({edit.staff_id for edit in history if edit.staff_id is not None}))).all())
    latest = {}
    for edit in reversed(history):
        latest[edit.lang] = edit
    blocks = []
    for lang in texts.languages_of(key):
        edit = latest.get(lang)
        current = (drafts or {}).get(lang, text.in_language(lang))
        blocks.append({
            "lang": lang, "body": current, "shipped": shipped.in_language(lang),
            "edited": text.in_language(lang) != shipped.in_language(lang), "edit": edit,
            "errors": (errors or {}).get(lang, []), "preview": _preview(shipped, lang, current),
            "recording_outdated": _recording_outdated(key, lang, edit),
        })
    return render_template("admin/text_edit.html", key=key, text=shipped, blocks=blocks, history=history,
                           staff_names=names, names=LANGUAGE_NAMES, budget=checks.budget(key, shipped),
                           example=json.dumps(shipped.example, ensure_ascii=False),
                           form=TextForm(), action=ActionForm()), 400 if errors else 200


def _preview(text, lang: str, body: str) -> str:
    try:
        return checks.example(text, lang, body)
    except (KeyError, IndexError, ValueError):
        return body


def _recording_outdated(key: str, lang: str, edit) -> bool:
    """A voice recording made for other words than the wording in force says something else."""
    if not texts.is_voice(key) or edit is None or lang not in PLAYED:
        return False
    return coverage.outdated(key, lang)


@bp.post("/texts/<key>/<lang>")
@roles("coordinator")
def text_save(key: str, lang: str):
    _text_or_404(key)  # an unknown key is a 404 before anything else
    if lang not in texts.languages_of(key):
        abort(404)
    form = TextForm()
    if not form.validate_on_submit():
        return text_edit(key, errors={lang: [_("The text is empty.")]}, drafts={lang: form.body.data or ""})
    body = form.body.data.replace("\r\n", "\n").strip()
    found = checks.problems(key, lang, body)
    if found:
        return text_edit(key, errors={lang: [labels.problem(p) for p in found]}, drafts={lang: body})
    from hotline.texts import po

    if po.apply(lang, [(key, body)], staff_id=current_user.id, source="admin"):
        db.session.commit()
        flash(_("{key} [{lang}]: saved.", key=key, lang=lang))
    return redirect(url_for("admin.text_edit", key=key))


@bp.post("/texts/<key>/<lang>/shipped")
@roles("coordinator")
def text_revert(key: str, lang: str):
    shipped = _text_or_404(key)
    if lang not in texts.languages_of(key) or not ActionForm().validate_on_submit():
        abort(400)
    if texts.in_force(key).in_language(lang) != shipped.in_language(lang):
        store.save(key, lang, None, shipped.in_language(lang), staff_id=current_user.id, source="admin")
        db.session.commit()
        flash(_("{key} [{lang}]: back to the shipped wording.", key=key, lang=lang))
    return redirect(url_for("admin.text_edit", key=key))


@bp.post("/texts/resident-language")
@roles("coordinator")
def resident_language():
    """A coordinator sets a resident's language, e.g. Uzbek in Cyrillic for an older reader."""
    form = ResidentLanguageForm()
    form.language.choices = options((code, LANGUAGE_NAMES[code]) for code in RESIDENT_LANGUAGES)
    if not form.validate_on_submit():
        abort(400)
    phone = to_e164_or_none(form.phone.data)
    resident = residents.find(phone) if phone else None
    if resident is None:
        flash(_("No resident with this phone number."))
        return redirect(url_for("admin.texts_list"))
    residents.set_language(resident, form.language.data)
    db.session.commit()
    flash(_("Language: {name}", name=LANGUAGE_NAMES[form.language.data]))
    return redirect(url_for("admin.texts_list"))
