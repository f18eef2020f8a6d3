"""Without a mouse, with large text, without motion: the learner's and the trainer's pages still work.

A keyboard tour presses Tab from the top of a page and, at every stop, asserts that the focused
element shows it (a computed outline or box-shadow); the code editor is left with Escape then Tab.
Text at 200% (browser zoom: a laptop window at half its size with twice the pixels; and a root font
size of 200%) must not make the page scroll sideways or controls overlap. With
`prefers-reduced-motion`, nothing animates.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.support.accessibility import focus_ring, overlaps
from tests.support.browser import open_exercise

STOPS = 40  # Tab presses in one tour: more than any of these pages has before its main work


def tab_tour(page: Page, stops: int = STOPS) -> list[str]:
    """Press Tab `stops` times; return what had focus at each stop, failing at a stop with no ring."""
    seen = []
    for _ in range(stops):
        if page.evaluate("!!document.activeElement.closest('.cm-editor')"):
            page.keyboard.press("Escape")  # the editor keeps Tab for indenting until Escape
        page.keyboard.press("Tab")
        where = page.evaluate(
            "() => { const el = document.activeElement;"
            " if (el === document.body || el.tagName === 'IFRAME') return el.tagName.toLowerCase();"
            " return el.id || el.getAttribute('aria-label') || el.textContent.trim().slice(0, 30)"
            " || el.tagName.toLowerCase(); }"
        )
        if where in ("body", "iframe"):  # past the end; or inside the learner's app, whose focus is theirs
            continue
        ring = focus_ring(page)
        assert ring is not None, f"no visible focus on {where!r} after {seen}"
        seen.append(where)
    return seen


def test_the_exercise_page_by_keyboard_shows_focus_at_every_stop(page, server):
    open_exercise(page, server)

    seen = tab_tour(page)

    for stop in ("check", "index.html", "reset", "device", "rotate", "phone-open"):
        assert any(stop in s for s in seen), f"{stop} never reached: {seen}"


def test_the_learner_runs_check_by_keyboard_and_reads_the_result(page, server):
    open_exercise(page, server)
    page.locator("#check").focus()
    page.keyboard.press("Enter")

    # While checking, the button is disabled; with the answer, focus comes to it (check.js).
    expect(page.locator("#check-verdict")).to_have_attribute(
        "data-kind", re.compile("pass|fail"), timeout=30_000
    )
    focused = page.evaluate("document.activeElement.id || document.activeElement.tagName")
    assert focus_ring(page) is not None, f"no visible focus on {focused}"  # wherever the result put it


def test_the_class_page_and_dashboard_by_keyboard_show_focus_at_every_stop(trainer, join, server):
    join("Farrukh")
    expect(trainer.locator("#dashboard .learner-name", has_text="Farrukh")).to_be_visible()

    seen = tab_tour(trainer, 30)

    assert any("Farrukh" in s for s in seen), seen
    name = trainer.locator("#dashboard .learner-name", has_text="Farrukh")
    name.focus()
    trainer.keyboard.press("Enter")
    expect(trainer.locator("#watch")).to_be_visible()


ZOOMED = {"viewport": {"width": 640, "height": 400}, "device_scale_factor": 2}  # 1280×800 at 200%


@pytest.mark.parametrize("how", ["browser-zoom", "font-size"])
@pytest.mark.parametrize("path", ["/join", "/trainer/login", "/exercises/hello/heading"])
def test_pages_stay_usable_with_text_at_200_percent(browser, server, how, path):
    context = browser.new_context(
        **(ZOOMED if how == "browser-zoom" else {"viewport": {"width": 1280, "height": 800}})
    )
    try:
        page = context.new_page()
        page.goto(f"{server.url}{path}")
        if page.locator("body[data-ready]").count():
            expect(page.locator("body[data-ready=true]")).to_be_attached()
        if how == "font-size":
            page.evaluate("document.documentElement.style.fontSize = '200%'")
        page.wait_for_timeout(200)

        wide = page.evaluate("document.documentElement.scrollWidth - innerWidth")
        assert wide <= 1, f"the page scrolls sideways by {wide}px"
        assert overlaps(page) == []
    finally:
        context.close()


def test_nothing_moves_for_someone_who_asked_for_less_motion(browser, server):
    context = browser.new_context(reduced_motion="reduce", viewport={"width": 1280, "height": 800})
    try:
        page = context.new_page()
        open_exercise(page, server)
        page.locator("#check").click()

        moving = page.evaluate(
            """() => [...document.querySelectorAll('*')].filter((el) => {
                const s = getComputedStyle(el);
                const long = (value) => value.split(',').some((d) => parseFloat(d) > 0.01);
                const animated = s.animationName !== 'none' && long(s.animationDuration);
                return animated || long(s.transitionDuration);
            }).map((el) => el.id || el.className || el.tagName)"""
        )
        assert moving == []
    finally:
        context.close()
