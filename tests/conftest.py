"""Fixtures shared by every test: a real app on a real database (a SQLite file in a temporary folder,
or with `--database=postgresql` a PostgreSQL database of its own).

Every app starts from a copy of one database migrated once per session (the migrations themselves
are tested from empty in tests/unit/test_store.py), and grades with the one grader of the session.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

pytest.register_assert_rewrite("tests.support")

from flask import Flask  # noqa: E402 (after the assert rewriting is registered)
from jinja2 import BytecodeCache  # noqa: E402
from playwright.sync_api import sync_playwright  # noqa: E402

from sandbox.app import create_app  # noqa: E402
from sandbox.grading.browser import LOCAL_PAGES_FLAGS, find_chromium, find_grading_chromium  # noqa: E402
from sandbox.grading.runner import Grader, Submission  # noqa: E402
from sandbox.store import Store  # noqa: E402
from tests.support import FIXTURE_EXERCISES, QUICK_HASH  # noqa: E402
from tests.support.databases import PostgresDatabases, SqliteDatabases, postgres_answers  # noqa: E402
from tests.support.grading import DEADLINE_S, LOAD_MS, page, write_exercise  # noqa: E402
from tests.support.web import with_csrf  # noqa: E402


def pytest_addoption(parser) -> None:
    parser.addoption(
        "--database",
        choices=("sqlite", "postgresql"),
        default="sqlite",
        help="the engine under the tests' stores and apps (postgresql: the server in SANDBOX_TEST_POSTGRES, "
        "by default postgres@127.0.0.1:5432)",
    )


def pytest_report_header(config) -> str:
    return f"database: {config.getoption('--database')}"


def pytest_collection_modifyitems(config, items) -> None:
    """On PostgreSQL, only the tests that use a database run: the others (the loader, translations,
    pure functions) would only repeat the SQLite pass."""
    if config.getoption("--database") != "postgresql":
        return
    keep = [item for item in items if "databases" in getattr(item, "fixturenames", ())]
    if len(keep) < len(items):
        config.hook.pytest_deselected(items=[item for item in items if item not in keep])
        items[:] = keep


# Why each test that was run again failed the first time: the rerun summary names them only, and a
# test that fails now and then under load is only fixed once its failure is known.
RERUN_REASONS: list[tuple[str, str]] = []


def pytest_runtest_logreport(report) -> None:
    if report.outcome == "rerun":
        crash = getattr(report.longrepr, "reprcrash", None)
        reason = crash.message if crash is not None else report.longreprtext.strip()[-600:]
        RERUN_REASONS.append((f"{report.nodeid} ({report.when})", reason.strip()[:600]))


def pytest_terminal_summary(terminalreporter) -> None:
    if RERUN_REASONS:
        terminalreporter.section("why the tests run again failed the first time")
        for test, reason in RERUN_REASONS:
            terminalreporter.write_line(f"{test}: {reason}")


@pytest.fixture(scope="session")
def databases(request, tmp_path_factory) -> Iterator[SqliteDatabases | PostgresDatabases]:
    """Where each test's database comes from (tests/support/databases.py), for the engine chosen."""
    if request.config.getoption("--database") == "postgresql":
        absent = postgres_answers()
        if absent:
            pytest.skip(absent)
        made = PostgresDatabases()
    else:
        made = SqliteDatabases(tmp_path_factory.mktemp("migrated"))
    yield made
    made.close()


@pytest.fixture(scope="session")
def migrated_database(tmp_path_factory) -> Path:
    """A database file with every migration applied, made once for the session."""
    path = tmp_path_factory.mktemp("migrated") / "sandbox.db"
    store = Store(f"sqlite:///{path}")
    store.upgrade()
    store.dispose()  # the last connection closes the write-ahead log into the file
    return path


@pytest.fixture(scope="session")
def playwright_driver():
    """Playwright's sync API allows one instance per thread, so the browser, security and grading
    tests share this one rather than each starting their own (a second one fails)."""
    with sync_playwright() as playwright:
        yield playwright


