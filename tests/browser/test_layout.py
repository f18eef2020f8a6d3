"""Our own pages hold their layout, whatever a learner types or a trainer sends.

On a phone (360x640, touch) and a laptop (1280x800), with the longest things a class produces on
screen at once (console lines with no spaces, the "seems stuck" notice, a 500-character message
and note from the trainer, a 60-character learner name): the page never scrolls sideways, the
editor keeps a usable size, no two controls overlap, and on a touch screen every control is at
least 44x44 px (the rule the grader applies to the learners' own apps).
"""

from __future__ import annotations

import re
import uuid

import pytest
from playwright.sync_api import Page, expect

from sandbox.store import Store
from tests.support import QUICK_HASH
from tests.support.browser import PHONE

SIZES = {"phone": PHONE, "laptop": {"viewport": {"width": 1280, "height": 800}}}
LONG_NAME = "Gulnora " + "Abdurahmonovna-Karimova" * 2 + "-Saidova-Rahimova"[: 60 - 54]
LONG_TEXT = "Open-the-second-exercise-and-press-Check-when-the-plus-button-works " * 7
STUCK_APP = (
    'console.log("' + "x" * 400 + '");\n'
    'console.error("' + "NoSpacesInThisVeryLongErrorMessage" * 10 + '");\n'
    "while (true) {}\n"
)
# The grader's selector of things a finger taps (sandbox/grading), applied to our own pages.
TAPPABLE = "button, a[href], input:not([type=hidden]), select, textarea, summary, [role=button], [role=tab]"
MIN_TAP_PX = 44

MEASURE = """(tappable) => {
  const shown = (e) => {
    const r = e.getBoundingClientRect();
    if (r.width < 2 || r.height < 2) return false;           // hidden, or visually hidden for screen readers
    if (e.closest("details:not([open]) > :not(summary)")) return false;
    for (let p = e; p; p = p.parentElement) {
      const s = getComputedStyle(p);
      if (s.visibility === "hidden" || s.display === "none") return false;
    }
    return r.bottom > 0 && r.right > 0 && r.top < innerHeight && r.left < innerWidth;
  };
  const controls = [...document.querySelectorAll(tappable)]
    .filter(shown).filter((e) => !e.closest(".cm-editor"));
  const label = (e) =>
    (e.getAttribute("aria-label") || e.textContent || e.id || e.tagName).trim().slice(0, 40);
  const box = (e) => { const r = e.getBoundingClientRect(); return [r.left, r.top, r.right, r.bottom]; };
  const overlaps = [];
  for (let i = 0; i < controls.length; i++) for (let j = i + 1; j < controls.length; j++) {
    const a = controls[i], b = controls[j];
    if (a.contains(b) || b.contains(a)) continue;
    const [al, at, ar, ab] = box(a), [bl, bt, br, bb] = box(b);
    const w = Math.min(ar, br) - Math.max(al, bl), h = Math.min(ab, bb) - Math.max(at, bt);
    if (w > 1 && h > 1) overlaps.push(`${label(a)} / ${label(b)}`);
  }
  const small = controls.map((e) => [label(e), e.getBoundingClientRect()])
    .filter(([, r]) => r.width < 43.5 || r.height < 43.5)
    .map(([l, r]) => `${l} ${Math.round(r.width)}x${Math.round(r.height)}`);
  const editor = document.querySelector("#editor")?.getBoundingClientRect();
  return {
    scrollWidth: document.documentElement.scrollWidth, width: innerWidth, height: innerHeight,
    overlaps, small, editor: editor ? { width: editor.width, height: editor.height } : null,
  };
}"""


def measure(page: Page) -> dict:
    return page.evaluate(MEASURE, TAPPABLE)


def assert_layout_holds(page: Page, size: str) -> dict:
    found = measure(page)
    assert found["scrollWidth"] <= found["width"], f"the page scrolls sideways: {found['scrollWidth']}px"
    assert found["overlaps"] == [], "controls overlap"
    if size == "phone":
        assert found["small"] == [], f"too small for a finger: {found['small']}"
    return found


@pytest.fixture
def store(server):
    store = Store(f"sqlite:///{server.log.parent / 'sandbox.db'}", QUICK_HASH)
    yield store
    store.dispose()


@pytest.fixture
def classroom(browser, server, store):
    """A class with a learner of a 60-character name, who got a long message and a long note.

    Returns (trainer page, learner context factory)."""
    name = f"trainer-{uuid.uuid4().hex[:8]}"
    store.create_trainer(name, "correct horse")
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    context.set_default_timeout(10_000)
    trainer = context.new_page()
    trainer.goto(f"{server.url}/trainer/login")
    trainer.fill("#name", name)
    trainer.fill("#password", "correct horse")
    trainer.locator("main form button").click()
    trainer.fill("#new-class", "Day 1")
    trainer.locator("form.inline-form button").click()
    expect(trainer).to_have_url(re.compile(r"/trainer/classes/\d+$"))
    code = trainer.locator("#join-code").text_content()
    yield trainer, code
    context.close()


