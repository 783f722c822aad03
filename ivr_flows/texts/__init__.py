"""The catalog of resident-facing texts, each in ky, ru and uz.

Keys starting with `sms.` are sent as SMS and must fit their segment budget
(tests/test_texts.py renders each with its `example` parameters); `voice.` keys
are spoken or played. A node asks for a key without the channel prefix and the
channel's own version is taken when there is one.
"""
from __future__ import annotations

from dataclasses import dataclass, field

LANGS = ("ky", "ru", "uz")
# Domain text modules, loaded once by load_all(); each calls define().
MODULES = ("core", "bus", "callbacks", "alerts", "alerts_staff", "live", "pieces", "recorder")


@dataclass(frozen=True)
class Text:
    ky: str
    ru: str
    uz: str
    example: dict = field(default_factory=dict)  # worst-case parameters for budget tests
    max_segments: int = 2

    def in_language(self, lang: str) -> str:
        return getattr(self, lang if lang in LANGS else "ru")


CATALOG: dict[str, Text] = {}


def define(texts: dict[str, Text]) -> None:
    for key, text in texts.items():
        if key in CATALOG and CATALOG[key] != text:
            raise KeyError(f"text {key!r} defined twice")
        CATALOG[key] = text


def load_all() -> dict[str, Text]:
    from hotline.core.optional import import_optional

    for name in MODULES:
        import_optional(f"{__name__}.{name}")
    return CATALOG


def lookup(key: str, channel: str | None = None) -> tuple[str, Text]:
    load_all()
    if channel and f"{channel}.{key}" in CATALOG:
        key = f"{channel}.{key}"
    return key, CATALOG[key]


def render(key: str, lang: str, channel: str | None = None, **params) -> str:
    _, text = lookup(key, channel)
    return text.in_language(lang).format(**params)
