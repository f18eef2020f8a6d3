"""Learner code on the trainer's screens (the watch view and the projector), in real Chromium."""

from __future__ import annotations

import re
import time
import uuid

import pytest
from playwright.sync_api import expect

FLOOD = """<h1>Flood</h1><script>setInterval(() => alert(1), 200);</script>"""


def app_page(body: str) -> dict[str, str]:
    return {"index.html": f"<!DOCTYPE html><html><body>{body}</body></html>", "style.css": "", "app.js": ""}


@pytest.fixture
def classroom(new_context, server, served_store):
    """A signed-in trainer's page and their class: `classroom.add(name, body)` adds a learner with an app."""
    name = f"trainer-{uuid.uuid4().hex[:8]}"
    trainer = served_store.create_trainer(name, "correct horse")
    page = new_context().new_page()
    page.goto(f"{server.url}/trainer/login")
    page.fill("#name", name)
    page.fill("#password", "correct horse")
    page.locator("main form button").click()
    expect(page).to_have_url(re.compile(r"/trainer"))

    class Classroom:
        id = served_store.create_classroom(trainer.id, "Day 1").id
        trainer_page = page
        url = f"{server.url}/trainer/classes/{served_store.classrooms_of(trainer.id)[0].id}"

        @staticmethod
        def add(learner_name: str, body: str) -> int:
            learner = served_store.join_classroom(Classroom.id, learner_name)
            served_store.save_work(learner.id, "hello", app_page(body), 0, step_id="heading")
            return learner.id

    return Classroom


def count_dialogs(page) -> list[str]:
    seen: list[str] = []

    def dismiss(dialog):
        seen.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", dismiss)
    return seen


def test_dialog_flood_a_learners_app_raises_no_dialog_in_the_trainers_watch_view(classroom):
    """Threat: a learner's `setInterval(() => alert(1), 200)` blocks the trainer's watch view."""
    flooder = classroom.add("Flooder", FLOOD)
    trainer = classroom.trainer_page
    dialogs = count_dialogs(trainer)
    trainer.goto(f"{classroom.url}#watch-{flooder}")
    app = trainer.frame_locator("#watch-screen iframe:not(.pending)")
    expect(app.locator("h1")).to_have_text("Flood")
    time.sleep(1.5)  # seven alerts' worth
    assert dialogs == []
    trainer.locator("#watch-close").click()  # the page still answers
    expect(trainer.locator("#watch")).to_be_hidden()


def test_dialog_flood_a_learners_app_raises_no_dialog_on_the_projector(classroom):
    """Threat: a learner's `setInterval(() => alert(1), 200)` blocks the projector."""
    flooder = classroom.add("Flooder", FLOOD)
    calm = classroom.add("Calm", "<h1>Calm</h1>")
    trainer = classroom.trainer_page
    dialogs = count_dialogs(trainer)
    trainer.goto(f"{classroom.url}/projector?learner={flooder}&learner={calm}")
    expect(trainer.locator(".projector-app")).to_have_count(2)
    for tile in trainer.locator(".projector-app").all():
        expect(tile).to_have_attribute("data-previews", re.compile(r"[1-9]"), timeout=15_000)
        app = tile.frame_locator(".screen iframe:not(.pending)")
        expect(app.locator("h1")).to_be_attached(timeout=15_000)
    time.sleep(1.5)
    assert dialogs == []


def test_watch_storage_one_learners_app_cannot_read_what_another_learners_app_stored(classroom):
    """Threat: the watch view's preview keeps one storage for every learner it shows."""
    writer = classroom.add(
        "Writer", "<h1>Writer</h1><script>localStorage.setItem('secret', 'from the writer');</script>"
    )
    reader = classroom.add(
        "Reader",
        "<p id='found'></p><script>document.querySelector('#found').textContent = "
        "'found: ' + localStorage.getItem('secret');</script>",
    )
    trainer = classroom.trainer_page
    trainer.goto(f"{classroom.url}#watch-{writer}")
    app = trainer.frame_locator("#watch-screen iframe:not(.pending)")
    expect(app.locator("h1")).to_have_text("Writer")
    time.sleep(0.5)  # the frame reports its storage to the page
    trainer.locator("#watch-close").click()
    trainer.locator(f"#grid tbody tr[data-learner='{reader}'] .learner-name").click()
    expect(app.locator("#found")).to_have_text("found: null")
