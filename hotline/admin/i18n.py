"""The admin page's languages, on Flask-Babel's gettext catalogs (hotline/translations/).

English is the msgid; Russian, Kyrgyz and Uzbek (Latin) are translated in
hotline/translations/<lang>/LC_MESSAGES/messages.po (`scripts/translations`
extracts, updates and compiles them, docs/admin.md). The language is the
switcher's choice (kept in the session), else the staff member's own language,
else Russian.

`_("Text {name}", name=...)` keeps str.format placeholders (the admin's
convention since before the catalogs); `N_` and `NP_` only mark a string for
extraction where it is defined, to be translated where it is shown.
"""
from __future__ import annotations

from datetime import date, datetime

from babel import Locale
from babel.dates import format_skeleton
from babel.numbers import format_decimal
from flask import has_request_context, session
from flask_babel import get_locale, get_translations
from flask_login import current_user

LANGUAGES = {"ru": "Русский", "ky": "Кыргызча", "uz": "Oʻzbekcha", "en": "English"}
DEFAULT = "ru"


def current_language() -> str:
    if not has_request_context():
        return DEFAULT
    lang = session.get("lang")
    if lang in LANGUAGES:
        return lang
    own = getattr(current_user, "language", None) if current_user and current_user.is_authenticated else None
    return own if own in LANGUAGES else DEFAULT


def N_(text: str) -> str:
    """Marks a msgid for `pybabel extract`; translated later with _()."""
    return text


def NN_(singular: str, plural: str) -> tuple[str, str]:
    """Marks a msgid with its plural (extracted with the keyword NN_:1,2)."""
    return singular, plural


def NP_(context: str, text: str) -> tuple[str, str]:
    """Marks a msgid with its msgctxt (extracted with the keyword NP_:1c,2)."""
    return context, text


def translate(text: str, **params) -> str:
    found = get_translations().gettext(text)
    return found.format(**params) if params else found


def ntranslate(singular: str, plural: str, n: int, **params) -> str:
    """Plural forms by the catalog's rule (Russian has three); {n} is the number, formatted."""
    found = get_translations().ngettext(singular, plural, n)
    return found.format(n=number(n), **params)


def ptranslate(context: str, text: str, **params) -> str:
    found = get_translations().pgettext(context, text)
    return found.format(**params) if params else found


def locale() -> Locale:
    """Babel has CLDR data for ru, ky, uz (Latin) and en: no fallback needed but the default."""
    return (get_locale() if has_request_context() else None) or Locale.parse(DEFAULT)


def number(value, digits: int = 1) -> str:
    """A number in the locale's way (30,5 in Russian), at most `digits` decimals."""
    return format_decimal(round(value, digits), locale=locale())


def moment(value: datetime | date, skeleton: str) -> str:
    """A date or time by a CLDR skeleton (MMMd, Hm, yMMMM...) in the locale's own pattern."""
    return format_skeleton(skeleton, value, locale=locale())


def day_and_time(value: datetime, seconds: bool = False) -> str:
    """1 дек., 14:05 / 1-дек. 14:05 / 1-dek, 14:05: the locale's short date-time pattern."""
    pattern = locale().datetime_formats["short"]
    return str(pattern).format(moment(value, "Hms" if seconds else "Hm"), moment(value, "MMMd"))
