"""A Russian learner builds a Russian app: after choosing Русский, the exercise starts with the
Russian starter in the editor and the preview, the instructions name the Russian words, and the
Russian solution typed in passes Check. On the phone (360x640, touch) and the laptop (1280x800)."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from sandbox.exercises import load_exercise
from tests.support import BUNDLED_EXERCISES
from tests.support.browser import PHONE, open_file, press_check, preview, record_errors, replace_code

SIZES = {"phone": PHONE, "laptop": {"viewport": {"width": 1280, "height": 800}}}


@pytest.mark.parametrize("size", list(SIZES))
def test_a_russian_learner_starts_from_a_russian_app_and_passes_with_it(browser, bundled_server, size):
    exercise = load_exercise(BUNDLED_EXERCISES / "volunteer-counter").in_language("ru")
    context = browser.new_context(**SIZES[size])
    context.set_default_timeout(15_000)
    page = record_errors(context.new_page())
    try:
        page.goto(f"{bundled_server.url}/exercises/volunteer-counter")
        expect(page.locator("body[data-ready=true]")).to_be_attached()
        expect(preview(page).locator("h1")).to_have_text("Volunteers today")  # English until chosen
        if size == "phone":
            page.locator(".language-menu summary").click()
            page.locator(".language-menu a[hreflang=ru]").click()
        else:
            page.locator(".language-links a[hreflang=ru]").click()
        expect(page.locator("html")).to_have_attribute("lang", "ru")
        expect(page.locator("body[data-ready=true][data-previews]")).to_be_attached()
        expect(preview(page).locator("h1")).to_have_text("Волонтёры сегодня")
        expect(page.locator("#editor .cm-content")).to_contain_text("Шаг 1: добавьте сюда число и кнопку +.")
        expect(page.locator(".instructions")).to_contain_text("Давайте считать волонтёров")

        if size == "phone":
            page.locator("#tab-code").click()
        for name in ("index.html", "app.js"):
            open_file(page, name)
            replace_code(page, exercise.solutions["plus"][name])
        if size == "phone":  # (the preview is drawn when its tab opens)
            page.locator("#tab-preview").click()
        expect(preview(page).locator("#plus")).to_have_text("+")
        expect(page.locator("#save-badge")).to_have_attribute("data-state", "saved")
        press_check(page)
        expect(page.locator("#check-verdict")).to_have_attribute("data-kind", "pass", timeout=30_000)
        page.screenshot(path=f"/tmp/startertexts-ru-{size}.png")
        if size == "phone":
            page.screenshot(path=f"/tmp/startertexts-ru-{size}-preview.png")
        assert page.app_errors == []
    finally:
        context.close()
