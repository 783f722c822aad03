"""Finding and updating residents by phone."""
from __future__ import annotations

import re
from datetime import timedelta

from sqlalchemy import select
from sqlalchemy.dialects import postgresql, sqlite

from hotline.core import batch, prefetch
from hotline.core.clock import now_utc
from hotline.extensions import db
from hotline.residents.models import LANGUAGES, Resident

# Cyrillic with Kyrgyz-only letters is Kyrgyz; other Cyrillic is most often Russian.
# Latin is written by Uzbeks (their alphabet), by Kyrgyz and Russian speakers whose
# phone shows no Cyrillic, and for bare place names: the words tell which; a bare
# place name keeps Kyrgyz, the majority. Only a first guess: LANG changes it.
_KYRGYZ_LETTERS = set("ңөүҢӨҮ")
_UZBEK_CYRILLIC_LETTERS = set("ўқғҳЎҚҒҲ")  # letters of Uzbek Cyrillic, none Kyrgyz or Russian
_UZBEK_APOSTROPHES = re.compile(r"[og]['ʻ’`‘]", re.IGNORECASE)  # o', g' (oʻ, gʻ)
_LATIN_WORDS = {
    "uz": {"qachon", "keladi", "qayerda", "qayerga", "qishloq", "yordam", "iltimos", "kerak",
           "salom", "assalomu", "rahmat", "nima", "qanday", "bormi", "yo'q", "yoq", "bugun", "ertaga",
           "avtobusi", "qachonga", "menga", "kimga", "qiling", "bering", "uchun", "bilan"},
    "ky": {"kachan", "kelet", "kelip", "jardam", "zhardam", "kaysy", "kaisy", "aiyl", "ayil", "kerek",
           "salam", "emne", "barby", "jok", "zhok", "ooba", "bugun", "erteng", "ertenby", "kyzmat",
           "kaida", "kayda", "suranam", "rakmat", "chalyp"},
    "ru": {"kogda", "gde", "pomogite", "pomogi", "spasibo", "zdravstvuyte", "zdravstvuite", "privet",
           "priedet", "budet", "avtobusa", "nuzhen", "nuzhno", "yurista", "pozhaluysta", "pozhaluista"},
}
_WORD = re.compile(r"[a-z'ʻ’`‘]+")


def guess_language(text: str) -> str:
    if any(ch in _KYRGYZ_LETTERS for ch in text):
        return "ky"
    if any(ch in _UZBEK_CYRILLIC_LETTERS for ch in text):
        return "uz_Cyrl"
    if any("\u0400" <= ch <= "\u04ff" for ch in text):
        return "ru"
    return _guess_latin(text.lower())


def _guess_latin(text: str) -> str:
    words = set(_WORD.findall(text))
    score = {lang: len(words & vocabulary) for lang, vocabulary in _LATIN_WORDS.items()}
    if _UZBEK_APOSTROPHES.search(text):
        score["uz"] += 2  # o' and g' are Uzbek letters
    best = max(score, key=lambda lang: (score[lang], lang == "ky"))
    return best if score[best] > 0 else "ky"


# last_seen_at says "active lately", not "the last message": writing it at most once
# an hour saves an UPDATE on nearly every message of a dialogue (the webhook's hot path).
LAST_SEEN_GRANULARITY = timedelta(hours=1)


def get_or_create(phone: str, first_text: str = "") -> Resident:
    found, resident = prefetch.lookup("resident", phone)  # read with the webhook's receipt
    if not found:
        resident = db.session.scalar(select(Resident).where(Resident.phone == phone))
    if resident is None:
        return _create(phone, guess_language(first_text) if first_text else "ky")
    now = now_utc()
    if resident.last_seen_at is None or now - resident.last_seen_at >= LAST_SEEN_GRANULARITY:
        resident.last_seen_at = now
    return resident


def _create(phone: str, language: str) -> Resident:
    """Two first messages from one phone may arrive at once: the second finds the first's row.

    With an id drawn by the webhook's read (PostgreSQL), the row waits for the turn's batch
    (hotline/core/batch.py): should a twin have written this phone's row meanwhile, the batch
    fails on the phone's key and the webhook runs the turn again, finding it
    (hotline/messaging/receipts.py). Otherwise INSERT .. ON CONFLICT DO NOTHING RETURNING: one
    statement, no savepoint."""
    now = now_utc()
    _, new_id = prefetch.lookup("new_resident_id", phone)
    if new_id is not None:
        prefetch.forget("new_resident_id", phone)
        resident = Resident(id=new_id, phone=phone, language=language, created_at=now, last_seen_at=now)
        batch.defer(db.session, resident)
        prefetch.remember("resident", phone, resident)  # a second lookup in the turn finds this one
        return resident
    statement = (_insert_for_dialect()(Resident)
                 .values(phone=phone, language=language, created_at=now, last_seen_at=now)
                 .on_conflict_do_nothing(index_elements=[Resident.phone])
                 .returning(Resident))
    resident = db.session.scalars(statement).first()
    if resident is None:
        resident = db.session.scalar(select(Resident).where(Resident.phone == phone))
    return resident


def _insert_for_dialect():
    if db.session.get_bind().dialect.name == "postgresql":
        return postgresql.insert
    return sqlite.insert


def find(phone: str) -> Resident | None:
    return db.session.scalar(select(Resident).where(Resident.phone == phone))


def set_language(resident: Resident, language: str) -> None:
    if language not in LANGUAGES:
        raise ValueError(f"unknown language {language!r}")
    resident.language = language
    resident.language_chosen = True
