"""The foundation's SMS words: the short menu, STOP/START and the carriers' opt-out words, LANG."""
from __future__ import annotations

from datetime import timedelta

import pytest

from hotline.messaging import outbox
from hotline.residents.service import find

PHONE = "+996770222333"


def reply(twilio, body: str, phone: str = PHONE) -> str:
    messages = twilio.sms(phone, body).messages()
    return messages[0] if messages else ""


@pytest.mark.parametrize("word", ["HELP", "help", "чтото непонятное", "?", "привет"])
def test_help_and_anything_unknown_gets_the_short_menu(twilio, db, word):
    assert "1 -" in reply(twilio, word) and "9 -" in reply(twilio, word)


@pytest.mark.parametrize("word", ["STOP", "stop", "Stop.", "CANCEL", "END", "QUIT", "UNSUBSCRIBE", "STOPALL",
                                  "REVOKE", "OPTOUT", "СТОП"])
def test_stop_and_every_carrier_opt_out_word_stop_non_urgent_messages(twilio, db, word):
    assert "START" in reply(twilio, word)
    db.session.rollback()
    assert find(PHONE).opted_out is True
    assert outbox.queue_sms(PHONE, "reminder", queue="bulk", purpose="reminder") is None


def test_start_brings_messages_back(twilio, db):
    reply(twilio, "STOP")
    reply(twilio, "start")
    db.session.rollback()
    assert find(PHONE).opted_out is False
    assert outbox.queue_sms(PHONE, "reminder", queue="bulk", purpose="reminder") is not None


@pytest.mark.parametrize("code, lang, expected, menu", [
    ("KY", "ky", "кыргызча", "автобус качан"), ("ru", "ru", "русский", "когда автобус"),
    ("Uz", "uz", "o'zbekcha", "avtobus qachon")])
def test_lang_changes_the_language_of_every_later_reply(twilio, db, code, lang, expected, menu):
    reply(twilio, "привет")  # starts in Russian
    assert expected in reply(twilio, f"LANG {code}")
    db.session.rollback()
    assert find(PHONE).language == lang
    assert menu in reply(twilio, "HELP")


@pytest.mark.parametrize("text, lang", [
    ("Avtobus qachon keladi?", "uz"), ("Salom, qishloqqa avtobus kerak", "uz"), ("Bo'ston qishlog'i", "uz"),
    ("avtobus Gulcho kachan kelet", "ky"), ("Gulch8", "ky"), ("kogda avtobus v Gulcha", "ru"),
    ("Гүлчө", "ky"), ("Здравствуйте", "ru"),
])
def test_the_first_language_is_guessed_from_the_words(text, lang):
    from hotline.residents.service import guess_language

    assert guess_language(text) == lang


def test_a_first_text_in_uzbek_latin_gets_uzbek(twilio, db):
    answer = reply(twilio, "Salom, avtobus qachon keladi?", phone="+996700333555")
    db.session.rollback()
    assert find("+996700333555").language == "uz"
    assert not any("\u0400" <= ch <= "\u04ff" for ch in answer)  # Uzbek replies are Latin


def test_first_message_in_russian_gets_russian(twilio, db):
    assert "когда автобус" in reply(twilio, "здравствуйте", phone="+996700333444")


def test_a_digit_answers_the_last_menu_but_not_after_the_session_expired(twilio, db):
    from ivr_flows.sessions import DialogSession

    reply(twilio, "LANG RU")
    assert "Тема" in reply(twilio, "2")  # 2 at the short menu: the lawyer dialogue
    session = db.session.query(DialogSession).filter_by(key=f"sms:{PHONE}").one()
    session.expires_at -= timedelta(hours=2)
    db.session.commit()
    assert "1 -" in reply(twilio, "4")  # the old menu is gone: a stray digit gets the short menu


def test_a_first_text_whose_twin_created_the_resident_meanwhile_finds_that_row(app, db):
    """Two first texts from one phone at once: the second's INSERT meets the first's row."""
    from sqlalchemy import func, insert, select

    from hotline.residents import service
    from hotline.residents.models import Resident

    with db.engine.begin() as other:  # the twin request, committed between our SELECT and INSERT
        other.execute(insert(Resident).values(phone=PHONE, language="uz"))
    resident = service._create(PHONE, "ru")
    assert resident.id is not None and resident.language == "uz"
    db.session.commit()
    assert db.session.scalar(select(func.count()).select_from(Resident).where(Resident.phone == PHONE)) == 1


def test_a_dialogue_writes_the_session_once_per_message(twilio, db):
    from sqlalchemy import event

    statements = []

    def remember(conn, cursor, statement, *args):
        statements.append(statement)

    event.listen(db.engine, "before_cursor_execute", remember)
    try:
        reply(twilio, "LANG RU")
        statements.clear()
        reply(twilio, "2")
    finally:
        event.remove(db.engine, "before_cursor_execute", remember)
    # Upserted (INSERT .. ON CONFLICT DO UPDATE), with the turn's other rows on PostgreSQL: issue 20.
    assert len([s for s in statements if "INTO dialog_sessions" in s or s.startswith("UPDATE dialog_sessions")]) == 1
    assert not [s for s in statements if s.startswith("UPDATE residents")]  # last_seen_at: hourly
