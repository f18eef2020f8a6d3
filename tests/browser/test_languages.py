"""A class in Russian and in Tajik, in real Chromium against the real server with the bundled exercises.

A learner joins, opens an exercise, types, checks a failing then a passing step, goes on, opens the
app on a phone and takes it home; the trainer looks at the class page, the dashboard, a learner's
code, the results and uploads an exercise. On each page the visible text that is ours must have no
English word, and `lang` must match: the test reads the page's text and attributes a person meets,
leaving out learner code (the editor and app previews, marked translate="no"), learner names, and
content marked with another lang= (an exercise text that falls back to English).
"""

from __future__ import annotations

import re
import shutil
import uuid

import pytest
from playwright.sync_api import Page, expect

from sandbox.store import Store
from tests.support import QUICK_HASH, ROOT
from tests.support.browser import PHONE, record_errors
from tests.support.web import zip_of

EXERCISE = "volunteer-counter"
LEARNER = "Farrukh"
CLASS_NAME = {"ru": "Класс 1", "tg": "Синфи 1"}

# Our visible text and the attributes people meet (screen readers read aria-label, title and alt).
# Text inside translate="no", <code>, previews, or an element whose lang= is not the page's is left out.
OUR_TEXT = """(root) => {
  const page = document.documentElement.lang;
  const skipped = (el) =>
    el.closest('[translate="no"], script, style, code, pre, kbd, samp, iframe, template, .cm-editor') ||
    (el.closest("[lang]") && el.closest("[lang]").getAttribute("lang") !== page);
  const shown = (el) => el.checkVisibility({ visibilityProperty: true });
  const found = [];
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const el = walker.currentNode.parentElement;
    if (el && !skipped(el) && shown(el)) found.push(walker.currentNode.textContent);
  }
  for (const el of root.querySelectorAll("[aria-label], [title], [placeholder], [alt], select")) {
    if (skipped(el) || !shown(el)) continue;
    for (const name of ["aria-label", "title", "placeholder", "alt"]) {
      if (el.hasAttribute(name)) found.push(el.getAttribute(name));
    }
    if (el.matches("select")) {
      for (const option of el.options) if (!skipped(option)) found.push(option.textContent);
    }
  }
  return found.join("\\n");
}"""

# Latin-script words that are not English: names of formats, files, products, languages.
NOT_ENGLISH = {"CSV", "JSON", "QR", "Wi-Fi", "HTML", "CSS", "JavaScript", "API", "Zip", "zip", "README"}
NOT_ENGLISH |= {"Android", "iPhone", "en", "ru", "tg", "id"}
NOT_ENGLISH |= {"Ctrl", "C"}  # keys, labelled in Latin letters on Russian and Tajik keyboards too
FILE_NAME = re.compile(r"^[\w-]+\.(html|css|js|md|yaml|zip|py)$")
# Code quoted in plain text (a check's hint, a grader message): an HTML tag, a call like show() or
# f("x", ...), a name like console.log, a CSS selector like #count, a path like steps/1-plus.md.
QUOTED_CODE = re.compile(r"<[^<>]*>|[\w.]+\([^()]*\)|[\w.-]+(?:/[\w.-]+)+|\w+\.\w+|[#.][\w-]+")


def english_words(page: Page, root: str = "body", names: tuple[str, ...] = (LEARNER,)) -> list[str]:
    """The English words in the visible text that is ours under `root`."""
    text = page.locator(root).first.evaluate(OUR_TEXT)
    for name in names:
        text = text.replace(name, " ")
    text = QUOTED_CODE.sub(" ", text)
    words = re.findall(r"[A-Za-z][A-Za-z'’.-]*[A-Za-z]|[A-Za-z]", text)
    return [w for w in words if w not in NOT_ENGLISH and not FILE_NAME.match(w)]


class Walk:
    """Collects the English words found on each page of the walkthrough, and checks lang= on each."""

    def __init__(self, language: str):
        self.language = language
        self.found: dict[str, list[str]] = {}

    def look(self, page: Page, name: str, root: str = "body", names: tuple[str, ...] = ()) -> None:
        expect(page.locator("html")).to_have_attribute("lang", self.language)
        self.found[name] = english_words(page, root, (LEARNER, *names))

    def counts(self) -> dict[str, int]:
        return {name: len(words) for name, words in self.found.items()}


@pytest.fixture
def bundled_store(bundled_server):
    store = Store(f"sqlite:///{bundled_server.log.parent / 'sandbox.db'}", QUICK_HASH)
    yield store
    store.dispose()


def replace_code(page: Page, text: str) -> None:
    page.locator("#editor .cm-content").click()
    page.keyboard.press("Control+a")
    page.keyboard.press("Delete")
    page.keyboard.insert_text(text)


def open_file(page: Page, name: str) -> None:
    page.locator(f'.file-tab[data-file="{name}"]').click()


