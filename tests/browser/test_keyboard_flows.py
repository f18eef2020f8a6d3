"""The whole learner flow and the whole trainer flow with a keyboard alone, focus in sight at every stop.

Nothing here clicks or taps: every control is reached with Tab (Shift+Tab back), used with Enter or
Space, and left the way a keyboard user leaves it (Escape then Tab for the code editor, Escape for a
dialog). At every stop the focused element must show its focus (a computed outline or ring).
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.support.accessibility import focus_ring
from tests.support.browser import preview


@pytest.fixture(scope="session")
def browser(full_browser):
    """The full browser here (tests/conftest.py says why): the focus ring on a focused preview frame."""
    return full_browser


LAPTOP = {"viewport": {"width": 1280, "height": 800}}


def focused(page: Page, selector: str) -> bool:
    return page.evaluate("(s) => !!document.activeElement && document.activeElement.matches(s)", selector)


def tab_to(page: Page, selector: str, limit: int = 60, back: bool = False) -> None:
    """Press Tab (or Shift+Tab) until the element matching `selector` has focus; every stop on the
    way must show its focus."""
    seen = []
    for _ in range(limit):
        if page.evaluate(
            "!!document.activeElement.closest('.cm-editor') && document.activeElement.isContentEditable"
        ):
            page.keyboard.press("Escape")  # an editable editor keeps Tab for indenting until Escape
        page.keyboard.press("Shift+Tab" if back else "Tab")
        where = page.evaluate(
            "() => { const e = document.activeElement; return e === document.body ? 'body'"
            " : (e.id || e.getAttribute('aria-label') || e.textContent.trim().slice(0, 30) || e.tagName); }"
        )
        if where != "body":
            assert focus_ring(page) is not None, f"no visible focus on {where!r} after {seen}"
        seen.append(where)
        if focused(page, selector):
            return
    raise AssertionError(f"{selector} never got focus; the stops were {seen}")


def test_a_learner_joins_codes_checks_and_goes_on_with_the_keyboard_alone(browser, server, trainer):
    context = browser.new_context(**LAPTOP)
    context.set_default_timeout(15_000)
    page = context.new_page()
    try:
        page.goto(f"{server.url}/join")
        tab_to(page, "input[name=code]")
        page.keyboard.type(trainer.code.lower())
        page.keyboard.press("Enter")
        expect(page.locator("#name")).to_be_visible()
        tab_to(page, "#name")
        page.keyboard.type("Nilufar")
        page.keyboard.press("Enter")
        expect(page.locator("#resume-code")).to_be_visible()

        page.goto(f"{server.url}/")
        tab_to(page, 'a[href$="/exercises/hello"]')
        page.keyboard.press("Enter")
        expect(page.locator("body[data-ready=true]")).to_be_attached()

        # Read, then edit index.html: the editor is announced as the code of its file.
        tab_to(page, '.file-tab[data-file="index.html"]')
        page.keyboard.press("Enter")
        tab_to(page, ".cm-content")
        assert "index.html" in page.evaluate("document.activeElement.getAttribute('aria-label')")
        page.keyboard.press("Control+End")
        page.keyboard.type("<h1>Hello</h1>")
        expect(preview(page).locator("h1")).to_have_text("Hello")

        # Another file, then back; then Check.
        tab_to(page, '.file-tab[data-file="style.css"]', back=True)
        page.keyboard.press("Enter")
        expect(page.locator('.file-tab[data-file="style.css"]')).to_have_attribute("aria-selected", "true")
        tab_to(page, "#check", back=True)
        page.keyboard.press("Enter")
        expect(page.locator("#check-verdict")).to_have_attribute("data-kind", "pass", timeout=30_000)
        assert focus_ring(page) is not None  # focus came to the answer

        # Open on my phone, and close it with Escape; take it home likewise.
        for opener, dialog in (("#phone-open", "#phone-dialog"), ("#takehome-open", "#takehome-dialog")):
            tab_to(page, opener)
            page.keyboard.press("Enter")
            expect(page.locator(dialog)).to_be_visible()
            assert focus_ring(page) is not None, f"{dialog}: focus inside the dialog shows"
            page.keyboard.press("Escape")
            expect(page.locator(dialog)).to_be_hidden()
            assert focused(page, opener), f"{dialog}: focus goes back to what opened it"

        # The next step.
        tab_to(page, "#check-verdict a.button", back=True)
        page.keyboard.press("Enter")
        expect(page).to_have_url(re.compile(r"/exercises/hello/button$"))
    finally:
        context.close()


def test_a_trainer_pushes_watches_notes_and_exports_with_the_keyboard_alone(trainer, join, server):
    farrukh = join("Farrukh")
    farrukh.goto(f"{server.url}/exercises/hello/heading")
    expect(farrukh.locator("body[data-ready=true]")).to_be_attached()
    page = trainer
    page.goto(page.url)
    expect(page.locator("#dashboard-connection")).to_have_attribute("data-state", "live")
    page.locator("body").focus()
    page.evaluate("document.activeElement.blur()")

    # Ask everyone to open an exercise.
    tab_to(page, "#push-target", limit=80)
    page.keyboard.press("ArrowDown")
    tab_to(page, "#push-send")
    page.keyboard.press("Enter")
    expect(page.locator("#push-status")).not_to_be_empty()

    # The dashboard is a table: the learner's name is a control in its row header.
    tab_to(page, "#dashboard .learner-name", back=True, limit=80)
    assert page.evaluate("document.activeElement.closest('th[scope=row]') !== null")
    page.keyboard.press("Enter")
    expect(page.locator("#watch")).to_be_visible()
    expect(page.locator("#watch-title")).to_contain_text("Farrukh")

    # A note to the learner, sent from the keyboard.
    tab_to(page, "#note-text", limit=80)
    page.keyboard.type("Well done, now the button")
    tab_to(page, "#note-send")
    page.keyboard.press("Enter")
    expect(farrukh.locator("#trainer-notes")).to_contain_text("Well done, now the button")
    page.keyboard.press("Escape")
    expect(page.locator("#watch")).to_be_hidden()

    # Export the results.
    tab_to(page, "#export-csv", limit=120)
    with page.expect_download() as download:
        page.keyboard.press("Enter")
    assert download.value.suggested_filename.endswith(".csv")
