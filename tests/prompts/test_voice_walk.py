"""Every voice flow walked in each language, as Twilio would: the TwiML a caller gets.

Kyrgyz and Uzbek: not one <Say> once the machine voice exists, and every <Play> answers
200 with audio. Russian: the Russian voice, with dates in words and references spaced.
The language menu never has a Russian voice read Kyrgyz or Uzbek.
"""
from __future__ import annotations

import re
from datetime import timedelta
from urllib.parse import urlsplit

import pytest
from sqlalchemy import select

from tests.callbacks.test_voice_and_missed_call import MISSED_LINE, missed_call_numbers
from tests.prompts.conftest import visit

DIGIT = {"ky": "1", "ru": "2", "uz": "3"}
CALLER = "+996700111222"
CREW = "+996555123456"
STAFF = "+996555100002"
SHORTHAND_DATE = re.compile(r"\b\d{1,2}\.\d{2}\b")
UNSPACED_REFERENCE = re.compile(r"[KК]-?\d{2,}")
KYRGYZ_OR_UZBEK = re.compile(r"[өүңӨҮҢ]|o'zbek|tili|тили", re.IGNORECASE)


class Walk:
    """Collects every answer of every call in one language."""

    def __init__(self, call, lang: str):
        self.call, self.lang, self.answers = call, lang, []

    def dial(self, *digits: str, to: str | None = None):
        c = self.call(CALLER, **({"to": to} if to else {}))
        self.answers.append(("start", c.start()))
        for digit in digits:
            self.answers.append((digit, c.press(digit)))
        return c

    def says(self, menu: bool = True) -> list[str]:
        """What Twilio's voice says; menu=False leaves out the language menu (heard before a choice)."""
        return [el.text or "" for step, answer in self.answers if menu or not self._menu(step, answer)
                for el in answer.root.iter("Say")]

    @staticmethod
    def _menu(step: str, answer) -> bool:
        gather = answer.gather()
        return step == "start" and gather is not None and "menu%3Alanguage" in gather.get("action")

    def plays(self, menu: bool = True) -> list[str]:
        return [el.text for step, answer in self.answers if menu or not self._menu(step, answer)
                for el in answer.root.iter("Play")]


@pytest.fixture
def voice_world(db, machine_voice, today, twilio, monkeypatch):
    """Nothing planned at first (Naryn 5001 hears "nothing planned"); then plan(): Gulcho 1101
    has a visit, Biy-Myrza 1405 none but its neighbours do, and the bus is at Kara-Kulja 1401
    right now (the crew said HERE). A staff member for the alert call."""
    from hotline.staff.service import add_staff

    add_staff("Aibek", CREW, "social_worker")
    member = add_staff("Nurlan", STAFF, "social_worker", "osh")
    db.session.commit()
    monkeypatch.setattr("hotline.live.flows.now_utc", lambda: _utc(today, 10, 5))

    def plan():
        visit("1101", today + timedelta(days=3))
        visit("1401", today, "09:00", "13:00", "мектеп")
        visit("1409", today + timedelta(days=6), "14:00", "16:00")
        twilio.sms(CREW, "HERE 1401 until 13:00")
        machine_voice.refresh()  # the meeting point "мектеп" is new: as an import would queue it
    return member, plan


def _utc(day, hh, mm):
    from datetime import datetime, time

    from hotline.core.clock import local_to_utc

    return local_to_utc(datetime.combine(day, time(hh, mm)))


def walk_every_flow(app, call, twilio, db, lang: str, world) -> Walk:
    member, plan = world
    walk = Walk(call, lang)
    d = DIGIT[lang]
    walk.dial(d, "1", "5001")  # nothing planned anywhere
    plan()
    walk.dial(d, "1", "1101", "1", "2")  # bus by code, the answer by SMS, reminders
    walk.dial(d, "7", "1", "9999")  # no such choice; an unknown code
    walk.dial(d, "1", "1405")  # nothing soon: the nearest visits (and the bus nearby now)
    walk.dial(d, "1", "1401")  # the live state: the bus is here
    walk.dial(d, "2", "1", "2", "2")  # a lawyer's callback (the place is known), its reference
    walk.dial("9")  # 9 at the language menu
    walk.dial(d, "9")  # ...the main menu
    walk.dial(d, "2", "9")  # ...the topic menu
    walk.dial(d, "2", "1", "9")  # ...the time menu
    walk.dial(d, "1", "1101", "9")  # ...after the bus answer
    with missed_call_numbers(app, MISSED_LINE):
        walk.dial(to=MISSED_LINE)  # the missed-call line: rejected, filed, offered by SMS
    member.language = lang
    db.session.commit()
    for path in ("/alerts/call?alert=1", "/alerts/screen?alert=1"):  # the staff alert call
        walk.answers.append((path, twilio.post(path, {"CallSid": "CA" + "1" * 32, "To": STAFF,
                                                      "From": "+996312900900"})))
    assert all(answer.status == 200 for _, answer in walk.answers)
    return walk


