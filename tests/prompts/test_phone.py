"""Recording by phone: a coordinator's call reaches the recording menu; a resident's never does."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from hotline.prompts import machine, store
from hotline.prompts.models import Recording

pytestmark = pytest.mark.worker
COORDINATOR = "+996700100001"
RESIDENT = "+996700111222"
LAWYER = "+996700100003"


@pytest.fixture
def coordinator(db):
    from hotline.staff.service import add_staff

    member = add_staff("Aigul", COORDINATOR, "coordinator")
    db.session.commit()
    return member


def _take(standin, sid: str) -> str:
    """A staff member's take as Twilio keeps it: a WAV at 8 kHz with silence around the words."""
    import numpy as np

    from hotline.prompts.audio import decode_wav, encode_wav

    words, _ = decode_wav(machine.speak("Кыргыз тили үчүн бирди басыңыз.", "ky"))
    return standin.add_recording(sid, encode_wav(np.concatenate([np.zeros(8000), words, np.zeros(8000)])))


def test_a_resident_never_reaches_the_recording_menu(call, db, coordinator):
    answer = call(RESIDENT).start()
    assert "Запись голосовых подсказок" not in answer.text
    assert "Для русского языка нажмите 2." in answer.text


@pytest.mark.parametrize("marked", [True, False], ids=["marked", "unmarked"])
def test_a_lawyer_reaches_the_recording_menu_only_when_marked_voice_recorder(call, db, marked):
    from hotline.staff.service import add_staff

    lawyer = add_staff("Bakyt", LAWYER, "lawyer")
    lawyer.voice_recorder = marked
    db.session.commit()
    answer = call(LAWYER).start()
    assert answer.text.startswith("Запись голосовых подсказок.") is marked
    assert ("Для русского языка нажмите 2." in answer.text) is not marked


def test_a_coordinator_records_keeps_skips_and_the_take_plays_next_call(call, db, coordinator, machine_voice,
                                                                       worker, standin, eventually):
    c = call(COORDINATOR)
    menu = c.start()
    assert menu.text.startswith("Запись голосовых подсказок.") and menu.gather() is not None
    first = c.press("1")  # Kyrgyz
    assert "Запись 1: подсказка, по-русски: Кыргызский язык: нажмите 1. Слова пришли" in first.text and next(first.root.iter("Record")).get("playBeep") == "true"
    sms = standin.wait_for_messages(1, to=COORDINATOR, timeout=15)
    assert sms[0].body == "Жазуу 1: Кыргыз тили үчүн 1ди басыңыз."  # most heard first: the language menu
    url = _take(standin, "RE" + "a" * 32)
    heard = c.press(None, RecordingUrl=url, RecordingDuration="4")
    assert [el.text for el in heard.root.iter("Play")] == [url]  # heard back before keeping it
    again = c.press("2")
    assert "Запись 1: подсказка" in again.text  # the same words again
    c.press(None, RecordingUrl=url, RecordingDuration="4")
    kept = c.press("1")
    assert kept.text.startswith("Сохранено. Запись 2: подсказка, по-русски: Чтобы узнать, когда приедет автобус")
    # "again" sent the same words once more, and keeping it the next one, the main menu. The
    # worker sends those two at once (concurrency 2): they may reach Twilio in either order.
    bodies = [m.body for m in standin.wait_for_messages(3, to=COORDINATOR, timeout=15)]
    later = sorted(bodies[1:], key=lambda body: body != bodies[0])
    assert later[0] == bodies[0] and later[1].startswith("Жазуу 2: Автобус качан")

    def human():
        db.session.commit()
        store.forget()
        found = store.best("ky", "text", "voice.choose_language")
        return found if found and found.source == "human" else None
    taken = eventually(human, timeout=30)
    audio = db.session.scalar(select(Recording.audio).where(Recording.id == taken.id))
    assert 1500 < taken.duration_ms < 4000  # the second of silence at each end trimmed
    assert audio[:4] == b"RIFF"
    c.press(None, RecordingUrl=url, RecordingDuration="4")
    skipped = c.press("3")  # skip the main menu: the next words are another piece
    assert "Запись 3: " in skipped.text
    resident = call(RESIDENT).start()  # the next call plays the kept take
    plays = [el.text for el in resident.root.iter("Play")]
    assert plays[0].endswith(f"/media/recordings/{taken.id}.wav")


@pytest.mark.parametrize("lang", ["ky", "uz"])
def test_each_kind_of_piece_is_named_with_its_russian_words(db, places, lang):
    from hotline.prompts.generate import Wanted
    from hotline.prompts.phone import describe
    from hotline.schedule.models import Place

    gulcho = db.session.scalar(select(Place).where(Place.code == "1101"))
    name = {"ky": gulcho.name_ky, "uz": gulcho.name_latin}[lang]
    assert describe(Wanted(lang, "place", name, name, "place")) == "название места, по-русски: Гульча"
    assert describe(Wanted(lang, "point", "айыл өкмөтү", "айыл өкмөтү", "point")) == "место встречи"
    assert describe(Wanted(lang, "text", "voice.piece.num.5", "беш", "piece")) == "слово, по-русски: пять"
    assert describe(Wanted(lang, "text", "voice.bus.next#1", "Автобус", "piece")) == (
        "часть подсказки; вся подсказка по-русски: …. Автобус будет …, с … до …. Место встречи: …")
    offer = {"ky": "Кыргызский язык: нажмите 1.", "uz": "Узбекский язык: нажмите 3."}[lang]
    assert describe(Wanted(lang, "text", "voice.choose_language", "-", "prompt")) == f"подсказка, по-русски: {offer[:-1]}"
