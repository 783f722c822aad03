"""Every bus and live SMS a resident gets fits its segment budget with real data's longest values:
a 120-character Cyrillic meeting point (importer.MAX_POINT) and 100-character place names.
Uzbek answers stay GSM-7 (Latin) whatever script the data is in; no distance is guessed or "0 km"."""
from __future__ import annotations

from datetime import timedelta

import pytest

from hotline.extensions import db as database
from hotline.live import notices
from hotline.live import service as live_service
from hotline.live.models import CrewEvent
from hotline.messaging.segments import count_segments, is_gsm7
from hotline.schedule import flows, importer, reminders, service
from hotline.schedule.geo import Locator
from ivr_flows import texts
from ivr_flows.texts import fitting
from tests.schedule.helpers import add_visit, in_days, load_places, place

LANGS = texts.LANGS
POINT = ("Айыл өкмөтүнүн жаңы имаратынын алдындагы аянтча, борбордук мечиттин жана "
         "№2 орто мектептин ортосундагы чоң дарактын жанында")[:importer.MAX_POINT]
assert len(POINT) == importer.MAX_POINT


def _long(name: str) -> str:
    return (name + " ") * (100 // (len(name) + 1)) + name[:100 % (len(name) + 1)]


@pytest.fixture
def long_names(db):
    """Gulcho, Sary-Tash and Aravan renamed to 100 characters in every script; visits with the longest point."""
    load_places()
    for code in ("1101", "1103", "1201"):
        p = place(code)
        p.name_ky, p.name_ru, p.name_latin = _long("Жаңы-Жол-Өзгөнүн-Ичиндеги"), _long("Новый-Путь-Узгенский"), \
            _long("Jangy-Jol-Ozgon-Ichindegi")
        assert len(p.name_ky) == len(p.name_latin) == 100
    database.session.commit()
    visit = add_visit("1101", in_days(3), "09:30", "12:00", POINT)
    add_visit("1103", in_days(4), "10:00", "13:00", POINT)
    add_visit("1201", in_days(5), "14:00", "16:30", POINT)
    return visit


def _sms(prompts, lang: str) -> tuple[str, int]:
    """The SMS the prompts make and its budget: the sum of their texts' budgets."""
    body = fitting.join(*(texts.render(p.key, lang, "sms", **p.params) for p in prompts))
    return body, sum(fitting.budget_of(p.key) for p in prompts)


def _check(body: str, budget: int, lang: str) -> None:
    assert count_segments(body) <= budget, f"[{lang}] {count_segments(body)} > {budget}: {body!r}"
    if lang == "uz":
        assert is_gsm7(body), body


@pytest.mark.parametrize("lang", LANGS)
def test_bus_answers_fit(long_names, lang):
    bodies = []
    for code in ("1101", "1102"):  # next visit; none soon: the nearest (two long names)
        body, budget = _sms(flows.answer_prompts(place(code).id, lang, "sms"), lang)
        _check(body, budget, lang)
        bodies.append(body)
    assert "..." in bodies[0]  # the meeting point was shortened, not dropped


@pytest.mark.parametrize("lang", LANGS)
def test_reminders_and_change_notices_fit(long_names, lang):
    visit = long_names
    bodies = [service.visit_sms(key, visit, lang) for key in
              ("bus.next", "bus.reminder_eve", "bus.reminder_day", "bus.planned", "bus.delayed", "bus.cancelled")]
    for status in ("moved", "planned"):  # a coordinator's move; a new schedule file's change
        visit.status, visit.previous_starts_at = status, visit.starts_at - timedelta(days=2)
        bodies.append(reminders._change_text(visit, lang))
    for key, body in zip(("next", "eve", "day", "planned", "delayed", "cancelled", "moved", "changed"), bodies):
        budget = fitting.budget_of(f"bus.{key}" if key not in ("eve", "day") else f"bus.reminder_{key}")
        _check(body, budget, lang)
        if key != "cancelled":  # the meeting point is shortened, not dropped
            assert service.in_script(POINT, lang)[:6] in body


def _event(kind: str, visit, **fields) -> CrewEvent:
    """A crew event as notices.render and the live line read it (not stored)."""
    now = visit.starts_at + timedelta(minutes=5)
    return CrewEvent(kind=kind, visit=visit, visit_id=visit.id, place=visit.place, place_id=visit.place_id,
                     at=now, expected_at=now + timedelta(minutes=40), created_visit=False, **fields)


@pytest.mark.parametrize("lang", LANGS)
def test_live_notices_fit(long_names, lang):
    visit = long_names
    for event in (_event("here", visit), _event("late", visit), _event("next", visit)):
        for km in (0.0, 12.3, None):
            _check(notices.render(event, lang, km), fitting.budget_of(f"live.{event.kind}"), lang)


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("kind, km", [("here", 0.0), ("near", 8.6), ("near", None), ("expected", None)])
def test_the_live_line_and_the_plan_fit_together(long_names, monkeypatch, lang, kind, km):
    event = _event("next" if kind == "expected" else "here", long_names)
    monkeypatch.setattr(live_service, "live_state", lambda place_id, now: live_service.LiveState(kind, event, km))
    for code in ("1101", "1102"):
        prompts = flows.answer_prompts(place(code).id, lang, "sms")
        assert prompts[0].key.startswith("live.state_")
        _check(*_sms(prompts, lang), lang)


@pytest.mark.parametrize("lang", LANGS)
def test_a_choice_of_long_names_fits(long_names, lang):
    class Ctx:
        def __init__(self):
            self.lang, self.state = lang, {}

        def remember(self, **values):
            self.state.update(values)

    turn = flows._choice_turn(Ctx(), [place("1101").id, place("1103").id])
    _check(*_sms(turn.prompts, lang), lang)


def test_the_voice_answer_keeps_the_whole_meeting_point(long_names):
    prompt = flows.answer_prompts(place("1101").id, "ru", "voice")[-1]
    assert prompt.params["point"] == POINT


# -- Uzbek: Latin only ----------------------------------------------------------

def test_an_uzbek_answer_with_a_cyrillic_meeting_point_is_gsm7(db):
    load_places()
    add_visit("1101", in_days(3), "09:30", "12:00", "Айыл өкмөтү, №2 мектептин жанында «Ала-Тоо»")
    body, _ = _sms(flows.answer_prompts(place("1101").id, "uz", "sms"), "uz")
    assert is_gsm7(body) and count_segments(body) == 1
    assert body.startswith("Gulcho: ") and "Ayil okmotu, N2 mekteptin janinda \"Ala-Too\"" in body


def test_a_place_without_a_latin_name_is_spelled_in_latin_for_uzbek(db):
    load_places()
    gulcho = place("1101")
    gulcho.name_latin = ""
    assert service.place_name(gulcho, "uz") == "Gulcho"
    assert service.place_name(gulcho, "ky") == "Гүлчө"


# -- distances ------------------------------------------------------------------

class _P:
    def __init__(self, pid, lat=None, lon=None, district="Alai"):
        self.id, self.lat, self.lon, self.oblast, self.district = pid, lat, lon, "osh", district


def test_a_distance_is_known_only_between_own_coordinates():
    locator = Locator([_P(1, 40.0, 73.0), _P(2, 40.2, 73.2), _P(3)])
    assert locator.km(1, 3) is not None  # the district centre ranks it...
    assert locator.known_km(1, 3) is None and locator.known_km(3, 1) is None  # ...but is never said
    assert round(locator.known_km(1, 2)) == 28


@pytest.mark.parametrize("lang", LANGS)
def test_no_zero_or_guessed_km_in_notices_and_answers(db, monkeypatch, lang):
    load_places()
    visit = add_visit("1101", in_days(0), "09:30", "12:00", "мектеп")
    add_visit("1103", in_days(3), "09:30", "12:00", "мектеп")
    here = _event("here", visit)
    for km in (0.0, 0.4, None):
        assert not any(unit in notices.render(here, lang, km) for unit in (" км", " km"))
    assert " 12 к" in notices.render(here, "ru", 12.3)
    # The bus is near a place whose distance is not known: no "(0 км)", the place is named.
    monkeypatch.setattr(live_service, "live_state", lambda place_id, now: live_service.LiveState("near", here, None))
    first = flows.answer_prompts(place("1103").id, lang, "sms")[0]
    assert first.key == "live.state_near_nokm" and "km" not in first.params
    # Two places 300 m apart: "0 km" is never said.
    sary_tash = place("1103")
    sary_tash.lat, sary_tash.lon = place("1101").lat + 0.002, place("1101").lon
    database.session.commit()
    monkeypatch.setattr(live_service, "live_state", lambda place_id, now: None)
    found = service.answer(place("1102").id)  # Sary-Mogol: no coordinates of its own
    assert found.kind == "nearest" and all(km is None for _, km in found.nearest)
    body, _ = _sms(flows.answer_prompts(place("1102").id, lang, "sms"), lang)
    assert not any(unit in body for unit in (" км", " km")), body
