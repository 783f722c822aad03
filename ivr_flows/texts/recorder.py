"""Texts of recording prompts by phone (hotline/prompts/phone.py): heard by staff only, in
Russian (they record Kyrgyz or Uzbek; the words to say come by SMS, in that language)."""
from ivr_flows.texts import Text, define

define({
    "voice.recorder.menu": Text(
        ky="-", uz="-",
        ru="Запись голосовых подсказок. Кыргызский язык: нажмите 1. Узбекский язык: нажмите 3.",
    ),
    "voice.recorder.next": Text(
        ky="{count} {what}", uz="{count} {what}",
        ru="Запись {count}: {what}. Слова пришли вам по SMS. Прочитайте их после сигнала и нажмите решётку.",
        example={"count": 3, "what": "подсказка, по-русски: Для русского языка нажмите 2."},
    ),
    # What the piece to record is (hotline/prompts/phone.py: describe), then its Russian words.
    "voice.recorder.kind.prompt": Text(ky="-", uz="-", ru="подсказка, по-русски:"),
    "voice.recorder.kind.phrase": Text(ky="-", uz="-", ru="часть подсказки; вся подсказка по-русски:"),
    "voice.recorder.kind.word": Text(ky="-", uz="-", ru="слово, по-русски:"),
    "voice.recorder.kind.place": Text(ky="-", uz="-", ru="название места, по-русски:"),
    "voice.recorder.kind.point": Text(ky="-", uz="-", ru="место встречи"),
    "voice.recorder.heard": Text(ky="-", uz="-", ru="Вы записали:"),
    "voice.recorder.choice": Text(
        ky="-", uz="-", ru="Оставить: нажмите 1. Записать снова: 2. Пропустить: 3.",
    ),
    "voice.recorder.kept": Text(ky="-", uz="-", ru="Сохранено."),
    "voice.recorder.not_kept": Text(ky="-", uz="-", ru="Не удалось сохранить, попробуйте ещё раз."),
    "voice.recorder.done": Text(ky="-", uz="-", ru="Все подсказки этого языка записаны. Спасибо."),
    # The words to record, to the staff member's phone (in the language being recorded).
    "sms.recorder.words": Text(
        ky="Жазуу {count}: {words}", ru="Запись {count}: {words}", uz="Yozuv {count}: {words}",
        example={"count": 3, "words": "Avtobus qachon kelishini bilish uchun 1 ni bosing. Yurist sizga "
                                      "qo'ng'iroq qilishi uchun 2 ni bosing."},
        max_segments=4,
    ),
})