@pytest.fixture(scope="session")
def browser(playwright_driver):
    """The Chromium of the session, for every test that drives a page from this process.

    It is Chromium's headless shell when installed (Debian's chromium-headless-shell, which `make`
    installs for the grader): the same Blink and V8 as the browser, without its windowing layers,
    the build Playwright itself runs headless tests on. The pages cost it about 40 % less CPU than
    the full browser run headless (the browser tests' user and system time, same tests, same
    machine), on two cores the difference between the suite fitting its budget or not.
    SANDBOX_CHROMIUM=/usr/bin/chromium runs them in the full browser. What the shell does not do
    as the browser does is tested in `full_browser`.
    """
    browser = playwright_driver.chromium.launch(
        executable_path=find_grading_chromium(), args=LOCAL_PAGES_FLAGS
    )
    yield browser
    browser.close()


@pytest.fixture(scope="session")
def full_browser(playwright_driver):
    """The full Chromium, headless, for what the headless shell does differently from a phone's or
    a laptop's browser: a tap on a lint mark shows its message (CodeMirror's hover tooltip), and
    the focus ring of a focused preview frame. A module that needs it overrides `browser`."""
    browser = playwright_driver.chromium.launch(executable_path=find_chromium(), args=LOCAL_PAGES_FLAGS)
    yield browser
    browser.close()


@pytest.fixture(scope="session")
def grader(tmp_path_factory) -> Iterator[Grader]:
    """The one grader of the session, for every test that grades, apps made by the tests included.

    A short deadline so hostile cases end quickly. Both workers start their browsers before the
    first test that grades, so no test pays for that.
    """
    grader = Grader(workers=2, deadline_s=DEADLINE_S, load_ms=LOAD_MS)
    warm_up = write_exercise(
        tmp_path_factory.mktemp("warm-up"), [{"expect": {"role": "heading", "count": 1}}]
    )
    for _attempt in range(3):  # a cold start on a busy machine may miss the short load timeout
        results = grader.grade_many([Submission(warm_up, "only", page("<h1>Hello</h1>"))] * 2)
        if [r.status for r in results] == ["pass", "pass"]:
            break  # (if it never passes, the tests that grade say why; the others need no browser)
    yield grader
    grader.close()


class TemplateCode(BytecodeCache):
    """The templates' compiled code, kept for the session: each of the suite's thousand apps would
    otherwise compile every template it renders again (half of what making an app and showing its
    first page costs). A template's key is its name and source, so a changed one compiles anew."""

    def __init__(self) -> None:
        self.code: dict[str, bytes] = {}

    def load_bytecode(self, bucket) -> None:
        if (code := self.code.get(bucket.key)) is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket) -> None:
        self.code[bucket.key] = bucket.bytecode_to_string()


TEMPLATE_CODE = TemplateCode()


@pytest.fixture
def make_app(tmp_path, databases, grader) -> Iterator[Callable[..., Flask]]:
    """Make an app as the server does: `make_app(instance=..., EXERCISES_DIR=..., **config)`.

    A new instance folder gets a copy of the migrated database; one that has a database keeps it
    (a restart). Every app made is stopped and closed at the end of the test.
    """
    made: list[Flask] = []

    def make(instance: Path | None = None, **config) -> Flask:
        instance = instance or tmp_path / "instance"
        instance.mkdir(parents=True, exist_ok=True)
        config.setdefault("DATABASE_URL", databases.for_instance(instance))
        config.setdefault("EXERCISES_DIR", str(FIXTURE_EXERCISES))
        config.setdefault("PASSWORD_HASH", QUICK_HASH)
        app = create_app({"INSTANCE_PATH": str(instance), **config}, grader=grader)
        app.jinja_env.bytecode_cache = TEMPLATE_CODE
        made.append(app)
        return app

    yield make
    for app in made:
        services = app.extensions["sandbox"]
        services.grading.stop()  # its job consumer, if the test started one; the grader stays
        services.store.dispose()
        services.health.close()
        if close_hub := getattr(services.hub, "close", None):  # the Redis hub's listening thread
            close_hub()
    for url in {app.config["DATABASE_URL"] for app in made}:
        databases.drop(url)


@pytest.fixture
def app(make_app) -> Flask:
    """An app with the test exercise, its database in a fresh temp folder."""
    return make_app()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def learner(client):
    """A test client that has opened an exercise, so it is a learner with the CSRF token TOKEN."""
    client.get("/exercises/hello/heading", follow_redirects=True)  # a first visit comes back once
    return with_csrf(client)
