"""Texts of the foundation: the short menu, languages, STOP/START, errors."""
from ivr_flows.texts import Text, define

define({
    "sms.short_menu": Text(
        ky="1 - автобус качан келет, 2 - юрист чалсын, 9 - шашылыш жардам",
        ru="1 - когда автобус, 2 - звонок юриста, 9 - срочная помощь",
        uz="1 - avtobus qachon keladi, 2 - yurist qo'ng'irog'i, 9 - shoshilinch yordam",
        max_segments=1,
    ),
    "sms.stopped": Text(
        ky="Билдирүүлөр токтотулду. Кайра алуу үчүн START деп жазыңыз.",
        ru="Рассылка остановлена. Чтобы возобновить, отправьте START.",
        uz="Xabarlar to'xtatildi. Qayta olish uchun START yuboring.",
        max_segments=1,
    ),
    "sms.started": Text(
        ky="Билдирүүлөр кайра күйгүзүлдү.",
        ru="Рассылка возобновлена.",
        uz="Xabarlar qayta yoqildi.",
        max_segments=1,
    ),
    "sms.language_set": Text(
        ky="Тил: кыргызча.", ru="Язык: русский.", uz="Til: o'zbekcha.", max_segments=1,
    ),
    "invalid_choice": Text(
        ky="Мындай тандоо жок.", ru="Нет такого варианта.", uz="Bunday tanlov yo'q.",
        max_segments=1,
    ),
    "voice.invalid_choice": Text(  # the same words, recorded (a voice key is played)
        ky="Мындай тандоо жок.", ru="Нет такого варианта.", uz="Bunday tanlov yo'q.",
    ),
    "voice.choose_language": Text(
        ky="Кыргыз тили үчүн 1ди басыңыз.",
        ru="Для русского языка нажмите 2.",
        uz="O'zbek tili uchun 3 ni bosing.",
    ),
    "voice.main_menu": Text(
        ky="Автобус качан келерин билүү үчүн 1ди басыңыз. Юрист сизге кайра чалышы үчүн 2ни "
           "басыңыз. Шашылыш жардам үчүн 9ду басыңыз. Кайталоо үчүн 0дү басыңыз.",
        ru="Чтобы узнать, когда приедет автобус, нажмите 1. Чтобы юрист вам перезвонил, "
           "нажмите 2. Срочная помощь - нажмите 9. Повторить - нажмите 0.",
        uz="Avtobus qachon kelishini bilish uchun 1 ni bosing. Yurist sizga qo'ng'iroq qilishi "
           "uchun 2 ni bosing. Shoshilinch yordam uchun 9 ni bosing. Takrorlash uchun 0 ni bosing.",
    ),
    "voice.no_input": Text(
        ky="Эч нерсе басылган жок.", ru="Вы ничего не нажали.", uz="Hech narsa bosilmadi.",
    ),
    "voice.goodbye": Text(
        ky="Чалганыңыз үчүн рахмат. Каалаган убакта кайра чалсаңыз болот.",
        ru="Спасибо за звонок. Вы можете позвонить снова в любое время.",
        uz="Qo'ng'iroq uchun rahmat. Istalgan vaqtda yana qo'ng'iroq qilishingiz mumkin.",
    ),
    "voice.urgent_placeholder": Text(
        ky="Сизге жакын арада чалышат.",
        ru="Вам скоро перезвонят.",
        uz="Sizga tez orada qo'ng'iroq qilishadi.",
    ),
})
