"""Every bundled exercise opens, and its starter and finished app run in the preview without errors."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from sandbox.exercises import load_exercise
from tests.support import BUNDLED_EXERCISES

BUNDLED = sorted(p.name for p in BUNDLED_EXERCISES.iterdir() if p.is_dir())


@pytest.mark.parametrize("name", BUNDLED)
def test_bundled_exercise_starter_and_solution_run_in_the_preview(page, bundled_server, name):
    exercise = load_exercise(BUNDLED_EXERCISES / name)
    page.goto(f"{bundled_server.url}/exercises/{name}")
    expect(page.locator("body[data-ready=true]")).to_be_attached()
    expect(page.locator("body[data-previews]")).to_be_attached()  # the preview has drawn
    expect(page.locator("#console-count")).to_be_hidden()

    final = exercise.solutions[exercise.steps[-1].id]
    token = page.locator('meta[name="csrf-token"]').get_attribute("content")
    saved = page.request.put(
        f"{bundled_server.url}/api/work/{name}",
        data={"files": dict(final), "revision": 0},
        headers={"X-CSRF-Token": token},
    )
    assert saved.ok
    page.reload()
    expect(page.locator("body[data-ready=true]")).to_be_attached()
    expect(page.locator("body[data-previews]")).to_be_attached()
    expect(page.locator("#console-lines li.empty")).to_be_visible()
    expect(page.locator("#console-count")).to_be_hidden()
    assert page.locator("#notice").is_hidden()
