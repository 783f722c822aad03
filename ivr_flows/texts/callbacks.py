"""Texts of the callback domain. Confirmations name no topic (DOMAIN.md, safety)."""
from ivr_flows.texts import Text, define

REF = {"ref": "K-1234567"}

define({
    # --- resident dialogue ---
    "sms.callbacks.topic_menu": Text(
        ky="Тема: 1 үй-бүлө, ажырашуу, алимент; 2 мүлк, жер, турак жай; 3 документтер, пенсия, "
           "жөлөкпул; 4 иш, эмгек миграциясы; 5 башка",
        ru="Тема: 1 семья, развод, алименты; 2 имущество, земля, жильё; 3 документы, пенсии, "
           "пособия; 4 работа, трудовая миграция; 5 другое",
        uz="Mavzu: 1 oila, ajrashish, aliment; 2 mulk, yer, uy-joy; 3 hujjatlar, pensiya, nafaqa; "
           "4 ish, mehnat migratsiyasi; 5 boshqa",
    ),
    "voice.callbacks.topic_menu": Text(
        ky="Үй-бүлө, ажырашуу же алимент боюнча 1ди басыңыз. Мүлк, жер же турак жай боюнча 2ни. "
           "Документтер, пенсия же жөлөкпул боюнча 3тү. Иш же эмгек миграциясы боюнча 4тү. Башка суроо "
           "боюнча 5ти басыңыз.",
        ru="Семья, развод, алименты - нажмите 1. Имущество, земля, жильё - 2. Документы, пенсии, "
           "пособия - 3. Работа и трудовая миграция - 4. Другой вопрос - 5.",
        uz="Oila, ajrashish, aliment - 1 ni bosing. Mulk, yer, uy-joy - 2. Hujjatlar, pensiya, "
           "nafaqa - 3. Ish va mehnat migratsiyasi - 4. Boshqa savol - 5.",
    ),
    "sms.callbacks.time_menu": Text(
        ky="Качан ыңгайлуу? 1 эртең менен, 2 түштөн кийин, 3 кечинде, 4 каалаганда",
        ru="Когда вам удобно говорить? 1 утром, 2 днём, 3 вечером, 4 в любое время",
        uz="Qachon gaplashish qulay? 1 ertalab, 2 tushdan keyin, 3 kechqurun, 4 istalgan vaqt",
        uz_cyrl="Қачон қулай? 1 эрталаб, 2 тушдан кейин, 3 кечқурун, 4 истаган вақт",  # one UCS-2 segment
        max_segments=1,
    ),
    "voice.callbacks.time_menu": Text(
        ky="Сизге качан чалганыбыз ыңгайлуу? Эртең менен - 1ди басыңыз, түштөн кийин - 2, кечинде - 3, "
           "каалаган убакта - 4.",
        ru="Когда вам удобно, чтобы мы позвонили? Утром - нажмите 1, днём - 2, вечером - 3, "
           "в любое время - 4.",
        uz="Sizga qachon qo'ng'iroq qilishimiz qulay? Ertalab - 1 ni bosing, tushdan keyin - 2, "
           "kechqurun - 3, istalgan vaqt - 4.",
    ),
    "sms.callbacks.ask_village": Text(
        ky="Кайсы айылдансыз? Айылдын атын жазыңыз.",
        ru="Из какого вы села? Напишите его название.",
        uz="Qaysi qishloqdansiz? Qishloq nomini yozing.",
        max_segments=1,
    ),
    "voice.callbacks.ask_village": Text(
        ky="Жашаган жериңиздин кодун териңиз да, торчо белгисин басыңыз. Кодду билбесеңиз, торчону гана басыңыз.",
        ru="Наберите код вашего населённого пункта и нажмите решётку. Если не знаете код, просто нажмите решётку.",
        uz="Yashash joyingiz kodini tering va panjara belgisini bosing. Kodni bilmasangiz, faqat "
           "panjara belgisini bosing.",
    ),
    "sms.callbacks.village_unknown": Text(
        # 0 files the request without a village (hotline/callbacks/flows.py): say so.
        ky="Айыл табылган жок. Атын кайра жазыңыз же 0 - айылсыз жөнөтүү.",
        ru="Село не найдено. Напишите ещё раз или 0 - отправить без села.",
        uz="Bunday qishloq topilmadi. Nomini qayta yozing yoki 0 - qishloqsiz yuborish.",
        max_segments=1,
    ),
    "voice.callbacks.village_unknown": Text(
        ky="Мындай код табылган жок.", ru="Такой код не найден.", uz="Bunday kod topilmadi.",
    ),
    "voice.callbacks.record_offer": Text(
        ky="Юристке 60 секундга чейин кабар калтыруу үчүн 1ди басыңыз. Кабарсыз улантуу үчүн 2ни басыңыз.",
        ru="Чтобы оставить юристу сообщение до 60 секунд, нажмите 1. Чтобы продолжить без "
           "сообщения, нажмите 2.",
        uz="Yuristga 60 soniyagacha xabar qoldirish uchun 1 ni bosing. Xabarsiz davom etish uchun "
           "2 ni bosing.",
    ),
    "voice.callbacks.record_prompt": Text(
        ky="Сигналдан кийин сүйлөңүз. Бүткөндө торчону басыңыз.",
        ru="Говорите после сигнала. В конце нажмите решётку.",
        uz="Signaldan keyin gapiring. Tugatgach panjara belgisini bosing.",
    ),
    "sms.callbacks.confirmed": Text(
        ky="{ref} өтүнмөңүз кабыл алынды. Юрист 2 иш күнүнүн ичинде чалат. Жокко чыгаруу: ЖОККО {ref}",
        ru="Заявка {ref} принята. Юрист позвонит в течение 2 рабочих дней. Отменить: ОТМЕНА {ref}",
        uz="{ref} arizangiz qabul qilindi. Yurist 2 ish kuni ichida qo'ng'iroq qiladi. "
           "Bekor qilish: BEKOR {ref}",
        example=REF,
    ),
    # The reference is read letter by letter, digit by digit: "K-17" -> "ка, бир, жети".
    "voice.callbacks.confirmed": Text(
        ky="Өтүнмөңүз кабыл алынды. Өтүнмөнүн номери: {ref}. Юрист 2 иш күнүнүн ичинде чалат. Рахмат.",
        ru="Ваша заявка принята. Номер заявки: {ref}. Юрист позвонит вам в течение двух рабочих дней. Спасибо.",
        uz="Arizangiz qabul qilindi. Ariza raqami: {ref}. Yurist 2 ish kuni ichida qo'ng'iroq qiladi. Rahmat.",
        example=REF,
    ),
    "sms.callbacks.missed_offer": Text(
        ky="Чалууңуз кабыл алынды, өтүнмө {ref}. Юрист 2 иш күнүнүн ичинде чалат. Тема: 1 үй-бүлө, 2 мүлк, "
           "3 документтер, 4 иш, 5 башка",
        ru="Звонок принят, заявка {ref}. Юрист позвонит в течение 2 рабочих дней. Тема: 1 семья, "
           "2 имущество, 3 документы, 4 работа, 5 другое",
        uz="Qo'ng'irog'ingiz qabul qilindi, ariza {ref}. Yurist 2 ish kuni ichida qo'ng'iroq qiladi. "
           "Mavzu: 1 oila, 2 mulk, 3 hujjatlar, 4 ish, 5 boshqa",
        example=REF,
    ),
    "sms.callbacks.cancelled": Text(
        ky="{ref} өтүнмөсү жокко чыгарылды.", ru="Заявка {ref} отменена.",
        uz="{ref} arizasi bekor qilindi.", example=REF, max_segments=1,
    ),
    "sms.callbacks.nothing_to_cancel": Text(
        ky="Сизде ачык өтүнмө жок.", ru="У вас нет открытой заявки.", uz="Sizda ochiq ariza yo'q.",
        max_segments=1,
    ),
    "sms.callbacks.unreachable": Text(
        ky="Юрист сизге чала алган жок. Кайра суроо үчүн ЮРИСТ деп жазыңыз.",
        ru="Юрист не дозвонился до вас. Чтобы попросить снова, напишите ЮРИСТ.",
        uz="Yurist siz bilan bog'lana olmadi. Qayta so'rash uchun YURIST deb yozing.",
        max_segments=1,
    ),
})

