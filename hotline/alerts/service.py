"""Raising, taking, passing and closing alerts: plain functions taking `now`.

Nothing here commits: a webhook's receipt layer commits once, a task commits
after calling in. SMS go through the outbox (urgent queue), published after commit.
"""
from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import or_, select

from hotline.core.clock import fmt_time
from hotline.core.optional import import_optional
from hotline.extensions import db
from hotline.messaging import outbox
from hotline.staff.models import Staff
from hotline.alerts import escalation, guard, purge, roster
from hotline.alerts.escalation import staff_text
from hotline.alerts.models import Alert
from ivr_flows import texts

SAME_SIGNAL_WINDOW = timedelta(minutes=30)
# A voice alert waits for the live call before its SMS go out; this long at most
# (20 s of ringing, the screen, and margin), in case the after-dial step never comes.
DIAL_HOLD = timedelta(seconds=60)


def find_active(phone: str, now: datetime) -> Alert | None:
    """An alert a new signal from this phone belongs to: any open one, or one taken lately."""
    return db.session.scalar(
        select(Alert).where(
            Alert.phone == phone,
            or_(Alert.status == "open",
                (Alert.status == "taken") & (Alert.last_signal_at >= now - SAME_SIGNAL_WINDOW)),
        ).order_by(Alert.id.desc()).limit(1)
    )


def raise_signal(phone: str, resident, channel: str, now: datetime, notify: bool = True) -> tuple[Alert, bool]:
    """Store the signal (a new alert or an event on the open one); (alert, created)."""
    alert = find_active(phone, now)
    if alert is not None:
        _add_signal(alert, channel, now, notify)
        return alert, False
    alert = Alert(phone=phone, resident_id=getattr(resident, "id", None),
                  place_id=getattr(resident, "place_id", None), channel=channel, status="open",
                  tier=0, step=0, signals=1, last_signal_at=now, created_at=now)
    db.session.add(alert)
    alert.log("created", detail=channel)
    db.session.flush()  # the id is in the SMS text
    _link_callback(phone, alert.id)
    if notify:
        escalation.notify_round(alert, now)
    else:
        alert.log("dialing", detail="live call to on-duty workers")
        alert.next_escalation_at = now + DIAL_HOLD
    return alert, True


def _link_callback(phone: str, alert_id: int) -> None:
    """A callback the person asked for before now goes first and sends them no SMS."""
    callbacks = import_optional("hotline.callbacks.service")
    if callbacks is not None:
        callbacks.link_alert(phone, alert_id)


def _add_signal(alert: Alert, channel: str, now: datetime, notify: bool) -> None:
    alert.signals += 1
    alert.last_signal_at = now
    alert.log("signal", detail=channel)
    if alert.status == "taken" and alert.taken_by_id:
        taker = db.session.get(Staff, alert.taken_by_id)
        if taker is not None:
            text = staff_text(taker, "alerts.staff_new_signal", code=alert.code, time=fmt_time(now),
                              via=_channel_name(channel, taker.language))
            outbox.queue_sms(taker.phone, text, queue="urgent", purpose="staff", ref_id=alert.id,
                             dedupe_key=f"alert:{alert.id}:signal:{alert.signals}")
    elif alert.status == "open" and alert.step == 0 and notify:
        escalation.notify_round(alert, now)  # a voice alert still dialing: send now


def _channel_name(channel: str, lang: str | None) -> str:
    key = f"alerts.staff_channel.{channel}"
    return texts.render(key, lang or "ru") if key in texts.load_all() else channel


def start_notifying(alert: Alert, now: datetime) -> None:
    """The live call found no one: the SMS go out now, unless they already did."""
    if alert.status == "open" and alert.step == 0:
        escalation.notify_round(alert, now)


def get(alert_id: int) -> Alert | None:
    return db.session.get(Alert, alert_id)


def staff_name(staff_id: int | None) -> str:
    member = db.session.get(Staff, staff_id) if staff_id else None
    return member.name if member else "?"


def taker_text(alert: Alert, member: Staff) -> str:
    """The only message with the full phone number: to the worker who took the alert."""
    place = escalation.place_label(roster.place_info(alert.place_id), member.language)
    return staff_text(member, "alerts.staff_taker", code=alert.code, id=alert.id, phone=alert.phone,
                      place=place)


def _taken_by(alert: Alert, member: Staff, say=staff_text) -> str:
    """Told to anyone but the taker: who has it, never the number."""
    return say(member, "alerts.staff_already_taken", code=alert.code,
                      name=staff_name(alert.taken_by_id))


def _number_given(alert: Alert) -> bool:
    """Whether the taker got the number since the alert was last taken."""
    for event in reversed(alert.events):
        if event.kind == "number_sent":
            return True
        if event.kind == "acknowledged":
            return False
    return False


def give_number(alert: Alert, member: Staff) -> str | None:
    """The taker's text with the full number, once per taking (None the second time)."""
    if alert.taken_by_id != member.id or _number_given(alert):
        return None
    alert.log("number_sent", member.id)
    return taker_text(alert, member)


def take(alert: Alert, member: Staff, now: datetime, number_by_sms: bool = False, say=staff_text) -> str:
    """ACK: the first one takes it; escalation stops; the others are told who. The number
    goes to the taker once: in this answer, or by SMS when they are not reading it.
    `say(member, key, **values)` words the answer (take, pass_on, close): by default the
    staff SMS text in the member's language; the admin gives its own, in the page's."""
    if alert.status == "closed":
        return say(member, "alerts.staff_already_closed", code=alert.code)
    if alert.status == "taken":
        if alert.taken_by_id == member.id:
            return say(member, "alerts.staff_yours", code=alert.code, id=alert.id)
        return _taken_by(alert, member, say)
    _take_over(alert, member, now)
    if number_by_sms:
        tell_taker(alert, member)
        return say(member, "alerts.staff_yours", code=alert.code, id=alert.id)
    return give_number(alert, member)


