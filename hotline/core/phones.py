"""Phone numbers: stored in E.164, Kyrgyzstan by default, masked in anything shown."""
from __future__ import annotations

import re

import phonenumbers

DEFAULT_REGION = "KG"


class InvalidPhone(ValueError):
    pass


def to_e164(raw: str, region: str = DEFAULT_REGION) -> str:
    """'0700 123 456', '+996700123456', '996700123456' -> '+996700123456'."""
    text = (raw or "").strip()
    if text.startswith("996") and not text.startswith("+"):
        text = "+" + text
    try:
        number = phonenumbers.parse(text, region)
    except phonenumbers.NumberParseException:
        raise InvalidPhone(f"not a phone number: {mask(raw)}") from None
    if not phonenumbers.is_valid_number(number):
        raise InvalidPhone(f"not a valid phone number: {mask(raw)}")
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def to_e164_or_none(raw: str | None) -> str | None:
    try:
        return to_e164(raw or "")
    except InvalidPhone:
        return None


# A phone number written in a text: 9-15 digits (a leading +) standing alone, not part of a
# longer word or number. Celery task ids and other UUIDs are matched first, to be left alone:
# their hex groups may hold nine digits in a row.
_UUID = r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}"
_PHONE_OR_UUID = re.compile(rf"(?P<uuid>{_UUID})|(?<![\w.])(?P<phone>\+?\d{{9,15}})(?![\w.])")


def mask_in_text(text: str, replacement=None) -> str:
    """Every phone-shaped number in free text masked (or replaced); ids and UUIDs kept."""
    def swap(found: re.Match) -> str:
        if found.group("uuid"):
            return found.group()
        return mask(found.group()) if replacement is None else replacement
    return _PHONE_OR_UUID.sub(swap, text)


def holds_full_number(text: str | None) -> bool:
    """True when a text carries a phone number in full (a lawyer's or a taker's SMS)."""
    return any(m.group("phone") for m in _PHONE_OR_UUID.finditer(text or ""))


def mask(phone: str | None) -> str:
    """Keep the country code and the last two digits: enough to tell calls apart."""
    if not phone:
        return "-"
    digits = "".join(ch for ch in phone if ch.isdigit())
    if len(digits) <= 4:
        return "***"
    head = "+" + digits[:3] if phone.startswith("+") else digits[:2]
    return f"{head}***{digits[-2:]}"