def join_as_learner(browser, server, code: str, size: str) -> Page:
    context = browser.new_context(**SIZES[size])
    context.set_default_timeout(10_000)
    page = context.new_page()
    page.goto(f"{server.url}/join")
    page.fill("input[name=code]", code.lower())
    page.locator("main form button").click()
    page.fill("#name", LONG_NAME)
    page.locator("main form button").click()
    expect(page.locator("#resume-code")).to_be_visible()
    return page


def send_long_message_and_note(trainer: Page) -> None:
    trainer.reload()
    trainer.fill("#broadcast-text", LONG_TEXT[:500])
    trainer.locator("#broadcast-send").click()
    expect(trainer.locator("#broadcast-status")).to_contain_text("Sent")
    trainer.locator(".learner-name", has_text=LONG_NAME[:20]).click()
    trainer.fill("#note-text", LONG_TEXT[:500])
    trainer.locator("#note-send").click()
    expect(trainer.locator("#note-list")).to_contain_text(LONG_TEXT[:30])
    trainer.keyboard.press("Escape")


def make_app_stuck(page: Page) -> None:
    page.locator(".file-tab[data-file='app.js']").click()
    page.evaluate(
        "(text) => { const v = sandboxEditor.view;"
        " v.dispatch({changes: {from: 0, to: v.state.doc.length, insert: text}}); }",
        STUCK_APP,
    )
    if page.locator(".panel-tabs").is_visible():  # a phone runs its preview when it is in sight
        page.locator("#tab-preview").click()
    expect(page.locator("#notice")).to_contain_text("seems stuck", timeout=10_000)


def assert_keyboard_open_gives_the_code_the_screen(page: Page) -> None:
    """Typing on a phone: the on-screen keyboard takes the lower half of the screen.

    The page asks Chrome on Android to lay it out above the keyboard (interactive-widget=
    resizes-content); a 360x300 viewport is what is left. The code gets most of it and every
    symbol key is in sight on top of the keyboard."""
    viewport = page.locator('meta[name="viewport"]').get_attribute("content")
    assert "interactive-widget=resizes-content" in viewport
    expect(page.locator(".symbol-keys")).to_be_hidden()  # reading the code: the keys give it their room
    page.locator("#editor .cm-content").tap()
    page.set_viewport_size({"width": 360, "height": 300})
    keys = page.locator(".symbol-keys button")
    expect(keys.first).to_be_visible()
    for key in keys.all():
        box = key.bounding_box()
        assert 0 <= box["x"] and box["x"] + box["width"] <= 360, key.text_content()
        assert 0 <= box["y"] and box["y"] + box["height"] <= 300, key.text_content()
    found = assert_layout_holds(page, "phone")
    assert found["editor"]["height"] >= 150, found["editor"]


@pytest.mark.parametrize("size", ["phone", "laptop"])
def test_layout_exercise_page_holds_with_long_console_notice_message_and_note(
    browser, server, classroom, size
):
    trainer, code = classroom
    learner = join_as_learner(browser, server, code, size)
    learner.goto(f"{server.url}/exercises/hello/heading")
    expect(learner.locator("body[data-ready=true]")).to_be_attached()
    send_long_message_and_note(trainer)
    expect(learner.locator("#class-live .class-message")).to_contain_text(LONG_TEXT[:30])
    expect(learner.locator("#trainer-notes")).to_contain_text(LONG_TEXT[:30])
    if size == "phone":
        learner.locator("#tab-code").click()
    # Check first (the starter fails at once), then the app gets stuck: the answer, the long console
    # lines and the "seems stuck" notice are all on screen together. (Checking the stuck app itself
    # would only wait for the grader's deadline.)
    learner.locator("#check").click()
    expect(learner.locator("#check-verdict")).to_have_attribute(
        "data-kind", re.compile("pass|fail|error"), timeout=30_000
    )
    make_app_stuck(learner)
    if size == "phone":
        for tab in ("instructions", "preview", "code"):
            learner.locator(f"#tab-{tab}").click()
            found = assert_layout_holds(learner, size)
        learner.locator("#check-verdict-close").click()
        found = assert_layout_holds(learner, size)
        assert found["editor"]["height"] >= found["height"] / 2, found["editor"]
        assert learner.locator(".topbar").bounding_box()["height"] <= 56  # one row
        assert_keyboard_open_gives_the_code_the_screen(learner)
    else:
        found = assert_layout_holds(learner, size)
        assert found["editor"]["width"] >= 300, found["editor"]
        assert learner.locator("#check-verdict").bounding_box()["y"] < 100
        assert learner.locator(".crumb").is_visible()  # the exercise's title
    learner.context.close()


