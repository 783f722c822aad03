"""Fuzzing with hypothesis: whatever Twilio (or someone holding a valid signature)
posts, a webhook answers 200 with TwiML (403 when a sid is not of Twilio's shape: a
re-cut forgery), never a 500, and writes all or nothing;
whatever a CSV holds, an import writes everything or nothing and says why.

Example counts are modest so the suite stays within CI's time; the database is
shared between examples (an example's leftovers are more input for the next).
"""
from __future__ import annotations

import os
import re
import uuid
import xml.etree.ElementTree as ET
from urllib.parse import urlencode

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select
from twilio.request_validator import RequestValidator
from werkzeug.datastructures import MultiDict

from tests.conftest import TEST_AUTH_TOKEN

pytestmark = pytest.mark.faults

FUZZ = settings(max_examples=int(os.environ.get("HOTLINE_FUZZ_EXAMPLES", "150")), deadline=None,
                suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                                       HealthCheck.data_too_large])

# Any Unicode (hypothesis leaves out lone surrogates, which no form can carry), up to Twilio's 1,600,
# NUL included: PostgreSQL cannot store it, so the webhooks drop it after the signature check
# (test_a_nul_character_is_recorded_not_spooled_forever below).
ANY_CHAR = st.characters(blacklist_categories=("Cs",))
NO_NUL = st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00")
any_text = st.text(ANY_CHAR, max_size=1600)
short_text = st.text(ANY_CHAR, max_size=40)
phones = st.one_of(st.sampled_from(["+996700111222", "+996555100002", "0700 111 222", "996700111222",
                                    "+1 415 555 0100", "", "client:anonymous", "+99670011122233333"]),
                   short_text)
digits = st.one_of(st.sampled_from(["1", "2", "3", "9", "0", "#", "*", "11", "1#", "99999999", "",
                                    "١", "١٢", "①", "Ⅸ", "1\x7f"]),
                   st.text(alphabet="0123456789*#", max_size=30), short_text)
bodies = st.one_of(st.sampled_from(["SOS", "BUS Gulcho", "автобус гүлчө", "LAWYER", "ЮРИСТ", "1", "2", "9",
                                    "STOP", "START", "LANG KY", "LANG", "ACK 1", "DONE K1", "HERE",
                                    "ОТМЕНА", "HELP", "\u200bSOS\u200b", "s o s"]),
                   any_text)
twilio_sid = st.builds(lambda p: p + uuid.uuid4().hex, st.sampled_from(["SM", "MM", "SMS"]))
sids = st.one_of(twilio_sid, st.just(""), st.text(max_size=200))


def _sign_and_post(client, url: str, form: MultiDict):
    signature = RequestValidator(TEST_AUTH_TOKEN).compute_signature(url, form)
    path = url.split("://", 1)[1].split("/", 1)[1]
    base = url[: len(url) - len(path) - 1]
    body = urlencode(list(form.items(multi=True)))
    return client.post("/" + path, data=body, base_url=base,
                       headers={"X-Twilio-Signature": signature,
                                "Content-Type": "application/x-www-form-urlencoded"})


# CONTRACT.md: MessageSid/SmsSid are SM or MM and 32 hex, CallSid is CA and 32 hex.
TWILIO_SHAPES = {"MessageSid": r"(SM|MM)[0-9a-fA-F]{32}", "SmsSid": r"(SM|MM)[0-9a-fA-F]{32}",
                 "CallSid": r"CA[0-9a-fA-F]{32}"}


def _twilio_shaped(form: MultiDict) -> bool:
    return all(re.fullmatch(shape, value) for name, shape in TWILIO_SHAPES.items()
               for value in form.getlist(name) if value)


def _assert_refused(response) -> None:
    assert response.status_code == 403, response.get_data(as_text=True)[:500]


def _assert_twiml(response) -> ET.Element:
    assert response.status_code == 200, response.get_data(as_text=True)[:500]
    assert response.mimetype in ("text/xml", "application/xml")
    root = ET.fromstring(response.get_data())
    assert root.tag == "Response"
    return root