@pytest.mark.parametrize("lang", ["ky", "uz"])
def test_kyrgyz_and_uzbek_callers_hear_no_say_and_every_play_is_audio(app, call, twilio, db, voice_world, lang):
    walk = walk_every_flow(app, call, twilio, db, lang, voice_world)
    # Only the language menu's Russian offer is said (for Russian speakers, in Russian).
    assert walk.says(menu=False) == []
    assert set(walk.says()) == {"Для русского языка нажмите 2."}
    plays = walk.plays()
    assert len(plays) > 100
    media = app.test_client()
    for url in sorted(set(plays)):
        response = media.get(urlsplit(url).path)
        assert response.status_code == 200, url
        assert response.mimetype == "audio/wav" and response.data[:4] == b"RIFF" and response.data[8:12] == b"WAVE"


@pytest.mark.parametrize("lang", ["ky", "uz"])
def test_the_bus_answer_is_played_piece_by_piece_in_the_callers_language(app, call, db, voice_world, lang):
    from hotline.prompts.models import Recording

    voice_world[1]()  # plan the visits
    walk = Walk(call, lang)
    walk.dial(DIGIT[lang], "1", "1101")
    answer = walk.answers[-1][1]
    ids = [int(urlsplit(el.text).path.rsplit("/", 1)[1].split(".")[0]) for el in answer.root.iter("Play")]
    said = {r.id: r for r in db.session.scalars(select(Recording).where(Recording.id.in_(ids)))}
    heard = " ".join(said[i].text for i in ids)
    expected = {
        "ky": "Гүлчө Автобус {day} келет, саат тогуз отуз менен он эки аралыгында. Жолугуучу жер айыл өкмөтү",
        "uz": "Gulcho Avtobus {day} keladi, soat to'qqiz o'ttiz dan o'n ikki gacha. Uchrashuv joyi ayil okmotu",
    }[lang]
    assert all(said[i].lang == lang and said[i].source == "machine" for i in ids)
    assert re.search(re.escape(expected).replace(r"\{day\}", r"[\w' ]+"), heard), heard


def test_russian_says_dates_in_words_and_the_reference_spaced(app, call, twilio, db, voice_world):
    walk = walk_every_flow(app, call, twilio, db, "ru", voice_world)
    says = walk.says(menu=False)
    assert walk.plays(menu=False) == [] and says
    for text in says:
        assert not SHORTHAND_DATE.search(text), text
        assert not UNSPACED_REFERENCE.search(text), text
    assert any("Номер заявки: ка, " in text for text in says)
    assert any("Ближайшие поездки: " in text and " километр" in text for text in says)


@pytest.mark.parametrize("lang", ["ky", "ru", "uz"])
def test_the_language_menu_never_has_a_russian_voice_read_kyrgyz_or_uzbek(call, db, lang, request):
    if lang != "ru":  # with the machine voice: played; without: the offer said in Russian
        request.getfixturevalue("machine_voice")
    answer = call().start()
    for say in answer.root.iter("Say"):
        assert say.get("language") == "ru-RU"
        assert not KYRGYZ_OR_UZBEK.search(say.text), say.text
    expected = ["Play", "Say", "Play"] if lang != "ru" else ["Say", "Say", "Say"]
    assert [el.tag for el in answer.gather()] == expected


def test_the_walk_reaches_every_flow(app, call, twilio, db, voice_world):
    """The walks above are only worth what they visit: each flow's own words are in it."""
    walk = walk_every_flow(app, call, twilio, db, "ru", voice_world)
    said = " | ".join(walk.says())
    for words in ("Автобус будет", "Такой код не найден", "Поездки пока не запланированы",
                  "Ближайшие поездки", "Автобус сейчас здесь: Кара-Кульджа. Уезжает в 13:00",
                  "Номер заявки", "Вам перезвонят как можно скорее", "Срочный сигнал", "Срочный звонок",
                  "SMS отправлено", "Напоминания включены", "Нет такого варианта"):
        assert words in said, words
    assert said.count("Вам перезвонят как можно скорее") == 5  # 9 at each of the five menus
    assert any("Reject" in answer.verbs() for _, answer in walk.answers)  # the missed-call line


@pytest.mark.parametrize("voiced", [True, False], ids=["machine voice", "fresh"])
def test_an_unknown_digit_at_the_language_menu_is_answered_in_each_offers_own_language(call, db, voiced,
                                                                                      request):
    from hotline.prompts import store

    if voiced:
        request.getfixturevalue("machine_voice")
    c = call()
    c.start()
    answer = c.press("7")
    for say in answer.root.iter("Say"):
        assert say.get("language") == "ru-RU"
        assert not KYRGYZ_OR_UZBEK.search(say.text), say.text
    sorry_ru = [el for el in answer.gather() if el.tag == "Say" and el.text == "Нет такого варианта."]
    assert len(sorry_ru) == 1  # said once, by the Russian voice, before the Russian offer
    plays = [el.text for el in answer.gather().iter("Play")]
    if voiced:
        sorry = [f"/media/recordings/{store.best(lang, 'text', 'voice.invalid_choice').id}.wav" for lang in ("ky", "uz")]
        offers = [f"/media/recordings/{store.best(lang, 'text', 'voice.choose_language').id}.wav" for lang in ("ky", "uz")]
        assert [urlsplit(url).path for url in plays] == [sorry[0], offers[0], sorry[1], offers[1]]
    else:
        assert plays == []
    assert "menu%3Alanguage" in answer.gather().get("action")  # the language menu again
