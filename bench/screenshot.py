"""Take the README's screenshot: the exercise page with a finished step, as a learner sees it.

Run: .venv/bin/python bench/screenshot.py   (or `make screenshot`); writes docs/screenshot.png.
"""

from __future__ import annotations

from common import ROOT, bundled_server
from playwright.sync_api import sync_playwright

from sandbox.exercises import load_exercise
from sandbox.grading.browser import LOCAL_PAGES_FLAGS, find_chromium

EXERCISE = "volunteer-counter"


def main() -> None:
    exercise = load_exercise(ROOT / "exercises" / EXERCISE)
    step = exercise.steps[1]
    with bundled_server() as server, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=find_chromium(), args=LOCAL_PAGES_FLAGS)
        page = browser.new_page(viewport={"width": 1280, "height": 720})
        page.goto(f"{server.url}/exercises/{EXERCISE}/{step.id}")
        token = page.locator('meta[name="csrf-token"]').get_attribute("content")
        page.request.put(
            f"{server.url}/api/work/{EXERCISE}",
            data={"files": dict(exercise.solutions[step.id]), "revision": 0, "step": step.id},
            headers={"X-CSRF-Token": token},
        )
        page.reload()
        page.wait_for_selector("body[data-ready=true][data-previews]")
        page.locator('.file-tab[data-file="app.js"]').click()
        frame = page.frame_locator("#screen iframe:not(.pending)")
        for _ in range(3):
            # The phone is drawn scaled down; Playwright's pointer clicks miss inside scaled frames.
            frame.locator("#plus").dispatch_event("click")
        page.screenshot(path=str(ROOT / "docs" / "screenshot.png"))
        browser.close()


if __name__ == "__main__":
    main()
