"""Texts of urgent help sent to staff (social workers, coordinators), in each one's own
language (Staff.language, default Russian).

Safety (DOMAIN.md): a staff phone may be shared or seen, so only `sms.alerts.staff_taker`,
sent to the worker who took the alert, carries the person's full number; every other
text has at most the masked one. No text names violence. The command words ACK, DONE,
PASS and the alert codes (A17) stay in Latin: staff type them back.
"""
from ivr_flows.texts import Text, define

# Worst cases for the budget tests: a 7-digit id, a long place label, a long staff name
# in Cyrillic (one Cyrillic letter makes the whole SMS UCS-2: 70 characters, 67 a part).
EXAMPLE = {"code": "A1234567", "id": 1234567, "time": "23:59", "place": "Jany-Jol-Daroot-Korgon",
           "masked": "+996***22", "phone": "+996700111222", "name": "Жылдызкан Абдыкалыкова",
           "via": "qo'ng'iroq", "number": "A1234567"}

define({
    # The notice of a new alert to each worker of a tier: the masked phone only.
    "sms.alerts.staff_urgent": Text(
        ky="ШАШЫЛЫШ {code} {time} {place} {masked}. Жооп: ACK {id}",
        ru="СРОЧНО {code} {time} {place} {masked}. Ответ: ACK {id}",
        uz="SHOSHILINCH {code} {time} {place} {masked}. Javob: ACK {id}",
        example=EXAMPLE,
    ),
    # The same notice again to a worker already told in an earlier round.
    "sms.alerts.staff_reminder": Text(
        ky="КАЙРА: ШАШЫЛЫШ {code} {time} {place} {masked}. Жооп: ACK {id}",
        ru="ПОВТОР: СРОЧНО {code} {time} {place} {masked}. Ответ: ACK {id}",
        uz="ESLATMA: SHOSHILINCH {code} {time} {place} {masked}. Javob: ACK {id}",
        example=EXAMPLE,
    ),
    # The ONLY text with the full phone: to the worker who took the alert. The phone may be
    # watched, so the call starts by asking whether the person can talk.
    "sms.alerts.staff_taker": Text(
        ky="{code} сизде: {phone}, {place}. Алгач: сүйлөй алабы? Жабуу: DONE {id} <жыйынтык>. "
           "Өткөрүү: PASS {id}",
        ru="{code} ваш: {phone}, {place}. Сперва: можно говорить? Закрыть: DONE {id} <итог>. "
           "Передать: PASS {id}",
        uz="{code} sizda: {phone}, {place}. Avval: gapira oladimi? Yopish: DONE {id} <natija>. "
           "Berish: PASS {id}",
        example=EXAMPLE,
    ),
    # To the others told of the alert once someone took it.
    "sms.alerts.staff_taken": Text(
        ky="{code}: {name} кабыл алды.",
        ru="{code} принял(а) {name}.",
        uz="{code}: {name} qabul qildi.",
        example=EXAMPLE, max_segments=1,
    ),
    # ACK, PASS or DONE from someone other than the taker.
    "sms.alerts.staff_already_taken": Text(
        ky="{code}: {name} буга чейин кабыл алган.",
        ru="{code} уже принял(а) {name}.",
        uz="{code}: {name} allaqachon qabul qilgan.",
        example=EXAMPLE, max_segments=1,
    ),
    # To the taker: the same person signalled again.
    "sms.alerts.staff_new_signal": Text(
        ky="{code}: жаңы сигнал {time} ({via})",
        ru="{code}: новый сигнал {time} ({via})",
        uz="{code}: yangi signal {time} ({via})",
        example=EXAMPLE, max_segments=1,
    ),
    "alerts.staff_channel.sms": Text(ky="SMS", ru="SMS", uz="SMS", max_segments=1),
    "alerts.staff_channel.voice": Text(ky="чалуу", ru="звонок", uz="qo'ng'iroq", max_segments=1),
    "alerts.staff_place_unknown": Text(
        ky="жери белгисиз", ru="место неизвестно", uz="joyi noma'lum", max_segments=1,
    ),
    "sms.alerts.staff_passed": Text(
        ky="{code} кийинки кезекке өттү.",
        ru="{code} передан дальше по очереди.",
        uz="{code} keyingi navbatga o'tdi.",
        example=EXAMPLE, max_segments=1,
    ),
    "sms.alerts.staff_closed": Text(
        ky="{code} жабылды. Рахмат.",
        ru="{code} закрыт. Спасибо.",
        uz="{code} yopildi. Rahmat.",
        example=EXAMPLE, max_segments=1,
    ),
    "sms.alerts.staff_already_closed": Text(
        ky="{code} мурунтан жабык.",
        ru="{code} уже закрыт.",
        uz="{code} allaqachon yopilgan.",
        example=EXAMPLE, max_segments=1,
    ),
    # ACK again from the one who holds it: the number went once, in the first answer.
    "sms.alerts.staff_yours": Text(
        ky="{code} сизде. Жабуу: DONE {id} <жыйынтык>",
        ru="{code} у вас. Закрыть: DONE {id} <итог>",
        uz="{code} sizda. Yopish: DONE {id} <natija>",
        example=EXAMPLE, max_segments=1,
    ),
    # Only for those who may act on alerts; a number that is no alert of theirs is answered
    # as any unknown text is (hotline/alerts/guard.py).
    "sms.alerts.staff_usage": Text(
        ky="Сигналдын номерин жазыңыз: ACK 17, PASS 17, DONE 17 <жыйынтык>",
        ru="Укажите номер сигнала: ACK 17, PASS 17, DONE 17 <итог>",
        uz="Signal raqamini yozing: ACK 17, PASS 17, DONE 17 <natija>",
        max_segments=1,
    ),
})

# To every coordinator when escalation has stalled (no escalation pass for a minute:
# new alerts still reach the first tier, but nobody is reminded or escalated to), and
# when it runs again (hotline/alerts/beat_watch.py). Sent by the web hosts, not by beat.
define({
    "sms.alerts.beat_stale": Text(
        ky="Ката: шашылыш сигналдар кайталанбайт, өйдө өтпөйт. Техникке айтыңыз.",
        ru="Сбой: срочные сигналы не повторяются и не идут выше. Скажите технику.",
        uz="Nosozlik: shoshilinch signallar takrorlanmayapti va yuqoriga o'tmayapti. Texnikka ayting.",
        max_segments=1,
    ),
    "sms.alerts.beat_back": Text(
        ky="Шашылыш сигналдарды кайталоо кайра иштеп жатат.",
        ru="Повтор срочных сигналов снова работает.",
        uz="Shoshilinch signallarni takrorlash yana ishlayapti.",
        max_segments=1,
    ),
})
