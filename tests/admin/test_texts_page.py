"""The texts page: coordinators only; an edit is checked, stored, in force, and undone."""
from __future__ import annotations

import re

import pytest

from hotline.texts import store
from ivr_flows import texts

CATALOG = texts.load_all()
KEY = "sms.bus.subscribed"


def csrf(page: str) -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)


def save(client, key: str, lang: str, body: str):
    token = csrf(client.get(f"/admin/texts/{key}").get_data(as_text=True))
    return client.post(f"/admin/texts/{key}/{lang}", data={"csrf_token": token, "body": body})


@pytest.mark.parametrize("role", ["social_worker", "lawyer"])
@pytest.mark.parametrize("method, path", [("get", "/admin/texts"), ("get", f"/admin/texts/{KEY}"),
                                          ("post", f"/admin/texts/{KEY}/ru"),
                                          ("post", f"/admin/texts/{KEY}/ru/shipped"),
                                          ("post", "/admin/texts/resident-language")])
def test_only_coordinators_see_or_change_texts(client_as, role, method, path):
    client = client_as(role)
    response = getattr(client, method)(path, data={"body": "x"} if method == "post" else None)
    assert response.status_code == 403


def test_the_anonymous_are_sent_to_the_login(client_as):
    assert client_as(None).get("/admin/texts").headers["Location"].startswith("/admin/login")


def test_the_list_shows_every_text_in_its_languages(client_as):
    page = client_as("coordinator").get("/admin/texts").get_data(as_text=True)
    assert all(f'data-key="{key}"' in page for key in CATALOG)
    assert CATALOG["sms.stopped"].uz_cyrl in page and CATALOG["sms.stopped"].ky in page


def test_the_list_finds_a_text_by_key_or_wording(client_as):
    client = client_as("coordinator")
    by_word = client.get("/admin/texts", query_string={"q": "Bekor qilinadigan"}).get_data(as_text=True)
    assert re.findall(r'data-key="([^"]+)"', by_word) == ["sms.live.crew_nothing_to_undo"]
    by_key = client.get("/admin/texts", query_string={"q": "crew_left"}).get_data(as_text=True)
    assert re.findall(r'data-key="([^"]+)"', by_key) == ["sms.live.crew_left"]


def test_an_edit_is_in_force_at_once_with_who_and_when_and_can_be_undone(client_as, staff, db):
    client = client_as("coordinator")
    wording = "Готово: напомним вечером накануне и утром в день поездки."
    assert save(client, KEY, "ru", wording).status_code == 302
    db.session.rollback()
    assert texts.render("bus.subscribed", "ru", "sms") == wording
    page = client.get(f"/admin/texts/{KEY}").get_data(as_text=True)
    assert "Айгүл Coordinator" in page and wording in page
    [edit] = store.history(KEY)
    assert (edit.staff_id, edit.lang, edit.source) == (staff["coordinator"], "ru", "admin")
    token = csrf(page)
    assert client.post(f"/admin/texts/{KEY}/ru/shipped", data={"csrf_token": token}).status_code == 302
    db.session.rollback()
    assert texts.render("bus.subscribed", "ru", "sms") == CATALOG[KEY].ru
    assert [e.body for e in store.history(KEY)] == [None, wording]


TOO_LONG = "Готово: " + "напомним накануне вечером и утром в день поездки. " * 2


@pytest.mark.parametrize("body, said", [
    (TOO_LONG, "2 SMS-сегмента с примерами значений, а бюджет — 1"),  # the catalog's plural form
    ("Готово {place}", "подстановки нет в оригинале: {place}"),
])
def test_a_wording_that_fails_a_check_is_refused_and_kept_in_the_form(client_as, db, body, said):
    response = save(client_as("coordinator"), KEY, "ru", body)  # the page in Russian, the default
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert said in page and body.strip() in page
    assert store.history(KEY) == []


@pytest.mark.parametrize("page_lang, said", [
    ("ky", "Мисал маанилер менен SMS бөлүктөрү: 2, чеги 1"),
    ("uz", "Namuna qiymatlar bilan 2 ta SMS qism, chegara 1"),
    ("en", "2 SMS segments with the example values, the budget is 1"),
])
def test_the_check_messages_are_in_the_pages_language(client_as, db, page_lang, said):
    client = client_as("coordinator")
    client.get(f"/admin/lang/{page_lang}")
    page = save(client, KEY, "ru", TOO_LONG).get_data(as_text=True)
    assert said in page


def test_uzbek_latin_refuses_a_character_outside_gsm7(client_as, db):
    client = client_as("coordinator")
    client.get("/admin/lang/uz")
    response = save(client, KEY, "uz", "Tayyor: safardan oldin kechqurun — eslatamiz.")
    assert response.status_code == 400
    assert "GSM-7 emas (oʻzbek lotin yozuvi faqat GSM-7 boʻlishi kerak): —" in response.get_data(as_text=True)


def test_a_voice_text_has_no_cyrillic_uzbek_of_its_own(client_as):
    assert save(client_as("coordinator"), "voice.goodbye", "uz_Cyrl", "Раҳмат.").status_code == 404


def test_an_edited_voice_text_marks_its_recording_out_of_date(client_as, app, db):
    from hotline.prompts import machine
    from hotline.prompts import store as recordings
    from ivr_flows import texts

    words = texts.CATALOG["voice.goodbye"].ky  # recorded for the shipped words
    recordings.save("ky", "text", "voice.goodbye", words, "human", machine.speak(words, "ky"))
    db.session.commit()
    recordings.forget()
    client = client_as("coordinator")
    page = client.get("/admin/texts/voice.goodbye").get_data(as_text=True)
    outdated = '<p class="bad">'  # the page's language may be any: the mark, not its words
    assert outdated not in page
    assert save(client, "voice.goodbye", "ky", "Чалганыңызга рахмат.").status_code == 302
    page = client.get("/admin/texts/voice.goodbye").get_data(as_text=True)
    assert page.count(outdated) == 1  # Kyrgyz only
    db.session.rollback()
    assert store.voice_edits()[("voice.goodbye", "ky")][0] == store.text_hash("Чалганыңызга рахмат.")


def test_a_coordinator_sets_a_residents_uzbek_script(client_as, twilio, db):
    from hotline.residents.service import find

    twilio.sms("+996700444555", "salom")
    client = client_as("coordinator")
    token = csrf(client.get("/admin/texts").get_data(as_text=True))
    response = client.post("/admin/texts/resident-language",
                           data={"csrf_token": token, "phone": "0700 444 555", "language": "uz_Cyrl"})
    assert response.status_code == 302
    db.session.rollback()
    assert find("+996700444555").language == "uz_Cyrl"
    assert twilio.sms("+996700444555", "HELP").messages() == [CATALOG["sms.short_menu"].uz_cyrl]
