"""Texts of "when does the bus come": answers, choices, reminders and change notices."""
from ivr_flows.texts import Text, define

# Typical lengths (longer names and meeting points are shortened to the budget by
# ivr_flows/texts/fitting.py; tests/schedule/test_sms_budgets.py tries the longest). Latin, so the Uzbek renderings stay GSM-7 in tests/test_texts.py; a
# Cyrillic name or meeting point has the same length in a Kyrgyz or Russian (UCS-2) text.
_VISIT = {"place": "Daroot-Korgon", "date": "12.06", "start": "09:30", "end": "12:00",
          "point": "aiyl okmotu"}
_ITEMS = {"place": "Daroot-Korgon", "items": "Sary-Tash 95 km 12.06 09:30; Gulcho 110 km 15.06 14:00"}
_ITEM = {"place": "Daroot-Korgon", "km": 110, "date": "12.06", "start": "09:30"}

define({
    "sms.bus.ask_place": Text(
        ky="Айылыңыздын атын же кодун жазыңыз.",
        ru="Напишите название села или его код.",
        uz="Qishlog'ingiz nomini yoki kodini yozing.",
        max_segments=1,
    ),
    "sms.bus.not_found": Text(
        ky="Айыл табылган жок. Айылдын атын же кодун жазыңыз.",
        ru="Село не найдено. Напишите название села или его код.",
        uz="Qishloq topilmadi. Qishloq nomini yoki kodini yozing.",
        max_segments=1,
    ),
    "sms.bus.choice": Text(
        ky="Кайсы айыл? {choices}", ru="Какое село? {choices}", uz="Qaysi qishloq? {choices}",
        example={"choices": "1 Kara-Suu (Kara-Suu), 2 Kara-Suu (At-Bashy)"}, max_segments=1,
    ),
    "sms.bus.next": Text(
        ky="{place}: {date} {start}-{end}, {point}. 1 - эскертүү",
        ru="{place}: {date} {start}-{end}, {point}. 1 - напомнить",
        uz="{place}: {date} {start}-{end}, {point}. 1 - eslatma",
        example=_VISIT, max_segments=1,
    ),
    "sms.bus.nearest": Text(
        ky="{place}: 30 күндө сапар жок. Жакын: {items}. 1 - эскертүү",
        ru="{place}: в ближайшие 30 дней поездок нет. Рядом: {items}. 1 - напомнить",
        # "Yaqin joylar" (places nearby), not "Yaqinda" (soon, recently).
        uz="{place}: 30 kun ichida safar yo'q. Yaqin joylar: {items}. 1 - eslatma",
        example=_ITEMS, max_segments=2,
    ),
    "bus.nearest_item": Text(
        ky="{place} {km} км {date} {start}", ru="{place} {km} км {date} {start}",
        uz="{place} {km} km {date} {start}", example=_ITEM, max_segments=1,
    ),
    "bus.nearest_item_nokm": Text(
        ky="{place} {date} {start}", ru="{place} {date} {start}", uz="{place} {date} {start}",
        example=_ITEM, max_segments=1,
    ),
    "sms.bus.none": Text(
        ky="{place}: сапар азырынча жок. 1 - пландалганда кабарлайбыз",
        ru="{place}: поездок пока нет. 1 - сообщим, когда появятся",
        uz="{place}: hozircha safar yo'q. 1 - rejalashtirilganda xabar beramiz",
        example={"place": "Daroot-Korgon"}, max_segments=1,
    ),
    "sms.bus.subscribed": Text(
        ky="Макул: алдыңкы кечте жана сапар күнү эртең менен эскертебиз.",
        ru="Готово: напомним накануне вечером и утром в день поездки.",
        uz="Tayyor: safardan oldin kechqurun va o'sha kuni ertalab eslatamiz.",
        max_segments=1,
    ),
    "sms.bus.subscribed_waiting": Text(
        ky="Макул: сапар пландалганда SMS жиберебиз.",
        ru="Готово: сообщим, когда поездку запланируют.",
        uz="Tayyor: safar rejalashtirilganda xabar beramiz.",
        max_segments=1,
    ),
    "sms.bus.reminder_eve": Text(
        ky="Эртең автобус: {place}, {date} {start}-{end}, {point}",
        ru="Завтра автобус: {place}, {date} {start}-{end}, {point}",
        uz="Ertaga avtobus: {place}, {date} {start}-{end}, {point}",
        example=_VISIT, max_segments=1,
    ),
    "sms.bus.reminder_day": Text(
        ky="Бүгүн автобус: {place}, {start}-{end}, {point}",
        ru="Сегодня автобус: {place}, {start}-{end}, {point}",
        uz="Bugun avtobus: {place}, {start}-{end}, {point}",
        example=_VISIT, max_segments=1,
    ),
    "sms.bus.planned": Text(
        ky="Автобус пландалды: {place}, {date} {start}-{end}, {point}",
        ru="Поездка назначена: {place}, {date} {start}-{end}, {point}",
        uz="Safar rejalashtirildi: {place}, {date} {start}-{end}, {point}",
        example=_VISIT, max_segments=1,
    ),
    "sms.bus.delayed": Text(
        ky="Автобус кечигет: {place}, {date} {start}-{end}, {point}",
        ru="Автобус задержится: {place}, {date} {start}-{end}, {point}",
        uz="Avtobus kechikadi: {place}, {date} {start}-{end}, {point}",
        example=_VISIT, max_segments=1,
    ),
    "sms.bus.moved": Text(
        ky="Сапар жылдырылды: {place}, {old_date} ордуна {date} {start}-{end}, {point}",
        ru="Поездка перенесена: {place}, вместо {old_date} - {date} {start}-{end}, {point}",
        uz="Safar ko'chirildi: {place}, {old_date} o'rniga {date} {start}-{end}, {point}",
        example={**_VISIT, "old_date": "10.06"}, max_segments=2,
    ),
    # A new schedule file changed the time or meeting point of a planned visit.
    "sms.bus.changed": Text(
        ky="Сапар өзгөрдү: {place}, {date} {start}-{end}, {point}",
        ru="Поездка изменена: {place}, {date} {start}-{end}, {point}",
        uz="Safar o'zgardi: {place}, {date} {start}-{end}, {point}",
        example=_VISIT, max_segments=1,
    ),
    "sms.bus.cancelled": Text(
        ky="Сапар жокко чыгарылды: {place}, {date}. Кечиресиз.",
        ru="Поездка отменена: {place}, {date}. Извините.",
        uz="Safar bekor qilindi: {place}, {date}. Uzr.",
        example=_VISIT, max_segments=1,
    ),
    # The caller's place may be a town: "where you live", never "your village".
    "voice.bus.enter_code": Text(
        ky="Жашаган жериңиздин кодун териңиз да, торчо белгисин басыңыз.",
        ru="Введите код вашего населённого пункта и нажмите решётку.",
        uz="Yashash joyingiz kodini tering va panjara belgisini bosing.",
    ),
    "voice.bus.code_not_found": Text(
        ky="Мындай код табылган жок.", ru="Такой код не найден.", uz="Bunday kod topilmadi.",
    ),
    # Played from pieces in Kyrgyz and Uzbek (ivr_flows/voice.py): no suffix on a value, whatever
    # it is (Kyrgyz vowel harmony: "саат {start} дөн" is wrong for 09:30, 12:00, 10:05). A date is
    # "бүгүн", "эртең" or "он экинчи июнь"; Russian hears "12 июня", "в 5 километрах".
    # A place may be a town: no text calls it a village.
    "voice.bus.next": Text(
        ky="{place}. Автобус {date} келет, саат {start} менен {end} аралыгында. Жолугуучу жер: {point}.",
        ru="{place}. Автобус будет {date}, с {start} до {end}. Место встречи: {point}.",
        uz="{place}. Avtobus {date} keladi, soat {start} dan {end} gacha. Uchrashuv joyi: {point}.",
        example=_VISIT,
    ),
    # `items`: one voice.bus.nearest_item (or _nokm) per place, said one after the other.
    "voice.bus.nearest": Text(
        ky="{place}. Отуз күндүн ичинде сапар жок. Жакын жерлер: {items}",
        ru="{place}. В ближайшие 30 дней поездок нет. Ближайшие поездки: {items}",
        uz="{place}. O'ttiz kun ichida safar yo'q. Eng yaqin joylar: {items}",
        example=_ITEMS,
    ),
    "voice.bus.nearest_item": Text(
        ky="{place}, сизден {km} километр, {date}, саат {start}.",
        ru="{place}, в {km} от вас, {date} в {start}.",
        uz="{place}, sizdan {km} kilometr, {date}, soat {start}.",
        example=_ITEM,
    ),
    "voice.bus.nearest_item_nokm": Text(
        ky="{place}, {date}, саат {start}.",
        ru="{place}, {date} в {start}.",
        uz="{place}, {date}, soat {start}.",
        example=_ITEM,
    ),
    "voice.bus.none": Text(
        ky="{place}. Азырынча сапар пландалган эмес.",
        ru="{place}. Поездки пока не запланированы.",
        uz="{place}. Hozircha safar rejalashtirilmagan.",
        example={"place": "Daroot-Korgon"},
    ),
    "voice.bus.after": Text(
        ky="Муну SMS менен алуу үчүн 1ди басыңыз. Эскертүү алуу үчүн 2ни басыңыз.",
        ru="Чтобы получить это по SMS, нажмите 1. Чтобы получать напоминания, нажмите 2.",
        uz="Buni SMS orqali olish uchun 1 ni bosing. Eslatma olish uchun 2 ni bosing.",
    ),
    "voice.bus.sms_sent": Text(ky="SMS жиберилди.", ru="SMS отправлено.", uz="SMS yuborildi."),
    "voice.bus.subscribed": Text(
        ky="Эскертүү коюлду.", ru="Напоминания включены.", uz="Eslatma yoqildi.",
    ),
})
