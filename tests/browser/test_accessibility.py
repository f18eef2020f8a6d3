"""Our own pages pass an axe-core scan: every page type, learner and trainer, on a phone (360×640) and
a laptop (1280×800), in English and Russian, with no serious or critical violation and no broken
landmark or heading structure (tests/support/accessibility.py says which rules count).

One class is set up once for the module: a trainer with a class, a learner who joined it, opened the
exercise, pressed Check and made a link for the phone. Each test opens one page type as the person
who sees it and scans it in every size and language.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from playwright.sync_api import Page, expect

from tests.support import QUICK_HASH
from tests.support.accessibility import Violation, overlaps, scan
from tests.support.browser import PHONE, record_errors

LAPTOP = {"viewport": {"width": 1280, "height": 800}}
SIZES = {"phone": PHONE, "laptop": LAPTOP}
LANGUAGES = ("en", "ru")

# Rules switched off, each with the reason. Keep this empty where possible.
DISABLED: dict[str, str] = {}


@dataclass
class Scene:
    states: dict[str, dict]  # who -> the browser storage (cookies) of that person
    classroom_id: int
    phone_url: str
    project_id: int = 0  # Farrukh's group's project, shared with the mentor, with her comment


@pytest.fixture(scope="module")
def scene(browser, server, tmp_path_factory) -> Scene:
    from sandbox.store import Store

    store = Store(f"sqlite:///{server.log.parent / 'sandbox.db'}", QUICK_HASH)
    name = f"trainer-{uuid.uuid4().hex[:8]}"
    store.create_trainer(name, "correct horse")

    trainer = browser.new_context(**LAPTOP)
    trainer.set_default_timeout(15_000)
    page = trainer.new_page()
    page.goto(f"{server.url}/trainer/login")
    page.fill("#name", name)
    page.fill("#password", "correct horse")
    page.locator("main form button").click()
    page.fill("#new-class", "Day 1")
    page.locator("form.inline-form button").click()
    expect(page).to_have_url(re.compile(r"/trainer/classes/\d+$"))
    classroom_id = int(page.url.rsplit("/", 1)[1])
    code = page.locator("#join-code").text_content()

    learner = browser.new_context(**LAPTOP)
    learner.set_default_timeout(15_000)
    me = learner.new_page()
    me.goto(f"{server.url}/join")
    me.fill("input[name=code]", code.lower())
    me.locator("main form button").click()
    me.fill("#name", "Farrukh")
    me.locator("main form button").click()
    expect(me.locator("#resume-code")).to_be_visible()
    me.goto(f"{server.url}/exercises/hello/heading")
    expect(me.locator("body[data-ready=true]")).to_be_attached()
    saved = me.evaluate(
        """async () => { let revision = 0;  // two versions for the History dialog
        for (const text of ['<h1>Hi</h1>', '<h1>Hello</h1>\\n<p>More</p>']) {
          const response = await fetch('/api/work/hello', { method: 'PUT', headers: {
            'Content-Type': 'application/json',
            'X-CSRF-Token': document.querySelector('meta[name="csrf-token"]').content },
            body: JSON.stringify({ files: { 'index.html': text }, revision }) });
          revision = (await response.json()).revision; }
        return revision; }"""
    )
    assert saved == 2
    me.reload()
    expect(me.locator("body[data-ready=true]")).to_be_attached()
    me.locator("#check").click()
    expect(me.locator("#check-status")).not_to_be_empty(timeout=30_000)
    me.locator("#phone-open").click()
    expect(me.locator("#phone-dialog")).to_have_attribute("data-state", "link")
    phone_url = me.locator("#phone-url").inner_text()
    store.dispose()

    # A group project of Farrukh's, shared with a mentor who comments on its first line.
    store = Store(f"sqlite:///{server.log.parent / 'sandbox.db'}", QUICK_HASH)
    farrukh = next(one.id for one in store.learners_of(classroom_id) if one.name == "Farrukh")
    files = {"index.html": "<h1>Clean water</h1>\n<p>Report a leak</p>\n", "style.css": "", "app.js": ""}
    project = store.create_project(
        classroom_id, "Clean water", "healthcare", "", "blank", files, {}, [farrukh]
    )
    mentor_name = f"mentor-{uuid.uuid4().hex[:8]}"
    _invited, code = store.invite_mentor(store.trainer_by_name(name).id, mentor_name)
    store.accept_invite(code, "correct horse")
    store.share_projects(store.check_mentor(mentor_name, "correct horse").id, [project.id], [project.id])
    store.dispose()
    mentor = browser.new_context(**LAPTOP)
    mentor.set_default_timeout(15_000)
    olga = mentor.new_page()
    olga.goto(f"{server.url}/mentor/login")
    olga.fill("#name", mentor_name)
    olga.fill("#password", "correct horse")
    olga.locator("main form button").click()
    olga.goto(f"{server.url}/projects/{project.id}")
    expect(olga.locator("body[data-ready=true]")).to_be_attached()
    olga.locator("#editor .cm-line").first.click()
    olga.locator("#comment-add").click()
    olga.locator("#comment-text").fill("Give the page a title")
    olga.locator("#comment-send").click()
    expect(olga.locator("#comments-open-list .thread")).to_have_count(1)

    scene = Scene(
        {
            "trainer": trainer.storage_state(),
            "learner": learner.storage_state(),
            "mentor": mentor.storage_state(),
        },
        classroom_id,
        phone_url,
        project.id,
    )
    trainer.close()
    learner.close()
    mentor.close()
    return scene


def settled(page: Page) -> None:
    page.wait_for_load_state("load")
    if page.locator("body[data-ready]").count():
        expect(page.locator("body[data-ready=true]")).to_be_attached()


def open_watch(page: Page) -> None:
    page.locator("#dashboard .learner-name", has_text="Farrukh").first.click()
    expect(page.locator("#watch")).to_be_visible()
    expect(page.locator("#watch-title")).to_contain_text("Farrukh")


def open_phone_dialog(page: Page) -> None:
    if page.locator("#tab-preview").is_visible():  # a phone shows one part of the page at a time
        page.locator("#tab-preview").click()
    page.locator("#phone-open").click()
    expect(page.locator("#phone-dialog")).to_have_attribute("data-state", "link")


def open_history(page: Page) -> None:
    if page.locator("#tab-code").is_visible():
        page.locator("#tab-code").click()
    page.locator("#history-open").click()
    expect(page.locator("#history-controls")).to_be_visible()
    page.locator("#history-compare").select_option("previous")  # lines marked added and removed


def open_share_dialog(page: Page) -> None:
    if page.locator("#tab-preview").is_visible():
        page.locator("#tab-preview").click()
    page.locator("#takehome-open").click()
    expect(page.locator("#takehome-dialog")).to_be_visible()
    page.locator("#takehome-publish").click()  # published: the QR code and the address show
    expect(page.locator("#takehome-status")).to_have_attribute("data-kind", "ok")


def open_comments(page: Page) -> None:
    if page.locator("#tab-code").is_visible():
        page.locator("#tab-code").click()
    page.locator("#comments-open").click()
    expect(page.locator("#comments-sheet .thread")).to_have_count(1)


@dataclass(frozen=True)
class PageType:
    id: str
    who: str | None  # whose cookies: "learner", "trainer", or nobody
    path: Callable[[Scene], str]
    then: Callable[[Page], None] | None = None  # what to do on the page before the scan
    scope: str | None = None  # a panel laid over the page: the layout tests look inside it only

    def __str__(self) -> str:
        return self.id


PAGES = [
    PageType("learner-home", "learner", lambda s: "/"),
    PageType("join", None, lambda s: "/join"),
    PageType("resume", None, lambda s: "/resume"),
    PageType("exercise", "learner", lambda s: "/exercises/hello/heading"),
    PageType("exercise-phone-dialog", "learner", lambda s: "/exercises/hello/heading", open_phone_dialog),
    PageType(
        "exercise-history", "learner", lambda s: "/exercises/hello/heading", open_history, "#history-dialog"
    ),
    PageType("phone", None, lambda s: "/phone/" + s.phone_url.rsplit("/phone/", 1)[1]),
    PageType("not-found", None, lambda s: "/exercises/no-such-exercise"),
    PageType("trainer-login", None, lambda s: "/trainer/login"),
    PageType("trainer-classes", "trainer", lambda s: "/trainer/"),
    PageType("class-and-dashboard", "trainer", lambda s: f"/trainer/classes/{s.classroom_id}"),
    PageType("watch", "trainer", lambda s: f"/trainer/classes/{s.classroom_id}", open_watch, "#watch"),
    PageType("join-sheet", "trainer", lambda s: f"/trainer/classes/{s.classroom_id}/sheet"),
    PageType("trainer-exercises", "trainer", lambda s: "/trainer/exercises"),
    PageType("trainer-library", "trainer", lambda s: "/trainer/library"),
    PageType("projector", "trainer", lambda s: f"/trainer/classes/{s.classroom_id}/projector"),
    PageType(
        "project-share-dialog",
        "learner",
        lambda s: f"/projects/{s.project_id}",
        open_share_dialog,
        "#takehome-dialog",
    ),
    PageType(
        "project-comments", "mentor", lambda s: f"/projects/{s.project_id}", open_comments, "#comments-sheet"
    ),
]


def scan_everywhere(browser, server, scene: Scene, kind: PageType) -> dict[str, list[Violation]]:
    """The page in every size and language: {"phone en": [violations], ...}."""
    found: dict[str, list[Violation]] = {}
    for size, options in SIZES.items():
        state = scene.states.get(kind.who) if kind.who else None
        context = browser.new_context(**options, storage_state=state)
        context.set_default_timeout(15_000)
        try:
            page = record_errors(context.new_page())
            for language in LANGUAGES:
                path = kind.path(scene)
                page.goto(f"{server.url}{path}{'&' if '?' in path else '?'}lang={language}")
                settled(page)
                if kind.then:
                    kind.then(page)
                found[f"{size} {language}"] = scan(page, DISABLED)
            assert page.app_errors == [], page.app_errors
        finally:
            context.close()
    return found


@pytest.mark.parametrize("kind", PAGES, ids=str)
def test_page_passes_the_accessibility_scan(browser, server, scene, kind):
    found = scan_everywhere(browser, server, scene, kind)

    every = [f"{where}: {v}" for where, violations in found.items() for v in violations]
    blocking = [f"{where}: {v}" for where, violations in found.items() for v in violations if v.blocking]
    # Every violation, minor ones too, for whoever runs `pytest -s`.
    print(f"\naxe {kind}: {len(blocking)} blocking, {len(every)} in all", *every, sep="\n  ")
    assert not blocking, "\n".join(blocking)


ZOOMED = {"viewport": {"width": 640, "height": 400}, "device_scale_factor": 2}  # 1280×800 at 200%


@pytest.mark.parametrize("kind", PAGES, ids=str)
def test_page_stays_usable_with_text_at_200_percent(browser, server, scene, kind):
    """Browser zoom at 200% (a laptop window at half its size with twice the pixels), then a root font
    size of 200%: the page never scrolls sideways, no control overlaps another, no text is clipped."""
    state = scene.states.get(kind.who) if kind.who else None
    context = browser.new_context(**ZOOMED, storage_state=state)
    context.set_default_timeout(15_000)
    try:
        page = context.new_page()
        for how in ("browser-zoom", "font-size"):
            page.goto(f"{server.url}{kind.path(scene)}")
            settled(page)
            if kind.then:
                kind.then(page)
            if how == "font-size":
                page.set_viewport_size({"width": 1280, "height": 800})
                page.evaluate("document.documentElement.style.fontSize = '200%'")
            page.wait_for_timeout(200)
            wide = page.evaluate("document.documentElement.scrollWidth - innerWidth")
            assert wide <= 1, f"{how}: the page scrolls sideways by {wide}px"
            assert overlaps(page, kind.scope) == [], how
    finally:
        context.close()
