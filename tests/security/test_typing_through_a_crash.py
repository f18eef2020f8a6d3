"""A learner types while the server is killed and started again: every character arrives.

The server runs as `sandbox run` starts it (tests/support/browser.py) and is killed with SIGKILL in
the middle of the learner's typing (no shutdown: the laptop's power button, a crash). The page keeps
what is typed in the browser's storage before anything else, tells the truth on its badge, and
sends everything once the server is back on the same address. docs/durability.md and
docs/architecture.md ("Saving") say how.
"""

from __future__ import annotations

import re
import shutil
import signal
import time

from playwright.sync_api import expect

from tests.support import FIXTURE_EXERCISES
from tests.support.browser import open_exercise, open_file, start_server

BEFORE = "let before = 1;"
DURING = "let during = 2;"
AFTER = "let after = 3;"


def test_crash_while_typing_every_character_typed_before_during_and_after_arrives(browser, tmp_path):
    """Threat: the server dies while a learner types (SIGKILL): what was typed before the crash,
    while the server was down and after it came back is lost, or the badge says "saved" when the
    server has not got it."""
    exercises = tmp_path / "exercises"
    shutil.copytree(FIXTURE_EXERCISES / "hello", exercises / "hello")
    instance = tmp_path / "instance"
    server = start_server(instance, exercises)
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    context.set_default_timeout(10_000)
    restarted = None
    try:
        page = context.new_page()
        badge = page.locator("#save-badge")
        open_exercise(page, server)
        open_file(page, "app.js")
        clear_editor(page)
        page.keyboard.type(BEFORE, delay=20)
        expect(badge).to_have_attribute("data-state", "saved")

        server.process.send_signal(signal.SIGKILL)
        server.process.wait(10)
        server.stop()
        page.keyboard.press("Enter")
        page.keyboard.type(DURING, delay=20)
        expect(badge).to_have_attribute("data-state", "error", timeout=15_000)
        expect(badge).to_have_attribute("title", re.compile("Not saved yet"))
        kept = page.evaluate("Object.keys(localStorage).map((k) => localStorage.getItem(k)).join()")
        assert DURING in kept, "what is typed while the server is down is kept in the browser first"

        restarted = start_server(instance, exercises, port=server.port, publish_port=server.publish_port)
        page.keyboard.press("Enter")
        page.keyboard.type(AFTER, delay=20)
        expect(badge).to_have_attribute("data-state", "saved", timeout=20_000)

        typed = "\n".join([BEFORE, DURING, AFTER])
        expect(page.locator("#editor .cm-content")).to_have_text(typed.replace("\n", ""))
        # The editor reads what the keys put on the screen at its next frame, which a busy machine
        # delays: a save of the text before it may be answered first (and the badge say so).
        assert stored_code(page) == typed
        expect(badge).to_have_attribute("data-state", "saved")
        assert "Traceback" not in (instance / "server.log").read_text()
    finally:
        context.close()
        if restarted is not None:
            restarted.stop()
        else:
            server.stop()


def test_offline_for_a_minute_with_edits_and_a_reload_everything_syncs_when_back(new_context, server):
    """Threat: the room's Wi-Fi drops for a minute while a learner edits; they reload the page before
    the server can be reached again; what they typed is lost, or never reaches the server once it
    can. The page's clock is Playwright's, so the minute passes at once (every timer in it fires)."""
    context = new_context()
    page = context.new_page()
    page.clock.install()
    badge = page.locator("#save-badge")
    open_exercise(page, server)
    open_file(page, "app.js")
    context.set_offline(True)
    page.evaluate("window.dispatchEvent(new Event('offline'))")
    clear_editor(page)
    page.keyboard.type(BEFORE)
    page.clock.run_for(20_000)
    page.keyboard.press("Enter")
    page.keyboard.type(DURING)
    page.clock.run_for(40_000)
    expect(badge).to_have_attribute("data-state", "offline")

    # The network is back but the server is not yet reachable when the learner reloads.
    page.route("**/api/work/**", lambda route: route.abort())
    context.set_offline(False)
    page.reload()
    expect(page.locator("body[data-ready=true]")).to_be_attached()
    expect(page.locator("#notice")).to_contain_text("restored")
    open_file(page, "app.js")
    typed = f"{BEFORE}\n{DURING}"
    expect(page.locator("#editor .cm-content")).to_have_text(typed.replace("\n", ""))

    page.unroute("**/api/work/**")
    page.clock.run_for(30_000)  # the page tries again on its own, without a key pressed
    expect(badge).to_have_attribute("data-state", "saved")
    assert stored_code(page) == typed


def clear_editor(page) -> None:
    """Select all of app.js and delete it, with the keys a learner would press."""
    page.locator("#editor .cm-content").click()
    page.keyboard.press("Control+a")
    page.keyboard.press("Delete")


def stored_code(page, within_s: float = 20) -> str:
    """The server's copy of app.js, once it is what the editor holds (or when `within_s` is up)."""
    deadline = time.monotonic() + within_s
    while True:
        stored = page.evaluate("fetch('/api/work/hello').then((r) => r.json())")["files"]["app.js"]
        held = page.evaluate("() => window.sandboxEditor.getFile('app.js')")
        if stored == held or time.monotonic() > deadline:
            return stored
        time.sleep(0.2)
