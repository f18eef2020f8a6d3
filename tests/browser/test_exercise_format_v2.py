"""What format v2 shows a learner, on a phone: safe HTML in the instructions, inline code in a
check's name and hint, and the message a `js:` check returns, graded by the real server."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.support.browser import PHONE, press_check, start_server
from tests.support.grading import page as app_page
from tests.support.grading import write_exercise

INSTRUCTIONS = """Make a list of **three** cats.

<blockquote>The <code>ul</code> element holds a list.</blockquote>

Press <kbd>Check</kbd> when you have a <button> too.
"""
CHECK = {
    "id": "three-cats",
    "name": "The list is a `<ul>` with 3 items",
    "hint": "Add two more `<li>` lines inside the list.",
    "js": "const n = document.querySelectorAll('ul li').length;\n"
    "return {pass: n === 3, message: `Cats in the list: ${n} of 3`};",
    "read_only": True,
}


@pytest.fixture(scope="module")
def cats_server(tmp_path_factory):
    folder = tmp_path_factory.mktemp("exercises")
    exercise = write_exercise(folder, [CHECK], solution=app_page("<ul><li>Tom</li></ul>"))
    (exercise.path / "steps" / "1-only.md").write_text(INSTRUCTIONS)
    server = start_server(tmp_path_factory.mktemp("instance"), folder)
    try:
        yield server, exercise.id
    finally:
        server.stop()


def test_learner_reads_safe_html_and_a_check_named_with_code(browser, cats_server):
    server, exercise_id = cats_server
    context = browser.new_context(**PHONE)
    try:
        page = context.new_page()
        page.goto(f"{server.url}/exercises/{exercise_id}/only")
        expect(page.locator("body[data-ready=true]")).to_be_attached()

        instructions = page.locator(".instructions")
        expect(instructions.locator("blockquote code")).to_have_text("ul")
        expect(instructions.locator("kbd")).to_have_text("Check")
        expect(instructions).to_contain_text("when you have a <button> too")

        press_check(page)
        result = page.locator("#check-results li[data-check='three-cats']")
        expect(result.locator(".check-name code")).to_have_text("<ul>", timeout=20_000)
        expect(result.locator(".check-name")).to_have_text("The list is a <ul> with 3 items")
        expect(result.locator(".check-message")).to_have_text("Cats in the list: 1 of 3")
        expect(result.locator(".check-hint code")).to_have_text("<li>")
    finally:
        context.close()
