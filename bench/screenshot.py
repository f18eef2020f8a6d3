"""Take the README's and docs' screenshots, on a laptop and on a phone.

The exercise page with a finished step, as a learner sees it (docs/screenshot.png at 1280x720,
docs/screenshot-phone.png at 360x640), and a class's live dashboard with a few learners
(docs/dashboard.png, docs/dashboard-phone.png).
Run: .venv/bin/python bench/screenshot.py   (or `make screenshot`).
"""

from __future__ import annotations

from common import ROOT, bundled_server
from playwright.sync_api import sync_playwright

from sandbox.exercises import load_exercise
from sandbox.grading.browser import LOCAL_PAGES_FLAGS, find_chromium
from sandbox.store import Store
from tests.browser.conftest import PHONE

EXERCISE = "volunteer-counter"
LEARNERS = ["Farrukh", "Zarina", "Dilnoza", "Rustam"]


def dashboard(browser, server) -> None:
    store = Store(f"sqlite:///{server.log.parent / 'sandbox.db'}")
    store.create_trainer("amina", "correct horse")
    store.dispose()
    trainer = browser.new_page(viewport={"width": 1280, "height": 800})
    trainer.goto(f"{server.url}/trainer/login")
    trainer.fill("#name", "amina")
    trainer.fill("#password", "correct horse")
    trainer.locator("main form button").click()
    trainer.fill("#new-class", "Day 1, Khujand")
    trainer.locator("form.inline-form button").click()
    trainer.wait_for_selector("#join-code")
    code = trainer.locator("#join-code").text_content()
    for index, name in enumerate(LEARNERS):
        learner = browser.new_context(**PHONE).new_page()
        learner.goto(f"{server.url}/join/{code}")
        learner.fill("#name", name)
        learner.locator("main form button").click()
        learner.wait_for_selector("#resume-code")
        if index < 3:
            learner.goto(f"{server.url}/exercises/{EXERCISE}")
            learner.wait_for_selector("body[data-ready=true]")
            learner.locator("#tab-code").click()
            learner.locator("#check").click()
            learner.wait_for_selector("body[data-checks]", timeout=30_000)
    trainer.reload()
    trainer.wait_for_selector("#grid tbody tr[data-learner]")
    trainer.wait_for_timeout(500)
    trainer.screenshot(path=str(ROOT / "docs" / "dashboard.png"))
    phone = browser.new_context(**PHONE)
    phone.add_cookies(trainer.context.cookies())
    page = phone.new_page()
    page.goto(trainer.url)
    page.wait_for_selector("#grid tbody tr[data-learner]")
    page.wait_for_timeout(500)
    page.screenshot(path=str(ROOT / "docs" / "dashboard-phone.png"))


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

        phone = browser.new_context(**PHONE).new_page()
        phone.goto(f"{server.url}/exercises/{EXERCISE}/{step.id}")
        token = phone.locator('meta[name="csrf-token"]').get_attribute("content")
        phone.request.put(
            f"{server.url}/api/work/{EXERCISE}",
            data={"files": dict(exercise.solutions[step.id]), "revision": 0, "step": step.id},
            headers={"X-CSRF-Token": token},
        )
        phone.reload()
        phone.wait_for_selector("body[data-ready=true][data-previews]")
        phone.locator("#tab-code").click()
        phone.locator('.file-tab[data-file="app.js"]').click()
        phone.locator("#check").click()
        phone.wait_for_selector("#check-verdict[data-kind=pass]", timeout=30_000)
        phone.screenshot(path=str(ROOT / "docs" / "screenshot-phone.png"))

        dashboard(browser, server)
        browser.close()


if __name__ == "__main__":
    main()
