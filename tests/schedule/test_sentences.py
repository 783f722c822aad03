"""A place found inside a whole sentence, in Kyrgyz, Russian and Uzbek, and ordinary
sentences that must not be taken for a bus question."""
from __future__ import annotations

import pytest

from hotline.schedule.matching import PlaceIndex, read_places_csv
from hotline.schedule.sentence import find_place
from tests.schedule.helpers import add_visit, in_days, load_places

PHONE = "+996700111222"


@pytest.fixture(scope="module")
def index() -> PlaceIndex:
    return PlaceIndex.build(read_places_csv())


@pytest.fixture(scope="module")
def code_of() -> dict[int, str]:
    return {p.id: p.code for p in read_places_csv()}


@pytest.mark.parametrize("text, code", [
    # Russian: question words, prepositions, cases
    ("когда автобус в Гульчу?", "1101"),
    ("Когда приедет автобус в Гульче", "1101"),
    ("в Араване", "1201"),
    ("автобус из Гульчи когда", "1101"),
    ("когда автобус к нам в Кочкорку", "5401"),
    # Kyrgyz: question words and the case endings -га/-ка/-да/-дан
    ("автобус качан келет Араван", "1201"),
    ("Араванга качан келет", "1201"),
    ("Гүлчөгө автобус качан келет?", "1101"),
    ("автобус Достукка качан келет", "5501"),
    ("Ноокаттан автобус", "1601"),
    ("Нарында автобус качан болот", "5001"),
    # Uzbek, Latin and Cyrillic
    ("avtobus qachon keladi Aravanga", "1201"),
    ("Aravonga avtobus qachon keladi?", "1201"),
    ("автобус қачон келади Араванга", "1201"),
])
def test_the_place_inside_a_sentence(index, code_of, text, code):
    resolution = find_place(index, text)
    assert resolution.kind == "one"
    assert code_of[resolution.place_ids[0]] == code


def test_a_shared_name_in_a_sentence_is_a_choice(index):
    assert find_place(index, "когда автобус в Кара-Суу").kind == "choice"


@pytest.mark.parametrize("text", [
    "спасибо большое", "когда позвонит юрист?", "мне нужна помощь с документами",
    "я живу в доме у дороги", "муж не даёт денег", "завтра приду на работу", "когда будет пенсия",
    "дайте совет пожалуйста", "хорошо, спасибо",
    "менин күйөөм мага акча бербей жатат", "кеңеш бериңизчи", "достук кандай", "качан чалат юрист?",
    "балдар мектепке барды", "рахмат чоң", "автобус качан келет", "автобус келет эртең",
    "rahmat katta", "yurist qachon qo'ng'iroq qiladi?", "men uyda man", "avtobus qachon keladi",
    "бизге 2026 жылы келет",
])
def test_ordinary_sentences_name_no_place(index, text):
    assert find_place(index, text).kind == "none"


def test_a_village_named_in_passing_is_not_a_question(index):
    # Кеңеш and Достук are villages and everyday words: without a bus word, no.
    assert find_place(index, "кеңеш керек").kind == "none"
    assert find_place(index, "кеңеш керек", intent=True).kind == "one"  # after BUS it is


@pytest.fixture
def visits(db):
    load_places()
    day = in_days(3)
    add_visit("1101", day)
    add_visit("1201", day, "14:00", "16:00", "мектеп")
    return f"{day:%d.%m}"


def test_a_russian_sentence_by_sms_gets_the_answer(twilio, visits):
    assert twilio.sms(PHONE, "когда автобус в Гульчу?").messages() == [
        f"Гульча: {visits} 09:30-12:00, айыл өкмөтү. 1 - напомнить"]


def test_a_kyrgyz_sentence_after_the_bus_keyword_gets_the_answer(twilio, visits):
    assert twilio.sms(PHONE, "автобус качан келет Араван").messages()[0].startswith(
        f"Араван: {visits} 14:00-16:00")


def test_an_uzbek_sentence_by_sms_gets_the_answer(twilio, visits):
    twilio.sms(PHONE, "LANG UZ")
    assert twilio.sms(PHONE, "avtobus qachon keladi Aravanga?").messages()[0].startswith(
        f"Aravan: {visits} 14:00-16:00")


def test_an_ordinary_sentence_by_sms_gets_the_short_menu(twilio, visits):
    assert twilio.sms(PHONE, "кеңеш бериңизчи").messages()[0].startswith("1 - автобус качан келет")
