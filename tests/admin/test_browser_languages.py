"""Every admin page, in Russian, Kyrgyz and Uzbek, in a real headless Chromium: no English word left.

The pages are found from the app's URL map (every GET route of the admin blueprint), so a
page added later is walked too, or the test says which example id it lacks. The data seeded
gives every enum value, timeline event and detail a place on some page.

What may stay Latin (ALLOWED, and nothing else): the staff's SMS commands, SMS, CSV and Twilio,
the seeded place and district names, the languages' own names and codes. Text marked
translate="no" is content, not the page's words: SMS bodies, the notice samples (each in its
own language), a staff member's written outcome, the switcher, prompt keys.
"""
from __future__ import annotations

import re
from datetime import timedelta

import pytest

from tests.admin.test_browser import ARGS, CHROMIUM, pytestmark  # noqa: F401  (skips without chromium)

PASSWORD = "correct-horse-9"
PEOPLE = {  # Cyrillic names: a name is no English word, and no allowance is needed for it
    "coordinator": ("Айгүл Асанова", "+996700100011"),
    "social_worker": ("Нурлан Токтогулов", "+996555100012"),
    "lawyer": ("Эрмек Садыков", "+996880100013"),
}
PLACES = (("1101", "Гүлчө", "Гульча", "Gulcho", "Alai"),
          ("1201", "Кара-Кулжа", "Кара-Кульджа", "Kara-Kulja", "Kara-Kulja"))
COMMANDS = {"ACK", "DONE", "PASS", "NOANSWER", "HERE", "LATE", "NEXT", "LEFT", "UNDO"}
ALLOWED = COMMANDS | {"SMS", "CSV", "Twilio", "wav", "mp3", "Oʻzbekcha"} | {
    word for place in PLACES for field in (place[3], place[4]) for word in re.split(r"[\s-]+", field)}
# Pages that are not HTML, or not a page: the rest are all walked.
NOT_PAGES = {"admin.static", "admin.set_language", "admin.schedule_export", "admin.alert_recording", "admin.index"}
# Common English words that no msgid needs to hold for the Uzbek check to catch them.
ENGLISH = {"the", "a", "an", "and", "or", "of", "to", "in", "on", "at", "by", "for", "with", "is", "are", "not",
           "no", "yes", "be", "this", "that", "from", "after", "before", "line", "none", "unknown", "min", "h", "d"}

# The text a reader sees: text nodes and the attributes read out, without translate="no" parts.
VISIBLE_TEXT = """() => {
  const skip = el => el.closest('[translate="no"], script, style, noscript');
  const out = [document.title];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (!skip(node.parentElement)) out.push(node.textContent);
  }
  for (const el of document.querySelectorAll('[title], [placeholder], [aria-label], input[type=submit]')) {
    if (skip(el)) continue;
    for (const name of ['title', 'placeholder', 'aria-label', 'value']) {
      if (el.getAttribute(name) && (name !== 'value' || el.type === 'submit')) out.push(el.getAttribute(name));
    }
  }
  return out.join('\\n');
}"""
WORD = re.compile(r"[^\W\d_]+(?:['ʻʼ’][^\W\d_]+)*")
KEY = re.compile(r"^[a-z]+(\.[a-z_]+)+$")  # a prompt key (voice.main_menu) in a select


def english_vocabulary() -> tuple[set[str], set[str]]:
    """Words of the English msgids, and words the Uzbek catalog itself uses (Latin script)."""
    from hotline.admin import catalogs

    def words(texts):
        return {w.lower() for text in texts for part in ([text] if isinstance(text, str) else text)
                for w in WORD.findall(part or "")}

    english = words(m.id for m in catalogs.read("en") if m.id) | words(m.context for m in catalogs.read("en")
                                                                       if m.context)
    uzbek = words(m.string for m in catalogs.read("uz") if m.id)
    return english | ENGLISH, uzbek


def words_left(text: str, lang: str, english: set[str], uzbek: set[str]) -> set[str]:
    found = set()
    for token in text.split():
        token = token.strip(".,:;()[]«»\"'!?·…–—/+=≈≤→#*")
        if not token or KEY.match(token) or any(ch.isdigit() for ch in token):
            continue  # codes (A17, K-17, 30005), masked numbers, times, prompt keys
        for word in WORD.findall(token):
            if word in ALLOWED or not re.search(r"[A-Za-z]", word):
                continue
            if lang != "uz" or (word.lower() in english and word.lower() not in uzbek):
                found.add(word)
    return found


