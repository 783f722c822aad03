"""Phone numbers: stored in E.164, Kyrgyzstan by default, masked in anything shown."""
from __future__ import annotations

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


def mask(phone: str | None) -> str:
    """Keep the country code and the last two digits: enough to tell calls apart."""
    if not phone:
        return "-"
    digits = "".join(ch for ch in phone if ch.isdigit())
    if len(digits) <= 4:
        return "***"
    head = "+" + digits[:3] if phone.startswith("+") else digits[:2]
    return f"{head}***{digits[-2:]}"
