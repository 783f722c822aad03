"""Texts of urgent help. Resident-facing ones are neutral (DOMAIN.md, safety): no
service name, no word of violence, never the code word; a shared phone may be read."""
from ivr_flows.texts import Text, define

define({
    # The whole SMS answer to an urgent signal (HOTLINE_ALERT_REPLY=neutral).
    "sms.urgent_received": Text(
        ky="Кабыл алынды, рахмат.",
        ru="Получено, спасибо.",
        uz="Qabul qilindi, rahmat.",
        max_segments=1,
    ),
    "voice.urgent_connecting": Text(
        ky="Күтө туруңуз, сизди кезметчи адис менен байланыштырабыз.",
        ru="Подождите, соединяем вас с дежурным специалистом.",
        uz="Iltimos, kutib turing, sizni navbatchi mutaxassis bilan bog'laymiz.",
    ),
    "voice.urgent_callback": Text(
        ky="Сизге мүмкүн болушунча тез кайра чалышат. Сигналдан кийин кайда экениңизди айтып, "
           "торчо белгисин басыңыз.",
        ru="Вам перезвонят как можно скорее. После сигнала можете сказать, где вы находитесь, "
           "и нажать решётку.",
        uz="Sizga imkon qadar tez qo'ng'iroq qilishadi. Signaldan keyin qayerda ekaningizni aytib, "
           "panjara belgisini bosing.",
    ),
    "voice.urgent_recorded": Text(
        ky="Рахмат. Сизге кайра чалышат. Каалаган убакта кайра чалсаңыз болот.",
        ru="Спасибо. Вам перезвонят. Вы можете позвонить снова в любое время.",
        uz="Rahmat. Sizga qo'ng'iroq qilishadi. Istalgan vaqtda yana qo'ng'iroq qilishingiz mumkin.",
    ),
    # Heard by a social worker: the screen before a live call, and the alert call.
    "voice.alert_screen": Text(
        ky="Шашылыш чалуу. Кабыл алуу үчүн 1ди басыңыз.",
        ru="Срочный звонок. Нажмите 1, чтобы принять.",
        uz="Shoshilinch qo'ng'iroq. Qabul qilish uchun 1 ni bosing.",
    ),
    "voice.alert_connect": Text(
        ky="Туташтырып жатабыз.", ru="Соединяю.", uz="Ulayapmiz.",
    ),
    "voice.alert_call": Text(
        ky="Шашылыш сигнал бар. Кабыл алуу үчүн 1ди басыңыз. Телефон номери SMS менен келет.",
        ru="Срочный сигнал. Нажмите 1, чтобы принять его. Номер телефона придёт по SMS.",
        uz="Shoshilinch signal. Qabul qilish uchun 1 ni bosing. Telefon raqami SMS orqali keladi.",
    ),
    "voice.alert_accepted": Text(
        ky="Кабыл алынды. Номер SMS менен келет.",
        ru="Принято. Номер придёт по SMS.",
        uz="Qabul qilindi. Raqam SMS orqali keladi.",
    ),
    "voice.alert_already_taken": Text(
        ky="Бул сигналды башка кызматкер алды.",
        ru="Этот сигнал уже принят другим сотрудником.",
        uz="Bu signalni boshqa xodim qabul qildi.",
    ),
})
