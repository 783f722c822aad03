"""Recording a prompt with the microphone on the prompts page, in a real headless Chromium whose
microphone is Chromium's fake device (a beeping tone): record, stop, hear it back, keep."""
from __future__ import annotations

import os

import pytest

from tests.admin.test_browser import ARGS, CHROMIUM, log_in

pytestmark = [pytest.mark.browser,
              pytest.mark.skipif(not os.path.exists(CHROMIUM), reason="no /usr/bin/chromium")]
FAKE_MICROPHONE = ["--use-fake-device-for-media-stream", "--use-fake-ui-for-media-stream"]


@pytest.fixture
def page(live_server):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS + FAKE_MICROPHONE)
        context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="ru-RU")
        context.grant_permissions(["microphone"], origin=live_server)
        tab = context.new_page()
        tab.set_default_timeout(20000)
        tab.base = live_server
        yield tab
        browser.close()


def test_a_coordinator_records_a_prompt_with_the_microphone_and_keeps_it(page, db, staff):
    from hotline.prompts import store

    log_in(page, "coordinator")
    page.goto(page.base + "/admin/prompts")
    page.select_option("select[name=key]", "text|voice.main_menu")
    page.select_option("select[name=lang]", "ky")
    page.click("#rec-start")
    # Selectors, not evaluated JavaScript: the admin's CSP (script-src 'self') forbids eval.
    page.wait_for_selector('#recorder[data-seconds^="2."]', state="attached")  # two seconds recorded
    page.click("#rec-stop")
    page.wait_for_selector('#recorder[data-state="recorded"]', state="attached")
    assert page.eval_on_selector("#rec-preview", "el => el.src").startswith("blob:")  # heard back
    page.click("#rec-keep")
    page.wait_for_selector(".flash")
    assert "voice.main_menu" in page.inner_text(".flash")
    db.session.commit()
    store.forget()
    found = store.best("ky", "text", "voice.main_menu")
    assert found.source == "human" and found.duration_ms > 1000
