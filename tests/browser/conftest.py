"""Browser tests: the real server in a subprocess on a free port, driven by real Chromium.

One browser per test session and a fresh context (cookies, storage) per test. The Playwright
sync API runs in the main thread here; the grader will run in its own threads.
"""

from __future__ import annotations

import re
import uuid

import pytest
from playwright.sync_api import Page, expect

from sandbox.store import Store
from tests.support import FIXTURE_EXERCISES, QUICK_HASH, ROOT
from tests.support.browser import PHONE, record_errors, start_server


@pytest.fixture(scope="session")
def server(tmp_path_factory):
    """The server with the small test exercise."""
    server = start_server(tmp_path_factory.mktemp("server"), FIXTURE_EXERCISES)
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="session")
def bundled_server(tmp_path_factory):
    """The server with the bundled exercises, as `make run` serves them."""
    server = start_server(tmp_path_factory.mktemp("bundled"), ROOT / "exercises")
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def context(browser, request):
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    context.set_default_timeout(10_000)
    yield context
    context.close()


@pytest.fixture
def page(context):
    page = context.new_page()
    page.app_errors = []  # errors in our own page scripts; errors in the learner's app are expected

    def record(error):
        stack = error.stack or ""
        if "/static/js/" in stack and "frame.js" not in stack:  # frame.js runs the learner's app
            page.app_errors.append(f"{error}\n{error.stack}")

    page.on("pageerror", record)
    yield page
    assert page.app_errors == [], page.app_errors


@pytest.fixture
def phone_page(browser):
    context = browser.new_context(**PHONE)
    context.set_default_timeout(10_000)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def store(server):
    store = Store(f"sqlite:///{server.log.parent / 'sandbox.db'}", QUICK_HASH)
    yield store
    store.dispose()


@pytest.fixture
def trainer(browser, server, store):
    """A signed-in trainer on the page of a new class, its dashboard live."""
    name = f"trainer-{uuid.uuid4().hex[:8]}"
    store.create_trainer(name, "correct horse")
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.set_default_timeout(10_000)
    page = record_errors(context.new_page())
    page.goto(f"{server.url}/trainer/login")
    page.fill("#name", name)
    page.fill("#password", "correct horse")
    page.locator("main form button").click()
    page.fill("#new-class", "Day 1")
    page.locator("form.inline-form button").click()
    expect(page).to_have_url(re.compile(r"/trainer/classes/\d+$"))
    expect(page.locator("#dashboard-connection")).to_have_attribute("data-state", "live")
    page.code = page.locator("#join-code").text_content()
    page.classroom_id = int(page.url.rsplit("/", 1)[1])
    yield page
    assert page.app_errors == [], page.app_errors
    context.close()


@pytest.fixture
def join(browser, server, trainer):
    """Join the trainer's class by its code, on a phone of its own; returns the learner's page."""
    pages: list[Page] = []

    def join_(name: str) -> Page:
        context = browser.new_context(**PHONE)
        context.set_default_timeout(10_000)
        page = record_errors(context.new_page())
        page.goto(f"{server.url}/join")
        page.fill("input[name=code]", trainer.code.lower())
        page.locator("main form button").click()
        page.fill("#name", name)
        page.locator("main form button").click()
        expect(page.locator("#resume-code")).to_be_visible()
        page.learner_name = name
        pages.append(page)
        return page

    yield join_
    for page in pages:
        assert page.app_errors == [], page.app_errors
        page.context.close()