@pytest.mark.parametrize("language", ["ru", "tg"])
def test_a_class_in_this_language_shows_no_english_word(
    browser, bundled_server, bundled_store, tmp_path, language
):
    server = bundled_server
    walk = Walk(language)
    trainer_name = f"trainer-{uuid.uuid4().hex[:8]}"
    bundled_store.create_trainer(trainer_name, "correct horse")

    # The trainer signs in, makes a class and gives it the exercise.
    trainer = record_errors(browser.new_context(viewport={"width": 1280, "height": 900}).new_page())
    trainer.context.set_default_timeout(15_000)
    trainer.goto(f"{server.url}/trainer/login?lang={language}")
    walk.look(trainer, "trainer: sign in")
    trainer.fill("#name", trainer_name)
    trainer.fill("#password", "correct horse")
    trainer.locator("main form button").click()
    trainer.fill("#new-class", CLASS_NAME[language])
    walk.look(trainer, "trainer: classes")
    trainer.locator("form.inline-form button").click()
    expect(trainer).to_have_url(re.compile(r"/trainer/classes/\d+$"))
    expect(trainer.locator("#dashboard-connection")).to_have_attribute("data-state", "live")
    code = trainer.locator("#join-code").text_content()

    # The learner joins on a laptop with an English browser, choosing the language on the join page.
    learner = record_errors(
        browser.new_context(viewport={"width": 1280, "height": 800}, locale="en-US").new_page()
    )
    learner.context.set_default_timeout(15_000)
    learner.goto(f"{server.url}/join?lang={language}")
    walk.look(learner, "learner: class code")
    learner.fill("input[name=code]", code.lower())
    learner.locator("main form button").click()
    walk.look(learner, "learner: join")
    learner.fill("#name", LEARNER)
    learner.locator("main form button").click()
    expect(learner.locator("#resume-code")).to_be_visible()
    walk.look(learner, "learner: exercises")

    # Open the exercise, type, check a failing step, then a passing one, then go on.
    learner.goto(f"{server.url}/exercises/{EXERCISE}/plus")
    expect(learner.locator("body[data-ready=true]")).to_be_attached()
    walk.look(learner, "learner: exercise")
    open_file(learner, "index.html")
    starter = (ROOT / "exercises" / EXERCISE / "starter" / "index.html").read_text()
    replace_code(learner, starter.replace("<!-- Step 1", '<p id="count">1</p>\n<!-- Step 1'))
    expect(learner.locator("#save-badge")).to_have_attribute("data-state", "saved")
    learner.locator("#check").click()
    expect(learner.locator("#check-results li").first).to_be_visible(timeout=30_000)
    expect(learner.locator("#check-status")).not_to_be_empty()
    learner.locator("#check-results").scroll_into_view_if_needed()
    walk.look(learner, "learner: failed check", names=("count",))  # a hint names the code's variable
    for name in ("index.html", "app.js"):
        open_file(learner, name)
        replace_code(learner, (ROOT / "exercises" / EXERCISE / "solutions" / "plus" / name).read_text())
    expect(learner.locator("#save-badge")).to_have_attribute("data-state", "saved")
    learner.locator("#check").click()
    expect(learner.locator("#step-passed")).to_be_visible(timeout=30_000)
    walk.look(learner, "learner: passed check")
    learner.locator("#next-step").click()
    expect(learner.locator("body[data-ready=true]")).to_be_attached()
    walk.look(learner, "learner: next step")

    # Open on my phone: the dialog, then the phone page.
    learner.locator("#phone-open").click()
    expect(learner.locator("#phone-url")).to_contain_text("/phone/")
    walk.look(learner, "learner: open on my phone", "#phone-dialog")
    phone_url = learner.locator("#phone-url").text_content().strip()
    learner.locator("#phone-close").click()
    phone = browser.new_context(**PHONE).new_page()
    phone.goto(phone_url)
    expect(phone.locator("#screen iframe").first).to_be_attached()
    walk.look(phone, "phone page")

    # Take it home: publish.
    learner.locator("#takehome-open").click()
    expect(learner.locator("#takehome-dialog")).to_be_visible()
    walk.look(learner, "learner: take it home", "#takehome-dialog")
    learner.locator("#takehome-publish").click()
    expect(learner.locator("#takehome-status")).to_have_attribute("data-kind", "ok")
    walk.look(learner, "learner: published", "#takehome-dialog")
    learner.keyboard.press("Escape")

    # The trainer: the class page (its dashboard, results and learners), a learner's code, an upload.
    trainer.reload()
    expect(trainer.locator("#dashboard-connection")).to_have_attribute("data-state", "live")
    expect(trainer.locator("#dashboard .learner-name")).to_have_text(LEARNER)
    walk.look(trainer, "trainer: dashboard", "#dashboard")
    walk.look(trainer, "trainer: results", "#results")
    walk.look(trainer, "trainer: class page")
    trainer.locator("#dashboard .learner-name").click()
    expect(trainer.locator("#watch")).to_be_visible()
    expect(trainer.locator("#watch-editor .cm-content")).to_contain_text('id="plus"')
    walk.look(trainer, "trainer: watch", "#watch")
    trainer.locator("#watch-close").click()

    trainer.goto(f"{server.url}/trainer/exercises")
    walk.look(trainer, "trainer: exercises")
    broken = tmp_path / "profile-card"
    shutil.copytree(ROOT / "exercises" / "profile-card", broken)
    (broken / "steps" / f"2-list.{language}.md").unlink()
    trainer.set_input_files(
        "#zip", {"name": "profile-card.zip", "mimeType": "application/zip", "buffer": zip_of(broken)}
    )
    trainer.locator("#upload button").click()
    expect(trainer.locator("#upload-error")).to_contain_text(f"2-list.{language}.md")
    walk.look(trainer, "trainer: upload refused", names=("profile-card",))

    print(f"\nEnglish words per page ({language}): {walk.counts()}")
    assert {name: words for name, words in walk.found.items() if words} == {}
    assert trainer.app_errors == [] and learner.app_errors == []


@pytest.mark.parametrize(("language", "shown"), [("en", "01:05 PM"), ("ru", "13:05"), ("tg", "13:05")])
def test_times_of_day_follow_the_pages_language_not_the_browsers(page, server, language, shown):
    """A message's time in a Russian class reads 13:05, though the browser itself is English."""
    page.goto(f"{server.url}/join?lang={language}")
    got = page.evaluate("async () => (await import('/static/js/i18n.js')).timeOfDay('2026-12-01T13:05:00')")
    assert got == shown
