"""Take it home, in real Chromium: the zip opens from the disk, a published app installs and opens
offline, a published app's script gets nothing from our API, and the projector shows learners'
apps live.
"""

from __future__ import annotations

import json
import time
import zipfile

import pytest
from playwright.sync_api import Page, expect

from tests.support.browser import (
    PHONE,
    HeldEditor,
    open_exercise,
    open_file,
    open_step,
    preview,
    record_errors,
    replace_code,
)

INDEX = """<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>Counter</title>
  <link rel="stylesheet" href="style.css">
</head>
<body>
  <h1>Hello</h1>
  <button id="add">+</button> <span id="count">0</span>
  <p id="result"></p>
  <script src="app.js"></script>
</body>
</html>"""
COUNTER_JS = """var count = 0;
document.querySelector("#add").addEventListener("click", function () {
  count = count + 1;
  document.querySelector("#count").textContent = count;
});"""
STYLE = "h1 { color: rgb(200, 0, 0); }"


def write_app(page: Page, files: dict[str, str]) -> None:
    """Type each file into the editor and wait until the server has saved it."""
    for name, text in files.items():
        open_file(page, name)
        replace_code(page, text)
    expect(preview(page).locator("#add")).to_be_visible()
    server_url = page.url.split("/exercises/", 1)[0]

    def saved() -> bool:
        stored = page.request.get(f"{server_url}/api/work/hello").json()["files"]
        return all(stored.get(name) == text for name, text in files.items())

    wait_until(saved, what="the server to save what was typed")
    expect(page.locator("#save-badge")).to_have_attribute("data-state", "saved")


def publish(page: Page, name: str | None = None) -> str:
    page.locator("#takehome-open").click()
    dialog = page.locator("#takehome-dialog")
    expect(dialog).to_be_visible()
    if name is not None:
        page.fill("#takehome-name", name)
    expect(page.locator("#takehome-status")).not_to_have_attribute("data-kind", "ok")
    page.locator("#takehome-publish").click()
    expect(page.locator("#takehome-status")).to_have_attribute("data-kind", "ok")
    expect(dialog).to_have_attribute("data-published", "true")
    expect(page.locator("#takehome-hint")).to_be_visible()
    return page.locator("#takehome-url").text_content()


def wait_until(check, timeout: float = 10.0, what: str = "") -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(0.1)
    raise AssertionError(f"timed out waiting for {what}")


# ---- the zip


def test_the_zip_opens_from_the_file_system_and_works(page, server, tmp_path):
    open_exercise(page, server)
    write_app(page, {"index.html": INDEX, "style.css": STYLE, "app.js": COUNTER_JS})
    page.locator("#takehome-open").click()
    with page.expect_download() as download:
        page.locator("#takehome-zip").click()
    assert download.value.suggested_filename == "hello.zip"
    saved = tmp_path / "hello.zip"
    download.value.save_as(saved)
    with zipfile.ZipFile(saved) as archive:
        archive.extractall(tmp_path / "unpacked")

    app = page.context.new_page()
    app.goto((tmp_path / "unpacked" / "hello" / "index.html").as_uri())
    expect(app.locator("h1")).to_have_css("color", "rgb(200, 0, 0)")  # style.css, from the disk
    app.locator("#add").click()
    app.locator("#add").click()
    expect(app.locator("#count")).to_have_text("2")  # app.js, from the disk
    readme = (tmp_path / "unpacked" / "hello" / "README.txt").read_text("utf-8-sig")
    assert "index.html" in readme


# ---- publishing


