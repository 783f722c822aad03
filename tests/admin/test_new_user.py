"""What a new user tripped over on the admin page: person pickers, the message log, the favicon."""
from __future__ import annotations

import re

from hotline.staff.service import add_staff

RESIDENT = "+996700111222"
SECOND_LAWYER = "+996770100007"


def _selected(select_html: str) -> list[str]:
    return re.findall(r'<option value="([^"]*)" selected>', select_html)


def _lawyer_menu(page: str, request_id: int) -> str:
    section = page.split(f'id="cb-{request_id}"')[1].split("</section>")[0]
    return section.split('<select name="lawyer_id"')[1].split("</select>")[0]


def _callback(db, phone=RESIDENT):
    from hotline.callbacks import service
    from hotline.core.clock import now_utc

    request = service.file_request(phone, channel="sms", language="ru", now=now_utc(),
                                   topic="family", safe_time="evening")
    db.session.commit()
    return request


def test_the_lawyer_menu_preselects_the_assigned_lawyer_or_nobody(client_as, db, staff):
    from hotline.callbacks import queue
    from hotline.core.clock import now_utc

    second = add_staff("Яна Second lawyer", SECOND_LAWYER, "lawyer", "osh")  # sorts after the first
    waiting = _callback(db, "+996700111333")
    assigned = _callback(db)
    queue.assign(assigned, second, now_utc())
    db.session.commit()
    page = client_as("coordinator").get("/admin/callbacks").get_data(as_text=True)
    assert _selected(_lawyer_menu(page, assigned.id)) == [str(second.id)]
    assert _selected(_lawyer_menu(page, waiting.id)) == [""]  # nobody: the blank, not the first


def test_the_shift_form_preselects_nobody(client_as, db, staff):
    page = client_as("coordinator").get("/admin/staff").get_data(as_text=True)
    menu = page.split('<select name="staff_id"')[1].split("</select>")[0]
    assert _selected(menu) == [""]


def test_the_message_log_shows_what_we_sent_but_no_full_number_and_no_inbound(client_as, db, staff):
    from hotline.messaging.models import InboundMessage, OutboundMessage
    from tests.admin.conftest import PEOPLE

    lawyer_name, lawyer_phone, _ = PEOPLE["lawyer"]
    db.session.add_all([
        OutboundMessage(to_phone=RESIDENT, body="Гүлчө: 30.11 09:30-12:00, айыл өкмөтү.",
                        purpose="reminder", status="undelivered", error_code="30003"),
        OutboundMessage(to_phone=lawyer_phone, body=f"K-5: {RESIDENT}, семья, Гульча, вечером.",
                        purpose="staff", status="sent"),
        InboundMessage(sid="SM" + "a" * 32, from_phone=RESIDENT, body="мой муж опять пришёл"),
    ])
    db.session.commit()
    page = client_as("coordinator").get("/admin/messages").get_data(as_text=True)
    assert "Гүлчө: 30.11 09:30-12:00, айыл өкмөтү." in page  # the reminder, as sent
    assert "K-5:" not in page and RESIDENT not in page  # the lawyer's SMS holds the full number
    assert "мой муж" not in page  # never what a person sent us
    rows = page.split("<tr>")[2:]
    assert lawyer_name in rows[0] and "+996***05" not in rows[0]  # staff by name, not masked
    assert "+996***22" in rows[1]


def test_the_favicon_is_a_static_file_not_a_404(app, client_as, staff):
    client = app.test_client()
    icon = client.get("/favicon.ico")
    assert icon.status_code == 200 and icon.mimetype == "image/svg+xml"
    assert client.get("/admin/static/favicon.svg").status_code == 200  # before login too
    page = client_as("coordinator").get("/admin/").get_data(as_text=True)
    assert 'rel="icon"' in page and "favicon.svg" in page
