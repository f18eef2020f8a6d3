"""A learner builds an app in real Chromium: editor, live preview, devices, saving, safety."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from tests.support.browser import open_exercise, open_file, preview, replace_code


def test_typing_in_the_editor_changes_the_preview(page, server):
    open_exercise(page, server)
    page.locator("#editor .cm-content").click()
    page.keyboard.press("Control+End")
    page.keyboard.insert_text("<p id='new'>Salom, Dushanbe!</p>")
    expect(preview(page).locator("#new")).to_have_text("Salom, Dushanbe!")


def test_css_and_js_files_are_linked_into_the_preview(page, server):
    open_exercise(page, server)
    open_file(page, "style.css")
    replace_code(page, "p { color: rgb(200, 0, 0); }")
    expect(preview(page).locator("p")).to_have_css("color", "rgb(200, 0, 0)")
    open_file(page, "app.js")
    replace_code(page, "document.querySelector('p').textContent = 'from app.js';")
    expect(preview(page).locator("p")).to_have_text("from app.js")


def test_errors_and_logs_show_in_the_console_with_file_and_line(page, server):
    open_exercise(page, server)
    open_file(page, "app.js")
    replace_code(page, "console.log('hello', 42);\n\nmissingFunction();")
    lines = page.locator("#console-lines li")
    expect(lines.filter(has_text="hello 42")).to_contain_text("app.js line 1")
    error = lines.filter(has_text="missingFunction")
    expect(error).to_contain_text("app.js line 3")
    expect(page.locator("#console-count")).to_have_text("1")
    error.locator(".where").click()
    expect(page.locator(".cm-sandbox-flash")).to_contain_text("missingFunction")


def test_a_syntax_error_shows_in_the_console_with_its_own_file_and_line(page, server):
    open_exercise(page, server)
    open_file(page, "app.js")
    replace_code(page, "const one = 1;\nconst two = ;\n")
    error = page.locator("#console-lines li").filter(has_text="SyntaxError")
    expect(error).to_contain_text("app.js line 2")
    expect(error).not_to_contain_text("Failed to execute")


def test_device_presets_and_rotate_change_the_phone_screen(page, server):
    open_exercise(page, server)
    size = lambda: preview(page).locator("html").evaluate("() => [innerWidth, innerHeight]")  # noqa: E731
    assert size() == [360, 640]
    page.select_option("#device", "412x915")
    expect(page.locator("#phone")).to_have_attribute("data-width", "412")
    assert size() == [412, 915]
    page.click("#rotate")
    expect(page.locator("#phone")).to_have_attribute("data-width", "915")
    assert size() == [915, 412]


def test_reload_keeps_the_code(page, server):
    open_exercise(page, server)
    open_file(page, "app.js")
    replace_code(page, "// kept after reload")
    expect(page.locator("#save-badge")).to_have_attribute("data-state", "saved")
    page.reload()
    expect(page.locator("body[data-ready=true]")).to_be_attached()
    open_file(page, "app.js")
    expect(page.locator("#editor .cm-content")).to_have_text("// kept after reload")


def test_code_typed_offline_is_kept_and_saved_when_back_online(page, context, server):
    open_exercise(page, server)
    context.set_offline(True)
    page.evaluate("window.dispatchEvent(new Event('offline'))")
    open_file(page, "app.js")
    replace_code(page, "// typed on the bus")
    expect(page.locator("#save-badge")).to_have_attribute("data-state", "offline")
    context.set_offline(False)
    page.evaluate("window.dispatchEvent(new Event('online'))")
    expect(page.locator("#save-badge")).to_have_attribute("data-state", "saved")
    work = page.evaluate("fetch('/api/work/hello').then(r => r.json())")
    assert work["files"]["app.js"] == "// typed on the bus"


def test_unsaved_typing_survives_a_reload_while_offline(page, context, server):
    open_exercise(page, server)
    context.set_offline(True)
    page.evaluate("window.dispatchEvent(new Event('offline'))")
    open_file(page, "app.js")
    replace_code(page, "// not on the server yet")
    page.route("**/api/work/**", lambda route: route.abort())  # the server stays unreachable
    context.set_offline(False)
    page.reload()
    expect(page.locator("body[data-ready=true]")).to_be_attached()
    open_file(page, "app.js")
    expect(page.locator("#editor .cm-content")).to_have_text("// not on the server yet")
    expect(page.locator("#notice")).to_contain_text("restored")


def test_reset_to_starter_asks_first(page, server):
    open_exercise(page, server)
    open_file(page, "app.js")
    replace_code(page, "// my work")
    page.click("#reset")
    page.get_by_role("button", name="Keep my code").click()
    expect(page.locator("#editor .cm-content")).to_have_text("// my work")
    page.click("#reset")
    page.locator("#reset-confirm").click()
    expect(page.locator("#editor .cm-content")).to_have_text("// Your JavaScript goes here.")


def test_an_infinite_loop_leaves_the_editor_responsive_and_says_so(page, server):
    open_exercise(page, server)
    open_file(page, "app.js")
    replace_code(page, "document.body.append('before');\nwhile (true) {}\n")
    expect(page.locator("#notice")).to_contain_text("stuck", timeout=5000)
    expect(page.locator("#notice")).to_contain_text("app.js line 2")
    page.keyboard.press("Control+End")
    page.keyboard.insert_text("// still typing")
    expect(page.locator("#editor .cm-content")).to_contain_text("// still typing")
    replace_code(page, "document.body.append(' fixed');")
    expect(preview(page).locator("body")).to_contain_text("fixed")


def test_an_infinite_loop_in_a_click_handler_is_stopped_too(page, server):
    open_exercise(page, server)
    open_file(page, "index.html")
    replace_code(page, "<button id=b>go</button><script>b.onclick = function () { for (;;) {} };</script>")
    preview(page).locator("#b").click()
    expect(page.locator("#notice")).to_contain_text("index.html line 1", timeout=5000)


def test_the_preview_cannot_reach_our_cookies_storage_or_page(page, server):
    open_exercise(page, server)
    page.evaluate("localStorage.setItem('secret', 'ours')")
    open_file(page, "app.js")
    replace_code(
        page,
        "var out = [self.origin];\n"
        "try { out.push(parent.document.title) } catch (e) { out.push('no parent') }\n"
        "out.push(document.cookie === '' ? 'no cookie' : document.cookie);\n"
        "out.push(localStorage.getItem('secret') === null ? 'no secret' : 'leak');\n"
        "document.body.textContent = out.join('|');",
    )
    expect(preview(page).locator("body")).to_have_text("null|no parent|no cookie|no secret")
    sandbox = page.locator("#screen iframe:not(.pending)").get_attribute("sandbox")
    assert sandbox == "allow-scripts allow-forms allow-modals"


def test_local_storage_in_the_learners_app_works_and_survives_a_reload(page, server):
    open_exercise(page, server)
    open_file(page, "app.js")
    replace_code(
        page,
        "var n = Number(localStorage.getItem('visits') || 0) + 1;\n"
        "localStorage.setItem('visits', n);\n"
        "document.body.textContent = 'visits ' + n;",
    )
    expect(preview(page).locator("body")).to_have_text(re.compile(r"visits \d+"))
    page.reload()
    expect(preview(page).locator("body")).to_have_text(re.compile(r"visits [2-9]"))


def test_the_page_works_on_a_phone_with_touch(phone_page, server):
    page = phone_page
    page.goto(f"{server.url}/exercises/hello/heading")
    expect(page.locator("body[data-ready=true]")).to_be_attached()
    tabs = page.locator(".panel-tabs")
    expect(tabs).to_be_visible()
    expect(page.locator("#instructions")).to_be_visible()
    expect(page.locator("#code")).to_be_hidden()
    tabs.get_by_role("tab", name="Code").tap()
    expect(page.locator("#code")).to_be_visible()
    page.locator(".file-tab[data-file='app.js']").tap()
    page.locator("#editor .cm-content").tap()
    page.keyboard.press("Control+End")
    # Each preview is a new sandboxed frame: while the Code tab hides it, typing builds none.
    page.evaluate(FRAMES_BUILT)
    page.keyboard.type("let a = ", delay=60)
    page.locator(".symbol-keys button[data-insert='{']").tap()
    expect(page.locator("#editor .cm-content")).to_contain_text("let a = {}")
    page.keyboard.press("End")
    page.keyboard.type('\nconsole.log("typed on the phone")', delay=60)
    assert page.evaluate("window.framesBuilt") == 0
    tabs.get_by_role("tab", name="Preview").tap()  # the Preview tab draws what was typed
    expect(page.locator("#preview")).to_be_visible()
    expect(page.frame_locator("#screen iframe:not(.pending)").locator("body")).to_contain_text("Start here")
    expect(page.locator("#console-lines")).to_contain_text("typed on the phone")
    assert page.evaluate("window.framesBuilt") == 1
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 360, "the page must not scroll sideways on a 360 px phone"
    # Typed on the Code tab, then turned sideways into the laptop's columns: the preview catches up.
    tabs.get_by_role("tab", name="Code").tap()
    page.locator("#editor .cm-content").tap()
    page.keyboard.press("Control+End")
    page.keyboard.type('\nconsole.log("then turned")', delay=60)
    page.set_viewport_size({"width": 960, "height": 540})
    expect(page.locator("#console-lines")).to_contain_text("then turned")


# Counts the preview frames the page builds from now on.
FRAMES_BUILT = """() => {
  window.framesBuilt = 0;
  new MutationObserver((changes) => {
    for (const change of changes) for (const node of change.addedNodes) {
      if (node.tagName === "IFRAME") window.framesBuilt += 1;
    }
  }).observe(document.getElementById("screen"), { childList: true, subtree: true });
}"""
