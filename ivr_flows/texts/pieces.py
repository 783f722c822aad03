"""The words a value is spoken with: numbers, days, months, today/tomorrow, letters.

A voice text with live values is played as a sequence of recordings (DOMAIN.md):
its fixed phrases, and for each value the pieces below, chosen by ivr_flows/speech.py.
The set is small and fixed, so a speaker records it once per language. The Russian
words are what the Russian voice says ("12 июня", "в 5 километрах"): Russian is
never played from pieces, but it reads the same values.
"""
from ivr_flows.texts import Text, define

# Whole numbers 0-9,999 are said from these (ivr_flows/speech.py: number_keys).
_CARDINALS = {
    0: ("нөл", "ноль", "nol"), 1: ("бир", "один", "bir"), 2: ("эки", "два", "ikki"),
    3: ("үч", "три", "uch"), 4: ("төрт", "четыре", "to'rt"), 5: ("беш", "пять", "besh"),
    6: ("алты", "шесть", "olti"), 7: ("жети", "семь", "yetti"), 8: ("сегиз", "восемь", "sakkiz"),
    9: ("тогуз", "девять", "to'qqiz"), 10: ("он", "десять", "o'n"), 20: ("жыйырма", "двадцать", "yigirma"),
    30: ("отуз", "тридцать", "o'ttiz"), 40: ("кырк", "сорок", "qirq"), 50: ("элүү", "пятьдесят", "ellik"),
    60: ("алтымыш", "шестьдесят", "oltmish"), 70: ("жетимиш", "семьдесят", "yetmish"),
    80: ("сексен", "восемьдесят", "sakson"), 90: ("токсон", "девяносто", "to'qson"),
    100: ("жүз", "сто", "yuz"), 1000: ("миң", "тысяча", "ming"),
}
# Ordinals of the units and tens: a day of the month is "tens + unit ordinal" (12 -> он экинчи).
_ORDINALS = {
    1: ("биринчи", "birinchi"), 2: ("экинчи", "ikkinchi"), 3: ("үчүнчү", "uchinchi"),
    4: ("төртүнчү", "to'rtinchi"), 5: ("бешинчи", "beshinchi"), 6: ("алтынчы", "oltinchi"),
    7: ("жетинчи", "yettinchi"), 8: ("сегизинчи", "sakkizinchi"), 9: ("тогузунчу", "to'qqizinchi"),
    10: ("онунчу", "o'ninchi"), 20: ("жыйырманчы", "yigirmanchi"), 30: ("отузунчу", "o'ttizinchi"),
}
# Russian: the genitive after a day ("12 июня"); Kyrgyz and Uzbek: the month's name.
_MONTHS = (
    ("январь", "января", "yanvar"), ("февраль", "февраля", "fevral"), ("март", "марта", "mart"),
    ("апрель", "апреля", "aprel"), ("май", "мая", "may"), ("июнь", "июня", "iyun"),
    ("июль", "июля", "iyul"), ("август", "августа", "avgust"), ("сентябрь", "сентября", "sentabr"),
    ("октябрь", "октября", "oktabr"), ("ноябрь", "ноября", "noyabr"), ("декабрь", "декабря", "dekabr"),
)
LETTERS = {"k": ("ка", "ка", "ka"), "a": ("а", "а", "a")}  # references: K-17, alerts: A17


def _day(day: int) -> tuple[str, str]:
    tens, unit = divmod(day, 10)
    if unit == 0:
        return _ORDINALS[day]
    if tens == 0:
        return _ORDINALS[unit]
    return tuple(f"{_CARDINALS[tens * 10][i]} {_ORDINALS[unit][j]}" for i, j in ((0, 0), (2, 1)))


def _pieces() -> dict[str, Text]:
    pieces = {f"voice.piece.num.{n}": Text(ky=ky, ru=ru, uz=uz) for n, (ky, ru, uz) in _CARDINALS.items()}
    for day in range(1, 32):
        ky, uz = _day(day)
        pieces[f"voice.piece.day.{day}"] = Text(ky=ky, ru=str(day), uz=uz)
    for month, (ky, ru, uz) in enumerate(_MONTHS, start=1):
        pieces[f"voice.piece.month.{month}"] = Text(ky=ky, ru=ru, uz=uz)
    for letter, (ky, ru, uz) in LETTERS.items():
        pieces[f"voice.piece.letter.{letter}"] = Text(ky=ky, ru=ru, uz=uz)
    pieces.update({
        "voice.piece.today": Text(ky="бүгүн", ru="сегодня", uz="bugun"),
        "voice.piece.tomorrow": Text(ky="эртең", ru="завтра", uz="ertaga"),
        # Russian only: "в 1 километре", "в 5 километрах" (Kyrgyz and Uzbek: no suffix on a value).
        "voice.piece.km_one": Text(ky="километр", ru="километре", uz="kilometr"),
        "voice.piece.km_many": Text(ky="километр", ru="километрах", uz="kilometr"),
        # The language menu's offer, said in Russian while the Kyrgyz or Uzbek one has no
        # recording yet (a Russian voice never reads Kyrgyz or Uzbek).
        "voice.offer_ky_in_russian": Text(ky="-", ru="Кыргызский язык: нажмите 1.", uz="-"),
        "voice.offer_uz_in_russian": Text(ky="-", ru="Узбекский язык: нажмите 3.", uz="-"),
    })
    return pieces


define(_pieces())
