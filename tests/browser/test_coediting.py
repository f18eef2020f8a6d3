"""Three members of a group edit the same file at once in real Chromium: two laptops and a phone.

They type on the same line at the same time, and every editor ends with the same text, with every
character each of them typed; the phone then loses the network, keeps typing, and its edits merge
when it is back; a laptop's page is closed while offline and its edits still arrive, from this
browser's own copy, when the page is opened again. Each sees the others' cursors with their names.
"""

from __future__ import annotations

import uuid

from playwright.sync_api import expect

from tests.support.browser import PHONE, record_errors

LAPTOP = {"viewport": {"width": 1280, "height": 800}}
START = {"index.html": "<h1>Clean water</h1>\n<p>Report a leak</p>\n", "style.css": "", "app.js": ""}


def _member(browser, server, learner, device: dict):
    """A browser of its own for a learner (signed in with their resume code), on the project page."""
    context = browser.new_context(**device)
    context.set_default_timeout(10_000)
    page = record_errors(context.new_page())
    page.goto(f"{server.url}/resume")
    page.fill("input[name=code]", learner.resume_code)
    page.locator("main form button").click()
    page.wait_for_url(f"{server.url}/")
    return page


def _open(page, server, project_id: int) -> None:
    page.goto(f"{server.url}/projects/{project_id}")
    expect(page.locator("body[data-ready=true]")).to_be_attached()
    expect(page.locator("body")).to_have_attribute("data-coedit", "saved")
    if page.viewport_size["width"] < 900:
        page.locator("#tab-code").tap()


def _to_line_end(page, line: int) -> None:
    """Put the cursor at the end of a line of the editor, with a click (or a tap on the phone)."""
    target = page.locator("#editor .cm-line").nth(line - 1)
    target.tap() if page.viewport_size["width"] < 900 else target.click()
    page.keyboard.press("End")


def _text(page) -> str:
    return page.evaluate("() => window.sandboxEditor.getFile('index.html')")


def _converged(pages, store, project_id: int) -> str:
    """Wait until every page's changes are stored; then every editor shows the stored text."""
    for page in pages:
        expect(page.locator("body")).to_have_attribute("data-coedit", "saved")
    stored = store.get_project(project_id).files["index.html"]
    for page in pages:
        page.wait_for_function("(text) => window.sandboxEditor.getFile('index.html') === text", arg=stored)
    return stored


def test_three_members_type_on_the_same_line_at_once_and_converge(browser, server, store):
    trainer = store.create_trainer(f"trainer-{uuid.uuid4().hex[:8]}", "correct horse")
    classroom = store.create_classroom(trainer.id, "Bootcamp")
    names = ("Dilnoza", "Rustam", "Zarina")
    learners = [store.join_classroom(classroom.id, name) for name in names]
    project = store.create_project(
        classroom.id, "Clean water", "healthcare", "", "blank", START, {}, [x.id for x in learners]
    )
    dilnoza, rustam, zarina = pages = [
        _member(browser, server, learner, device)
        for learner, device in zip(learners, (LAPTOP, LAPTOP, PHONE), strict=True)
    ]
    try:
        for page in pages:
            _open(page, server, project.id)
        expect(dilnoza.locator("#coedit-people .person")).to_have_count(3)

        # All three at the end of the first line, typing in turns without waiting for each other:
        # every keystroke is made before the others' earlier ones have arrived.
        for page in pages:
            _to_line_end(page, 1)
        typed = {page: [] for page in pages}
        for turn in range(6):
            for tag, page in zip("abc", pages, strict=True):
                word = f" {tag}{turn}"
                page.keyboard.type(word)
                typed[page].append(word)
        text = _converged(pages, store, project.id)
        first_line = text.split("\n")[0]
        assert first_line.startswith("<h1>Clean water</h1>")
        for page in pages:
            for word in typed[page]:
                assert first_line.count(word) == 1, (word, first_line)
        assert text.endswith("<p>Report a leak</p>\n")

        # Each sees the others' cursors with their names (the phone's last keystroke was its own).
        expect(dilnoza.locator(".cm-ySelectionInfo", has_text="Zarina")).to_be_visible()
        expect(zarina.locator(".cm-ySelectionInfo", has_text="Rustam")).to_be_attached()

        # The phone loses the network and goes on typing on the second line; the others type too.
        zarina.context.set_offline(True)
        expect(zarina.locator("body")).to_have_attribute("data-coedit", "offline")
        _to_line_end(zarina, 2)
        zarina.keyboard.type(" offline-z")
        _to_line_end(dilnoza, 2)
        dilnoza.keyboard.type(" online-d")
        expect(rustam.locator("body")).to_have_attribute("data-coedit", "saved")
        zarina.context.set_offline(False)
        text = _converged(pages, store, project.id)
        assert "offline-z" in text and "online-d" in text

        # A laptop offline, its page closed before its typing could be sent: opened again, the
        # page sends what this browser kept, and everyone has it.
        rustam.context.set_offline(True)
        expect(rustam.locator("body")).to_have_attribute("data-coedit", "offline")
        _to_line_end(rustam, 2)
        rustam.keyboard.type(" kept-r")
        context = rustam.context
        rustam.close()
        context.set_offline(False)
        rustam = record_errors(context.new_page())
        _open(rustam, server, project.id)
        text = _converged([dilnoza, rustam, zarina], store, project.id)
        assert "kept-r" in text and text.count("offline-z") == 1
        for page in (dilnoza, rustam, zarina):
            assert page.app_errors == [], page.app_errors
    finally:
        for page in (dilnoza, rustam, zarina):
            page.context.close()
