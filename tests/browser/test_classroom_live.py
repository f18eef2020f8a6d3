"""A live class in real Chromium: a trainer's dashboard and several learners' phones at once.

Learners join by code, the trainer pushes an exercise and the phones follow, a learner who fails
a check three times shows as stuck, the trainer watches a learner type, broadcasts and notes
arrive, and a learner whose connection dropped catches up over HTTP.
"""

from __future__ import annotations

import re
import time

from playwright.sync_api import Page, expect

from tests.support.browser import open_file, open_step, record_errors, replace_code


def row(trainer: Page, name: str):
    return trainer.locator(
        "#grid tbody tr[data-learner]", has=trainer.locator(".learner-name", has_text=name)
    )


def push(trainer: Page, target: str) -> None:
    trainer.select_option("#push-target", target)
    trainer.locator("#push-send").click()


def test_learners_join_by_code_and_follow_the_trainers_push(trainer, join, server):
    farrukh = join("Farrukh")
    zarina = join("Zarina")
    expect(trainer.locator("#grid tbody tr[data-learner]")).to_have_count(2)
    expect(row(trainer, "Farrukh")).to_have_attribute("data-online", "true")
    open_step(zarina, server, "heading")
    expect(row(trainer, "Zarina").locator(".presence")).to_contain_text("Say hello, step 1")

    push(trainer, "hello|heading")
    # Every connected learner sees it within a second, except one who is already there.
    expect(farrukh.locator("#push-banner")).to_be_visible(timeout=1000)
    expect(farrukh.locator("#push-banner")).to_contain_text("Say hello")
    expect(farrukh.locator("#push-banner")).to_contain_text("step 1: Add a heading")
    expect(zarina.locator("#push-banner")).to_have_count(0)
    expect(trainer.locator("#push-now")).to_contain_text("Add a heading")

    farrukh.locator("#push-go").tap()
    expect(farrukh).to_have_url(f"{server.url}/exercises/hello/heading")
    expect(farrukh.locator("body[data-ready=true]")).to_be_attached()
    expect(farrukh.locator("#push-banner")).to_have_count(0)

    # Someone who joins later gets the push as soon as their page connects.
    nigora = join("Nigora")
    expect(nigora.locator("#push-banner")).to_be_visible()
    # A step they have not reached yet: Go opens the furthest step they may open, without nagging.
    push(trainer, "hello|button")
    expect(nigora.locator("#push-banner")).to_contain_text("step 2: Count clicks")
    nigora.locator("#push-go").tap()
    expect(nigora).to_have_url(f"{server.url}/exercises/hello/heading")
    expect(nigora.locator("body[data-ready=true]")).to_be_attached()
    expect(nigora.locator("#push-banner")).to_have_count(0)

    # Dismissed, it stays dismissed after a reload; stopping the push takes it off every page.
    expect(farrukh.locator("#push-banner")).to_be_visible()
    farrukh.locator("#push-banner .dismiss").tap()
    farrukh.reload()
    expect(farrukh.locator("body[data-live-synced]")).to_be_attached()
    expect(farrukh.locator("#push-banner")).to_have_count(0)
    expect(zarina.locator("#push-banner")).to_be_visible()
    trainer.locator("#push-clear").click()
    expect(zarina.locator("#push-banner")).to_have_count(0)

    zarina.context.close()
    expect(row(trainer, "Zarina")).to_have_attribute("data-online", "false")
    expect(row(trainer, "Zarina").locator(".presence")).to_contain_text("last seen")


