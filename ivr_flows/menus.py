"""The menus of CONTRACT.md: language (voice), main (voice) and the short SMS menu."""
from __future__ import annotations

from hotline.residents.service import set_language
from ivr_flows.engine import Context, Prompt, Turn, menu, node
from ivr_flows.texts import UZ_CYRILLIC

# Each domain registers the node an option leads to: bus.start (schedule),
# callbacks.start (callbacks), urgent (alerts).
MAIN = menu("main", "voice.main_menu", {"1": "bus.start", "2": "callbacks.start",
                                         "9": "urgent", "0": "menu:main"})
SHORT = menu("short", "sms.short_menu", {"1": "bus.start", "2": "callbacks.start", "9": "urgent"})
LANGUAGE = menu("language", "voice.choose_language",
                {"1": "language.ky", "2": "language.ru", "3": "language.uz"})


def _choose_language(lang: str):
    def chosen(ctx: Context) -> Turn:
        # Voice is the same for both Uzbek scripts: pressing 3 keeps a Cyrillic reader's SMS Cyrillic.
        keep = lang == "uz" and ctx.resident.language == UZ_CYRILLIC
        set_language(ctx.resident, UZ_CYRILLIC if keep else lang)
        ctx.remember(lang=UZ_CYRILLIC if keep else lang)
        return MAIN.show()
    return chosen


for _lang in ("ky", "ru", "uz"):
    node(f"language.{_lang}")(_choose_language(_lang))


@node("goodbye")
def goodbye(ctx: Context) -> Turn:
    return Turn(prompts=(Prompt("voice.goodbye"),))
