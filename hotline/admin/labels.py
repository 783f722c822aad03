"""What the admin shows of stored values, through the catalog: enum values, alert timeline
events and their details, durations and amounts.

The domains store plain English codes (`taken`, `family`, `tier 1 -> 2`); they are
translated here, where they are shown, so the stored data and the SMS texts stay as
they are. A value with no label is shown as stored (the browser test catches it).
"""
from __future__ import annotations

import re
from datetime import datetime

from hotline.admin.i18n import NP_, N_, ntranslate, number, ptranslate
from hotline.admin.i18n import translate as _
from hotline.core import clock

# msgctxt -> the values it labels. Contexts keep "closed" (an alert, feminine in Russian)
# apart from "done" (a callback) and from words used elsewhere.
ENUMS = {
    context: {value: (context, value) for _ctx, value in pairs}
    for context, pairs in {
        "alert status": (NP_("alert status", "open"), NP_("alert status", "taken"),
                         NP_("alert status", "closed")),
        "callback status": (NP_("callback status", "new"), NP_("callback status", "assigned"),
                            NP_("callback status", "done"), NP_("callback status", "unreachable"),
                            NP_("callback status", "withdrawn")),
        "visit status": (NP_("visit status", "planned"), NP_("visit status", "delayed"),
                         NP_("visit status", "moved"), NP_("visit status", "cancelled"),
                         NP_("visit status", "unplanned")),
        "message status": (NP_("message status", "queued"), NP_("message status", "sending"),
                           NP_("message status", "sent"), NP_("message status", "delivered"),
                           NP_("message status", "undelivered"), NP_("message status", "failed"),
                           NP_("message status", "canceled"), NP_("message status", "received")),
        "message kind": (NP_("message kind", "sms"), NP_("message kind", "call"),
                         NP_("message kind", "reply")),
        "purpose": (NP_("purpose", "reply"), NP_("purpose", "alert"), NP_("purpose", "alert_reply"),
                    NP_("purpose", "staff"), NP_("purpose", "callback"), NP_("purpose", "reminder"),
                    NP_("purpose", "visit_change"), NP_("purpose", "visit_planned"),
                    NP_("purpose", "live")),
        "topic": (NP_("topic", "family"), NP_("topic", "property"), NP_("topic", "documents"),
                  NP_("topic", "work"), NP_("topic", "other")),
        "safe time": (NP_("safe time", "morning"), NP_("safe time", "afternoon"),
                      NP_("safe time", "evening"), NP_("safe time", "any")),
        "oblast": (NP_("oblast", "osh"), NP_("oblast", "naryn")),
        "role": (NP_("role", "coordinator"), NP_("role", "social_worker"), NP_("role", "lawyer")),
        "channel": (NP_("channel", "sms"), NP_("channel", "voice")),
        "event": (NP_("event", "created"), NP_("event", "signal"), NP_("event", "dialing"),
                  NP_("event", "dial_ended"), NP_("event", "notified"), NP_("event", "escalated"),
                  NP_("event", "nobody"), NP_("event", "acknowledged"), NP_("event", "passed"),
                  NP_("event", "closed"), NP_("event", "recording"), NP_("event", "call_failed"),
                  NP_("event", "sms_failed"), NP_("event", "delivered"), NP_("event", "admin"),
                  NP_("event", "refused"), NP_("event", "number_sent")),
        "call status": (NP_("call status", "completed"), NP_("call status", "busy"),
                        NP_("call status", "no-answer"), NP_("call status", "failed"),
                        NP_("call status", "canceled"), NP_("call status", "unknown")),
        # hotline.prompts.generate.CATEGORIES: what a recording is of
        "prompt category": (NP_("prompt category", "prompt"), NP_("prompt category", "piece"),
                            NP_("prompt category", "place"), NP_("prompt category", "point")),
        "admin action": (NP_("admin action", "ack"), NP_("admin action", "pass"),
                         NP_("admin action", "close")),
    }.items()
}


def label(value: str | None, context: str) -> str:
    """The value's label in the page's language; '-' for none; unknown values as stored."""
    if not value:
        return "-"
    if value not in ENUMS[context]:
        return value
    return ptranslate(context, value)


