"""The texts page in a real headless Chromium, under a strict Content-Security-Policy (no
inline script): the segment count and the preview follow the typing; save; back to shipped."""
from __future__ import annotations

import os

import pytest

from tests.admin.test_browser import ARGS, CHROMIUM, log_in
from ivr_flows import texts

pytestmark = [pytest.mark.browser,
              pytest.mark.skipif(not os.path.exists(CHROMIUM), reason="no /usr/bin/chromium")]
CSP = "script-src 'self'"  # (inline styles of base.html are the CSP helper's to move)
KEY = "sms.bus.next"
CATALOG = texts.load_all()


@pytest.fixture
def page(live_server, staff):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="ru-RU")
        tab = context.new_page()
        tab.set_default_timeout(15000)
        tab.base = live_server
        tab.refused = []
        tab.on("console", lambda message: tab.refused.append(message.text)
               if "Content Security Policy" in message.text else None)

        def strict(route):  # every admin page served as it will be once the CSP is on
            response = route.fetch(max_redirects=0)  # the browser follows redirects itself
            route.fulfill(response=response, headers={**response.headers, "content-security-policy": CSP})

        tab.route("**/admin/**", strict)
        yield tab
        browser.close()


def test_the_count_and_preview_follow_the_typing_and_an_edit_is_saved_and_undone(page, db):
    log_in(page)
    page.goto(page.base + f"/admin/texts/{KEY}")
    russian = page.locator('.text-block[data-lang="ru"]')
    counter = russian.locator(".segments")
    assert counter.inner_text().startswith("1 / 1 SMS")
    assert russian.locator(".preview").inner_text() == CATALOG[KEY].ru.format(**CATALOG[KEY].example)

    area = russian.locator("textarea")
    area.fill("{place}: {date} {start}-{end}, {point}. 1 - напомнить. Автобус приедет, приходите с документами!")
    assert counter.inner_text().startswith("2 / 1 SMS") and "bad" in counter.get_attribute("class")
    assert russian.locator(".preview").inner_text().startswith("Daroot-Korgon: 12.06 09:30-12:00, aiyl okmotu.")

    latin = page.locator('.text-block[data-lang="uz"] .segments')
    assert "GSM-7" in latin.inner_text()
    page.locator('.text-block[data-lang="uz"] textarea').fill("{place}: {date} {start}-{end}, {point}. 1 — eslatma")
    assert "UCS-2" in latin.inner_text()  # the dash is outside GSM-7: the coordinator sees it before saving

    area.fill("{place}: {date} {start}-{end}, {point}. 1 - напоминание")
    assert counter.inner_text().startswith("1 / 1 SMS") and "ok" in counter.get_attribute("class")
    russian.locator("button[type=submit]").first.click()
    page.wait_for_selector(".flash")
    assert texts.render("bus.next", "ru", "sms", **CATALOG[KEY].example).endswith("1 - напоминание")
    assert "Айгүл Coordinator" in page.locator('.text-block[data-lang="ru"] .changed').inner_text()

    page.locator('.text-block[data-lang="ru"] summary').click()
    page.locator('.text-block[data-lang="ru"] button.revert').click()
    page.wait_for_selector(".flash")
    db.session.rollback()
    assert texts.render("bus.next", "ru", "sms", **CATALOG[KEY].example).endswith("1 - напомнить")
    assert page.refused == []  # nothing on the page needed an inline script
