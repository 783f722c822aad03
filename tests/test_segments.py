from hotline.messaging.segments import count_segments, encoding


def test_gsm7_limits():
    assert count_segments("a" * 160) == 1
    assert count_segments("a" * 161) == 2
    assert count_segments("a" * 306) == 2
    assert count_segments("a" * 307) == 3
    assert encoding("Salom, o'zbekcha!") == "GSM-7"


def test_gsm7_extension_characters_count_twice():
    assert count_segments("€" * 80) == 1
    assert count_segments("€" * 81) == 2


def test_one_cyrillic_letter_makes_the_whole_message_ucs2():
    assert encoding("a" * 100 + "ө") == "UCS-2"
    assert count_segments("a" * 69 + "ө") == 1
    assert count_segments("a" * 70 + "ө") == 2
    assert count_segments("Ж" * 134) == 2
    assert count_segments("Ж" * 135) == 3


def test_emoji_takes_two_ucs2_units():
    assert count_segments("🙂" * 35) == 1
    assert count_segments("🙂" * 36) == 2
