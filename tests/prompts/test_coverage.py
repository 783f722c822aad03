"""Coverage as a coordinator reads it: human / machine / missing per kind, the share of a typical
call in a human voice, and what to record next."""
from __future__ import annotations

from hotline.prompts import coverage, machine, store
from ivr_flows import texts


def _human(db, key: str, words: str | None = None) -> None:
    """A person's recording of the text as it reads now (any prepared audio stands for the voice)."""
    words = words or texts.CATALOG[key].ky
    store.save("ky", "text", key, words, "human", machine.speak(words, "ky"))
    db.session.commit()
    store.forget()


def test_a_fresh_install_is_all_machine_and_the_language_menu_comes_first(db, machine_voice):
    counted = coverage.counts(coverage.rows("ky"))
    assert all(c["missing"] == 0 and c["human"] == 0 for c in counted.values())
    assert all(counted[kind]["machine"] > 0 for kind in ("prompt", "piece", "place"))  # no visit: no point
    assert coverage.human_share("ky") == 0.0
    first = [row.wanted.key for row in coverage.next_to_record("ky", 3)]
    assert first == ["voice.choose_language", "voice.main_menu", "voice.bus.enter_code"]


def test_human_recordings_raise_the_share_by_how_long_they_are_heard(db, machine_voice):
    _human(db, "voice.piece.num.7")  # heard in no typical bus call
    assert coverage.human_share("ky") == 0.0
    _human(db, "voice.main_menu")
    share = coverage.human_share("ky")
    assert 0.1 < share < 0.6  # the main menu is a long part of every call, not all of it
    counted = coverage.counts(coverage.rows("ky"))
    assert counted["prompt"]["human"] == 1 and counted["piece"]["human"] == 1
    assert [row.wanted.key for row in coverage.next_to_record("ky", 2)] == ["voice.choose_language",
                                                                            "voice.bus.enter_code"]
    assert coverage.human_share("uz") == 0.0  # per language


def test_missing_recordings_are_counted_as_missing(db, places):
    counted = coverage.counts(coverage.rows("uz"))
    assert counted["place"]["missing"] > 50 and counted["prompt"]["machine"] == 0


def test_the_admin_page_shows_the_same(db, machine_voice, app):
    from tests.admin.conftest import PASSWORD

    from hotline.staff.service import add_staff

    add_staff("Aigul", "+996700100001", "coordinator", password=PASSWORD)
    db.session.commit()
    _human(db, "voice.main_menu")
    client = app.test_client()
    client.post("/admin/login", data={"phone": "+996700100001", "password": PASSWORD})
    client.get("/admin/lang/en")  # the words below are the English page's (the default is Russian)
    page = client.get("/admin/prompts").get_data(as_text=True)
    row = page.split('data-lang="ky"')[1].split("</tr>")[0]
    assert f'{int(coverage.human_share("ky") * 100)}%' in row
    assert "human 1 ·" in row
    record_next = page.split('id="next-ky"')[1].split("</section>")[0]
    assert "voice.choose_language" in record_next and "voice.main_menu" not in record_next


def test_a_human_recording_of_words_since_changed_is_to_be_recorded_again(db, machine_voice):
    _human(db, "voice.main_menu", "Автобус качан келет?")  # the text has changed since
    [row] = [r for r in coverage.rows("ky") if r.wanted.key == "voice.main_menu"]
    assert row.status == "human" and row.outdated
    assert "voice.main_menu" in [r.wanted.key for r in coverage.next_to_record("ky", 3)]
