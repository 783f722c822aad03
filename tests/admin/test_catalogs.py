"""The admin page's gettext catalogs: complete, not fuzzy, compiled, and used the way Flask-Babel does.

A failure here after adding an _("English") string: run scripts/translations, translate the
new entries in hotline/translations/{ru,ky,uz}/LC_MESSAGES/messages.po, run it again.
"""
from __future__ import annotations

import shutil

import pytest
from babel.messages.pofile import read_po, write_po

from hotline.admin import catalogs


def test_every_shipped_catalog_is_complete_and_compiled():
    assert catalogs.problems() == []


@pytest.fixture
def scratch(tmp_path, monkeypatch):
    """A copy of the catalogs and a source folder the checks read, to plant faults in."""
    monkeypatch.setattr(catalogs, "TRANSLATIONS", tmp_path / "translations")
    shutil.copytree(catalogs.ROOT / "hotline" / "translations", catalogs.TRANSLATIONS)
    return tmp_path


def _rewrite(lang: str, change) -> None:
    with catalogs.po_path(lang).open("rb") as handle:
        catalog = read_po(handle, locale=lang)
    change(catalog)
    with catalogs.po_path(lang).open("wb") as handle:
        write_po(handle, catalog, include_lineno=False)


def test_an_untranslated_entry_is_named(scratch):
    _rewrite("ky", lambda c: setattr(c["Schedule"], "string", ""))
    assert "ky: 'Schedule' is not translated" in catalogs.problems()


def test_a_fuzzy_entry_is_named(scratch):
    _rewrite("uz", lambda c: c["Schedule"].flags.add("fuzzy"))
    assert any(line.startswith("uz: 'Schedule' is fuzzy") for line in catalogs.problems())


def test_a_lost_placeholder_is_named(scratch):
    _rewrite("ru", lambda c: setattr(c["{field} is not a number"], "string", "это не число"))
    assert "ru: '{field} is not a number': the translation drops a placeholder" in catalogs.problems()


def test_a_stale_mo_is_named(scratch):
    _rewrite("ru", lambda c: setattr(c["Schedule"], "string", "График"))
    assert catalogs.problems() == ["ru: messages.mo is out of date (run scripts/translations)"]


def test_a_string_missing_from_the_catalogs_is_named(scratch):
    _rewrite("en", lambda c: c.delete("Schedule"))
    assert "en: 'Schedule' is not in the catalog (run scripts/translations)" in catalogs.problems()


def test_a_call_hidden_in_an_f_string_is_named():
    assert catalogs.HIDDEN_CALL.search('''flash(f"{ref}: {_('Saved.')}")''')
    assert not catalogs.HIDDEN_CALL.search('''flash(f"{ref}: " + _("Saved."))''')


def test_every_domain_value_has_a_label():
    from hotline.admin.labels import ENUMS
    from hotline.alerts.models import STATUSES as ALERT_STATUSES
    from hotline.callbacks.models import SAFE_TIMES, STATUSES, TOPICS
    from hotline.schedule.models import VISIT_STATUSES
    from hotline.staff.models import ROLES

    for context, values in (("alert status", ALERT_STATUSES), ("callback status", STATUSES), ("topic", TOPICS),
                            ("safe time", SAFE_TIMES), ("visit status", VISIT_STATUSES), ("role", ROLES)):
        assert set(values) <= set(ENUMS[context]), context


def _in(app, lang: str, work):
    from flask import session

    with app.test_request_context("/admin/"):
        session["lang"] = lang
        return work()


def test_plural_forms_come_from_the_catalog(app):
    from hotline.admin.labels import duration

    days = [86400 * n for n in (2, 5, 21)]
    assert _in(app, "ru", lambda: [duration(s) for s in days]) == ["2 дня", "5 дней", "21 день"]
    assert _in(app, "ky", lambda: [duration(s) for s in days]) == ["2 күн", "5 күн", "21 күн"]
    assert _in(app, "en", lambda: [duration(s) for s in days]) == ["2 days", "5 days", "21 days"]
    assert _in(app, "ru", lambda: duration(3 * 3600 + 5 * 60)) == "3 ч 05 мин"


def test_timeline_details_read_in_the_language(app):
    from hotline.admin.labels import event_detail

    assert _in(app, "ru", lambda: event_detail("escalated", "tier 1 -> 2")) == "линия 1 → 2"
    assert _in(app, "ky", lambda: event_detail("notified", "sms tier 2 round 1")) == "SMS, 2-линия, 1-айлампа"
    assert _in(app, "uz", lambda: event_detail("acknowledged", "after 13s")) == "13 soniya oʻtib"
    assert _in(app, "ru", lambda: event_detail("closed", "after 13s")) == "after 13s"  # staff's own words


def test_dates_and_numbers_are_babels_for_the_locale(app):
    from datetime import datetime

    from hotline.admin.i18n import day_and_time, number

    moment = datetime(2026, 12, 1, 14, 5)
    assert _in(app, "ru", lambda: (day_and_time(moment), number(30.5))) == ("1 дек., 14:05", "30,5")
    assert _in(app, "ky", lambda: day_and_time(moment)) == "1-дек. 14:05"
    assert _in(app, "uz", lambda: day_and_time(moment)) == "1-dek, 14:05"
    assert _in(app, "en", lambda: (day_and_time(moment), number(30.5))) == ("Dec 1, 14:05", "30.5")


def test_the_language_is_the_switch_then_the_staff_members_then_russian(client_as, db, staff):
    from hotline.staff.models import Staff

    db.session.get(Staff, staff["coordinator"]).language = "uz"
    db.session.commit()
    client = client_as("coordinator")
    assert '<html lang="uz">' in client.get("/admin/").get_data(as_text=True)
    assert "Umumiy holat" in client.get("/admin/").get_data(as_text=True)
    client.get("/admin/lang/ky")
    assert "Жалпы абал" in client.get("/admin/").get_data(as_text=True)
    anonymous = client_as(None)
    assert '<html lang="ru">' in anonymous.get("/admin/login").get_data(as_text=True)


def test_the_importers_lengths_take_russian_plural_forms(app):
    from hotline.admin.labels import message

    said = _in(app, "ru", lambda: [message(f"name is longer than {n} characters") for n in (21, 3, 120)])
    assert said == ["name длиннее 21 символа", "name длиннее 3 символов", "name длиннее 120 символов"]
    assert _in(app, "ru", lambda: message("meeting_point is required (at most 1 characters)")) \
        == "нужно место встречи (не больше 1 символа)"