def duration(seconds: int) -> str:
    """13 s, 4 min, 3 h 05 min, 2 days: plural forms from the catalog."""
    seconds = max(0, int(seconds))
    if seconds < 60:
        return ntranslate("{n} s", "{n} s", seconds)
    minutes = seconds // 60
    if minutes < 60:
        return ntranslate("{n} min", "{n} min", minutes)
    if minutes < 48 * 60:
        return _("{hours} h {minutes} min", hours=minutes // 60, minutes=str(minutes % 60).zfill(2))
    return ntranslate("{n} day", "{n} days", minutes // 1440)


def age(moment: datetime | None) -> str:
    """How long ago, for the "Time passed" columns."""
    if moment is None:
        return "-"
    return duration(int((clock.now_utc() - moment).total_seconds()))


def amount_som(value: float) -> str:
    return _("{amount} som", amount=number(value, 2))


# The alert timeline's details, as hotline.alerts writes them -> how they read.
DETAILS = (
    (re.compile(r"round (\d+): no staff to notify"), lambda m: _("round {round}: nobody to notify", round=m[1])),
    (re.compile(r"tier (\d+) -> (\d+)"), lambda m: _("tier {old} → {new}", old=m[1], new=m[2])),
    (re.compile(r"sms tier (\d+) round (\d+) reminder"),
     lambda m: _("SMS, tier {tier}, round {round}, reminder", tier=m[1], round=m[2])),
    (re.compile(r"sms tier (\d+) round (\d+)"), lambda m: _("SMS, tier {tier}, round {round}", tier=m[1], round=m[2])),
    (re.compile(r"call after failed sms"), lambda m: _("a call after a failed SMS")),
    (re.compile(r"live call to on-duty workers"), lambda m: _("a live call to the workers on duty")),
    (re.compile(r"after (\d+)s"), lambda m: _("after {time}", time=duration(int(m[1])))),
    (re.compile(r"(\d+)s"), lambda m: duration(int(m[1]))),
    (re.compile(r"\?s"), lambda m: _("length unknown")),
    (re.compile(r"code (\d+)"), lambda m: _("error code {code}", code=m[1])),
    (re.compile(r"code ([a-z_-]+)"), lambda m: label(m[1], "message status")),
    (re.compile(r"([A-Z]+): not on its roster; slowed"),
     lambda m: _("{command} from someone not on its roster; the phone is slowed", command=m[1])),
    (re.compile(r"([A-Z]+): not on its roster"), lambda m: _("{command} from someone not on its roster", command=m[1])),
    (re.compile(r"(ack|pass|close) by (.+) for (.+)"),
     lambda m: _("{action}: by {by} for {member}", action=label(m[1], "admin action"), by=m[2], member=m[3])),
)
# Events whose detail is one enum value.
DETAIL_ENUMS = {"created": "channel", "signal": "channel", "delivered": "message kind",
                "dial_ended": "call status"}


def event_detail(kind: str, detail: str | None) -> str:
    """A timeline detail in the page's language; a closing outcome (staff's own words) as written."""
    detail = detail or ""
    if kind == "closed" or not detail:
        return detail
    if kind in DETAIL_ENUMS:
        return label(detail, DETAIL_ENUMS[kind])
    for pattern, show in DETAILS:
        found = pattern.fullmatch(detail)
        if found:
            return show(found)
    return detail


# Shown elsewhere through _(variable): marked here so that extraction finds them.
MARKED = (N_("coordinator"), N_("social_worker"), N_("lawyer"))


# Messages of other domains the admin shows as they come (the schedule importer, the staff
# service, the callback queue): written in English for the CLI, read here in the page's
# language. A message that matches none is shown as it is (the browser test walks them).
def _line(m):
    return _("line {line}: {problem}", line=m[1], problem=message(m[2]))


# Fixed messages -> their msgid here.
FIXED_MESSAGES = {
    "not UTF-8 text (save the file as CSV UTF-8)": N_("not UTF-8 text (save the file as CSV UTF-8)"),
    "end must be after start": N_("The end must be after the start."),
    "name is empty": N_("The name is empty."),
    "a staff member with this phone already exists": N_("A staff member with this phone number already exists."),
    "password must have at least 8 characters": N_("The password must have at least 8 characters."),
    "no active staff member has this phone": N_("No active staff member has this phone number."),
    "the shift must end after it starts": N_("The shift must end after it starts."),
    "only an active lawyer can take a callback": N_("Only an active lawyer can take a callback."),
}
MESSAGES = (
    (re.compile(r"line (\d+): (.+)"), _line),
    (re.compile(r"schedule: (\d+) visits added, (\d+) updated(.*)"),
     lambda m: _("Schedule: {added}, {updated}",
                 added=ntranslate("{n} visit added", "{n} visits added", int(m[1])),
                 updated=ntranslate("{n} updated", "{n} updated", int(m[2]))) + _summary_tail(m[3])),
    (re.compile(r"the header must be (.+)"), lambda m: _("the header must be {columns}", columns=m[1])),
    (re.compile(r"expected (\d+) columns"),
     lambda m: ntranslate("expected {n} column", "expected {n} columns", int(m[1]))),
    (re.compile(r"no place with code (.+) \(import places first\)"),
     lambda m: _("no place with code {code} (import places first)", code=m[1])),
    (re.compile(r"date must be YYYY-MM-DD, got (.+)"),
     lambda m: _("the date must look like 2026-12-31, not {value}", value=m[1])),
    (re.compile(r"start and end must be HH:MM, got (.+)"),
     lambda m: _("start and end must look like 09:30, not {value}", value=m[1])),
    (re.compile(r"(\S+) on (\S+) already on line (\d+)"),
     lambda m: _("{code} on {date} is already on line {line}", code=m[1], date=m[2], line=m[3])),
    (re.compile(r"meeting_point is required \(at most (\d+) characters\)"),
     lambda m: ntranslate("the meeting point is required (at most {n} character)",
                          "the meeting point is required (at most {n} characters)", int(m[1]))),
    (re.compile(r"(\w+) contains a NUL character"), lambda m: _("{column} contains a NUL character", column=m[1])),
    (re.compile(r"(\w+) is longer than (\d+) characters"),
     lambda m: ntranslate("{column} is longer than {n} character", "{column} is longer than {n} characters",
                          int(m[2]), column=m[1])),
    (re.compile(r"role must be one of .+"), lambda m: _("Choose a role.")),
    (re.compile(r"oblast must be one of .+"), lambda m: _("Choose an oblast.")),
    (re.compile(r"(\S+) is closed"), lambda m: _("{reference} is closed.", reference=m[1])),
    # hotline.core.phones (the number comes masked: +996***56)
    (re.compile(r"not a valid phone number: (.+)"), lambda m: _("Not a valid phone number: {number}", number=m[1])),
    (re.compile(r"not a phone number: (.+)"), lambda m: _("Not a phone number: {number}", number=m[1])),
)


def _summary_tail(tail: str) -> str:
    parts = []
    for count, what in re.findall(r"; (\d+) (changed in time or meeting point|kept)", tail):
        if what == "kept":
            parts.append(ntranslate("{n} kept: changed in the admin page", "{n} kept: changed in the admin page",
                                    int(count)))
        else:
            parts.append(ntranslate("{n} changed in time or meeting point: subscribers will be told",
                                    "{n} changed in time or meeting point: subscribers will be told", int(count)))
    return "".join("; " + part for part in parts)


def message(text: str) -> str:
    """A domain's English message in the page's language, or as it is when unknown."""
    if text in FIXED_MESSAGES:
        return _(FIXED_MESSAGES[text])
    for pattern, show in MESSAGES:
        found = pattern.fullmatch(text)
        if found:
            return show(found)
    return text


def problem(found) -> str:
    """A resident text's check problem (hotline.texts.checks.Problem) in the page's language."""
    if found.plural is not None:
        values = {name: value for name, value in found.values.items() if name != "n"}
        return ntranslate(found.message, found.plural, found.values["n"], **values)
    return _(found.message, **found.values)


def form_errors(form) -> list[str]:
    """'Field label: message' lines of a form that did not validate, in the page's language
    (WTForms' messages come translated: hotline/admin/forms.py gives it the catalog)."""
    return [_(getattr(form, name).label.text) + ": " + ", ".join(errors) for name, errors in form.errors.items()]