def test_three_failed_checks_in_a_row_show_the_learner_as_stuck(trainer, join, server):
    farrukh = join("Farrukh")
    open_step(farrukh, server)
    for attempt in range(1, 4):
        farrukh.locator("#check").tap()
        expect(farrukh.locator("body")).to_have_attribute("data-checks", str(attempt), timeout=20_000)
        expect(farrukh.locator("#check-status")).to_contain_text("0 of 1 checks passed")
        cell = row(trainer, "Farrukh").locator("td[data-cell='hello/heading']")
        expect(cell).to_have_attribute("data-state", "failing")
        expect(cell).to_have_attribute("data-failed", "1")
        if attempt < 3:
            expect(row(trainer, "Farrukh")).not_to_have_attribute("data-stuck", "failures")
    expect(row(trainer, "Farrukh")).to_have_attribute("data-stuck", "failures")
    expect(row(trainer, "Farrukh").locator("td.status")).to_contain_text("3 failed tries in a row")
    expect(trainer.locator("#dashboard-summary")).to_contain_text("1 stuck")

    farrukh.locator("#tab-code").tap()
    open_file(farrukh, "index.html")
    replace_code(farrukh, "<h1>Hello</h1>")
    farrukh.locator("#check").tap()
    expect(farrukh.locator("#check-status")).to_contain_text("Everything works", timeout=20_000)
    expect(row(trainer, "Farrukh").locator("td[data-cell='hello/heading']")).to_have_attribute(
        "data-state", "passed"
    )
    expect(row(trainer, "Farrukh")).not_to_have_attribute("data-stuck", "failures")


def test_the_trainer_watches_a_learner_type_and_sends_a_note(trainer, join, server):
    farrukh = join("Farrukh")
    open_step(farrukh, server)
    row(trainer, "Farrukh").locator(".learner-name").click()
    watch = trainer.locator("#watch")
    expect(watch).to_be_visible()
    expect(trainer.locator("#watch-title")).to_contain_text("Farrukh")
    code = trainer.locator("#watch-editor .cm-content")
    expect(code).to_contain_text("Start here")
    expect(code).to_have_attribute("contenteditable", "false")
    app = trainer.frame_locator("#watch-screen iframe:not(.pending)")
    expect(app.locator("body")).to_contain_text("Start here")

    farrukh.locator("#tab-code").tap()
    open_file(farrukh, "index.html")
    lines = ['<link rel="stylesheet" href="style.css">', "<main>", "<header>", "<p>Day 1</p>"]
    replace_code(farrukh, "\n".join([*lines, "<h1>Live from Farrukh</h1>", "</header>", "</main>"]))
    expect(code).to_contain_text("<h1>Live from Farrukh</h1>", timeout=5000)
    expect(app.locator("h1")).to_have_text("Live from Farrukh")

    # The trainer comments on line 5 (docs/mentors.md); Farrukh sees it beside that line on his
    # phone, taps its marker and answers; the trainer hears the answer.
    trainer.locator("#watch-editor .cm-line", has_text="Live from Farrukh").click()
    trainer.locator("#comment-add").click()
    expect(trainer.locator("#comment-where")).to_have_text("A comment on index.html, line 5")
    trainer.fill("#comment-text", "A good title. Is it your app's name?")
    trainer.locator("#comment-send").click()
    expect(trainer.locator("#watch-editor .cm-review-line")).to_have_text("<h1>Live from Farrukh</h1>")
    marked = farrukh.locator("#editor .cm-review-line")
    expect(marked).to_have_text("<h1>Live from Farrukh</h1>")
    marker = farrukh.locator("#editor .cm-review-marker")
    expect(marker).to_have_text("1")
    assert abs(marker.bounding_box()["y"] - marked.bounding_box()["y"]) < 12  # beside line 5
    expect(farrukh.locator("#comments-count")).to_have_text("1")
    marker.tap()
    thread = farrukh.locator("#comments-sheet .thread")
    expect(thread).to_contain_text("A good title. Is it your app's name?")
    thread.locator("textarea").fill("Yes, for now")
    thread.locator(".thread-answer button", has_text="Answer").tap()
    expect(trainer.locator("#comments-status")).to_contain_text("Farrukh answered on index.html, line 5")
    expect(trainer.locator("#comments-sheet .thread .post")).to_have_count(2)
    expect(trainer.locator("#watch-editor .cm-review-marker")).to_have_text("2")
    trainer.locator("#comments-close").click()
    farrukh.locator("#comments-close").tap()
    expect(trainer.locator("#watch-status")).to_contain_text("Last saved")
    sandboxes = trainer.locator("#watch-screen iframe").evaluate_all(
        "frames => frames.map(f => f.sandbox.value)"
    )
    assert sandboxes and set(sandboxes) == {"allow-scripts allow-forms"}  # no dialogs on trainer screens

    open_file(farrukh, "style.css")
    replace_code(farrukh, "h1 { color: rgb(0, 128, 0); }")
    expect(trainer.locator("#watch-tabs .file-tab[data-file='style.css']")).to_have_attribute(
        "data-changed", "true"
    )
    expect(app.locator("h1")).to_have_css("color", "rgb(0, 128, 0)")

    trainer.fill("#note-text", "Good! Now <b>add</b> a button.")
    trainer.locator("#note-send").click()
    note = farrukh.locator("#trainer-notes .trainer-note")
    expect(note).to_contain_text("Now <b>add</b> a button.")
    expect(note.locator("b")).to_have_count(0)
    expect(trainer.locator("#note-list")).to_contain_text("Now <b>add</b> a button.")

    trainer.locator("#watch-close").click()
    expect(watch).to_be_hidden()


