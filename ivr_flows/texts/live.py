"""Texts of the live bus: residents' notices, the live line of the BUS answer, and the crew's confirmations."""
from ivr_flows.texts import Text, define

# Typical parameters (longer names and meeting points are shortened by ivr_flows/texts/fitting.py), Latin so the Uzbek renderings stay GSM-7 (tests/test_texts.py); a
# Cyrillic name has the same length in the Kyrgyz and Russian (UCS-2) renderings.
_PLACE = "Daroot-Korgon"
_HERE = {"place": _PLACE, "details": ", 13:00 gacha, aiyl okmotu, sizdan 12 km"}
_TIME = {"place": _PLACE, "time": "14:30", "point": ", aiyl okmotu"}
_STATE = {"place": _PLACE, "until": "13:00", "km": 12, "time": "14:30"}
_TOLD = " SMS oladi: 1234 kishi."

define({
    # -- residents: one SMS per event -------------------------------------------------
    "sms.live.here": Text(
        ky="Автобус азыр: {place}{details}",
        ru="Автобус сейчас: {place}{details}",
        uz="Avtobus hozir: {place}{details}",
        example=_HERE, max_segments=1,
    ),
    "live.until": Text(ky="{time} чейин", ru="до {time}", uz="{time} gacha",
                       example={"time": "13:00"}, max_segments=1),
    "live.km": Text(ky="сизден {km} км", ru="{km} км от вас", uz="sizdan {km} km",
                    example={"km": 12}, max_segments=1),
    "sms.live.late": Text(
        ky="Автобус кечигет: {place}, болжол менен {time} келет",
        ru="Автобус опаздывает: {place}, будет около {time}",
        uz="Avtobus kechikmoqda: {place}, taxminan soat {time} da keladi",
        example=_TIME, max_segments=1,
    ),
    "sms.live.next": Text(
        ky="Автобус жолдо: {place}, болжол менен {time}{point}",
        ru="Автобус едет к вам: {place}, около {time}{point}",
        uz="Avtobus yo'lda: {place}, taxminan soat {time}{point}",
        example=_TIME, max_segments=1,
    ),
    # -- the live line said before the plan in a BUS answer ---------------------------
    "sms.live.state_here": Text(
        ky="Автобус азыр ушул жерде: {place}, {until} чейин.",
        ru="Автобус сейчас здесь: {place}, до {until}.",
        uz="Avtobus hozir shu yerda: {place}, {until} gacha.",
        example=_STATE, max_segments=1,
    ),
    "sms.live.state_here_open": Text(
        ky="Автобус азыр ушул жерде: {place}.",
        ru="Автобус сейчас здесь: {place}.",
        uz="Avtobus hozir shu yerda: {place}.",
        example=_STATE, max_segments=1,
    ),
    "sms.live.state_near": Text(
        ky="Автобус азыр: {place} ({km} км), {until} чейин.",
        ru="Автобус сейчас: {place} ({km} км), до {until}.",
        uz="Avtobus hozir: {place} ({km} km), {until} gacha.",
        example=_STATE, max_segments=1,
    ),
    "sms.live.state_near_open": Text(
        ky="Автобус азыр: {place} ({km} км).",
        ru="Автобус сейчас: {place} ({km} км).",
        uz="Avtobus hozir: {place} ({km} km).",
        example=_STATE, max_segments=1,
    ),
    # Near, but the distance is not known (a place without coordinates) or rounds to 0.
    "sms.live.state_near_nokm": Text(
        ky="Автобус азыр: {place}, {until} чейин.",
        ru="Автобус сейчас: {place}, до {until}.",
        uz="Avtobus hozir: {place}, {until} gacha.",
        example=_STATE, max_segments=1,
    ),
    "sms.live.state_near_nokm_open": Text(
        ky="Автобус азыр: {place}.",
        ru="Автобус сейчас: {place}.",
        uz="Avtobus hozir: {place}.",
        example=_STATE, max_segments=1,
    ),
    "sms.live.state_expected": Text(
        ky="Автобус жолдо: {place}, болжол менен {time}.",
        ru="Автобус в пути: {place}, около {time}.",
        uz="Avtobus yo'lda: {place}, taxminan soat {time}.",
        example=_STATE, max_segments=1,
    ),
    # Played from pieces in Kyrgyz and Uzbek: the time stands alone after "саат", no suffix
    # ("кетүү убактысы: саат {until}"); the place may be a town, so it is never called a village.
    "voice.live.state_here": Text(
        ky="Автобус азыр ушул жерде: {place}. Кетүү убактысы: саат {until}.",
        ru="Автобус сейчас здесь: {place}. Уезжает в {until}.",
        uz="Avtobus hozir shu yerda: {place}. Ketish vaqti: soat {until}.",
        example=_STATE,
    ),
    "voice.live.state_here_open": Text(
        ky="Автобус азыр ушул жерде: {place}.",
        ru="Автобус сейчас здесь: {place}.",
        uz="Avtobus hozir shu yerda: {place}.",
        example=_STATE,
    ),
    "voice.live.state_near": Text(
        ky="Автобус азыр: {place}, сизден {km} километр. Кетүү убактысы: саат {until}.",
        ru="Автобус сейчас: {place}, в {km} от вас. Уезжает в {until}.",
        uz="Avtobus hozir: {place}, sizdan {km} kilometr. Ketish vaqti: soat {until}.",
        example=_STATE,
    ),
    "voice.live.state_near_open": Text(
        ky="Автобус азыр: {place}, сизден {km} километр.",
        ru="Автобус сейчас: {place}, в {km} от вас.",
        uz="Avtobus hozir: {place}, sizdan {km} kilometr.",
        example=_STATE,
    ),
    "voice.live.state_near_nokm": Text(
        ky="Автобус азыр: {place}. Кетүү убактысы: саат {until}.",
        ru="Автобус сейчас: {place}. Уезжает в {until}.",
        uz="Avtobus hozir: {place}. Ketish vaqti: soat {until}.",
        example=_STATE,
    ),
    "voice.live.state_near_nokm_open": Text(
        ky="Автобус азыр: {place}.",
        ru="Автобус сейчас: {place}.",
        uz="Avtobus hozir: {place}.",
        example=_STATE,
    ),
    "voice.live.state_expected": Text(
        ky="Автобус жолдо: {place}. Болжолдуу келүү убактысы: саат {time}.",
        ru="Автобус в пути: {place}. Будет около {time}.",
        uz="Avtobus yo'lda: {place}. Taxminiy kelish vaqti: soat {time}.",
        example=_STATE,
    ),
    # -- the crew: one line back for each command (their own language) ----------------
    "sms.live.crew_here": Text(
        ky="Кабыл алынды: автобус {place}, {time}{until}.{told}",
        ru="Принято: {place}, автобус на месте с {time}{until}.{told}",
        uz="Qabul qilindi: avtobus {place}, {time} dan{until}.{told}",
        example={"place": _PLACE, "time": "10:05", "until": ", 13:00 gacha", "told": _TOLD}, max_segments=2,
    ),
    "sms.live.crew_late": Text(
        ky="Кабыл алынды: {place}, {minutes} мүн. кечигүү, болжол {time}.{told}",
        ru="Принято: {place}, опоздание {minutes} мин, ожидаем в {time}.{told}",
        uz="Qabul qilindi: {place}, {minutes} daqiqa kechikish, taxminan {time}.{told}",
        example={"place": _PLACE, "minutes": 120, "time": "14:30", "told": _TOLD}, max_segments=2,
    ),
    "sms.live.crew_next": Text(
        ky="Кабыл алынды: кийинки {place}, болжол {time}.{told}",
        ru="Принято: следующая остановка {place}, около {time}.{told}",
        uz="Qabul qilindi: keyingi {place}, taxminan {time}.{told}",
        example={"place": _PLACE, "time": "14:30", "told": _TOLD}, max_segments=2,
    ),
    "sms.live.crew_left": Text(
        ky="Кабыл алынды: {place}, {time} жөнөдүңүздөр. SMS жок.",
        ru="Принято: {place}, отъезд в {time}. Жителям SMS нет.",
        uz="Qabul qilindi: {place}, {time} da ketdingiz. SMS yo'q.",
        example={"place": _PLACE, "time": "13:10"}, max_segments=2,
    ),
    "live.told": Text(ky=" SMS алат: {count} киши.", ru=" SMS получат: {count}.", uz=" SMS oladi: {count} kishi.",
                      example={"count": 1234}, max_segments=1),
    "live.told_at": Text(ky=" SMS {time} алат: {count} киши.", ru=" SMS в {time} получат: {count}.",
                         uz=" SMS soat {time} da oladi: {count} kishi.",
                         example={"count": 1234, "time": "08:00"}, max_segments=1),
    "live.told_night": Text(ky=" Түн: SMS жиберилбейт.", ru=" Ночь: жителям SMS не шлём.",
                            uz=" Tun: SMS yuborilmaydi.", max_segments=1),
    "sms.live.crew_undone": Text(
        ky="Жокко чыгарылды: {command}. Токтотулду: {stopped} SMS, кетип калды: {sent}.",
        ru="Отменено: {command}. Остановлено SMS: {stopped}, уже ушло: {sent}.",
        uz="Bekor qilindi: {command}. To'xtatildi: {stopped} SMS, ketgan: {sent}.",
        example={"command": "HERE Daroot-Korgon", "stopped": 1234, "sent": 1234}, max_segments=2,
    ),
    "sms.live.crew_nothing_to_undo": Text(
        ky="Жокко чыгара турган буйрук жок: 10 мүнөт ичинде гана болот.",
        ru="Нечего отменять: отменить можно только в течение 10 минут.",
        uz="Bekor qilinadigan buyruq yo'q: faqat 10 daqiqa ichida mumkin.",
        max_segments=1,
    ),
    "sms.live.crew_not_found": Text(
        ky="Айыл табылган жок: {query}. Айылдын кодун жазыңыз.",
        ru="Село не найдено: {query}. Напишите код села.",
        uz="Qishloq topilmadi: {query}. Qishloq kodini yozing.",
        example={"query": "Daroot-Korgon"}, max_segments=1,
    ),
    "sms.live.crew_choice": Text(
        ky="Кайсы айыл? {choices}. Код менен кайра жазыңыз.",
        ru="Какое село? {choices}. Повторите с кодом.",
        uz="Qaysi qishloq? {choices}. Kod bilan qayta yozing.",
        example={"choices": "1501 Kara-Suu (Kara-Suu), 5204 Kara-Suu (At-Bashy)"}, max_segments=2,
    ),
    "sms.live.crew_usage": Text(
        ky="Үлгү: {usage}", ru="Формат: {usage}", uz="Namuna: {usage}",
        example={"usage": "HERE <kod> [until HH:MM]"}, max_segments=1,
    ),
    "sms.live.crew_time_past": Text(
        ky="{time} өтүп кетти. Үлгү: {usage}",
        ru="Время {time} уже прошло. Формат: {usage}",
        uz="{time} o'tib ketdi. Namuna: {usage}",
        example={"time": "09:00", "usage": "HERE <kod> [until HH:MM]"}, max_segments=1,
    ),
    "sms.live.crew_no_stop": Text(
        ky="Автобус азыр эч жерде турган жок. Үлгү: LEFT <код>",
        ru="Сейчас остановки нет. Формат: LEFT <код>",
        uz="Hozir to'xtash joyi yo'q. Namuna: LEFT <kod>",
        max_segments=1,
    ),
    "sms.live.crew_no_visit": Text(
        ky="Бүгүн бул жерде сапар жок: {place}.",
        ru="Сегодня здесь нет остановки: {place}.",
        uz="Bugun bu yerda safar yo'q: {place}.",
        example={"place": _PLACE}, max_segments=1,
    ),
})
