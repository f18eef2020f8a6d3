"""Take the exercise page and the dashboard in Russian and in Tajik, on a laptop and on a phone.

Russian and Tajik words run 20-30% longer than English: these pictures are for looking at the
layout with them (docs/screenshots/exercise-ru.png, exercise-ru-phone.png, dashboard-ru.png, ...).
Run: .venv/bin/python bench/screenshot_languages.py   (or `make screenshot`).
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
CLASS_NAME = {"ru": "День 1, Худжанд", "tg": "Рӯзи 1, Хуҷанд"}
OUT = ROOT / "docs" / "screenshots"
LAPTOP = {"viewport": {"width": 1280, "height": 800}}


def exercise_page(browser, server, language: str, device: dict, name: str) -> None:
    """A learner who has just passed step 2: the instructions, the code, the app (in their language)
    and the answer."""
    exercise = load_exercise(ROOT / "exercises" / EXERCISE).in_language(language)
    step = exercise.steps[1]
    page = browser.new_context(**device).new_page()
    page.goto(f"{server.url}/exercises/{EXERCISE}/{step.id}?lang={language}")
    token = page.locator('meta[name="csrf-token"]').get_attribute("content")
    page.request.put(
        f"{server.url}/api/work/{EXERCISE}",
        data={"files": dict(exercise.solutions[step.id]), "revision": 0, "step": step.id},
        headers={"X-CSRF-Token": token},
    )
    page.reload()
    page.wait_for_selector("body[data-ready=true][data-previews]")
    if device is not LAPTOP:
        page.locator("#tab-code").click()
    page.locator('.file-tab[data-file="app.js"]').click()
    page.locator("#check").click()
    page.wait_for_selector("#check-verdict[data-kind=pass]", timeout=120_000)
    page.screenshot(path=str(OUT / name))
    page.context.close()


def dashboard(browser, server, language: str) -> None:
    trainer_name = f"amina-{language}"
    store = Store(f"sqlite:///{server.log.parent / 'sandbox.db'}")
    store.create_trainer(trainer_name, "correct horse")
    store.dispose()
    trainer = browser.new_context(**LAPTOP).new_page()
    trainer.goto(f"{server.url}/trainer/login?lang={language}")
    trainer.fill("#name", trainer_name)
    trainer.fill("#password", "correct horse")
    trainer.locator("main form button").click()
    trainer.fill("#new-class", CLASS_NAME[language])
    trainer.locator("form.inline-form button").click()
    trainer.wait_for_selector("#join-code")
    code = trainer.locator("#join-code").text_content()
    for index, name in enumerate(LEARNERS):
        learner = browser.new_context(**PHONE).new_page()
        learner.goto(f"{server.url}/join/{code}?lang={language}")
        learner.fill("#name", name)
        learner.locator("main form button").click()
        learner.wait_for_selector("#resume-code")
        if index < 3:
            learner.goto(f"{server.url}/exercises/{EXERCISE}")
            learner.wait_for_selector("body[data-ready=true]")
            learner.locator("#tab-code").click()
            learner.locator("#check").click()
            learner.wait_for_selector("body[data-checks]", timeout=120_000)
    trainer.reload()
    trainer.wait_for_selector("#grid tbody tr[data-learner]")
    trainer.wait_for_timeout(500)
    trainer.screenshot(path=str(OUT / f"dashboard-{language}.png"))
    phone = browser.new_context(**PHONE)
    phone.add_cookies(trainer.context.cookies())
    page = phone.new_page()
    page.goto(trainer.url)
    page.wait_for_selector("#grid tbody tr[data-learner]")
    page.wait_for_timeout(500)
    page.screenshot(path=str(OUT / f"dashboard-{language}-phone.png"))


def main() -> None:
    OUT.mkdir(exist_ok=True)
    with bundled_server() as server, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=find_chromium(), args=LOCAL_PAGES_FLAGS)
        for language in ("ru", "tg"):
            exercise_page(browser, server, language, LAPTOP, f"exercise-{language}.png")
            exercise_page(browser, server, language, PHONE, f"exercise-{language}-phone.png")
            dashboard(browser, server, language)
        browser.close()


if __name__ == "__main__":
    main()