# --- staff: lawyers and coordinators (their own language, default Russian) ---
LAWYER_EXAMPLE = {"ref": "K-1234567", "phone": "+996700111222", "topic": "работа, миграция",
                  "village": "Кара-Суу (At-Bashy)", "time": "в любое время", "attempt": 3, "max": 3}

define({
    "sms.callbacks.lawyer_new": Text(
        # The phone may be shared (DOMAIN.md): the lawyer first asks whether they can talk.
        ky="{ref}: {phone}, {topic}, {village}, {time}. Алгач: сүйлөй алабы? DONE/NOANSWER {ref}",
        ru="{ref}: {phone}, {topic}, {village}, {time}. Сперва: можно говорить? DONE/NOANSWER {ref}",
        uz="{ref}: {phone}, {topic}, {village}, {time}. Avval: gapira oladimi? DONE/NOANSWER {ref}",
        example=LAWYER_EXAMPLE,
    ),
    "sms.callbacks.lawyer_retry": Text(
        # Every call, not only the first, starts by asking whether the person can talk.
        ky="{ref}: кайра чалыңыз ({attempt}/{max}). {phone}, {topic}, {village}, {time}. "
           "Алгач: сүйлөй алабы?",
        ru="{ref}: позвоните снова ({attempt}/{max}). {phone}, {topic}, {village}, {time}. "
           "Сперва: можно говорить?",
        uz="{ref}: qayta qo'ng'iroq qiling ({attempt}/{max}). {phone}, {topic}, {village}, {time}. "
           "Avval: gapira oladimi?",
        example=LAWYER_EXAMPLE,
    ),
    "sms.callbacks.lawyer_withdrawn": Text(
        ky="{ref}: өтүнмө жокко чыгарылды.", ru="{ref}: заявка отменена заявителем.",
        uz="{ref}: ariza bekor qilindi.", example=REF, max_segments=1,
    ),
    "sms.callbacks.staff_done": Text(
        ky="{ref} жабылды. Рахмат.", ru="{ref} закрыта. Спасибо.", uz="{ref} yopildi. Rahmat.",
        example=REF, max_segments=1,
    ),
    "sms.callbacks.staff_retry": Text(
        ky="{ref}: жооп жок ({attempts}/{max}). {date} {time} эскертебиз.",
        ru="{ref}: нет ответа ({attempts}/{max}). Напомним {date} {time}.",
        uz="{ref}: javob yo'q ({attempts}/{max}). {date} {time} eslatamiz.",
        example={"ref": "K-1234567", "attempts": 2, "max": 3, "date": "31.12", "time": "17:00"},
        max_segments=1,
    ),
    "sms.callbacks.staff_too_early": Text(
        ky="{ref}: эрте. Кийинки чалуу {date} {time} баштап, коопсуз убакта.",
        ru="{ref}: рано. Следующий звонок с {date} {time}, в удобное время.",
        uz="{ref}: erta. Keyingi qo'ng'iroq {date} {time} dan, qulay vaqtda.",
        example={"ref": "K-1234567", "date": "31.12", "time": "17:00"}, max_segments=1,
    ),
    "sms.callbacks.staff_closed": Text(
        ky="{ref}: {max} жолу жооп жок, өтүнмө жабылды.",
        ru="{ref}: {max} раза без ответа, заявка закрыта.",
        uz="{ref}: {max} marta javob yo'q, ariza yopildi.",
        example={"ref": "K-1234567", "max": 3}, max_segments=1,
    ),
    "sms.callbacks.staff_not_found": Text(
        ky="{ref}: мындай өтүнмө жок.", ru="{ref}: такой заявки нет.", uz="{ref}: bunday ariza yo'q.",
        example=REF, max_segments=1,
    ),
    "sms.callbacks.staff_already_closed": Text(
        ky="{ref} буга чейин жабылган.", ru="{ref} уже закрыта.", uz="{ref} allaqachon yopilgan.",
        example=REF, max_segments=1,
    ),
    "sms.callbacks.staff_not_yours": Text(
        ky="{ref} башка юристке берилген.", ru="{ref} назначена другому юристу.",
        uz="{ref} boshqa yuristga berilgan.", example=REF, max_segments=1,
    ),
    "sms.callbacks.staff_not_for_role": Text(
        # A social worker's DONE K5: callbacks are closed by their lawyer (or a coordinator).
        ky="{ref} юристтин өтүнмөсү, аны юрист жабат.", ru="{ref} - заявка юриста, её закрывает юрист.",
        uz="{ref} yuristning arizasi, uni yurist yopadi.", example=REF, max_segments=1,
    ),
    "sms.callbacks.staff_usage": Text(
        ky="DONE K123 же NOANSWER K123", ru="DONE K123 или NOANSWER K123", uz="DONE K123 yoki NOANSWER K123",
        max_segments=1,
    ),
    "callbacks.topic_name.family": Text(ky="үй-бүлө", ru="семья", uz="oila"),
    "callbacks.topic_name.property": Text(ky="мүлк, жер", ru="имущество, земля", uz="mulk, yer"),
    "callbacks.topic_name.documents": Text(ky="документтер", ru="документы", uz="hujjatlar"),
    "callbacks.topic_name.work": Text(ky="иш, миграция", ru="работа, миграция", uz="ish, migratsiya"),
    "callbacks.topic_name.other": Text(ky="башка", ru="другое", uz="boshqa"),
    "callbacks.topic_name.unknown": Text(ky="тема белгисиз", ru="тема не указана", uz="mavzu ko'rsatilmagan"),
    "callbacks.time_name.morning": Text(ky="эртең менен", ru="утром", uz="ertalab"),
    "callbacks.time_name.afternoon": Text(ky="түштөн кийин", ru="днём", uz="tushdan keyin"),
    "callbacks.time_name.evening": Text(ky="кечинде", ru="вечером", uz="kechqurun"),
    "callbacks.time_name.any": Text(ky="каалаган убакта", ru="в любое время", uz="istalgan vaqt"),
})
