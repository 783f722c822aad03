"""The catalog of resident-facing texts, each in ky, ru and uz.

Keys starting with `sms.` are sent as SMS and must fit their segment budget
(tests/test_texts.py renders each with its `example` parameters); `voice.` keys
are spoken or played. A node asks for a key without the channel prefix and the
channel's own version is taken when there is one.

What is written here is the shipped wording. Coordinators and translators edit texts
without a developer (the admin's texts page, `hotline texts import`); their edits live
in the database (hotline/texts/store.py) and `lookup`/`render` give the text in force.
Uzbek has two catalogs: `uz` (Latin, GSM-7: the default) and `uz_Cyrl` (Cyrillic, for
those who read it better; UCS-2 like Kyrgyz). Voice is the same for both (`spoken`).
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace

LANGS = ("ky", "ru", "uz")  # the spoken languages: voice menus, recordings
UZ_CYRILLIC = "uz_Cyrl"
CATALOG_LANGS = (*LANGS, UZ_CYRILLIC)  # every catalog a text is written in (SMS)
_FIELDS = {"ky": "ky", "ru": "ru", "uz": "uz", UZ_CYRILLIC: "uz_cyrl"}
# Domain text modules, loaded once by load_all(); each calls define().
MODULES = ("core", "bus", "callbacks", "alerts", "alerts_staff", "live", "pieces", "recorder")


@dataclass(frozen=True)
class Text:
    ky: str
    ru: str
    uz: str
    example: dict = field(default_factory=dict)  # worst-case parameters for budget tests
    max_segments: int = 2
    uz_cyrl: str = ""  # empty: spelled from the shipped `uz` (ivr_flows/texts/cyrillic.py)

    def __post_init__(self):
        if not self.uz_cyrl:
            from ivr_flows.texts.cyrillic import to_cyrillic

            object.__setattr__(self, "uz_cyrl", to_cyrillic(self.uz))  # frozen: set once here

    def in_language(self, lang: str) -> str:
        return getattr(self, _FIELDS.get(lang, "ru"))

    def with_wording(self, wording: dict[str, str]) -> "Text":
        """This text with some languages reworded ({lang: text})."""
        return replace(self, **{_FIELDS[lang]: body for lang, body in wording.items()})


def spoken(lang: str) -> str:
    """The language a caller hears: Uzbek Cyrillic readers hear the same Uzbek."""
    return "uz" if lang == UZ_CYRILLIC else lang


def is_voice(key: str) -> bool:
    return key.startswith("voice.")


def languages_of(key: str) -> tuple[str, ...]:
    """The catalogs a text is edited in: a voice text has no Cyrillic Uzbek of its own."""
    return LANGS if is_voice(key) else CATALOG_LANGS


CATALOG: dict[str, Text] = {}


def define(texts: dict[str, Text]) -> None:
    for key, text in texts.items():
        if key in CATALOG and CATALOG[key] != text:
            raise KeyError(f"text {key!r} defined twice")
        CATALOG[key] = text


_LOADED: list[str] = []  # the modules imported so far (import_optional once each, not per text)


def load_all() -> dict[str, Text]:
    if len(_LOADED) == len(MODULES):
        return CATALOG
    from hotline.core.optional import import_optional

    for name in MODULES:
        if name not in _LOADED:
            import_optional(f"{__name__}.{name}")
            _LOADED.append(name)
    return CATALOG


def lookup(key: str, channel: str | None = None) -> tuple[str, Text]:
    """The text in force: the shipped one with the edits stored in the database."""
    load_all()
    if channel and f"{channel}.{key}" in CATALOG:
        key = f"{channel}.{key}"
    return key, in_force(key)


def in_force(key: str) -> Text:
    from hotline.texts import store

    text = CATALOG[key]
    wording = store.edits().get(key)
    return text.with_wording(wording) if wording else text


def render(key: str, lang: str, channel: str | None = None, **params) -> str:
    _, text = lookup(key, channel)
    return text.in_language(lang).format(**params)