def test_a_published_app_has_a_valid_manifest_and_opens_offline(page, server, browser):
    open_exercise(page, server)
    write_app(page, {"index.html": INDEX, "app.js": COUNTER_JS})
    url = publish(page, "Tap Counter")
    assert url.startswith(f"{server.publish_url}/a/") and url.endswith("/")

    phone = browser.new_context(viewport={"width": 360, "height": 640}, has_touch=True, is_mobile=True)
    phone.set_default_timeout(10_000)
    try:
        app = phone.new_page()
        app.goto(url)
        expect(app.locator("#add")).to_be_visible()
        manifest_href = app.locator("link[rel=manifest]").get_attribute("href")
        response = phone.request.get(url + manifest_href)
        assert response.headers["content-type"] == "application/manifest+json"
        manifest = json.loads(response.text())
        assert manifest["name"] == "Tap Counter" and manifest["short_name"] == "Tap Counter"
        assert manifest["display"] == "standalone" and manifest["start_url"] == "./"
        assert {icon["sizes"] for icon in manifest["icons"]} >= {"192x192", "512x512"}

        # Chromium's own reading of the manifest: no errors, and its icons load.
        cdp = phone.new_cdp_session(app)
        parsed = cdp.send("Page.getAppManifest")
        assert parsed["errors"] == [], parsed["errors"]
        assert parsed["url"] == url + "manifest.webmanifest"
        for icon in manifest["icons"]:
            assert phone.request.get(url + icon["src"]).ok, icon

        wait_until(
            lambda: app.evaluate("navigator.serviceWorker.controller !== null"),
            what="the service worker to control the page",
        )
        scope = app.evaluate("navigator.serviceWorker.ready.then((r) => r.scope)")
        assert scope == url  # the app's own path, not the whole origin

        phone.set_offline(True)
        app.reload()
        expect(app.locator("#add")).to_be_visible()
        app.locator("#add").tap()
        expect(app.locator("#count")).to_have_text("1")  # app.js came from the cache
    finally:
        phone.close()


def test_a_published_apps_script_gets_nothing_from_our_api_and_changes_nothing(page, server):
    open_exercise(page, server)
    write_app(page, {"index.html": INDEX, "app.js": COUNTER_JS})
    saved = page.request.get(f"{server.url}/api/work/hello").json()
    attack = f"""
const main = {json.dumps(server.url)};
const json = {{"Content-Type": "application/json"}};
const text = {{"Content-Type": "text/plain"}};
const mine = JSON.stringify({{files: {{"index.html": "pwned"}}, revision: 99}});
const check = JSON.stringify({{exercise: "hello", step: "heading", files: {{}}}});
const tries = [
  ["read my work", () => fetch(main + "/api/work/hello", {{credentials: "include"}}).then((r) => r.text())],
  ["change my work", () => fetch(main + "/api/work/hello",
    {{method: "PUT", credentials: "include", headers: json, body: mine}})],
  ["check as me", () => fetch(main + "/api/submissions",
    {{method: "POST", credentials: "include", mode: "no-cors", headers: text, body: check}})],
  ["publish as me", () => fetch(main + "/api/published/hello", {{method: "DELETE", credentials: "include"}})],
];
Promise.all(tries.map(([name, attempt]) => attempt().then(
  (got) => name + ": GOT " + String(got && got.status !== undefined ? got.status : got).slice(0, 40),
  () => name + ": refused"))).then((lines) => {{
  try {{ document.cookie = "sandbox_session=tossed; path=/"; }} catch (e) {{}}
  document.querySelector("#result").textContent = lines.join(" | ") + " | cookies: [" + document.cookie + "]";
}});
"""
    write_app(page, {"app.js": attack.lstrip()})
    url = publish(page)
    saved = page.request.get(f"{server.url}/api/work/hello").json()

    # The same browser as the learner: its cookies for 127.0.0.1 go to every port of that host.
    app = page.context.new_page()
    app.goto(url)
    result = app.locator("#result")
    expect(result).to_contain_text("cookies:")
    text = result.text_content()
    assert "GOT" not in text, text
    assert text.count("refused") == 4, text
    assert "sandbox_session" not in text  # HttpOnly: the published app cannot read our session

    # Nothing changed, and the learner's session still works on the main origin.
    assert page.request.get(f"{server.url}/api/work/hello").json() == saved
    assert page.request.get(f"{server.url}/api/exercises/hello/submissions").json()["submissions"] == []
    assert page.request.get(f"{server.url}/api/published/hello").json()["published"] is True
    page.reload()
    expect(page.locator("body[data-ready=true]")).to_be_attached()
    expect(page.locator("#save-badge")).to_have_attribute("data-state", "saved")


