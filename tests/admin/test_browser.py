"""End to end in a real headless Chromium (Debian's /usr/bin/chromium driven by playwright):
log in, see an alert raised by a signed SMS webhook, acknowledge it, import a schedule CSV,
use the phone simulator; screenshots of the main pages (see SHOTS)."""
from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest

from tests.admin.conftest import PASSWORD, PEOPLE

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--disable-quic", "--no-first-run"]
# Screenshots go to a scratch folder unless asked for (a test run must not rewrite
# tracked files): HOTLINE_SCREENSHOT_DIR=docs/screenshots ./scripts/test tests/admin/test_browser.py
SHOTS = Path(os.environ.get("HOTLINE_SCREENSHOT_DIR") or tempfile.mkdtemp(prefix="hotline-shots-"))
RESIDENT = "+996700111222"

pytestmark = [pytest.mark.browser,
              pytest.mark.skipif(not os.path.exists(CHROMIUM), reason="no /usr/bin/chromium")]


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="ru-RU")
    tab = context.new_page()
    tab.set_default_timeout(15000)
    tab.base = live_server
    # Our Content-Security-Policy runs only our own files: any inline script or style left
    # in a template is refused by the browser, which says so on the console.
    refused = []
    tab.on("console", lambda message: refused.append(message.text)
           if "Content Security Policy" in message.text else None)
    yield tab
    context.close()
    assert refused == []


