"""How the app was built, in real Chromium: a learner on a phone saves three versions, replays them on
the slider (the code and the app of each, and what changed), brings the first one back and undoes
that; the trainer replays the same timeline from the watch view on a laptop."""

from __future__ import annotations

import time

from playwright.sync_api import Page, expect

from tests.support.browser import open_file, open_step, replace_code

VERSIONS = ["<h1>One</h1>", "<h1>One</h1>\n<p>Two</p>", "<h1>Three</h1>\n<p>Two</p>"]


def wait_until_saved(store, learner: Page, text: str) -> None:
    """Until the server's newest version of the learner's index.html is `text`."""
    learner_id = learner.evaluate(
        "() => JSON.parse(document.getElementById('page-data').textContent).learner"
    )
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        versions = store.versions(learner_id, "hello")
        if versions and store.files_at(learner_id, "hello", versions[-1].number)["index.html"] == text:
            return
        time.sleep(0.1)
    raise AssertionError(f"never saved: {text!r}")


def test_a_learner_replays_their_versions_brings_one_back_and_the_trainer_replays_them(
    trainer, join, server, store
):
    farrukh = join("Farrukh")
    open_step(farrukh, server)
    farrukh.locator("#tab-code").tap()
    open_file(farrukh, "index.html")
    for text in VERSIONS:
        replace_code(farrukh, text)
        wait_until_saved(store, farrukh, text)

    farrukh.locator("#history-open").tap()
    dialog = farrukh.locator("#history-dialog")
    expect(dialog).to_be_visible()
    expect(dialog.locator("#history-controls")).to_be_visible()  # the timeline is loaded
    slider = dialog.locator("#history-slider")
    count = int(slider.get_attribute("max"))
    expect(dialog.locator("#history-when")).to_contain_text(f"Version {count} of {count}")
    expect(dialog.locator("#history-code")).to_have_text(VERSIONS[-1])
    app = farrukh.frame_locator("#history-screen iframe:not(.pending)")
    expect(app.locator("h1")).to_have_text("Three")

    # Back one version with the arrow button: its code and its app; what changed since the one before.
    dialog.locator("#history-prev").tap()
    expect(dialog.locator("#history-code")).to_have_text(VERSIONS[1])
    expect(app.locator("p")).to_have_text("Two")
    dialog.locator("#history-compare").select_option("previous")
    expect(dialog.locator(".history-line.added")).to_have_text(["+ <p>Two</p>"])
    dialog.locator("#history-compare").select_option("")

    # The keyboard moves the slider too; Home is the first version that has the learner's code.
    slider.focus()
    farrukh.keyboard.press("Home")
    for _ in range(count):
        if dialog.locator("#history-code").text_content() == VERSIONS[0]:
            break
        farrukh.keyboard.press("ArrowRight")
    expect(dialog.locator("#history-code")).to_have_text(VERSIONS[0])
    expect(app.locator("h1")).to_have_text("One")
    dialog.locator("#history-restore").tap()
    expect(dialog).to_be_hidden()
    expect(farrukh.locator("#notice")).to_contain_text("is back in the editor")
    expect(farrukh.locator("#save-badge")).to_have_attribute("data-state", "saved")
    assert farrukh.evaluate("() => sandboxEditor.view.state.doc.toString()") == VERSIONS[0]

    # Undo: the version before the restore is in the history, one from the end.
    farrukh.locator("#history-open").tap()
    expect(dialog.locator("#history-when")).to_contain_text(f"Version {count + 1} of {count + 1}")
    dialog.locator("#history-prev").tap()
    expect(dialog.locator("#history-code")).to_have_text(VERSIONS[-1])
    dialog.locator("#history-restore").tap()
    assert farrukh.evaluate("() => sandboxEditor.view.state.doc.toString()") == VERSIONS[-1]
    wait_until_saved(store, farrukh, VERSIONS[-1])

    # The trainer replays it from the watch view: no way to change it from there.
    trainer.locator("#grid .learner-name", has_text="Farrukh").click()
    trainer.locator("#watch-history").click()
    watched = trainer.locator("#history-dialog")
    expect(watched.locator("#history-when")).to_contain_text(f"Version {count + 2} of {count + 2}")
    expect(watched.locator("#history-restore")).to_have_count(0)
    watched.locator("#history-play").click()
    expect(watched.locator("#history-play")).to_have_attribute("aria-pressed", "true")
    expect(watched.locator("#history-when")).to_contain_text(f"Version {count + 2} of", timeout=15_000)
    expect(watched.locator("#history-play")).to_have_attribute("aria-pressed", "false", timeout=15_000)
    expect(watched.locator("#history-code")).to_have_text(VERSIONS[-1])