def test_republishing_updates_the_app_and_unpublishing_stops_it(page, server):
    open_exercise(page, server)
    write_app(page, {"index.html": INDEX, "app.js": COUNTER_JS})
    url = publish(page)
    app = page.context.new_page()
    app.goto(url)
    expect(app.locator("h1")).to_have_text("Hello")

    page.locator("#takehome-dialog button[value=close]").click()
    open_file(page, "index.html")
    replace_code(page, INDEX.replace("<h1>Hello</h1>", "<h1>Version two</h1>"))
    assert publish(page) == url
    app.reload()
    expect(app.locator("h1")).to_have_text("Version two")

    page.locator("#takehome-unpublish").click()
    expect(page.locator("#takehome-dialog")).to_have_attribute("data-published", "false")
    response = page.request.get(url)
    assert response.status == 404 and "not published" in response.text()


# ---- the projector


def test_the_projector_shows_two_learners_apps_live(trainer, join, server):
    farrukh = join("Farrukh")
    zarina = join("Zarina")
    for learner, text in ((farrukh, "From Farrukh"), (zarina, "From Zarina")):
        open_step(learner, server)
        learner.locator("#tab-code").tap()
        replace_code(learner, f'<link rel="stylesheet" href="style.css">\n<h1>{text}</h1>')
        expect(learner.locator("#save-badge")).to_have_attribute("data-state", "saved", timeout=10_000)

    trainer.locator("#projector-link").click()
    trainer.get_by_label("Farrukh").check()
    trainer.get_by_label("Zarina").check()
    trainer.get_by_role("button", name="Show on the projector").click()
    expect(trainer.locator("body[data-projector=live]")).to_be_attached()
    tiles = trainer.locator(".projector-app")
    expect(tiles).to_have_count(2)

    def app_of(name: str):
        tile = trainer.locator(".projector-app", has=trainer.locator("h2", has_text=name))
        return tile, tile.frame_locator(".screen iframe:not(.pending)")

    farrukh_tile, farrukh_app = app_of("Farrukh")
    zarina_tile, zarina_app = app_of("Zarina")
    expect(farrukh_app.locator("h1")).to_have_text("From Farrukh")
    expect(zarina_app.locator("h1")).to_have_text("From Zarina")
    sandboxes = trainer.locator(".projector-app iframe").evaluate_all(
        "frames => frames.map(f => f.sandbox.value)"
    )
    assert sandboxes and set(sandboxes) == {"allow-scripts allow-forms"}  # no dialogs on trainer screens

    replace_code(zarina, '<link rel="stylesheet" href="style.css">\n<h1>Zarina changed it</h1>')
    expect(zarina_app.locator("h1")).to_have_text("Zarina changed it", timeout=5000)
    expect(farrukh_app.locator("h1")).to_have_text("From Farrukh")


@pytest.mark.parametrize("size", ["phone", "laptop"])
def test_take_it_home_works_while_the_editor_is_still_loading(browser, server, size):
    """On slow Wi-Fi the editor takes seconds to arrive; its button must not be dead meanwhile.

    The editor's bundle is held back: the page is not ready, yet a tap on "Take it home" opens
    the dialog and Publish publishes the saved code; once the bundle arrives, the page is ready.
    """
    context = browser.new_context(
        **(PHONE if size == "phone" else {"viewport": {"width": 1280, "height": 800}})
    )
    context.set_default_timeout(10_000)
    held = HeldEditor(context)
    try:
        page = record_errors(context.new_page())
        page.goto(f"{server.url}/exercises/hello/heading?lang=ru")
        expect(page.locator("body")).to_have_attribute("data-ready", "false")
        if size == "phone":  # one part of the page at a time: the app's tab has the button
            page.locator("#tab-preview").tap()
            page.locator("#takehome-open").tap()
        else:
            page.locator("#takehome-open").click()
        expect(page.locator("#takehome-dialog")).to_be_visible()
        expect(page.locator("#takehome-title")).to_have_text("Заберите приложение домой")
        page.locator("#takehome-publish").click()
        expect(page.locator("#takehome-status")).to_have_attribute("data-kind", "ok")
        expect(page.locator("#takehome-published")).to_be_visible()
        held.release(page)
        assert page.app_errors == [], page.app_errors
    finally:
        context.close()
