"""A group's pictures in real Chromium: a member on a phone uploads one from the file picker and
sees it in the app's sandboxed preview (which sends no cookie: the frame's capability address
serves it); the trainer's laptop page, in Russian, lists it and puts its path into the code.
"""

from __future__ import annotations

import os
from pathlib import Path

from playwright.sync_api import Page, expect

from tests.support.accessibility import scan
from tests.support.pictures import png

SHOTS = os.environ.get("SANDBOX_SCREENSHOTS")
FILES = {
    "index.html": '<!DOCTYPE html>\n<html>\n<head><link rel="stylesheet" href="style.css"></head>\n'
    '<body>\n<h1>Clean water</h1>\n<img id="pic" src="assets/water.png" alt="Water">\n</body>\n</html>\n',
    "style.css": "#pic { width: 120px; height: 120px; }\n",
    "app.js": "",
}


def shot(page: Page, name: str) -> None:
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=f"{SHOTS}/{name}.png")


def test_a_member_on_a_phone_uploads_a_picture_and_the_app_in_the_preview_shows_it(
    browser, server, trainer, join, store
):
    farrukh = join("Farrukh")
    me = next(one.id for one in store.learners_of(trainer.classroom_id) if one.name == "Farrukh")
    project = store.create_project(
        trainer.classroom_id, "Clean water", "environment", "", "blank", FILES, {}, [me]
    )

    farrukh.goto(f"{server.url}/projects/{project.id}")
    expect(farrukh.locator("body[data-ready=true]")).to_be_attached()
    farrukh.locator("#tab-assets").tap()
    expect(farrukh.locator("#asset-list .empty")).to_be_visible()
    # The phone's file picker gives the page a file; the page uploads it at once.
    farrukh.locator("#asset-file").set_input_files(
        {"name": "Water.PNG", "mimeType": "image/png", "buffer": png(40, 40, (14, 116, 144))}
    )
    expect(farrukh.locator("#assets-status")).to_contain_text("assets/water.png")
    item = farrukh.locator('#asset-list [data-asset="water.png"]')
    expect(item.locator(".asset-path")).to_have_text("assets/water.png")
    expect(item.locator(".asset-thumb")).to_have_js_property("naturalWidth", 40)
    small = item.evaluate(
        """row => [...row.querySelectorAll("button")].map(b => b.getBoundingClientRect())
                 .filter(r => r.width < 44 || r.height < 44).length"""
    )
    assert small == 0 and farrukh.locator("#asset-upload").bounding_box()["height"] >= 44
    shot(farrukh, "assets-phone-en")
    problems = [str(v) for v in scan(farrukh) if v.blocking]  # the open part passes the axe scan
    assert problems == [], problems

    # The app's <img src="assets/water.png"> shows it: the preview was drawn again at its new address.
    farrukh.locator("#tab-preview").tap()
    app = farrukh.frame_locator("#screen iframe:not(.pending)")
    expect(app.locator("#pic")).to_have_js_property("naturalWidth", 40)
    shot(farrukh, "assets-phone-en-preview")

    # The trainer's laptop, in Russian: the picture is listed; "Put into the code" types its path.
    trainer.goto(f"{server.url}/projects/{project.id}?lang=ru")
    expect(trainer.locator("body[data-ready=true]")).to_be_attached()
    trainer.locator("#tab-assets").click()
    expect(trainer.locator(".asset-facts")).to_contain_text("Farrukh")
    trainer.locator('[data-asset="water.png"] .asset-actions button').first.click()
    expect(trainer.locator("#assets-status")).to_contain_text("assets/water.png")
    assert "assets/water.png" in trainer.evaluate(
        "() => Object.values(window.sandboxEditor.getFiles()).join('')"
    )
    shot(trainer, "assets-laptop-ru")
