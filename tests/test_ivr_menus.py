"""The language and main menus walked as Twilio would: post, read TwiML, follow <Gather action>."""
from __future__ import annotations

from urllib.parse import parse_qs, urlsplit


def test_call_opens_with_the_language_menu_in_all_three_languages(call):
    answer = call().start()
    gather = answer.gather()
    assert gather is not None and gather.get("numDigits") == "1"
    said = answer.text
    # No recording yet: each offer is said in Russian, a Russian voice never reads Kyrgyz or Uzbek.
    assert said == ("Кыргызский язык: нажмите 1. Для русского языка нажмите 2. "
                    "Узбекский язык: нажмите 3."), said


def test_choosing_russian_gives_the_main_menu_in_russian(call):
    c = call()
    c.start()
    answer = c.press("2")
    assert "нажмите 1" in answer.text and "Повторить" in answer.text
    assert parse_qs(urlsplit(answer.gather().get("action")).query)["node"] == ["menu:main"]


def test_kyrgyz_without_recording_falls_back_to_russian_say(call):
    c = call()
    c.start()
    answer = c.press("1")
    says = [el for el in answer.root.iter("Say")]
    assert says, answer.xml  # never silence
    assert all(el.get("language") == "ru-RU" for el in says)


def test_zero_repeats_the_main_menu(call):
    c = call()
    c.start()
    first = c.press("2").text
    assert c.press("0").text == first


def test_unknown_digit_says_so_and_repeats(call):
    c = call()
    c.start()
    c.press("2")
    answer = c.press("7")
    assert "Нет такого варианта" in answer.text
    assert answer.gather() is not None


def test_silence_repeats_twice_then_says_goodbye(call):
    c = call()
    c.start()
    c.press("2")
    assert "ничего не нажали" in c.press(None).text
    assert c.press(None).gather() is not None
    last = c.press(None)
    assert last.gather() is None and "Hangup" in last.verbs()


def test_a_retried_step_gets_the_same_answer_once(call, twilio):
    c = call()
    c.start()
    url = c.last.gather().get("action")
    params = dict(c.params, Digits="2")
    first = twilio.post(url, params)
    again = twilio.post(url, params)
    assert first.xml == again.xml


def test_language_choice_is_remembered_for_sms(call, twilio, db):
    from hotline.residents.service import find

    c = call("+996555123456")
    c.start()
    c.press("3")
    assert find("+996555123456").language == "uz"
    reply = twilio.sms("+996555123456", "salom").messages()[0]
    assert "avtobus" in reply
