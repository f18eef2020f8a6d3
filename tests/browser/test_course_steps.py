"""A course in the browser, on a phone: the learner finds it on their list by section, and grades an
exercise step by step, choosing at each step with its own starting code between it and their own
code (and changing their mind), the last step graded by its own checks alone (cumulative: false)."""

from __future__ import annotations

import shutil

import pytest
from playwright.sync_api import expect

from tests.support import FIXTURE_EXERCISES
from tests.support.browser import PHONE, open_file, press_check, replace_code, start_server

MY_PAGE = """<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><link rel="stylesheet" href="style.css"></head>
<body>
  <h1>My cats</h1>
  <main><img src="cat.svg" alt="My cat"></main>
</body>
</html>
"""


@pytest.fixture(scope="module")
def course_server(tmp_path_factory):
    folder = tmp_path_factory.mktemp("exercises")
    shutil.copytree(FIXTURE_EXERCISES.parent / "courses" / "web-basics", folder / "web-basics")
    server = start_server(tmp_path_factory.mktemp("instance"), folder)
    try:
        yield server
    finally:
        server.stop()


def code_of(page, name: str) -> str:
    return page.evaluate("(name) => window.sandboxEditor.getFile(name)", name)


def type_code(page, text: str, file: str = "index.html") -> None:
    page.locator("#tab-code").tap()
    open_file(page, file)
    replace_code(page, text)


def check_and_pass(page, checks: list[str]) -> None:
    press_check(page)
    page.locator("#tab-instructions").tap()
    expect(page.locator("#step-passed")).to_be_visible(timeout=20_000)
    expect(page.locator("#check-results li")).to_have_count(len(checks))
    for check in checks:
        expect(page.locator(f"#check-results li[data-check='{check}']")).to_be_visible()


def test_learner_grades_a_course_exercise_step_by_step_choosing_where_each_step_starts(
    browser, course_server
):
    context = browser.new_context(**PHONE)
    context.set_default_timeout(10_000)
    try:
        page = context.new_page()
        page.goto(f"{course_server.url}/")
        course = page.locator("section.course[data-course='web-basics']")
        expect(course.locator("h2")).to_contain_text("Web basics")
        expect(course.locator("h3.course-section")).to_have_text(["HTML", "CSS"])
        course.get_by_role("link", name="A page about cats").tap()
        expect(page.locator("body[data-ready=true]")).to_be_attached()
        expect(page.locator("#step-start")).to_have_count(0)  # the first step: nothing to choose

        type_code(page, MY_PAGE)
        check_and_pass(page, ["has-title"])
        page.locator("#next-step").tap()
        expect(page.locator("body[data-ready=true]")).to_be_attached()

        # Step 2 comes with its own code; the learner's own is still in the editor until they choose.
        choice = page.locator("#step-start")
        expect(choice).to_have_attribute("data-state", "ask")
        assert "My cats" in code_of(page, "index.html")
        choice.get_by_role("button", name="Start from this step’s code").tap()
        expect(choice).to_have_attribute("data-state", "step")
        assert "Cat photos" in code_of(page, "index.html")
        # They change their mind: their own code comes back (with the keyboard, where focus went).
        back = choice.get_by_role("button", name="Go back to my code")
        expect(back).to_be_focused()
        page.keyboard.press("Enter")
        expect(choice).to_have_attribute("data-state", "mine")
        assert "My cats" in code_of(page, "index.html")
        # "Start again" goes back to the step's code; the choice offers the code it replaced.
        page.locator("#tab-code").tap()
        page.locator("#reset").tap()
        page.locator("#reset-confirm").tap()
        page.locator("#tab-instructions").tap()
        expect(choice).to_have_attribute("data-state", "step")
        choice.get_by_role("button", name="Go back to my code").tap()
        assert "My cats" in code_of(page, "index.html")
        check_and_pass(page, ["has-title", "has-photo"])  # cumulative: step 1's check too
        page.locator("#next-step").tap()
        expect(page.locator("body[data-ready=true]")).to_be_attached()

        # Step 3 also has its own code; after a reload the swap is remembered by the server's history.
        choice = page.locator("#step-start")
        expect(choice).to_have_attribute("data-state", "ask")
        with page.expect_response(lambda r: "/api/work/" in r.url and r.request.method == "PUT"):
            choice.get_by_role("button", name="Start from this step’s code").tap()
        page.reload()
        expect(page.locator("body[data-ready=true]")).to_be_attached()
        expect(choice).to_have_attribute("data-state", "step")
        assert "Colours" in code_of(page, "index.html")
        choice.get_by_role("button", name="Go back to my code").tap()
        assert "My cats" in code_of(page, "index.html")
        type_code(page, "h1 { color: green; }", "style.css")
        check_and_pass(page, ["green-title"])  # cumulative: false: this step's check alone
    finally:
        context.close()


def test_trainer_sees_a_course_exercises_finished_app_in_a_sandboxed_frame_of_the_library(
    browser, course_server
):
    from sandbox.store import Store

    store = Store(f"sqlite:///{course_server.log.parent / 'sandbox.db'}")
    try:
        store.create_trainer("librarian", "correct horse")
    finally:
        store.dispose()
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    context.set_default_timeout(10_000)
    try:
        page = context.new_page()
        page.goto(f"{course_server.url}/trainer/login")
        page.fill("#name", "librarian")
        page.fill("#password", "correct horse")
        page.locator("main form button").click()
        page.goto(f"{course_server.url}/trainer/library")
        item = page.locator("#library-cat-page")
        expect(item.locator("iframe")).to_have_count(0)  # no frame until the trainer asks
        item.locator("summary").focus()
        page.keyboard.press("Enter")
        frame = item.locator(".library-screen iframe:not(.pending)")
        expect(frame).to_have_attribute("sandbox", "allow-scripts allow-forms")
        expect(item.frame_locator(".library-screen iframe:not(.pending)").locator("h1")).to_have_css(
            "color", "rgb(0, 128, 0)"
        )  # the last step's solution: the heading is green
    finally:
        context.close()