def _take_over(alert: Alert, member: Staff, now: datetime) -> None:
    alert.status, alert.taken_by_id, alert.taken_at = "taken", member.id, now
    alert.next_escalation_at = None
    seconds = int((now - alert.created_at).total_seconds())
    alert.log("acknowledged", member.id, f"after {seconds}s")
    for other_id in alert.staff_notified():
        other = db.session.get(Staff, other_id)
        if other is None or other.id == member.id:
            continue
        notice = staff_text(other, "alerts.staff_taken", code=alert.code, name=member.name)
        outbox.queue_sms(other.phone, notice, queue="urgent", purpose="staff", ref_id=alert.id,
                         dedupe_key=f"alert:{alert.id}:taken:{alert.step}:{other.id}")


def take_by_phone_call(alert: Alert, member: Staff, now: datetime) -> bool:
    """ACK given by pressing 1 on a call (only someone on its roster): the number follows by SMS."""
    if alert.status == "open" and guard.on_roster(alert, member, now):
        take(alert, member, now, number_by_sms=True)
    return alert.taken_by_id == member.id


def tell_taker(alert: Alert, member: Staff) -> None:
    """The resident's number by SMS to a taker who is not looking at a screen (once per taking)."""
    text = give_number(alert, member)
    if text is not None:
        outbox.queue_sms(member.phone, text, queue="urgent", purpose="staff", ref_id=alert.id,
                         dedupe_key=f"alert:{alert.id}:taker:{alert.step}:{member.id}")


def pass_on(alert: Alert, member: Staff, now: datetime, say=staff_text) -> str:
    """PASS: the taker hands it back (a round at once); a notified worker who cannot take it
    says so once, and a higher tier is told at once if there is one (else it waits its turn)."""
    if alert.status == "closed":
        return say(member, "alerts.staff_already_closed", code=alert.code)
    if alert.status == "taken" and alert.taken_by_id != member.id:
        return _taken_by(alert, member, say)
    held = alert.status == "taken"
    if not held and member.id in {e.staff_id for e in alert.events if e.kind == "passed"}:
        return say(member, "alerts.staff_passed", code=alert.code)  # once per person
    alert.log("passed", member.id)
    alert.status, alert.taken_by_id, alert.taken_at = "open", None, None
    if held or _higher_tier_waits(alert, now):
        escalation.notify_round(alert, now)
    return say(member, "alerts.staff_passed", code=alert.code)


def _higher_tier_waits(alert: Alert, now: datetime) -> bool:
    by_tier = roster.tiers(roster.place_info(alert.place_id), now)
    return any(people for number, people in by_tier.items() if number > alert.tier)


def close(alert: Alert, member: Staff, outcome: str, now: datetime, say=staff_text) -> str:
    """DONE: the taker (or a coordinator) closes it with an outcome."""
    if alert.status == "closed":
        return say(member, "alerts.staff_already_closed", code=alert.code)
    if alert.status == "taken" and alert.taken_by_id != member.id and member.role != "coordinator":
        return _taken_by(alert, member, say)
    if alert.status == "open":
        _take_over(alert, member, now)
    alert.status, alert.closed_at, alert.next_escalation_at = "closed", now, None
    alert.outcome = outcome.strip()[:500] or None
    alert.log("closed", member.id, outcome.strip()[:150])
    return say(member, "alerts.staff_closed", code=alert.code)


def add_recording(alert: Alert, url: str, seconds: str | None) -> None:
    alert.recording_url = url[:500]
    alert.log("recording", detail=f"{seconds or '?'}s")


def time_to_ack(alert: Alert) -> timedelta | None:
    return alert.taken_at - alert.created_at if alert.taken_at else None


def public_base() -> str:
    """Where Twilio reaches us: HOTLINE_PUBLIC_URL, else this request's host."""
    from flask import current_app, has_request_context, request

    public = current_app.config["SETTINGS"].public_url
    if public:
        return public
    if has_request_context():
        return request.host_url.rstrip("/")
    return "http://127.0.0.1:8000"  # `hotline run`'s default address


def on_message_failed(message) -> None:
    """An alert SMS did not reach a worker: phone them instead (press 1 = ACK)."""
    from hotline.staff.service import by_phone

    if message.purpose != "alert" or not message.ref_id:
        return
    alert = get(message.ref_id)
    if alert is None:
        return
    member = by_phone(message.to_phone)
    staff_id = member.id if member else None
    if message.kind == "call":
        alert.log("call_failed", staff_id, f"code {message.error_code or message.status}")
    else:
        alert.log("sms_failed", staff_id, f"code {message.error_code or message.status}")
        if alert.status == "open":
            call = outbox.queue_call(message.to_phone, url=f"{public_base()}/alerts/call?alert={alert.id}",
                                     queue="urgent", purpose="alert", ref_id=alert.id,
                                     dedupe_key=f"alert:{alert.id}:call:{message.id}")
            if call is not None:
                alert.log("notified", staff_id, "call after failed sms")
    # The sender calls this after its own commit; the status webhook commits again (no-op).
    outbox.commit()


def on_message_delivered(message) -> None:
    if message.purpose != "alert" or not message.ref_id:
        return
    alert = get(message.ref_id)
    if alert is not None:
        from hotline.staff.service import by_phone

        member = by_phone(message.to_phone)
        alert.log("delivered", member.id if member else None, message.kind)


def purge_closed(before: datetime) -> int:
    """Closed before `before`: every trace of the person goes, the figures stay (purge.py)."""
    return purge.purge_closed(before)
