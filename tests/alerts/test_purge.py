"""What is left after purge (issue 14): no table ties the person's phone to the urgent signal.

Every table and text column of the schema is classified below, from the models' metadata: a
new table or column fails the first test until someone says whether it can hold a phone or a
message's words (and, if it can, makes the purge clear it)."""
from __future__ import annotations

import pytest
from sqlalchemy import JSON, String, select

from tests.alerts.conftest import OSH_WORKER, RESIDENT, alerts
from tests.test_config_health_cli import hotline

HOLDS = "can hold a phone or the words of a message"
CODE = "a code, a name or a hash: never a resident's phone or words"
# table -> {text column: HOLDS or CODE}; {} for a table with no text column.
TEXT_COLUMNS = {
    "admin_login_failures": {"key": CODE},  # sha256 of phone|ip
    "admin_sessions": {"token_hash": CODE, "password_stamp": CODE},  # hashes of a staff login
    "alert_events": {"kind": CODE, "detail": HOLDS},
    "alert_refusals": {},
    "alerts": {"phone": HOLDS, "channel": CODE, "status": CODE, "outcome": HOLDS, "recording_url": HOLDS},
    "bus_queries": {},
    "bus_subscriptions": {},
    "data_versions": {"name": CODE},  # places, schedule, live
    "callback_requests": {"phone": HOLDS, "open_key": HOLDS, "language": CODE, "channel": CODE,
                          "status": CODE, "topic": CODE, "safe_time": CODE, "place_text": HOLDS,
                          "oblast": CODE, "district": CODE, "recording_url": HOLDS},
    "dialog_sessions": {"key": HOLDS, "awaiting": CODE, "state": HOLDS},
    "inbound_messages": {"sid": CODE, "from_phone": HOLDS, "to_phone": HOLDS, "body": HOLDS,
                         "handled_as": CODE},
    "live_events": {"kind": CODE, "phone": HOLDS, "notice_state": CODE},  # a crew phone
    "outbound_messages": {"kind": CODE, "to_phone": HOLDS, "from_phone": HOLDS, "body": HOLDS,
                          "call_url": HOLDS, "queue": CODE, "purpose": CODE, "dedupe_key": HOLDS,
                          "status": CODE, "provider_sid": CODE, "error_code": CODE},
    "places": {"code": CODE, "name_ky": CODE, "name_ru": CODE, "name_latin": CODE, "aliases": CODE,
               "oblast": CODE, "district": CODE},
    "residents": {"phone": HOLDS, "language": CODE},
    # Voice prompts: a text's key, a place's or meeting point's name, and the prompt's own words.
    "prompt_recordings": {"lang": CODE, "kind": CODE, "key": CODE, "text": CODE, "source": CODE,
                          "content_type": CODE},
    "shifts": {},
    # Edits of the resident texts: templates a coordinator or translator wrote, not anyone's message.
    "text_edits": {"key": CODE, "lang": CODE, "body": CODE, "source": CODE, "token": CODE, "text_hash": CODE},
    "staff": {"name": CODE, "phone": HOLDS, "role": CODE, "oblast": CODE, "district": CODE,
              "password_hash": CODE, "language": CODE},
    "visits": {"meeting_point": CODE, "status": CODE},
    "webhook_receipts": {"key": HOLDS, "response": HOLDS},
}
SIGNAL = "SOS he is back near the old mill"
OUTCOME = "safe at her sister's in Kara-Suu"


def text_columns():
    from hotline.models import metadata

    return {table.name: {c.name for c in table.columns if isinstance(c.type, (String, JSON))}
            for table in metadata.sorted_tables}


def test_every_table_and_text_column_is_classified():
    assert text_columns() == {table: set(columns) for table, columns in TEXT_COLUMNS.items()}


def traces(db, *needles: str) -> list[str]:
    """`table.column #id` for every value, in every table and text column, holding a needle."""
    from hotline.models import metadata

    db.session.rollback()
    found = []
    for table in metadata.sorted_tables:
        names = text_columns()[table.name]
        for row in db.session.execute(select(table)).mappings():
            found += [f"{table.name}.{name} #{row.get('id')}" for name in names
                      if any(n in str(row[name] or "") for n in needles)]
    return found


SMS_SID = "SM" + "5" * 32
CALL_SID = "CA" + "6" * 32  # Twilio's own logs tie these to the phone: none may stay either


