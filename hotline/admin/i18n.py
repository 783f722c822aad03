"""A small dictionary i18n: English is the key, Russian and Kyrgyz are looked up.

The language is chosen with the switcher (kept in the session), else the staff
member's own language, else Russian. A missing translation shows the English.
"""
from __future__ import annotations

from flask import session
from flask_login import current_user

LANGUAGES = {"ru": "Русский", "ky": "Кыргызча", "en": "English"}
DEFAULT = "ru"

# English -> (Russian, Kyrgyz)
T: dict[str, tuple[str, str]] = {
    "Hotline admin": ("Горячая линия: управление", "Ишеним линиясы: башкаруу"),
    "Log in": ("Войти", "Кирүү"),
    "Log out": ("Выйти", "Чыгуу"),
    "Phone number": ("Номер телефона", "Телефон номери"),
    "Password": ("Пароль", "Сырсөз"),
    "Wrong phone number or password.": ("Неверный номер или пароль.", "Номер же сырсөз туура эмес."),
    "Too many attempts. Try again in 15 minutes.": (
        "Слишком много попыток. Попробуйте через 15 минут.", "Аракет өтө көп. 15 мүнөттөн кийин кайталаңыз."),
    "Please log in.": ("Пожалуйста, войдите.", "Сураныч, кириңиз."),
    "Dashboard": ("Сводка", "Жалпы абал"),
    "Schedule": ("Расписание", "График"),
    "Places": ("Сёла", "Айылдар"),
    "Staff": ("Сотрудники", "Кызматкерлер"),
    "Callbacks": ("Обратные звонки", "Кайра чалуулар"),
    "Alerts": ("Тревоги", "Шашылыш сигналдар"),
    "Messages": ("Сообщения", "Билдирүүлөр"),
    "Figures": ("Цифры", "Көрсөткүчтөр"),
    "Voice prompts": ("Голосовые подсказки", "Үн жазуулары"),
    "Simulator": ("Симулятор", "Симулятор"),
    "not available": ("недоступно", "жеткиликсиз"),
    "This section is not available yet.": ("Этот раздел пока недоступен.", "Бул бөлүм азырынча жок."),
    "Open alerts": ("Открытые тревоги", "Ачык сигналдар"),
    "Callback queue": ("Очередь звонков", "Чалуулар кезеги"),
    "Bus stops today and tomorrow": ("Остановки автобуса сегодня и завтра", "Автобус бүгүн жана эртең"),
    "Failed messages": ("Недоставленные сообщения", "Жеткирилбеген билдирүүлөр"),
    "Nothing here.": ("Пусто.", "Эч нерсе жок."),
    "Age": ("Возраст", "Мөөнөтү"),
    "Taken by": ("Взял(а)", "Алган"),
    "nobody": ("никто", "эч ким"),
    "overdue": ("просрочено", "мөөнөтү өттү"),
    "urgent": ("срочно", "шашылыш"),
    "Today": ("Сегодня", "Бүгүн"),
    "Tomorrow": ("Завтра", "Эртең"),
    "Date": ("Дата", "Күнү"),
    "Time": ("Время", "Убакыт"),
    "Place": ("Место", "Жер"),
    "District": ("Район", "Район"),
    "Oblast": ("Область", "Облус"),
    "Meeting point": ("Место встречи", "Жолугуу жери"),
    "Status": ("Статус", "Абалы"),
    "Start": ("Начало", "Башталышы"),
    "End": ("Конец", "Аягы"),
    "Save": ("Сохранить", "Сактоо"),
    "New visit": ("Новый визит", "Жаңы сапар"),
    "Edit": ("Изменить", "Өзгөртүү"),
    "Delay": ("Задержать", "Кечиктирүү"),
    "Move": ("Перенести", "Жылдыруу"),
    "Cancel visit": ("Отменить визит", "Сапарды жокко чыгаруу"),
    "Minutes": ("Минуты", "Мүнөт"),
    "Preview notice": ("Предпросмотр уведомления", "Билдирүүнү алдын ала көрүү"),
    "Send the change": ("Отправить изменение", "Өзгөртүүнү жөнөтүү"),
    "This notice reaches {people} people and costs {segments} SMS segments (about {cost} som).": (
        "Уведомление получат {people} чел.; это {segments} SMS-сегментов (около {cost} сом).",
        "Билдирүүнү {people} адам алат; {segments} SMS-сегмент (болжол менен {cost} сом)."),
    "Import CSV": ("Импорт CSV", "CSV жүктөө"),
    "Export CSV": ("Экспорт CSV", "CSV алуу"),
    "File": ("Файл", "Файл"),
    "Import": ("Импортировать", "Жүктөө"),
    "Nothing was imported:": ("Ничего не импортировано:", "Эч нерсе жүктөлгөн жок:"),
    "By date": ("По датам", "Күн боюнча"),
    "By district": ("По районам", "Район боюнча"),
    "All districts": ("Все районы", "Бардык райондор"),
    "Code": ("Код", "Код"),
    "Name": ("Название", "Аталышы"),
    "Aliases": ("Варианты", "Башка аттары"),
    "Coordinates": ("Координаты", "Координаттар"),
    "Role": ("Роль", "Ролу"),
    "On duty now": ("Сейчас на дежурстве", "Азыр кезметте"),
    "Shifts": ("Смены", "Кезметтер"),
    "Add shift": ("Добавить смену", "Кезмет кошуу"),
    "Backup": ("Резерв", "Резерв"),
    "Staff member": ("Сотрудник", "Кызматкер"),
    "coordinator": ("координатор", "координатор"),
    "social_worker": ("соцработник", "социалдык кызматкер"),
    "lawyer": ("юрист", "юрист"),
    "Reference": ("Номер", "Номери"),
    "Phone": ("Телефон", "Телефон"),
    "Topic": ("Тема", "Темасы"),
    "Safe time": ("Безопасное время", "Коопсуз убакыт"),
    "Lawyer": ("Юрист", "Юрист"),
    "Assign": ("Назначить", "Дайындоо"),
    "Outcome": ("Итог", "Жыйынтык"),
    "Record outcome": ("Записать итог", "Жыйынтыкты жазуу"),
    "done": ("выполнено", "аткарылды"),
    "no answer": ("не ответил(а)", "жооп берген жок"),
    "unreachable": ("недоступен", "байланыш жок"),
    "Timeline": ("Хронология", "Окуялар"),
    "Acknowledge": ("Принять", "Кабыл алуу"),
    "Close": ("Закрыть", "Жабуу"),
    "On behalf of": ("От имени", "Атынан"),
    "Alert": ("Тревога", "Сигнал"),
    "Recent closed alerts": ("Недавно закрытые", "Жакында жабылгандар"),
    "To": ("Кому", "Кимге"),
    "Kind": ("Вид", "Түрү"),
    "Purpose": ("Назначение", "Максаты"),
    "Segments": ("Сегменты", "Сегменттер"),
    "Cost, som": ("Стоимость, сом", "Баасы, сом"),
    "Error": ("Ошибка", "Ката"),
    "Total": ("Итого", "Бардыгы"),
    "All": ("Все", "Баары"),
    "Consultations by oblast": ("Консультации по областям", "Облустар боюнча консультациялар"),
    "Consultations by district": ("Консультации по районам", "Райондор боюнча консультациялар"),
    "Consultations by topic": ("Консультации по темам", "Темалар боюнча консультациялар"),
    "Consultations by month": ("Консультации по месяцам", "Айлар боюнча консультациялар"),
    "Alerts by month": ("Тревоги по месяцам", "Айлар боюнча сигналдар"),
    "Median time to acknowledge": ("Медиана времени до принятия", "Кабыл алуунун медианалык убактысы"),
    "SMS segments per day": ("SMS-сегменты по дням", "Күн сайын SMS-сегменттер"),
    "Language": ("Язык", "Тил"),
    "Prompt": ("Подсказка", "Жазуу"),
    "missing": ("нет записи", "жазуу жок"),
    "Upload a recording": ("Загрузить запись", "Жазуу жүктөө"),
    "Upload": ("Загрузить", "Жүктөө"),
    "Missing recordings": ("Нет записей", "Жазуусу жок"),
    "Phone simulator": ("Симулятор телефона", "Телефон симулятору"),
    "Send SMS": ("Отправить SMS", "SMS жөнөтүү"),
    "Call the hotline": ("Позвонить на линию", "Линияга чалуу"),
    "Hang up": ("Положить трубку", "Трубканы коюу"),
    "Press": ("Нажать", "Басуу"),
    "Text": ("Текст", "Текст"),
    "Queued SMS to this phone": ("SMS в очереди на этот номер", "Бул номерге кезектеги SMS"),
    "Call": ("Звонок", "Чалуу"),
    "The call has ended.": ("Звонок завершён.", "Чалуу бүттү."),
    "Saved.": ("Сохранено.", "Сакталды."),
    "Forbidden": ("Доступ запрещён", "Кирүүгө тыюу салынган"),
    "Change": ("Изменить", "Өзгөртүү"),
    "Apply": ("Применить", "Колдонуу"),
    "Correct without notice": ("Исправить без уведомления", "Билдирбей оңдоо"),
    "in": ("через", "кийин"),
}


def current_language() -> str:
    lang = session.get("lang")
    if lang in LANGUAGES:
        return lang
    own = getattr(current_user, "language", None) if current_user and current_user.is_authenticated else None
    return own if own in LANGUAGES else DEFAULT


def translate(text: str, **params) -> str:
    lang = current_language()
    pair = T.get(text)
    if pair is not None and lang != "en":
        text = pair[0] if lang == "ru" else pair[1]
    return text.format(**params) if params else text