def test_the_watch_view_scrolls_to_the_line_the_learner_changed(trainer, join, server):
    farrukh = join("Farrukh")
    open_step(farrukh, server)
    farrukh.locator("#tab-code").tap()
    open_file(farrukh, "app.js")
    lines = [f"// line {n}" for n in range(1, 81)]
    replace_code(farrukh, "\n".join(lines))
    row(trainer, "Farrukh").locator(".learner-name").click()
    trainer.locator("#watch-tabs .file-tab[data-file='app.js']").click()
    code = trainer.locator("#watch-editor .cm-content")
    expect(code).to_contain_text("// line 1")

    lines[69] = "// line 70, changed by Farrukh"
    replace_code(farrukh, "\n".join(lines))

    changed = trainer.locator("#watch-editor .cm-line", has_text="changed by Farrukh")
    expect(changed).to_be_visible(timeout=5000)
    scroller = trainer.locator("#watch-editor .cm-scroller").bounding_box()
    line = changed.bounding_box()
    assert scroller["y"] <= line["y"] and line["y"] + line["height"] <= scroller["y"] + scroller["height"]


def test_a_broadcast_reaches_every_learner_as_text(trainer, join, server):
    farrukh = join("Farrukh")
    zarina = join("Zarina")
    open_step(zarina, server)
    trainer.fill("#broadcast-text", "Lunch at <b>12:30</b>, then exercise 2.")
    trainer.locator("#broadcast-send").click()
    expect(trainer.locator("#broadcast-status")).to_contain_text("Sent")
    for page in (farrukh, zarina):
        message = page.locator("#class-live .class-message")
        expect(message).to_contain_text("Lunch at <b>12:30</b>, then exercise 2.")
        expect(message.locator("b")).to_have_count(0)
    # It is still there after a reload, until it is dismissed.
    zarina.reload()
    expect(zarina.locator("#class-live .class-message")).to_contain_text("Lunch at")
    zarina.locator("#class-live .class-message .dismiss").tap()
    zarina.reload()
    expect(zarina.locator("body[data-live-synced]")).to_be_attached()
    expect(zarina.locator("#class-live .class-message")).to_have_count(0)


