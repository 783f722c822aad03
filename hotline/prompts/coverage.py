"""What a caller hears in each language, and how: a human's voice, the machine's, or nothing
(then the prompt is said in Russian). Read by `hotline prompts` and the admin prompts page.

The share of a typical call in a human voice weighs each piece by how long it plays in
the call most callers make (language, main menu, the bus answer, SMS, goodbye), so the
language menu counts for more than a rarely heard prompt.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from sqlalchemy import func, select

from hotline.extensions import db
from hotline.prompts import store
from hotline.prompts.generate import CATEGORIES, Wanted, wanted, wanted_texts
from ivr_flows.engine import Prompt
from ivr_flows.voice import compose

GUESSED_MS = 1200  # the length of a piece not recorded at all, for the share


@dataclass(frozen=True)
class Row:
    wanted: Wanted
    status: str  # human, machine or missing
    recording_id: int | None
    ext: str | None
    outdated: bool  # a human recording of words that have changed since


def rows(lang: str) -> list[Row]:
    found = store.everything()
    result = []
    for item in wanted(lang):
        recording = found.get((lang, item.kind, item.key))
        status = recording.source if recording else "missing"
        result.append(Row(item, status, recording.id if recording else None, recording.ext if recording else None,
                          bool(recording) and recording.source == "human" and recording.text != item.text))
    return result


def counts(all_rows: list[Row]) -> dict[str, Counter]:
    table = {category: Counter() for category in CATEGORIES}
    for row in all_rows:
        table[row.wanted.category][row.status] += 1
    return table


def typical_call(lang: str) -> list:
    """The pieces of a bus question answered: language, main menu, code, answer, SMS, goodbye."""
    from hotline.core.clock import fmt_date, now_utc
    from hotline.schedule.models import Place, Visit
    from hotline.schedule.service import in_script, place_name

    from datetime import timedelta

    place = db.session.scalars(select(Place).order_by(Place.id).limit(1)).first()
    point = db.session.scalar(select(Visit.meeting_point).where(Visit.meeting_point != "")
                              .group_by(Visit.meeting_point).order_by(func.count().desc()).limit(1))
    answer = Prompt("bus.next", {
        "place": place_name(place, lang) if place else "-", "date": fmt_date(now_utc() + timedelta(days=3)),
        "start": "09:30", "end": "12:00", "point": in_script(point or "-", lang)})
    prompts = [Prompt("voice.choose_language"), Prompt("voice.main_menu"), Prompt("bus.enter_code"),
               answer, Prompt("bus.after"), Prompt("bus.sms_sent"), Prompt("bus.after"),
               Prompt("voice.goodbye")]
    return [piece for prompt in prompts for piece in compose(prompt, lang) or ()]


def human_share(lang: str) -> float:
    found = store.everything()
    machine = {key: store.machine_made(*key) for key in found}
    total = human = 0
    for piece in typical_call(lang):
        where = (lang, piece.kind, piece.key)
        recording = found.get(where)
        length = (machine.get(where) or recording).duration_ms if recording else GUESSED_MS
        total += length
        human += length if recording and recording.source == "human" else 0
    return human / total if total else 0.0


def next_to_record(lang: str, limit: int = 10) -> list[Row]:
    """Missing a human voice, most heard first: the typical call in order, then numbers and
    the other value words, the other prompts, places, meeting points."""
    pending = [row for row in rows(lang) if row.status != "human" or row.outdated]
    heard = {(piece.kind, piece.key): n for n, piece in enumerate(typical_call(lang))}

    def rank(row: Row) -> tuple:
        where = (row.wanted.kind, row.wanted.key)
        numbers = row.wanted.key.startswith("voice.piece.num.")
        order = {"piece": 1, "prompt": 2, "place": 3, "point": 4}[row.wanted.category]
        return (0, heard[where]) if where in heard else ((1, 0) if numbers else (order + 1, 0))

    return sorted(pending, key=rank)[:limit]


def outdated(key: str, lang: str) -> bool:
    """Whether a recording of this text (or of one of its phrases) says other words than it
    does now: a coordinator edited it since (the texts page marks it)."""
    found = store.everything()
    for item in wanted_texts(lang):
        if item.key == key or item.key.startswith(f"{key}#"):
            recording = found.get((lang, item.kind, item.key))
            if recording is not None and recording.text != item.text:
                return True
    return False
