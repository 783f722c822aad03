"""A resident's BUS question while the bus is at or near their place hears the live state first, by SMS and by voice."""
from __future__ import annotations

import pytest

from tests.live.conftest import CREW, visit
from tests.schedule.helpers import add_visit, in_days

R = "+996700111222"


@pytest.fixture
def bus_at_kara_kulja(twilio, crew, clock):
    visit("1401", "10:00", "13:00")
    add_visit("1401", in_days(3), "10:00", "13:00", "мектеп")  # a plan to follow whatever the real hour
    clock.set(10, 5)
    twilio.sms(CREW, "HERE 1401")
    return clock


def test_at_their_place_the_live_state_comes_first_then_the_plan(twilio, bus_at_kara_kulja):
    reply = twilio.sms(R, "BUS 1401").messages()
    assert len(reply) == 1
    assert reply[0].startswith("Автобус азыр ушул жерде: Кара-Кулжа, 13:00 чейин. Кара-Кулжа: ")
    assert reply[0].endswith("1 - эскертүү")


def test_near_their_place_it_says_how_far(twilio, bus_at_kara_kulja):
    assert twilio.sms(R, "автобус Кара-Кочкор").messages()[0].startswith(
        "Автобус сейчас: Кара-Кульджа (9 км), до 13:00. Кара-Кочкор: ")


def test_far_away_or_after_left_only_the_plan(twilio, bus_at_kara_kulja):
    assert twilio.sms(R, "BUS 1409").messages()[0].startswith("Жийде: ")  # 17.6 km
    bus_at_kara_kulja.set(12, 0)
    twilio.sms(CREW, "LEFT 1401")
    assert twilio.sms(R, "BUS 1401").messages()[0].startswith("Кара-Кулжа: ")


def test_after_the_stop_ends_the_live_line_goes(twilio, bus_at_kara_kulja):
    bus_at_kara_kulja.set(13, 1)
    assert twilio.sms(R, "BUS 1401").messages()[0].startswith("Кара-Кулжа: ")


def test_on_the_way_it_says_when(twilio, bus_at_kara_kulja):
    visit("1402", "14:00", "16:00")
    twilio.sms(CREW, "NEXT 1402 14:20")
    assert twilio.sms(R, "BUS 1402").messages()[0].startswith("Автобус жолдо: Ак-Кыя, болжол менен 14:20. Ак-Кыя: ")
    twilio.sms(R, "LANG UZ")
    assert twilio.sms(R, "BUS 1402").messages()[0].startswith("Avtobus yo'lda: Ak-Kyya, taxminan soat 14:20. Ak-Kyya: ")


def test_the_voice_answer_speaks_the_live_state(call, bus_at_kara_kulja):
    caller = call(R)
    caller.start()
    caller.press("2")  # Russian
    caller.press("1")  # when the bus comes
    answer = caller.press("1401")
    # Kara-Kulja is a town as much as a village: no voice text calls the place a village.
    assert "Автобус сейчас здесь: Кара-Кульджа. Уезжает в 13:00." in answer.text
    assert answer.text.index("Автобус сейчас") < answer.text.index("Кара-Кульджа. Автобус будет")
