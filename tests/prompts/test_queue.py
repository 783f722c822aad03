"""An edit or an import voices its new place names and meeting points by itself: a real worker
makes them, without waiting for the beat job."""
from __future__ import annotations

import pytest

from hotline.prompts import store
from hotline.prompts.queue import SETTING
from tests.schedule.helpers import add_visit, in_days, place

pytestmark = pytest.mark.worker


@pytest.fixture
def voice_on_change(app, monkeypatch):
    monkeypatch.setitem(app.config, SETTING, True)


def _voiced(db, *wanted):
    def check():
        db.session.commit()  # a fresh snapshot: the worker wrote meanwhile
        store.forget()
        return all(store.best(lang, kind, key) for lang, kind, key in wanted)
    return check


def test_an_import_an_edit_and_a_new_meeting_point_are_voiced_by_a_worker(db, places, worker, voice_on_change,
                                                                          eventually):
    from tests.schedule.helpers import load_places

    load_places()  # the shipped places again: nothing changes, and nothing was voiced yet
    gulcho = place("1101")
    gulcho.name_ky = "Гүлчө шаары"  # as the admin page's edit does
    db.session.commit()
    eventually(_voiced(db, ("ky", "place", "Гүлчө шаары"), ("ky", "text", "voice.main_menu"),
                       ("uz", "place", "Gulcho")), timeout=60)
    add_visit("1101", in_days(4), point="маданият үйү")  # through the importer, as a CSV would
    eventually(_voiced(db, ("ky", "point", "маданият үйү"), ("uz", "point", "madaniyat uyu")), timeout=30)