@pytest.fixture
def world(db):
    """Staff, places, visits of every status, an alert with every kind of timeline event,
    callbacks of every topic and safe time, messages of every kind and status, a crew command."""
    from hotline.alerts.models import Alert
    from hotline.callbacks import service as callbacks
    from hotline.core.clock import now_utc
    from hotline.live.models import CrewEvent
    from hotline.messaging.models import OutboundMessage
    from hotline.schedule.models import Place, Visit
    from hotline.staff.models import Shift
    from hotline.staff.service import add_staff

    now = now_utc()
    staff = {role: add_staff(name, phone, role, "osh", password=PASSWORD) for role, (name, phone) in PEOPLE.items()}
    staff["coordinator"].on_bus_crew = True
    db.session.add(Shift(staff_id=staff["social_worker"].id, starts_at=now - timedelta(hours=1),
                         ends_at=now + timedelta(hours=8), backup=False))
    places = []
    for code, ky, ru, latin, district in PLACES:
        place = Place(code=code, name_ky=ky, name_ru=ru, name_latin=latin, aliases="", oblast="osh",
                      district=district, lat=40.31, lon=73.44)
        db.session.add(place)
        places.append(place)
    db.session.flush()
    visits = []
    for offset, status in enumerate(("planned", "delayed", "moved", "cancelled", "unplanned")):
        start = now + timedelta(hours=2 + 24 * (offset % 2), minutes=offset)
        visits.append(Visit(place_id=places[offset % 2].id, starts_at=start, ends_at=start + timedelta(hours=3),
                            meeting_point="Айыл өкмөтү", status=status, revision=0, notified_revision=0))
    db.session.add_all(visits)
    db.session.flush()
    db.session.add(CrewEvent(kind="late", staff_id=staff["coordinator"].id, phone=PEOPLE["coordinator"][1],
                             visit_id=visits[0].id, place_id=places[0].id, at=now - timedelta(minutes=5),
                             expected_at=now + timedelta(minutes=30), minutes=30))
    worker = staff["social_worker"]
    closed = Alert(phone="+996700111222", channel="sms", status="closed", created_at=now - timedelta(days=3),
                   last_signal_at=now - timedelta(days=3), taken_by_id=worker.id,
                   taken_at=now - timedelta(days=3) + timedelta(seconds=13), closed_at=now - timedelta(days=2),
                   outcome="Поговорили, всё хорошо", tier=2)
    db.session.add(closed)
    for kind, detail in (("created", "sms"), ("signal", "voice"), ("dialing", "live call to on-duty workers"),
                         ("dial_ended", "no-answer"), ("notified", "sms tier 1 round 1"),
                         ("notified", "sms tier 2 round 2 reminder"), ("notified", "call after failed sms"),
                         ("nobody", "round 3: no staff to notify"), ("escalated", "tier 1 -> 2"),
                         ("sms_failed", "code 30005"), ("call_failed", "code failed"), ("delivered", "sms"),
                         ("acknowledged", "after 13s"), ("recording", "12s"), ("recording", "?s"),
                         ("passed", ""), ("refused", "ACK: not on its roster"), ("number_sent", ""),
                         ("refused", "DONE: not on its roster; slowed"), ("admin", f"ack by {staff['coordinator'].name} for {worker.name}"),
                         ("closed", "Поговорили")):
        closed.log(kind, worker.id, detail)
    for status in ("open", "taken"):
        db.session.add(Alert(phone="+996700111333", channel="voice", status=status, created_at=now - timedelta(hours=3),
                             last_signal_at=now, taken_by_id=worker.id if status == "taken" else None))
    from hotline.alerts.models import AlertRefusal

    for minutes in (1, 2, 3):  # a phone slowed for guessing alert numbers: the alerts page lists it
        db.session.add(AlertRefusal(staff_id=staff["lawyer"].id, alert_id=None,
                                    created_at=now - timedelta(minutes=minutes)))
    topics = ("family", "property", "documents", "work", "other")
    times = ("morning", "afternoon", "evening", "any")
    for number, topic in enumerate(topics):
        request = callbacks.file_request(f"+99670022{number:04d}", channel="voice", language="ky",
                                         now=now - timedelta(days=number, hours=number))
        request.topic, request.safe_time, request.oblast = topic, times[number % 4], ("osh", "naryn")[number % 2]
        request.district = "Alai"
        if number == 1:
            request.status, request.lawyer_id = "assigned", staff["lawyer"].id
        if number >= 3:  # done: the figures' consultations
            request.status, request.closed_at = "done", now - timedelta(days=40 * (number - 2))
    kinds = (("sms", "reminder"), ("sms", "visit_change"), ("sms", "alert"), ("call", "alert"), ("reply", "reply"),
             ("sms", "staff"), ("sms", "callback"), ("sms", "visit_planned"), ("sms", "live"), ("sms", "alert_reply"))
    statuses = ("queued", "sending", "sent", "delivered", "undelivered", "failed")
    for number, (kind, purpose) in enumerate(kinds):
        status = statuses[number % len(statuses)]
        db.session.add(OutboundMessage(kind=kind, to_phone="+996700111222", body="Автобус келет", purpose=purpose,
                                       status=status, segments=1,
                                       error_code="30005" if status == "undelivered" else None))
    db.session.commit()
    return {"alert_id": closed.id, "visit_id": visits[1].id, "place_id": places[0].id}


