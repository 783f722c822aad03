"""Values as a caller hears them: the pieces of Kyrgyz and Uzbek, the words of the Russian voice."""
from __future__ import annotations

from datetime import date

import pytest

from ivr_flows import speech, texts
from ivr_flows.engine import Prompt

TODAY = date(2026, 6, 10)


def words(pieces) -> str:
    return " ".join(piece.text for piece in pieces)


@pytest.mark.parametrize("n, ky, uz", [
    (0, "нөл", "nol"), (7, "жети", "yetti"), (10, "он", "o'n"), (12, "он эки", "o'n ikki"),
    (100, "жүз", "yuz"), (205, "эки жүз беш", "ikki yuz besh"), (1000, "миң", "ming"),
    (1234, "миң эки жүз отуз төрт", "ming ikki yuz o'ttiz to'rt"),
    (9999, "тогуз миң тогуз жүз токсон тогуз", "to'qqiz ming to'qqiz yuz to'qson to'qqiz"),
])
def test_whole_numbers_0_to_9999(n, ky, uz):
    texts.load_all()
    assert words(speech.number(n, "ky")) == ky
    assert words(speech.number(n, "uz")) == uz


def test_a_number_out_of_range_is_refused():
    with pytest.raises(ValueError):
        speech.number_keys(10000)


@pytest.mark.parametrize("value, ky", [("09:30", "тогуз отуз"), ("12:00", "он эки"), ("10:05", "он нөл беш"),
                                       ("00:00", "нөл")])
def test_clock_times_take_no_suffix(value, ky):
    texts.load_all()
    assert words(speech.clock(value, "ky")) == ky


@pytest.mark.parametrize("value, ky, uz, ru", [
    ("10.06", "бүгүн", "bugun", "сегодня"), ("11.06", "эртең", "ertaga", "завтра"),
    ("12.06", "он экинчи июнь", "o'n ikkinchi iyun", "12 июня"),
    ("01.01", "биринчи январь", "birinchi yanvar", "1 января"),
    ("30.09", "отузунчу сентябрь", "o'ttizinchi sentabr", "30 сентября"),
])
def test_dates_are_today_tomorrow_or_day_and_month(value, ky, uz, ru):
    texts.load_all()
    assert words(speech.calendar_day(value, "ky", TODAY)) == ky
    assert words(speech.calendar_day(value, "uz", TODAY)) == uz
    assert speech.russian("date", value, TODAY) == ru


def test_tomorrow_across_the_new_year():
    texts.load_all()
    assert words(speech.calendar_day("01.01", "ky", date(2026, 12, 31))) == "эртең"


@pytest.mark.parametrize("km, said", [(1, "1 километре"), (5, "5 километрах"), (11, "11 километрах"),
                                      (21, "21 километре"), (112, "112 километрах")])
def test_russian_kilometres_agree_with_the_number(km, said):
    texts.load_all()
    assert speech.russian("km", km, TODAY) == said


def test_a_reference_is_read_letter_by_letter_digit_by_digit():
    texts.load_all()
    assert words(speech.reference("K-17", "ky")) == "ка бир жети"
    assert words(speech.reference("K-17", "uz")) == "ka bir yetti"
    assert speech.russian("ref", "K-17", TODAY) == "ка, 1, 7"


def test_the_russian_bus_answer_has_no_sms_shorthand():
    from ivr_flows.voice import russian

    item = Prompt("bus.nearest_item", {"place": "Сары-Таш", "km": 95, "date": "12.06", "start": "09:30"})
    said = russian(Prompt("bus.nearest", {"place": "Гульча", "items": (item,)}), TODAY)
    assert said == ("Гульча. В ближайшие 30 дней поездок нет. Ближайшие поездки: "
                    "Сары-Таш, в 95 километрах от вас, 12 июня в 9:30.")


def test_kyrgyz_bus_answer_puts_no_suffix_on_any_value():
    from ivr_flows.voice import compose

    prompt = Prompt("bus.next", {"place": "Гүлчө", "date": "12.06", "start": "09:30", "end": "12:00",
                                 "point": "айыл өкмөтү"})
    assert words(compose(prompt, "ky", TODAY)) == (
        "Гүлчө Автобус он экинчи июнь келет, саат тогуз отуз менен он эки аралыгында. Жолугуучу жер айыл өкмөтү")


def test_no_voice_text_calls_a_place_a_village():
    """Kara-Suu is a town in Osh oblast (DOMAIN.md): no voice text says village, of the place
    it names or of the caller's own."""
    village = ("айыл", "село", "селе", "qishlo")
    for key, text in texts.load_all().items():
        if key.startswith("voice."):
            for lang in texts.LANGS:
                said = text.in_language(lang).lower()
                assert not any(word in said for word in village), (key, lang)


def test_every_value_of_every_voice_text_has_a_speaker():
    fields = set()
    for key, text in texts.load_all().items():
        if key.startswith("voice.") and speech.recorded(key):  # the rest is only said, in Russian
            for lang in texts.LANGS:
                fields |= {name for _, name, _, _ in __import__("string").Formatter().parse(
                    text.in_language(lang)) if name}
    assert fields - {"items"} <= set(speech.SPEAKERS) | set(speech.DATED)