def test_a_learner_whose_connection_dropped_catches_up_over_http(trainer, join, server):
    farrukh = join("Farrukh")
    sockets = []
    blocked = {"on": False}

    def route(ws):
        if blocked["on"]:
            ws.close()
            return
        ws.connect_to_server()
        sockets.append(ws)

    farrukh.route_web_socket(re.compile(r"/live"), route)
    open_step(farrukh, server)
    expect(farrukh.locator("body[data-live-synced]")).to_be_attached()
    blocked["on"] = True
    for ws in sockets:
        ws.close()
    time.sleep(0.2)
    trainer.fill("#broadcast-text", "Sent while you were away")
    trainer.locator("#broadcast-send").click()
    push(trainer, "hello|button")
    expect(trainer.locator("#broadcast-status")).to_contain_text("Sent")
    expect(farrukh.locator("#class-live .class-message")).to_have_count(0)
    blocked["on"] = False
    # socket.js retries with backoff (1 s, 2 s, ...); on reconnecting the page re-syncs over HTTP.
    expect(farrukh.locator("#class-live .class-message")).to_contain_text(
        "Sent while you were away", timeout=15_000
    )
    expect(farrukh.locator("#push-banner")).to_contain_text("step 2")


def expect_listed(page: Page, names: list[str]) -> None:
    """The class page's list of learners shows these names, in this order."""
    listed = page.locator("#learner-list li[data-learner] input[name=name]")
    expect(listed).to_have_count(len(names))
    for index, name in enumerate(names):
        expect(listed.nth(index)).to_have_value(name)


def test_the_list_of_learners_is_live_joins_presence_renames_and_removals(trainer, join, server):
    listed = trainer.locator("#learner-list li[data-learner]")
    expect(listed).to_have_count(0)
    expect(trainer.locator("#learner-list")).to_contain_text("Nobody has joined yet")
    trainer.locator("body").evaluate("body => { body.dataset.notReloaded = 'yes'; }")

    farrukh = join("Farrukh")
    zarina = join("Zarina")
    expect(listed).to_have_count(2)
    expect(trainer.locator("#learner-count")).to_have_text("2")
    expect_listed(trainer, ["Farrukh", "Zarina"])
    expect(listed.nth(0)).to_have_attribute("data-online", "true")
    expect(listed.nth(0).locator(".presence")).to_contain_text("online")
    open_step(zarina, server)
    expect(listed.nth(1).locator(".presence")).to_contain_text("Say hello, step 1")

    farrukh.context.close()
    expect(listed.nth(0)).to_have_attribute("data-online", "false")
    expect(listed.nth(0).locator(".presence")).to_contain_text("last seen just now")

    # A second tab of the trainer's follows what the first one does.
    other_tab = record_errors(trainer.context.new_page())
    other_tab.goto(trainer.url)
    expect(other_tab.locator("#dashboard-connection")).to_have_attribute("data-state", "live")
    other_listed = other_tab.locator("#learner-list li[data-learner]")
    expect(other_listed).to_have_count(2)

    listed.nth(1).locator("input[name=name]").fill("Zarina A.")
    listed.nth(1).locator("button[value=rename]").click()
    expect(trainer.locator("#learner-status")).to_contain_text("Renamed to Zarina A.")
    expect_listed(other_tab, ["Farrukh", "Zarina A."])
    expect(row(other_tab, "Zarina A.")).to_have_count(1)
    expect(row(trainer, "Zarina A.")).to_have_count(1)

    listed.nth(0).locator("button[value=remove]").click()
    expect(trainer.locator("#learner-status")).to_contain_text("Removed from the class")
    for page in (trainer, other_tab):
        expect(page.locator("#learner-list li[data-learner]")).to_have_count(1)
        expect(page.locator("#learner-count")).to_have_text("1")
        expect(page.locator("#grid tbody tr[data-learner]")).to_have_count(1)
        expect(row(page, "Farrukh")).to_have_count(0)
    expect(trainer.locator("body")).to_have_attribute("data-not-reloaded", "yes")
    assert other_tab.app_errors == [], other_tab.app_errors

    # Zarina's page is open when she is removed: it says so at once and stops listening.
    listed.nth(0).locator("button[value=remove]").click()
    expect(zarina.locator("#removed-notice")).to_contain_text("no longer in this class")
    expect(trainer.locator("#learner-list li[data-learner]")).to_have_count(0)