def admin_pages(app, examples: dict) -> list[str]:
    """Every GET page of the admin blueprint, its ids filled from the seeded examples."""
    urls = []
    for rule in app.url_map.iter_rules():
        if not rule.endpoint.startswith("admin.") or rule.endpoint in NOT_PAGES or "GET" not in rule.methods:
            continue
        missing = set(rule.arguments) - set(examples)
        assert not missing, f"{rule.rule}: add an example value for {missing} to the test's world fixture"
        url = rule.rule
        for name in rule.arguments:
            url = re.sub(rf"<(?:\w+:)?{name}>", str(examples[name]), url)
        urls.append(url)
    return sorted(set(urls)) + ["/admin/schedule?view=district"]


def check(page, lang: str, what: str, vocabulary, report: list) -> None:
    """Adds the page's English words to the report (all pages are seen before the test fails)."""
    page.wait_for_load_state("domcontentloaded")
    left = words_left(page.evaluate(VISIBLE_TEXT), lang, *vocabulary)
    if left:
        report.append(f"{lang} {what}: English left: {sorted(left)}")


@pytest.fixture
def browser_page(live_server):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        context = chromium.new_context(viewport={"width": 1280, "height": 900})
        tab = context.new_page()
        tab.set_default_timeout(15000)
        tab.base = live_server
        yield tab
        chromium.close()


@pytest.mark.parametrize("lang", ["ru", "ky", "uz"])
def test_every_admin_page_is_in_the_chosen_language(browser_page, app, world, lang, tmp_path):
    page, vocabulary, report = browser_page, english_vocabulary(), []
    page.goto(page.base + f"/admin/lang/{lang}?next=/admin/login")
    assert page.locator("html").get_attribute("lang") == lang
    check(page, lang, "/admin/login", vocabulary, report)
    page.fill("#phone", PEOPLE["coordinator"][1])
    page.fill("#password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url("**/admin/")
    pages = admin_pages(app, world)
    assert len(pages) >= 14, pages  # the walk found the pages (login aside)
    for url in pages:
        response = page.goto(page.base + url)
        assert response.status == 200, f"{url}: {response.status}"
        check(page, lang, url, vocabulary, report)
    page.goto(page.base + "/admin/alerts")
    assert page.locator("#slowed tr").count() == 2  # the slowed phone was on the page checked above
    # A change's notice preview (a POST), and a 403 page, as a lawyer sees it.
    page.goto(page.base + f"/admin/schedule/{world['visit_id']}/change?kind=delayed")
    page.fill("input[name=minutes]", "30")
    page.click("#preview")
    page.wait_for_selector("#notice-preview")
    check(page, lang, "notice preview", vocabulary, report)
    # The importer's errors and summary, as the page shows them.
    for name, rows in (("bad", ("7777,2030-01-01,10:00,12:00,Мектеп", "1101,2030-13-01,10:00,12:00,Мектеп",
                                "1101,2030-01-02,10,12:00,Мектеп", "1101,2030-01-03,10:00,12:00,",
                                "1101,2030-01-04,10:00,12:00,Клуб", "1101,2030-01-04,10:00,12:00,Клуб", "1101")),
                       ("good", ("1101,2030-01-05,10:00,12:00,Мектеп", "1201,2030-01-06,10:00,12:00,Клуб"))):
        csv_file = tmp_path / f"{name}-{lang}.csv"
        csv_file.write_text("place_code,date,start,end,meeting_point\n" + "\n".join(rows) + "\n", encoding="utf-8")
        page.goto(page.base + "/admin/schedule")
        page.set_input_files("#csv-file", str(csv_file))
        page.click("#import")
        page.wait_for_selector("#import-errors" if name == "bad" else ".flash")
        if name == "bad":
            assert page.locator("#import-errors li").count() == 6  # one per bad line: each read in the language
        check(page, lang, f"schedule import ({name} file)", vocabulary, report)
    page.click("#logout")
    page.wait_for_url("**/admin/login")
    page.fill("#phone", PEOPLE["lawyer"][1])
    page.fill("#password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url("**/admin/")
    check(page, lang, "the lawyer's dashboard", vocabulary, report)
    for url in ("/admin/callbacks", "/admin/schedule"):
        page.goto(page.base + url)
        check(page, lang, f"{url} (lawyer)", vocabulary, report)
    assert not report, "\n".join(report)


def test_the_check_sees_an_english_word(app):
    """The detector itself: a raw status, an untranslated phrase, an English word in Uzbek."""
    vocabulary = english_vocabulary()
    assert words_left("Статус: taken", "ru", *vocabulary) == {"taken"}
    assert words_left("Holati: taken · Signal A17 · SMS · ACK 17", "uz", *vocabulary) == {"taken"}
    assert words_left("Тревога A17 · K-17 · +996***56 · Gulcho · voice.main_menu", "ky", *vocabulary) == set()
