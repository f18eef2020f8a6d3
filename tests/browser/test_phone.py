"""Open on my phone, in real Chromium: a laptop editing and a phone (360×640, touch) showing the app.

The phone gets the link from the dialog's QR code (here: its text), shows the learner's app full
screen, changes as the laptop types (before the save), catches up after losing the Wi-Fi, and
stops when the link is revoked.
"""

from __future__ import annotations

import re
import time

import pytest
from playwright.sync_api import Page, expect

from tests.support.browser import PHONE, open_exercise, replace_code


@pytest.fixture
def phone(browser):
    """A phone: its own browser context (no cookies of the laptop's), 360×640 with touch."""
    context = browser.new_context(**PHONE)
    context.set_default_timeout(10_000)
    page = context.new_page()
    page.app_errors = []
    page.on("pageerror", lambda error: page.app_errors.append(str(error)))
    yield page
    assert page.app_errors == []
    context.close()


def open_dialog(page: Page) -> str:
    """Open "Open on my phone" and return the link it shows."""
    page.locator("#phone-open").click()
    dialog = page.locator("#phone-dialog")
    expect(dialog).to_be_visible()
    expect(dialog).to_have_attribute("data-state", "link")
    expect(page.locator("#phone-qr")).to_have_attribute("src", re.compile(r"^data:image/svg\+xml;base64,"))
    return page.locator("#phone-url").inner_text()


def app_on(phone: Page):
    return phone.frame_locator("#screen iframe:not(.pending)")


def open_on_phone(phone: Page, url: str) -> None:
    phone.goto(url)
    expect(phone.locator("body[data-ready=true]")).to_be_attached()
    expect(phone.locator("body[data-connection=live]")).to_be_attached()


def test_the_dialog_shows_a_qr_code_and_the_link_and_works_with_the_keyboard(page, server):
    open_exercise(page, server)
    opener = page.locator("#phone-open")
    opener.focus()
    page.keyboard.press("Enter")
    dialog = page.locator("#phone-dialog")
    expect(dialog).to_be_visible()
    expect(page.locator("#phone-url")).to_contain_text(f"{server.url}/phone/")
    expect(page.locator("#phone-qr")).to_have_attribute("alt", "QR code of the link to your app")
    expect(page.locator("#phone-close")).to_be_focused()
    page.keyboard.press("Escape")
    expect(dialog).to_be_hidden()
    expect(opener).to_be_focused()
    # Opening it again shows the same link: nothing new is made behind the learner's back.
    first = open_dialog(page)
    page.locator("#phone-close").click()
    assert open_dialog(page) == first


def test_the_link_opens_on_the_phone_and_typing_on_the_laptop_shows_there_before_the_save(
    page, phone, server
):
    open_exercise(page, server)
    url = open_dialog(page)
    page.locator("#phone-close").click()
    open_on_phone(phone, url)
    expect(app_on(phone).locator("body")).to_contain_text("Start here")
    # Full screen: the app gets the phone's whole viewport.
    assert app_on(phone).locator("html").evaluate("() => [innerWidth, innerHeight]") == [360, 640]

    started = page.evaluate("Date.now()")
    replace_code(page, "<h1 id='live'>Salom from the laptop</h1>")
    expect(app_on(phone).locator("#live")).to_have_text("Salom from the laptop")
    shown = phone.evaluate(
        "window.sandboxPhoneLog.find((entry) => entry.files['index.html'].includes('Salom'))"
    )
    assert shown["typing"] is True  # it came over the fast path, not with the save 0.7 s later
    assert shown["at"] - started < 2000


def test_the_phone_catches_up_after_the_wifi_drops_and_comes_back(page, phone, server):
    open_exercise(page, server)
    url = open_dialog(page)
    page.locator("#phone-close").click()
    open_on_phone(phone, url)
    expect(app_on(phone).locator("body")).to_contain_text("Start here")

    phone.context.set_offline(True)
    expect(phone.locator("body[data-connection=offline]")).to_be_attached()
    expect(phone.locator("#phone-state")).to_be_visible()
    replace_code(page, "<h1 id='later'>Typed while the phone was away</h1>")
    expect(page.locator("#save-badge")).to_have_attribute("data-state", "saved")
    time.sleep(0.5)
    expect(app_on(phone).locator("#later")).to_have_count(0)

    phone.context.set_offline(False)
    expect(app_on(phone).locator("#later")).to_have_text("Typed while the phone was away")
    expect(phone.locator("body[data-connection=live]")).to_be_attached()
    expect(phone.locator("#phone-state")).to_be_hidden()
    # And it is live again.
    replace_code(page, "<h1 id='again'>Back</h1>")
    expect(app_on(phone).locator("#again")).to_have_text("Back")


def test_a_revoked_link_stops_working_and_a_new_one_does(page, phone, server):
    open_exercise(page, server)
    url = open_dialog(page)
    open_on_phone(phone, url)
    expect(app_on(phone).locator("body")).to_contain_text("Start here")

    page.locator("#phone-revoke").click()
    expect(page.locator("#phone-dialog")).to_have_attribute("data-state", "stopped")
    expect(page.locator("#phone-stopped")).to_be_visible()
    expect(phone.locator("#phone-gone")).to_be_visible()
    expect(phone.locator("#screen iframe")).to_have_count(0)

    phone.reload()
    expect(phone.locator("h1")).to_have_text("Not found")
    expect(phone.locator(".message")).to_contain_text("does not work any more")

    page.locator("#phone-new").click()
    expect(page.locator("#phone-dialog")).to_have_attribute("data-state", "link")
    new_url = page.locator("#phone-url").inner_text()
    assert new_url != url
    open_on_phone(phone, new_url)
    expect(app_on(phone).locator("body")).to_contain_text("Start here")


def test_a_learner_on_a_phone_opens_the_dialog_by_touch_and_the_app_on_the_phone_takes_taps(
    phone, browser, server
):
    phone.goto(f"{server.url}/exercises/hello/heading")
    expect(phone.locator("body[data-ready=true]")).to_be_attached()
    phone.locator("#tab-preview").tap()
    phone.locator("#phone-open").tap()
    url = phone.locator("#phone-url")
    expect(url).to_contain_text("/phone/")
    link = url.inner_text()
    phone.locator("#phone-close").tap()
    expect(phone.locator("#phone-dialog")).to_be_hidden()

    # The learner's app, with a button, on a second phone: taps reach the app (scale 1, no frame).
    phone.locator("#tab-code").tap()
    phone.locator("#editor .cm-content").tap()
    phone.keyboard.press("Control+a")
    phone.keyboard.press("Delete")
    phone.keyboard.insert_text(
        "<button id='add'>+</button><p id='count'>0</p>"
        "<script>let n = 0; add.onclick = () => { count.textContent = ++n; };</script>"
    )
    other = browser.new_context(**PHONE)
    try:
        second = other.new_page()
        open_on_phone(second, link)
        app = app_on(second)
        expect(app.locator("#add")).to_be_visible()
        app.locator("#add").tap()
        app.locator("#add").tap()
        expect(app.locator("#count")).to_have_text("2")
    finally:
        other.close()