@st.composite
def sms_forms(draw):
    """A form like Twilio's, with fields missing, repeated or unknown."""
    fields = {
        "MessageSid": sids, "SmsSid": sids, "AccountSid": st.just("AC" + "1" * 32), "From": phones,
        "To": phones, "Body": bodies, "NumMedia": st.sampled_from(["0", "1", "-1", "x", ""]),
        "NumSegments": st.sampled_from(["1", "10", ""]),
    }
    form = MultiDict()
    for name, strategy in fields.items():
        if draw(st.integers(0, 9)) == 0:
            continue  # missing
        for _ in range(2 if draw(st.integers(0, 14)) == 0 else 1):  # sometimes repeated
            form.add(name, draw(strategy))
    for _ in range(draw(st.integers(0, 2))):  # Twilio adds parameters at any time
        form.add(draw(st.text(alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz", min_size=1,
                              max_size=20)), draw(short_text))
    return form


def _spooled(app) -> set:
    folder = app.config["SETTINGS"].instance_path / "spool"
    return set(folder.glob("*.json")) if folder.exists() else set()


@pytest.fixture
def spool_watch(app):
    """Spool files this test made are its own business: reported, then removed."""
    before = _spooled(app)
    made: list = []
    yield made
    for path in _spooled(app) - before:
        made.append(path)
        path.unlink(missing_ok=True)


@FUZZ
@given(form=sms_forms())
def test_any_sms_webhook_answers_twiml_and_writes_all_or_nothing(app, spool_watch, form):
    from hotline.extensions import db
    from hotline.messaging.models import InboundMessage
    from hotline.messaging.receipts import WebhookReceipt

    url = os.environ["HOTLINE_PUBLIC_URL"] + "/twilio/sms"
    before = _spooled(app)
    response = _sign_and_post(app.test_client(), url, form)
    if not _twilio_shaped(form):
        _assert_refused(response)
        assert _spooled(app) == before
        return
    _assert_twiml(response)
    sid = (form.get("MessageSid") or form.get("SmsSid") or "").strip()
    if not (sid[:2] in ("SM", "MM") and len(sid) <= 40):
        return  # odd sids may share a 64-character prefix: all-or-nothing is checked on real ones
    with app.app_context():
        receipt = db.session.scalar(select(func.count()).select_from(WebhookReceipt)
                                    .where(WebhookReceipt.key == f"sms:{sid}"))
        inbound = db.session.scalar(select(func.count()).select_from(InboundMessage)
                                    .where(InboundMessage.sid == sid))
        db.session.remove()
    spooled = _spooled(app) - before
    # Handled (receipt and message, once) or spooled for a replay: never half of it.
    assert (receipt, inbound) in ((1, 1), (0, 0)), (receipt, inbound)
    if receipt == 0:
        assert spooled, "neither recorded nor spooled: the message is lost"
        # A spooled message must replay (what the spool replayer does), once.
        from tests.faults.support import replay_spool

        replay_spool(app)
        with app.app_context():
            assert db.session.scalar(select(func.count()).select_from(InboundMessage)
                                     .where(InboundMessage.sid == sid)) == 1
            db.session.remove()


def test_a_nul_character_is_recorded_not_spooled_forever(app, twilio, spool_watch):
    from hotline.extensions import db
    from hotline.messaging.models import InboundMessage
    from tests.faults.support import replay_spool

    answer = twilio.sms("+996700111999", "BUS\x00Gulcho", sid="SM" + "0" * 31 + "1")
    assert answer.status == 200
    replay_spool(app)
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(InboundMessage)
                                 .where(InboundMessage.sid == "SM" + "0" * 31 + "1")) == 1
        db.session.remove()



def test_a_nul_in_a_voice_step_url_is_answered_and_recorded_not_spooled(app, twilio):
    from hotline.extensions import db
    from hotline.messaging.receipts import WebhookReceipt

    before = _spooled(app)
    params = {"CallSid": "CA" + "0" * 32, "From": "+996700111999", "To": "+996312900900", "Digits": "1"}
    answer = twilio.post("/twilio/voice/step?node=menu%3Alang%00uage&n=1%00", params)
    assert answer.status == 200 and "<Response" in answer.xml
    assert _spooled(app) - before == set()
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(WebhookReceipt)
                                 .where(WebhookReceipt.key.like("call:CA%"))) == 1
        db.session.remove()


