"""Show and share a group project in real Chromium: a member publishes the group's app from the
project page on a phone (touch), opens its address and the app runs there; the zip holds the
technical assignment; on a laptop in Russian the dialog works by keyboard alone.
"""

from __future__ import annotations

import io
import os
import zipfile
from pathlib import Path

from playwright.sync_api import Page, expect

from sandbox.projects import template_files
from tests.support.browser import HeldEditor, record_errors

# Where to keep screenshots for a person to look at (unset: none are taken).
SHOTS = os.environ.get("SANDBOX_SCREENSHOTS")


def shot(page: Page, name: str) -> None:
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=f"{SHOTS}/{name}.png")


def too_small(page: Page, selector: str) -> list[str]:
    """The visible controls under `selector` smaller than 44 x 44 CSS pixels (a fingertip)."""
    return page.eval_on_selector_all(
        selector,
        """els => els.filter(e => e.offsetParent !== null).map(e => [e, e.getBoundingClientRect()])
             .filter(([e, r]) => r.width < 44 || r.height < 44)
             .map(([e, r]) => `${e.id || e.textContent.trim()}: ${r.width | 0}x${r.height | 0}`)""",
    )


def test_a_member_publishes_the_groups_app_opens_it_on_the_phone_and_downloads_the_zip(
    browser, server, trainer, join, store
):
    farrukh = join("Farrukh")
    me = next(one.id for one in store.learners_of(trainer.classroom_id) if one.name == "Farrukh")
    project = store.create_project(
        trainer.classroom_id,
        "Clean water",
        "healthcare",
        "",
        "reports",
        template_files("reports", "Clean water", "en"),
        {},
        [me],
    )
    store.add_story(project.id, "resident", "report a broken water pipe")

    # On his phone, from the Preview tab: Show and share, then Publish (every control a fingertip's size).
    farrukh.goto(f"{server.url}/projects/{project.id}")
    expect(farrukh.locator("body[data-ready=true]")).to_be_attached()
    farrukh.locator("#tab-preview").tap()
    farrukh.locator("#takehome-open").tap()
    dialog = farrukh.locator("#takehome-dialog")
    expect(dialog).to_be_visible()
    expect(farrukh.locator("#share-group-code")).to_have_text(project.code)
    expect(farrukh.locator("#share-resume-code")).to_have_text(store.get_learner(me).resume_code)
    shot(farrukh, "share-phone-en-opened")
    expect(farrukh.locator("#takehome-unpublish")).to_be_hidden()  # nothing to unpublish yet
    farrukh.locator("#takehome-publish").tap()
    expect(farrukh.locator("#takehome-status")).to_have_attribute("data-kind", "ok")
    expect(dialog).to_have_attribute("data-published", "true")
    expect(farrukh.locator("#takehome-publish")).to_have_text("Publish again")
    # The QR code is an image the dialog asks for once published: it shows when it has arrived.
    farrukh.wait_for_function(
        "() => { const img = document.querySelector('#takehome-qr');"
        " return img.complete && img.naturalWidth > 0; }"
    )
    assert (
        too_small(farrukh, "#takehome-dialog button, #takehome-dialog input, #takehome-dialog a.button") == []
    )
    shot(farrukh, "share-phone-en")
    url = farrukh.locator("#takehome-url").text_content()
    assert url.startswith(server.publish_url + "/a/")

    # The published app runs on the phone at its own address: the group's form keeps a report.
    app = record_errors(farrukh.context.new_page())
    app.goto(url)
    expect(app.locator("h1")).to_have_text("Clean water")
    assert app.evaluate("document.querySelector('link[rel=manifest]') !== null")
    app.get_by_label("Where?").fill("Rudaki street")
    app.get_by_label("What happened?").fill("The pipe leaks")
    app.get_by_role("button", name="Send the report").tap()
    expect(app.get_by_role("heading", name="Reports (1)")).to_be_visible()
    expect(app.locator("body")).to_contain_text("The pipe leaks")
    app.close()

    # The zip: the group's files, and the technical assignment with its user story.
    with farrukh.expect_download() as download:
        farrukh.locator("#takehome-zip").tap()
    assert download.value.suggested_filename == "clean-water.zip"
    archive = zipfile.ZipFile(io.BytesIO(Path(download.value.path()).read_bytes()))
    assert "clean-water/index.html" in archive.namelist()
    assert "report a broken water pipe" in archive.read("clean-water/assignment.md").decode()
    assert "report a broken water pipe" in archive.read("clean-water/assignment.html").decode()


def test_on_a_laptop_in_russian_the_dialog_works_by_keyboard_alone(browser, server, trainer, store):
    project = store.create_project(
        trainer.classroom_id,
        "Чистая вода",
        "healthcare",
        "",
        "blank",
        {"index.html": "<h1>Вода</h1>"},
        {},
        [],
    )
    trainer.set_viewport_size({"width": 1280, "height": 800})
    trainer.goto(f"{server.url}/projects/{project.id}?lang=ru")  # the class's trainer may share it too
    expect(trainer.locator("body[data-ready=true]")).to_be_attached()
    opener = trainer.locator("#takehome-open")
    opener.focus()
    trainer.keyboard.press("Enter")
    dialog = trainer.locator("#takehome-dialog")
    expect(dialog).to_be_visible()
    expect(trainer.locator("#takehome-title")).to_have_text("Покажите приложение группы и поделитесь им")
    expect(trainer.locator("#share-resume-code")).to_have_count(0)  # a trainer has no resume code
    trainer.locator("#takehome-name").focus()
    trainer.keyboard.type("Вода")
    for _ in range(10):  # Tab on to Publish, whatever lies between
        if trainer.evaluate("document.activeElement.id") == "takehome-publish":
            break
        trainer.keyboard.press("Tab")
    trainer.keyboard.press("Enter")
    expect(trainer.locator("#takehome-status")).to_have_attribute("data-kind", "ok")
    expect(trainer.locator("#takehome-url")).to_have_text(trainer.locator("#takehome-url").text_content())
    assert store.published_project(project.id).name == "Вода"
    shot(trainer, "share-laptop-ru")
    trainer.keyboard.press("Escape")
    expect(dialog).to_be_hidden()
    assert trainer.evaluate("document.activeElement.id") == "takehome-open"  # focus back where it was


def test_show_and_share_works_while_the_editor_is_still_loading(server, trainer, join, store):
    """On slow Wi-Fi the editor's bundle takes seconds: the button works meanwhile, in Russian."""
    farrukh = join("Farrukh")
    me = next(one.id for one in store.learners_of(trainer.classroom_id) if one.name == "Farrukh")
    project = store.create_project(
        trainer.classroom_id,
        "Чистая вода",
        "",
        "",
        "reports",
        template_files("reports", "Чистая вода", "ru"),
        {},
        [me],
    )
    held = HeldEditor(farrukh)
    farrukh.goto(f"{server.url}/projects/{project.id}?lang=ru")
    expect(farrukh.locator("body")).to_have_attribute("data-ready", "false")
    farrukh.locator("#tab-preview").tap()
    farrukh.locator("#takehome-open").tap()
    expect(farrukh.locator("#takehome-dialog")).to_be_visible()
    farrukh.locator("#takehome-publish").tap()
    expect(farrukh.locator("#takehome-status")).to_have_attribute("data-kind", "ok")
    expect(farrukh.locator("#takehome-published")).to_be_visible()
    held.release(farrukh)
