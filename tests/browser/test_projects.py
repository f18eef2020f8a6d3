"""A group project in real Chromium, from the trainer's laptop to a learner's phone: the trainer
makes a project from a template, the learner joins with its group code, edits, sees the preview
change, brings the template back from the project's history, writes the assignment, moves a card,
and sees the sprint the trainer starts.
"""

from __future__ import annotations

import re

from playwright.sync_api import expect

from tests.support.browser import preview, replace_code


def test_a_group_builds_its_project_from_a_template_in_a_sprint(trainer, join, store):
    farrukh = join("Farrukh")

    # The trainer makes the project, starting from the form that keeps reports.
    trainer.fill("#project-name", "Clean water")
    trainer.select_option("#project-problem", "healthcare")
    trainer.select_option("#project-template", "reports")
    trainer.locator("#project-new button.button").click()
    card = trainer.locator(".project-card", has_text="Clean water")
    code = card.locator("[data-code]").text_content()

    # The learner joins with the group code, typed in lower case, on his phone.
    farrukh.fill("#group-code", code.lower())
    farrukh.locator("#project-join button").tap()
    expect(farrukh).to_have_url(re.compile(r"/projects/\d+$"))
    expect(farrukh.locator("body[data-ready=true]")).to_be_attached()
    project_id = int(farrukh.url.rsplit("/", 1)[1])

    # The template's app runs in the preview; his edit shows there, and is saved.
    farrukh.locator("#tab-preview").tap()
    expect(preview(farrukh).locator("h1")).to_have_text("Clean water")
    farrukh.locator("#tab-code").tap()
    replace_code(farrukh, "<h1>Report a leak</h1>")
    farrukh.locator("#tab-preview").tap()
    expect(preview(farrukh).locator("h1")).to_have_text("Report a leak")
    expect(farrukh.locator("body")).to_have_attribute("data-coedit", "saved")  # the server has it
    assert store.get_project(project_id).files["index.html"] == "<h1>Report a leak</h1>"

    # The trainer opens the project on the laptop, beside the class page.
    watching = trainer.context.new_page()
    watching.goto(farrukh.url)
    expect(watching.locator("body[data-ready=true]")).to_be_attached()

    # How it was built: the template, then his edit, which is the live point (not a version yet:
    # they are taken 5 s apart). He brings the template back on his phone, and it reaches the
    # trainer's open editor through the shared document.
    farrukh.locator("#tab-code").tap()
    farrukh.locator("#history-open").tap()
    dialog = farrukh.locator("#history-dialog")
    expect(dialog.locator("#history-when")).to_contain_text("Now (2 of 2")
    expect(dialog.locator("#history-code")).to_have_text("<h1>Report a leak</h1>")
    dialog.locator("#history-prev").tap()
    expect(dialog.locator("#history-when")).to_contain_text("Version 1 of 2")
    started_with = store.project_files_at(project_id, 1)["index.html"]
    expect(farrukh.frame_locator("#history-screen iframe:not(.pending)").locator("h1")).to_have_text(
        "Clean water"
    )
    dialog.locator("#history-restore").tap()
    expect(farrukh.locator("#notice")).to_contain_text("in every member's editor")
    watching.wait_for_function("(text) => sandboxEditor.view.state.doc.toString() === text", arg=started_with)
    assert store.get_project(project_id).files["index.html"] == started_with

    # The app's error is in the console, as on an exercise's page: its place opens that line.
    farrukh.locator("#tab-code").tap()
    replace_code(farrukh, "<h1>Report a leak</h1>\n<script>\nmissingFunction();\n</script>")
    farrukh.locator("#tab-preview").tap()
    error = farrukh.locator("#console-lines li").filter(has_text="missingFunction")
    expect(error).to_contain_text("index.html line 3")
    error.locator(".where").tap()
    expect(farrukh.locator(".cm-sandbox-flash")).to_contain_text("missingFunction")

    # The technical assignment, saved; a user story, which is a card on the board.
    farrukh.locator("#tab-plan").tap()
    farrukh.fill("#assignment-problem", "Pipes leak for weeks before anyone repairs them.")
    farrukh.locator("#assignment-save").tap()
    expect(farrukh.locator("#assignment-status")).to_have_text("The assignment is saved.")
    farrukh.fill("#story-role", "resident")
    farrukh.fill("#story-action", "report a broken water pipe")
    farrukh.locator("#story-form button").tap()
    expect(farrukh.locator("#story-list .story-check")).to_have_text(
        ["As a resident I can report a broken water pipe"]
    )
    farrukh.locator("#tab-board").tap()
    farrukh.locator('[data-cards="todo"] .card-move[data-to="doing"]').tap()
    expect(farrukh.locator('[data-cards="doing"] .card')).to_have_count(1)
    expect(farrukh.locator('[data-cards="todo"] .card')).to_have_count(0)
    assert [s.status for s in store.stories(project_id)] == ["doing"]
    assert "leak for weeks" in store.get_project(project_id).assignment["problem"]

    # The trainer's open page shows all of it at once, without a reload; the trainer's move of the
    # card reaches the phone the same way.
    expect(watching.locator("#assignment-problem")).to_have_value(
        "Pipes leak for weeks before anyone repairs them."
    )
    expect(watching.locator("#assignment-status")).to_have_text(
        "A member of the group saved the assignment: their version is shown."
    )
    expect(watching.locator('[data-cards="doing"] .card')).to_have_count(1)
    watching.locator("#tab-board").click()
    watching.locator('[data-cards="doing"] .card-move[data-to="done"]').click()
    expect(farrukh.locator('[data-cards="done"] .card')).to_have_count(1)
    expect(farrukh.locator("#story-list input[type=checkbox]")).to_be_checked()
    expect(farrukh.locator("#board-status")).to_have_text(
        "“As a resident I can report a broken water pipe” moved to Done."
    )
    watching.close()

    # The trainer starts a sprint for the whole class: the learner's page counts down at once.
    trainer.fill("#sprint-minutes", "40")
    trainer.locator("#sprint-start").click()
    expect(farrukh.locator("#sprint-clock")).to_have_text(re.compile(r"Sprint: (40:00|39:\d\d) left"))
    expect(trainer.locator("#sprint-clock")).to_have_attribute("data-state", "running")
    trainer.locator("#sprint-end").click()
    expect(farrukh.locator("#sprint-clock")).to_be_hidden()
