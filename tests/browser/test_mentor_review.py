"""A mentor's review in real Chromium (docs/mentors.md): the mentor signs in on a laptop and
comments on line 12 of the group's app.js; a member on a laptop sees the comment beside that line
at once; a member on a 360x640 phone inserts lines above it, and the comment is still on the same
code in every editor; the phone taps the marker and answers in the sheet; the laptop resolves the
thread with the keyboard alone; the mentor sees the answer and the resolution live.
"""

from __future__ import annotations

import re
import uuid

from playwright.sync_api import expect

from tests.support.browser import PHONE, record_errors

LAPTOP = {"viewport": {"width": 1280, "height": 800}}
CODE = "".join(f"let step{n} = {n};\n" for n in range(1, 21))
START = {"index.html": "<h1>Clean water</h1>\n", "style.css": "", "app.js": CODE}


def _signed_in(browser, server, device: dict, path: str, fields: dict):
    context = browser.new_context(**device)
    context.set_default_timeout(10_000)
    page = record_errors(context.new_page())
    page.goto(f"{server.url}{path}")
    for selector, value in fields.items():
        page.fill(selector, value)
    page.locator("main form button").click()
    return page


def _open_app_js(page, server, project_id: int) -> None:
    page.goto(f"{server.url}/projects/{project_id}")
    expect(page.locator("body[data-ready=true]")).to_be_attached()
    expect(page.locator("body")).to_have_attribute("data-coedit", "saved")
    phone = page.viewport_size["width"] < 900
    if phone:
        page.locator("#tab-code").tap()
    tab = page.locator('.file-tab[data-file="app.js"]')
    tab.tap() if phone else tab.click()


STEP_12 = re.compile(r"^let step12 = 12;")  # (another member's cursor may be drawn after it)


def _commented_line(page):
    """The line the open thread marks, in this page's editor."""
    return page.locator("#editor .cm-review-line")


def test_a_mentors_comment_stays_on_its_code_and_the_group_answers_and_resolves_it_live(
    browser, server, store
):
    trainer = store.create_trainer(f"trainer-{uuid.uuid4().hex[:8]}", "correct horse")
    classroom = store.create_classroom(trainer.id, "Bootcamp")
    dilnoza, rustam = (store.join_classroom(classroom.id, name) for name in ("Dilnoza", "Rustam"))
    project = store.create_project(
        classroom.id, "Clean water", "healthcare", "", "blank", START, {}, [dilnoza.id, rustam.id]
    )
    mentor_name = f"Olga {uuid.uuid4().hex[:6]}"
    _mentor, code = store.invite_mentor(trainer.id, mentor_name)
    mentor = store.accept_invite(code, "a long secret")
    store.share_projects(mentor.id, [project.id], [project.id])

    olga = _signed_in(
        browser, server, LAPTOP, "/mentor/login", {"#name": mentor_name, "#password": "a long secret"}
    )
    laptop = _signed_in(browser, server, LAPTOP, "/resume", {"input[name=code]": dilnoza.resume_code})
    phone = _signed_in(browser, server, PHONE, "/resume", {"input[name=code]": rustam.resume_code})
    try:
        expect(olga.locator("#mentor-projects")).to_contain_text("Clean water")
        olga.get_by_role("link", name="Open the project").click()
        expect(olga.locator("body[data-ready=true]")).to_be_attached()
        olga.locator('.file-tab[data-file="app.js"]').click()
        for page in (laptop, phone):
            page.wait_for_url(f"{server.url}/")
            _open_app_js(page, server, project.id)

        # The mentor puts the cursor on line 12 and comments on it.
        olga.locator("#editor .cm-line").nth(11).click()
        olga.locator("#comment-add").click()
        expect(olga.locator("#comment-where")).to_have_text("A comment on app.js, line 12")
        expect(olga.locator("#comment-text")).to_be_focused()
        olga.keyboard.type("Why 12? Name the number.")
        olga.locator("#comment-send").click()
        expect(olga.locator("#comments-open-list .thread")).to_have_count(1)
        olga.locator("#comments-close").click()

        # The laptop member sees it beside line 12 at once: the line marked, a marker in the gutter.
        expect(_commented_line(laptop)).to_have_text(STEP_12)
        expect(laptop.locator(".cm-review-marker")).to_have_text("1")
        expect(laptop.locator("#comments-count")).to_have_text("1")

        # The phone member inserts two lines at the top, with the on-screen keys' real key events.
        phone.locator("#editor .cm-line").nth(0).tap()
        phone.keyboard.press("Home")
        phone.keyboard.type("// счётчик шагов 😀\n// by our group\n")  # Cyrillic and an emoji: UTF-16
        for page in (olga, laptop, phone):
            page.wait_for_function(
                "(top) => window.sandboxEditor.getFile('app.js').startsWith(top)",
                arg="// счётчик шагов 😀\n// by our group\n",
            )
            expect(_commented_line(page)).to_have_text(STEP_12)  # line 14 now, same code
        assert store.get_project(project.id).files["app.js"].split("\n")[13] == "let step12 = 12;"

        # The phone taps the marker: the thread opens in a sheet; it answers there.
        phone.locator(".cm-review-marker").tap()
        sheet = phone.locator("#comments-sheet")
        expect(sheet).to_be_visible()
        box = sheet.bounding_box()
        assert box["width"] >= 359 and box["y"] + box["height"] <= 641  # a bottom sheet, on screen
        thread = sheet.locator(".thread").first
        expect(thread).to_be_focused()
        expect(thread.locator(".thread-where")).to_have_text("app.js, line 14")
        thread.locator("textarea").tap()
        phone.keyboard.type("It is the number of steps. Renamed soon.")
        answer = thread.get_by_role("button", name="Answer")
        assert answer.bounding_box()["height"] >= 44
        answer.tap()
        expect(olga.locator(".cm-review-marker")).to_have_text("2")  # heard live by the mentor
        olga.locator("#comments-open").click()
        expect(olga.locator("#comments-open-list .post")).to_have_count(2)
        expect(olga.locator("#comments-open-list")).to_contain_text("It is the number of steps.")

        # The laptop resolves it with the keyboard alone: Comments, then Tab to Resolve, Enter.
        laptop.locator("#comments-open").focus()
        laptop.keyboard.press("Enter")
        expect(laptop.locator("#comments-title")).to_be_focused()
        resolve = laptop.locator("#comments-open-list .thread-resolve")
        for _ in range(12):
            laptop.keyboard.press("Tab")
            if resolve.evaluate("(button) => button === document.activeElement"):
                break
        expect(resolve).to_be_focused()
        laptop.keyboard.press("Enter")
        expect(laptop.locator("#comments-resolved")).to_be_visible()
        for page in (olga, laptop, phone):
            expect(page.locator(".cm-review-marker")).to_have_count(0)
            expect(page.locator("body")).to_have_attribute("data-threads", "0")
        expect(olga.locator("#comments-status")).to_contain_text("Resolved")
        expect(olga.locator("#comments-resolved-list")).to_contain_text("Resolved by Dilnoza")
        thread = store.comments_of(project.id)[0]
        assert thread.resolved_by == "Dilnoza" and [r.author_name for r in thread.replies] == ["Rustam"]
        # The mentor may follow the code, not change it.
        olga.locator("#editor .cm-content").click()
        olga.keyboard.type("mine")
        assert "mine" not in olga.evaluate("() => window.sandboxEditor.getFile('app.js')")
    finally:
        for page in (olga, laptop, phone):
            page.context.close()