@pytest.mark.parametrize("size", list(SIZES))
def test_layout_class_page_and_dashboard_hold_with_a_60_character_name(browser, server, classroom, size):
    trainer, code = classroom
    learner = join_as_learner(browser, server, code, size)
    learner.goto(f"{server.url}/exercises/hello/heading")
    learner.context.close()
    page = trainer.context.new_page() if size == "laptop" else browser.new_context(**PHONE).new_page()
    if size == "phone":
        page.context.add_cookies(trainer.context.cookies())
    page.goto(trainer.url)
    expect(page.locator("#grid .learner-name")).to_contain_text(LONG_NAME[:20])
    found = assert_layout_holds(page, size)
    if size == "laptop":
        assert page.locator("#grid").bounding_box()["y"] < 400, "the grid of learners starts too far down"
    assert found


@pytest.mark.parametrize("size", list(SIZES))
def test_layout_phone_page_fills_the_screen(browser, server, size):
    context = browser.new_context(**SIZES[size])
    page = context.new_page()
    page.goto(f"{server.url}/exercises/hello/heading")
    expect(page.locator("body[data-ready=true]")).to_be_attached()
    token = page.locator('meta[name="csrf-token"]').get_attribute("content")
    link = page.request.post(
        f"{server.url}/api/phone-links", data={"exercise": "hello"}, headers={"X-CSRF-Token": token}
    )
    assert link.ok, link.text()
    phone = context.new_page()
    phone.goto(link.json()["link"]["url"])
    expect(phone.locator("#screen iframe:not(.pending)")).to_be_attached()
    found = assert_layout_holds(phone, size)
    screen = phone.locator("#screen").bounding_box()
    assert screen["width"] == found["width"] and screen["height"] == found["height"]
    context.close()


@pytest.mark.parametrize("size", list(SIZES))
def test_layout_a_dashboard_wider_than_the_screen_scrolls_inside_its_box_in_russian(
    browser, bundled_server, size
):
    """Five bundled exercises make a grid of 22 steps, wider than 1280 px, and Russian titles make the
    controls under it long: the grid scrolls sideways in its own box, and the page around it does not
    (it once did, by 250 px on a laptop and 245 px on a phone)."""
    store = Store(f"sqlite:///{bundled_server.log.parent / 'sandbox.db'}", QUICK_HASH)
    name = f"trainer-{uuid.uuid4().hex[:8]}"
    store.create_trainer(name, "correct horse")
    store.dispose()
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    page.goto(f"{bundled_server.url}/trainer/login?lang=ru")
    page.fill("#name", name)
    page.fill("#password", "correct horse")
    page.locator("main form button").click()
    page.fill("#new-class", "Wide")
    page.locator("form.inline-form button").click()
    code = page.locator("#join-code").text_content()
    learner = join_as_learner(browser, bundled_server, code, size)
    learner.context.close()
    if size == "phone":
        phone = browser.new_context(**PHONE)
        phone.add_cookies(context.cookies())
        url, page = page.url, phone.new_page()
        page.goto(url)
    else:
        page.reload()
    expect(page.locator("#grid .learner-name")).to_contain_text(LONG_NAME[:20])
    expect(page.locator("#dashboard-title")).to_have_text("Панель класса")
    wrap = page.locator(".grid-wrap")
    assert wrap.evaluate("(box) => box.scrollWidth > box.clientWidth"), "the grid fits: proves nothing"
    assert_layout_holds(page, size)
    page.context.close()
    context.close()


def test_layout_phone_answer_with_words_below_the_fold_says_so(browser, bundled_server):
    """On a phone the answer to Check scrolls within a fifth of the screen: with profile-card's long
    first check name in Russian, the hint (what to type) starts below that fold. A shadow along the
    bottom edge says there is more (its cover scrolls with the words, so it goes at their end)."""
    context = browser.new_context(locale="ru-RU", **PHONE)
    page = context.new_page()
    page.goto(f"{bundled_server.url}/exercises/profile-card/heading")
    expect(page.locator("body[data-ready=true]")).to_be_attached()
    page.locator("#check").tap()
    expect(page.locator("#check-verdict")).to_have_attribute("data-kind", "fail", timeout=30_000)
    body = page.locator(".check-verdict .verdict-body")
    expect(body).to_contain_text("Ваша организация")  # the hint, in the learner's language
    found = body.evaluate(
        """(body) => {
            const style = getComputedStyle(body);
            const words = (e) => e.textContent.includes('Ваша организация');
            const hint = [...body.querySelectorAll('*')].filter(words).pop();  // the innermost
            return {
                more: body.scrollHeight > body.clientHeight,
                hintBelow: hint.getBoundingClientRect().bottom > body.getBoundingClientRect().bottom,
                image: style.backgroundImage,
                attachment: style.backgroundAttachment,
            };
        }"""
    )
    context.close()
    assert found["more"] and found["hintBelow"], found
    assert "radial-gradient" in found["image"] and found["attachment"] == "local, scroll", found
