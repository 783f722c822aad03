"""What a Kyrgyz or Uzbek caller may hear, and the machine voice of whatever lacks one.

Wanted: every fixed voice prompt; every phrase of a prompt with live values and every
value word (numbers, days, months...); every place's name in the language; every
distinct meeting point. `refresh()` makes the machine recording of each one that has
none, or whose words changed (a text, a place renamed, a meeting point), and nothing
else: a second run makes nothing. Until it runs the previous recording plays.
"""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from hotline.extensions import db
from hotline.prompts import machine, store
from ivr_flows import speech, texts
from ivr_flows.voice import PLAYED, phrase_key, template_parts

CATEGORIES = ("prompt", "piece", "place", "point")


@dataclass(frozen=True)
class Wanted:
    lang: str
    kind: str
    key: str
    text: str
    category: str  # prompt, piece, place or point (coverage.py counts them apart)


def voice_keys() -> list[str]:
    return sorted(key for key in texts.load_all()
                  if key.startswith("voice.") and speech.recorded(key))


def wanted_texts(lang: str) -> list[Wanted]:
    wanted = []
    for key in voice_keys():
        template = texts.in_force(key).in_language(lang)  # with a coordinator's edits
        parts = template_parts(template)
        if key.startswith("voice.piece."):
            wanted.append(Wanted(lang, "text", key, template, "piece"))
        elif not any(kind == "field" for kind, _, _ in parts):
            wanted.append(Wanted(lang, "text", key, template, "prompt"))
        else:
            wanted += [Wanted(lang, "text", phrase_key(key, n), words, "piece")
                       for kind, n, words in parts if kind == "phrase"]
    return wanted


def wanted_places(lang: str) -> list[Wanted]:
    from hotline.schedule.models import Place, Visit
    from hotline.schedule.service import in_script, place_name

    names = {place_name(place, lang) for place in db.session.scalars(select(Place))}
    points = {in_script(point, lang) for point in db.session.scalars(
        select(Visit.meeting_point).where(Visit.meeting_point != "").distinct())}
    return ([Wanted(lang, "place", name, name, "place") for name in sorted(names)]
            + [Wanted(lang, "point", point, point, "point") for point in sorted(points)])


def wanted(lang: str) -> list[Wanted]:
    return wanted_texts(lang) + wanted_places(lang)


def refresh(langs: tuple[str, ...] = PLAYED) -> int:
    """Make the machine recordings that are missing or out of date; return how many."""
    store.forget()
    made = 0
    for lang in langs:
        if not machine.available(lang):
            continue
        for item in wanted(lang):
            current = store.machine_made(lang, item.kind, item.key)
            if current is not None and current.text == item.text:
                continue
            store.save(lang, item.kind, item.key, item.text, "machine", machine.speak(item.text, lang))
            made += 1
    db.session.commit()
    store.forget()
    return made


def after_demo() -> str:
    """The demo's places and meeting points get their machine voice at once."""
    return f"made {refresh()} machine-voice recordings of places and meeting points"