def log_in(page, role: str = "coordinator"):
    page.goto(page.base + "/admin/")
    assert "/admin/login" in page.url  # the anonymous are sent to the login
    page.fill("#phone", PEOPLE[role][1])
    page.fill("#password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url("**/admin/")


def shot(page, name: str, width: int = 1280):
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.set_viewport_size({"width": width, "height": 900})
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


@pytest.fixture
def gulcha(db):
    """Two places (the schedule's importer matches visits to them by code)."""
    from hotline.schedule.models import Place

    for code, ky, ru, latin, district in (("1101", "Гүлчө", "Гульча", "Gulcho", "Alai"),
                                          ("1201", "Кара-Кулжа", "Кара-Кульджа", "Kara-Kulja", "Kara-Kulja")):
        db.session.add(Place(code=code, name_ky=ky, name_ru=ru, name_latin=latin, aliases="",
                             oblast="osh", district=district, lat=40.31, lon=73.44))
    db.session.commit()


def _busy_day(db):
    """A visit today and tomorrow, an overdue callback and a failed SMS: a dashboard worth a screenshot."""
    from datetime import datetime, timedelta

    from hotline.callbacks import service as callbacks
    from hotline.core.clock import local_to_utc, now_utc
    from hotline.messaging.models import OutboundMessage
    from hotline.schedule.models import Place, Visit

    today = _local_today()
    for offset, code, point in ((0, "1101", "Айыл өкмөтү"), (1, "1201", "Мектеп")):
        place = db.session.query(Place).filter_by(code=code).one()
        start = local_to_utc(datetime.combine(today + timedelta(days=offset), datetime.min.time()) + timedelta(hours=10))
        db.session.add(Visit(place_id=place.id, starts_at=start, ends_at=start + timedelta(hours=3),
                             meeting_point=point, status="planned", revision=0, notified_revision=0))
    old = callbacks.file_request("+996700222333", channel="voice", language="ky", now=now_utc() - timedelta(days=3))
    old.topic, old.safe_time, old.oblast = "property", "evening", "osh"
    fresh = callbacks.file_request("+996700222444", channel="sms", language="ru", now=now_utc() - timedelta(hours=2))
    fresh.topic, fresh.safe_time = "family", "morning"
    db.session.add(OutboundMessage(to_phone="+996555444333", body="x", purpose="reminder", status="undelivered",
                                   error_code="30005", segments=2))
    db.session.commit()


def test_alert_from_a_signed_sms_is_seen_and_acknowledged(page, staff, twilio, db, gulcha):
    _busy_day(db)
    log_in(page)
    assert twilio.sms(RESIDENT, "SOS").status == 200  # a real signed webhook raises it
    db.session.rollback()
    page.goto(page.base + "/admin/")
    alert_link = page.locator("#open-alerts a").first
    code = alert_link.inner_text()
    assert code.startswith("A")
    shot(page, "dashboard")
    shot(page, "dashboard-360", width=360)
    page.set_viewport_size({"width": 1280, "height": 900})
    alert_link.click()
    assert RESIDENT not in page.content()  # masked: the coordinator did not take it
    page.locator("form:has(#ack) select").select_option(str(staff["social_worker"]))
    page.click("#ack")
    page.wait_for_selector("td:text-is('принята')")  # the timeline's "acknowledged", in Russian
    assert "принята" in page.locator("h1").inner_text()  # the alert's status: taken
    shot(page, "alert")
    page.goto(page.base + "/admin/lang/en?next=/admin/alerts")
    assert "Open alerts" in page.content()


def _local_today():
    from datetime import datetime
    from zoneinfo import ZoneInfo

    return datetime.now(ZoneInfo(os.environ.get("HOTLINE_TIMEZONE", "Asia/Bishkek"))).date()


def test_import_a_schedule_csv(page, staff, gulcha, tmp_path):
    from datetime import timedelta

    log_in(page)
    page.goto(page.base + "/admin/schedule")
    bad = tmp_path / "bad.csv"
    bad.write_text("place_code,date,start,end,meeting_point\n7777,2030-01-01,10:00,12:00,X\n", encoding="utf-8")
    page.set_input_files("#csv-file", str(bad))
    page.click("#import")
    assert "строка 2" in page.locator("#import-errors").inner_text()  # the importer's "line 2", in Russian
    page.goto(page.base + "/admin/schedule")
    today = _local_today()
    rows = ["place_code,date,start,end,meeting_point"]
    for offset, code, point in ((0, "1101", "Айыл өкмөтү"), (1, "1201", "Мектеп"), (3, "1101", "Клуб")):
        rows.append(f"{code},{(today + timedelta(days=offset)).isoformat()},10:00,13:00,{point}")
    good = tmp_path / "schedule.csv"
    good.write_text("\n".join(rows) + "\n", encoding="utf-8")
    page.set_input_files("#csv-file", str(good))
    page.click("#import")
    page.wait_for_url("**/admin/schedule")
    assert "3" in page.locator(".flash").inner_text()
    assert page.locator("text=Мектеп").count() == 1
    shot(page, "schedule")
    page.select_option("select[name=district]", "Kara-Kulja")  # sends its form (admin.js)
    page.wait_for_url("**district=Kara-Kulja**")
    assert page.locator("text=Мектеп").count() == 1 and page.locator("text=Клуб").count() == 0
    page.goto(page.base + "/admin/")
    assert page.locator("#bus-stops tr").count() == 3  # header + today + tomorrow
    page.goto(page.base + "/admin/places")
    shot(page, "places")


def test_simulator_help_gets_the_short_menu_and_a_call_walks_the_ivr(page, staff):
    log_in(page)
    page.goto(page.base + "/admin/simulator")
    page.fill("#sms-body", "HELP")
    page.click("#send-sms")
    page.wait_for_selector("#thread .bubble.out")
    reply = page.locator("#thread .bubble.out").last.inner_text()
    assert "1 -" in reply and "9 -" in reply  # the short menu: 1 bus, 2 lawyer, 9 urgent
    page.click("#start-call")
    page.wait_for_selector("#keypad")
    before = page.locator("#call-log .bubble.out").count()
    page.click("#keypad button[value='2']")  # Russian
    page.wait_for_selector("text=☎ 2")
    assert page.locator("#call-log .bubble.out").count() > before
    shot(page, "simulator")
    shot(page, "simulator-360", width=360)


def _history(db):
    """Some months of done callbacks, alerts and SMS, so the figures have something to draw."""
    import random
    from datetime import timedelta

    from hotline.alerts.models import Alert
    from hotline.callbacks.models import CallbackRequest
    from hotline.core.clock import now_utc
    from hotline.messaging.models import OutboundMessage

    rng = random.Random(6)
    now = now_utc()
    places = [("osh", "Alai"), ("osh", "Nookat"), ("osh", "Kara-Suu"), ("naryn", "At-Bashy"), ("naryn", "Kochkor")]
    for number in range(60):
        oblast, district = rng.choice(places)
        created = now - timedelta(days=rng.randint(1, 150), hours=rng.randint(0, 12))
        db.session.add(CallbackRequest(phone=f"+99670030{number:04d}", channel="voice", language="ky", status="done",
                                       topic=rng.choice(("family", "family", "property", "documents", "work", "other")),
                                       oblast=oblast, district=district, created_at=created, updated_at=created,
                                       closed_at=created + timedelta(hours=rng.randint(2, 40))))
    for number in range(9):
        created = now - timedelta(days=rng.randint(1, 120))
        db.session.add(Alert(phone="", channel="sms", status="closed", created_at=created, last_signal_at=created,
                             taken_at=created + timedelta(seconds=rng.randint(40, 600)), closed_at=created))
    for number in range(80):
        db.session.add(OutboundMessage(to_phone="+996700400400", body="x", purpose="reminder", status="delivered",
                                       segments=rng.choice((1, 1, 2)), created_at=now - timedelta(days=rng.randint(0, 9))))
    db.session.commit()


def test_other_pages_render_for_screenshots(page, staff, db):
    _history(db)
    log_in(page)
    for name in ("figures", "prompts", "staff", "messages", "callbacks"):
        page.goto(page.base + f"/admin/{name}")
        assert page.locator("h1").count() == 1
        shot(page, name)
    page.goto(page.base + "/admin/login")
    page.click("#logout")
    page.wait_for_url("**/admin/login")
    shot(page, "login", width=360)


# --- every page at 360 px ---

# GET routes that are no page: files, redirects, audio.
NOT_PAGES = {"admin.static", "admin.set_language", "admin.alert_recording", "admin.schedule_export",
             "admin.index"}
# In the browser: what sticks out of a 360-px screen without a scrolling box around it, and
# every scrolling box whose content overflows but shows no sign of it (the scroll shadow).
SMALL_SCREEN_PROBLEMS = """() => {
  const width = document.documentElement.clientWidth, problems = [];
  const name = el => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') +
    (el.className && typeof el.className === 'string' ? '.' + el.className.split(' ').join('.') : '');
  const scrolls = el => ['auto', 'scroll'].includes(getComputedStyle(el).overflowX);
  if (document.documentElement.scrollWidth > width) problems.push('the page scrolls sideways');
  for (const el of document.querySelectorAll('body *')) {
    const box = el.getBoundingClientRect();
    if (box.width === 0 || box.right <= width + 1) continue;
    let parent = el.parentElement;
    while (parent && parent !== document.body && !scrolls(parent)) parent = parent.parentElement;
    if (!parent || parent === document.body) problems.push('cut off: ' + name(el));
  }
  for (const el of document.querySelectorAll('body *')) {
    if (scrolls(el) && el.scrollWidth > el.clientWidth + 1 &&
        !getComputedStyle(el).backgroundImage.includes('gradient')) problems.push('scrolls unseen: ' + name(el));
  }
  return [...new Set(problems)];
}"""


def _every_page(db, app, twilio, staff):
    """One URL per admin page, its ids from real rows; a page this cannot fill fails the test."""
    from datetime import datetime, timedelta

    from hotline.alerts.models import Alert
    from hotline.callbacks import service as callbacks
    from hotline.core.clock import local_to_utc, now_utc
    from hotline.messaging.models import OutboundMessage
    from hotline.schedule.models import Place, Visit
    from hotline.staff.service import add_staff

    add_staff("Гүлнара Абдыкадырова-Исмаилова", "+996555123456", "social_worker", "naryn")
    place = Place(code="1101", name_ky="Гүлчө", name_ru="Гульча", name_latin="Gulcho", aliases="Gulcha",
                  oblast="osh", district="Alai", lat=40.31, lon=73.44)
    db.session.add(place)
    db.session.flush()
    start = local_to_utc(datetime.combine(_local_today(), datetime.min.time()) + timedelta(hours=10))
    visit = Visit(place_id=place.id, starts_at=start, ends_at=start + timedelta(hours=3),
                  meeting_point="Айыл өкмөтүнүн алдындагы аянт, мектептин жанында", status="planned",
                  revision=0, notified_revision=0)
    db.session.add(visit)
    request = callbacks.file_request("+996700222333", channel="voice", language="ky",
                                     now=now_utc() - timedelta(days=3), topic="property", safe_time="evening")
    request.place_text = "Кара-Кулжа району, Алайкуу айылы"
    db.session.add(OutboundMessage(to_phone="+996555444333", purpose="reminder", status="undelivered",
                                   error_code="30005", segments=2,
                                   body="Гүлчө: 30.11 09:30-12:00, айыл өкмөтүнүн алдындагы аянт. 1 - эскертүү"))
    db.session.commit()
    twilio.sms(RESIDENT, "SOS")
    db.session.rollback()
    alert = db.session.scalars(select_alerts(Alert)).first()
    ids = {"alert_id": alert.id, "visit_id": visit.id, "place_id": place.id, "key": "sms.bus.subscribed"}
    urls = {}
    for rule in app.url_map.iter_rules():
        if not rule.rule.startswith("/admin") or "GET" not in rule.methods or rule.endpoint in NOT_PAGES:
            continue
        urls[rule.rule] = rule.build({name: ids[name] for name in rule.arguments})[1]
    return urls


def select_alerts(model):
    from sqlalchemy import select

    return select(model).order_by(model.id)


def test_every_page_fits_360_px_or_scrolls_visibly(page, staff, db, app, twilio):
    urls = _every_page(db, app, twilio, staff)
    assert len(urls) >= 14  # every page, new ones included: the url map is the list
    page.set_viewport_size({"width": 360, "height": 740})
    page.goto(page.base + "/admin/login")
    assert page.evaluate(SMALL_SCREEN_PROBLEMS) == []
    log_in(page)
    problems = {}
    for rule, url in sorted(urls.items()):
        page.goto(page.base + url)
        found = page.evaluate(SMALL_SCREEN_PROBLEMS)
        if found:
            problems[rule] = found
    assert problems == {}, problems