@st.composite
def voice_walks(draw):
    """A call: a start (or none), then steps at real and made-up nodes, with any Digits,
    sometimes under another CallSid, repeated, or out of order."""
    from ivr_flows import engine

    nodes = sorted(engine.NODES) or ["menu:language"]
    call_sid = "CA" + uuid.uuid4().hex
    steps = []
    for _ in range(draw(st.integers(1, 6))):
        node = draw(st.one_of(st.sampled_from(nodes), short_text))
        n = draw(st.one_of(st.integers(0, 12).map(str), short_text))
        form = MultiDict({"CallSid": draw(st.one_of(st.just(call_sid), st.just(call_sid),
                                                    st.builds(lambda: "CA" + uuid.uuid4().hex), short_text)),
                          "AccountSid": "AC" + "1" * 32, "From": draw(phones), "To": draw(phones),
                          "CallStatus": draw(st.sampled_from(["in-progress", "ringing", "completed", ""]))})
        if draw(st.booleans()):
            form.add("Digits", draw(digits))
        if draw(st.integers(0, 6)) == 0:
            form.add("Digits", draw(digits))  # repeated
        if draw(st.integers(0, 5)) == 0:
            form.add("RecordingUrl", draw(st.sampled_from(["https://api.twilio.com/rec/RE1", "", "not a url"])))
            form.add("RecordingDuration", draw(st.sampled_from(["0", "12", "-3", "x"])))
        if draw(st.integers(0, 5)) == 0:
            form.add("SpeechResult", draw(short_text))
        steps.append((node, n, form))
    start = draw(st.booleans())
    return call_sid, start, steps


@FUZZ
@given(walk=voice_walks())
def test_any_call_sequence_answers_twiml(app, spool_watch, walk):
    call_sid, start, steps = walk
    base = os.environ["HOTLINE_PUBLIC_URL"]
    client = app.test_client()
    if start:
        _assert_twiml(_sign_and_post(client, base + "/twilio/voice", MultiDict(
            {"CallSid": call_sid, "AccountSid": "AC" + "1" * 32, "From": "+996700111222",
             "To": "+996312900900", "CallStatus": "ringing", "Direction": "inbound"})))
    for node, n, form in steps:
        url = f"{base}/twilio/voice/step?{urlencode({'node': node, 'n': n})}"
        response = _sign_and_post(client, url, form)
        _assert_twiml(response) if _twilio_shaped(form) else _assert_refused(response)


@FUZZ
@given(form=sms_forms(), status=st.one_of(st.sampled_from(["queued", "sent", "delivered", "undelivered",
                                                           "failed", "completed", "busy", "no-answer"]),
                                          short_text),
       code=st.one_of(st.none(), st.sampled_from(["30003", "30008", "21610"]), short_text))
def test_any_status_callback_answers_204(app, spool_watch, form, status, code):
    form.setlist("MessageStatus", [status])
    if code is not None:
        form.setlist("ErrorCode", [code])
    response = _sign_and_post(app.test_client(), os.environ["HOTLINE_PUBLIC_URL"] + "/twilio/status", form)
    assert response.status_code == (204 if _twilio_shaped(form) else 403)


def test_unsigned_fuzz_is_refused(app):
    response = app.test_client().post("/twilio/sms", data={"Body": "SOS", "MessageSid": "SM1"})
    assert response.status_code == 403


# -- CSV imports --------------------------------------------------------------------------------------

PLACE_HEADER = "code,name_ky,name_ru,name_latin,aliases,oblast,district,lat,lon"
VISIT_HEADER = "place_code,date,start,end,meeting_point"
csv_cell = st.one_of(st.sampled_from(["", "1101", "9999", "Гүлчө", "Gulcho", "osh", "naryn", "Alai", "40.5",
                                      "73.4", "200", "nan", "inf", "-0", "2031-06-12", "2031-02-30",
                                      "10:00", "09:00", "25:00", "9:5", "a;b;;c", '"', '""', "x" * 35]),
                     st.text(NO_NUL, max_size=35))  # longer cells: the test below


def _good_place(i: int) -> list[str]:
    return [str(7000 + i), f"Айыл{i}", f"Село{i}", f"Ayil{i}", f"ayil{i};aiyl{i}", "osh", "Alai", "", ""]


@st.composite
def place_files(draw):
    lines = [draw(st.sampled_from([PLACE_HEADER] * 6 + ["code,name", PLACE_HEADER.upper(), "", "\ufeff" + PLACE_HEADER]))]
    for i in range(draw(st.integers(0, 8))):
        if draw(st.booleans()):
            row = _good_place(i)
        else:
            row = [draw(csv_cell) for _ in range(draw(st.sampled_from([9, 9, 9, 8, 10, 1])))]
        lines.append(",".join(_quote(cell) for cell in row))
    return "\n".join(lines) + draw(st.sampled_from(["\n", "", "\r\n", "\n\n,,,\n"]))


