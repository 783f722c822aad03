"""Uzbek in Cyrillic for those who read it better: chosen by `LANG УЗ` (Cyrillic) or by a
coordinator; Latin stays the Uzbek default (`LANG UZ`); the voice is the same Uzbek."""
from __future__ import annotations

import pytest

from hotline.messaging.segments import count_segments, is_gsm7
from hotline.residents.service import find, guess_language
from ivr_flows import texts
from ivr_flows.texts.cyrillic import to_cyrillic

PHONE = "+996700333444"
texts.load_all()


def test_lang_uz_in_cyrillic_letters_chooses_uzbek_cyrillic(twilio, db):
    twilio.sms(PHONE, "привет")
    answer = twilio.sms(PHONE, "LANG УЗ").messages()
    assert answer == ["Тил: ўзбекча. 1 - автобус қачон келади, 2 - юрист қўнғироғи, 9 - шошилинч ёрдам"]
    db.session.rollback()
    assert find(PHONE).language == "uz_Cyrl"
    assert twilio.sms(PHONE, "STOP").messages() == [texts.CATALOG["sms.stopped"].uz_cyrl]


def test_lang_uz_in_latin_letters_stays_latin(twilio, db):
    twilio.sms(PHONE, "LANG УЗ")
    answer = twilio.sms(PHONE, "LANG UZ").messages()
    assert answer[0].startswith("Til: o'zbekcha.") and is_gsm7(answer[0])
    db.session.rollback()
    assert find(PHONE).language == "uz"


def test_a_first_message_in_uzbek_cyrillic_is_answered_in_it():
    assert guess_language("Автобус қачон келади?") == "uz_Cyrl"
    assert guess_language("Avtobus qachon keladi?") == "uz"


@pytest.fixture
def uzbek_recording(db):
    """A recording of the Uzbek main menu, as a coordinator uploads it (stored in the database)."""
    from hotline.prompts import machine
    from hotline.prompts import store as recordings

    words = texts.CATALOG["voice.main_menu"].uz
    recording = recordings.save("uz", "text", "voice.main_menu", words, "human", machine.speak(words, "uz"))
    db.session.commit()
    recordings.forget()
    return recording.id


def test_the_voice_is_the_same_uzbek_and_pressing_3_keeps_the_cyrillic_sms(call, twilio, db, uzbek_recording):
    twilio.sms(PHONE, "LANG УЗ")
    caller = call(PHONE)
    caller.start()
    menu = caller.press("3")
    plays = [el.text for el in menu.root.iter("Play")]
    assert plays == [f"{twilio_base(twilio)}/media/recordings/{uzbek_recording}.wav"]
    db.session.rollback()
    assert find(PHONE).language == "uz_Cyrl"
    assert twilio.sms(PHONE, "HELP").messages() == [texts.CATALOG["sms.short_menu"].uz_cyrl]


def twilio_base(twilio) -> str:
    return twilio.base_url.rstrip("/")


@pytest.mark.parametrize("latin, cyrillic", [
    ("Qishlog'ingiz nomini yoki kodini yozing.", "Қишлоғингиз номини ёки кодини ёзинг."),
    ("Bunday tanlov yo'q.", "Бундай танлов йўқ."),
    ("Ertaga avtobus: {place}, {date}", "Эртага автобус: {place}, {date}"),
    ("Yaqin joylar: ma'lum. Bekor qilish: BEKOR {ref}", "Яқин жойлар: маълум. Бекор қилиш: BEKOR {ref}"),
])
def test_the_cyrillic_defaults_are_spelled_from_the_latin(latin, cyrillic):
    assert to_cyrillic(latin) == cyrillic  # placeholders and command words (BEKOR) unchanged


def test_cyrillic_uzbek_is_ucs2_and_checked_against_the_budgets_like_kyrgyz(db):
    from hotline.texts import checks

    text = texts.CATALOG["sms.stopped"]
    assert count_segments(text.uz_cyrl) == 1 and not is_gsm7(text.uz_cyrl)
    too_long = "Хабарлар тўхтатилди. Уларни қайта олмоқчи бўлсангиз, илтимос, START деб юборинг."
    latin = "Xabarlar to'xtatildi. Ularni qayta olmoqchi bo'lsangiz, iltimos, START deb yuboring."
    assert to_cyrillic(latin) == too_long and checks.problems("sms.stopped", "uz", latin) == []  # Latin: fits
    assert str(checks.problems("sms.stopped", "uz_Cyrl", too_long)[0]).startswith("2 SMS segments")
