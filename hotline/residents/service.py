"""Finding and updating residents by phone."""
from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from hotline.core.clock import now_utc
from hotline.extensions import db
from hotline.residents.models import LANGUAGES, Resident

# Cyrillic with Kyrgyz-only letters is Kyrgyz; other Cyrillic is most often Russian;
# Latin most often Uzbek (Uzbek is written in Latin). Only a first guess: LANG changes it.
_KYRGYZ_LETTERS = set("ңөүҢӨҮ")


def guess_language(text: str) -> str:
    if any(ch in _KYRGYZ_LETTERS for ch in text):
        return "ky"
    if any("\u0400" <= ch <= "\u04ff" for ch in text):
        return "ru"
    return "ky"


def get_or_create(phone: str, first_text: str = "") -> Resident:
    resident = db.session.scalar(select(Resident).where(Resident.phone == phone))
    if resident is None:
        resident = _create(phone, guess_language(first_text) if first_text else "ky")
    resident.last_seen_at = now_utc()
    return resident


def _create(phone: str, language: str) -> Resident:
    """Two first messages from one phone may arrive at once: the second finds the first's row."""
    try:
        with db.session.begin_nested():
            resident = Resident(phone=phone, language=language)
            db.session.add(resident)
    except IntegrityError:
        resident = db.session.scalar(select(Resident).where(Resident.phone == phone))
    return resident


def find(phone: str) -> Resident | None:
    return db.session.scalar(select(Resident).where(Resident.phone == phone))


def set_language(resident: Resident, language: str) -> None:
    if language not in LANGUAGES:
        raise ValueError(f"unknown language {language!r}")
    resident.language = language
    resident.language_chosen = True
