"""The crew's words, Latin and Cyrillic, and what follows them."""
from __future__ import annotations

from datetime import time

import pytest

from hotline.live.commands import KIND_OF_WORD, Command, Usage, parse
from ivr_flows import dispatch


@pytest.mark.parametrize("word, args, expected", [
    ("HERE", ["1101"], Command("here", "1101")),
    ("HERE", ["Gulcho", "until", "13:00"], Command("here", "Gulcho", at=time(13, 0))),
    ("ЗДЕСЬ", ["Гүлчө", "до", "13.00"], Command("here", "Гүлчө", at=time(13, 0))),
    ("МЫНДА", ["1101", "13:00", "чейин"], Command("here", "1101", at=time(13, 0))),
    ("HERE", ["Birinchi", "May"], Command("here", "Birinchi May")),
    ("HERE", [], Usage("here")),
    ("LATE", ["1101", "30"], Command("late", "1101", minutes=30)),
    ("КЕЧИГЕБИЗ", ["Гүлчө", "45", "мин"], Command("late", "Гүлчө", minutes=45)),
    ("ОПАЗДЫВАЕМ", ["1101", "20мин"], Command("late", "1101", minutes=20)),
    ("LATE", ["1101"], Usage("late")),
    ("LATE", ["1101", "soon"], Usage("late")),
    ("NEXT", ["1402", "14:30"], Command("next", "1402", at=time(14, 30))),
    ("КИЙИНКИ", ["Ак-Кыя", "9:05"], Command("next", "Ак-Кыя", at=time(9, 5))),
    ("NEXT", ["1402"], Usage("next")),
    ("LEFT", ["1101"], Command("left", "1101")),
    ("КЕТТИК", [], Command("left", "")),
    ("UNDO", [], Command("undo")),
    ("ОТМЕНИТЬ", ["please"], Command("undo")),
])
def test_commands_parse(word, args, expected):
    assert parse(word, args) == expected


def test_every_word_is_registered_as_a_staff_command_as_dispatch_folds_it(app):
    for word in KIND_OF_WORD:
        assert dispatch.fold(word.lower()) in dispatch.STAFF_COMMANDS


def test_residents_words_are_not_taken_by_the_crew(app):
    # ОТМЕНА / ЖОККО / BEKOR withdraw a resident's callback; BUS is a resident's question.
    for word in ("ОТМЕНА", "OTMENA", "ЖОККО", "JOKKO", "BEKOR", "BUS", "АВТОБУС"):
        assert word not in KIND_OF_WORD