def raise_take_and_close(twilio, call, db):
    twilio.sms(RESIDENT, SIGNAL, sid=SMS_SID)
    alert = alerts(db)[0]
    c = call(RESIDENT)  # the same person calls and presses 9: a call session tied to the alert
    c.params["CallSid"] = CALL_SID
    c.start()
    c.press("2")
    c.press("9")
    assert RESIDENT in twilio.sms(OSH_WORKER, f"ACK {alert.id}").text  # the reply with the number
    twilio.sms(OSH_WORKER, f"DONE {alert.id} {OUTCOME}")
    return alerts(db)[0]


def purge_by_cli():
    result = hotline("alerts", "purge", "--older-than", "0")
    assert result.returncode == 0, result.stderr
    assert "purged 1 closed alert(s)" in result.stdout


def purge_by_beat_job(settings):
    from hotline import retention

    settings(retention_days=0)
    assert retention.purge()["alerts"] == 1


@pytest.mark.parametrize("way", ["cli", "beat"])
def test_a_purged_alert_leaves_nothing_that_ties_the_phone_to_it(twilio, call, db, roster, settings, way):
    from hotline.messaging.models import OutboundMessage
    from hotline.residents.models import Resident

    alert = raise_take_and_close(twilio, call, db)
    needle = RESIDENT[-9:]  # the number in any form: +996..., 0..., 996...
    before = traces(db, needle, SMS_SID, CALL_SID)
    assert {t.split(" #")[0] for t in before} >= {  # the test sees the traces it is about
        "alerts.phone", "inbound_messages.from_phone", "outbound_messages.to_phone", "outbound_messages.body",
        "webhook_receipts.key", "webhook_receipts.response", "dialog_sessions.key", "residents.phone"}
    sent = db.session.query(OutboundMessage).count()
    purge_by_cli() if way == "cli" else purge_by_beat_job(settings)
    assert traces(db, needle, SMS_SID, CALL_SID, "old mill", "sister") == []
    # The anonymous figures stay: the alert, when, where, how fast it was taken; the SMS costs.
    [after] = alerts(db)
    assert (after.id, after.status, after.created_at, after.taken_at, after.tier, after.place_id) == \
        (alert.id, "closed", alert.created_at, alert.taken_at, alert.tier, alert.place_id)
    assert db.session.query(OutboundMessage).count() == sent
    assert db.session.query(Resident).count() == 0


@pytest.mark.parametrize("keeps", ["callback", "subscription"])
def test_a_person_with_a_live_request_keeps_their_row_but_not_the_signal(twilio, call, db, roster, keeps):
    from hotline.callbacks.models import CallbackRequest
    from hotline.messaging.models import InboundMessage
    from hotline.residents.models import Resident
    from hotline.schedule.models import Place, Subscription

    alert = raise_take_and_close(twilio, call, db)
    if keeps == "callback":
        db.session.add(CallbackRequest(phone=RESIDENT, open_key=RESIDENT, channel="sms", status="new"))
    else:
        place = Place(code="1401", name_ky="Гүлчө", name_ru="Гульча", name_latin="Gulcha", oblast="Osh",
                      district="Alai")
        db.session.add(place)
        db.session.flush()
        resident = db.session.scalars(select(Resident)).one()
        db.session.add(Subscription(resident_id=resident.id, place_id=place.id))
    db.session.commit()
    purge_by_cli()
    db.session.rollback()
    assert [r.phone for r in db.session.scalars(select(Resident))] == [RESIDENT]
    assert db.session.scalars(select(InboundMessage).where(InboundMessage.from_phone == RESIDENT)).all() == []
    assert alerts(db)[0].phone == "" and alert.id == alerts(db)[0].id
    assert traces(db, "old mill", "sister") == []


@pytest.mark.parametrize("days", ["-1", "1.5", "x", ""])
def test_older_than_takes_a_whole_number_of_days(twilio, db, roster, days):
    twilio.sms(RESIDENT, "SOS")
    alert = alerts(db)[0]
    twilio.sms(OSH_WORKER, f"DONE {alert.id} ok")
    result = hotline("alerts", "purge", "--older-than", days)
    assert result.returncode == 1 and "older-than" in result.stderr
    assert alerts(db)[0].phone == RESIDENT  # nothing purged