@st.composite
def visit_files(draw):
    lines = [draw(st.sampled_from([VISIT_HEADER] * 6 + ["place_code,date", ""]))]
    for i in range(draw(st.integers(0, 8))):
        if draw(st.booleans()):
            row = [str(7000 + draw(st.integers(0, 3))), f"2031-0{draw(st.integers(1, 9))}-1{draw(st.integers(0, 9))}",
                   "10:00", "13:00", "айыл өкмөтү"]
        else:
            row = [draw(csv_cell) for _ in range(draw(st.sampled_from([5, 5, 5, 4, 6])))]
        lines.append(",".join(_quote(cell) for cell in row))
    return "\n".join(lines) + "\n"


def _quote(cell: str) -> str:
    if any(c in cell for c in ',"\n\r'):
        return '"' + cell.replace('"', '""') + '"'
    return cell


def _counts(db):
    from hotline.schedule.models import Place, Visit

    db.session.rollback()
    return (db.session.scalar(select(func.count()).select_from(Place)),
            db.session.scalar(select(func.count()).select_from(Visit)),
            db.session.scalar(select(func.max(Place.updated_at))),
            db.session.scalar(select(func.max(Visit.updated_at))))


def _import(db, tmp_path, text: str, which: str):
    """What `hotline places|schedule import FILE` does: all or nothing, errors name lines."""
    from hotline.schedule import importer

    path = tmp_path / f"{which}-{uuid.uuid4().hex}.csv"
    path.write_bytes(text.encode("utf-8", "surrogatepass"))
    before = _counts(db)
    try:
        if which == "places":
            importer.import_places(importer.read_rows(path, importer.PLACE_COLUMNS))
        else:
            importer.import_schedule(importer.read_rows(path, importer.VISIT_COLUMNS))
        db.session.commit()
    except importer.ImportFailed as failed:
        db.session.rollback()
        assert failed.errors and all(e.startswith(("line ", str(path))) for e in failed.errors), failed.errors
        assert _counts(db) == before, "a refused import wrote something"
        return False
    _assert_every_row_written(db, text, which)
    return True


def _file_rows(text: str) -> list[dict]:
    """The data rows as the file has them, read here with the csv module alone."""
    import csv
    import io

    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff"), newline=""))
    return [{k.strip(): v.strip() for k, v in row.items()} for row in reader]


def _assert_every_row_written(db, text: str, which: str) -> None:
    """An accepted import holds every row of its file, as the file says it (the last of two
    rows for the same place, or the same place and day, wins)."""
    from hotline.core.clock import to_local
    from hotline.schedule.models import Place, Visit

    db.session.rollback()
    places = {p.code: p for p in db.session.scalars(select(Place))}
    if which == "places":
        for row in _file_rows(text):
            place = places.get(row["code"])
            assert place is not None, f"place {row['code']} accepted but not written"
            assert (place.name_ky, place.name_ru, place.name_latin, place.oblast, place.district) == (
                row["name_ky"], row["name_ru"], row["name_latin"], row["oblast"], row["district"])
        return
    visits = {(v.place_id, to_local(v.starts_at).date().isoformat()): v for v in db.session.scalars(select(Visit))}
    for row in _file_rows(text):
        visit = visits.get((places[row["place_code"]].id, row["date"]))
        assert visit is not None, f"visit {row['place_code']} {row['date']} accepted but not written"
        assert (to_local(visit.starts_at).strftime("%H:%M"), to_local(visit.ends_at).strftime("%H:%M"),
                visit.meeting_point) == (row["start"], row["end"], row["meeting_point"])


@FUZZ
@given(text=place_files())
def test_place_imports_are_all_or_nothing(db, tmp_path, text):
    _import(db, tmp_path, text, "places")


@FUZZ
@given(places=place_files(), visits=visit_files())
def test_schedule_imports_are_all_or_nothing(db, tmp_path, places, visits):
    _import(db, tmp_path, places, "places")
    _import(db, tmp_path, visits, "schedule")


@pytest.mark.parametrize("row", ["7001," + "x" * 130 + ",Село,Ayil,,osh,Alai,,",
                                 "7002,a\x00b,Село,Ayil,,osh,Alai,,",
                                 "7003,a,Село,Ayil,,osh," + "d" * 70 + ",,"])
def test_an_overlong_or_nul_cell_is_refused_with_its_line(db, tmp_path, row):
    assert _import(db, tmp_path, PLACE_HEADER + "\n" + row + "\n", "places") is False
