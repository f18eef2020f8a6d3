"""Against the real server: push an exercise from the command line, upload one in the page, export a class."""

from __future__ import annotations

import csv
import io
import json
import shutil
import urllib.request
from pathlib import Path

import pytest
from click.testing import CliRunner
from playwright.sync_api import Page, expect

from sandbox.cli import main
from sandbox.store import Store
from tests.support import FIXTURE_EXERCISES, QUICK_HASH
from tests.support.browser import open_exercise, press_check, start_server
from tests.support.web import exercise_folder, zip_of

HELLO = FIXTURE_EXERCISES / "hello"


def trainer_with_token(instance: Path, database: Path) -> str:
    """Make the server's database from `database` with the trainer amina in it; return her API token."""
    instance.mkdir(parents=True)
    shutil.copyfile(database, instance / "sandbox.db")
    store = Store(f"sqlite:///{instance / 'sandbox.db'}", QUICK_HASH)
    try:
        trainer = store.create_trainer("amina", "correct horse")
        return store.new_api_token(trainer.id)
    finally:
        store.dispose()


def serve(tmp_path: Path, exercises: Path, database: Path):
    instance = tmp_path / "instance"
    token = trainer_with_token(instance, database)
    return start_server(instance, exercises), token


@pytest.fixture
def empty_server(tmp_path, migrated_database):
    """A server whose exercises folder is empty: everything on it comes by push or upload."""
    exercises = tmp_path / "exercises"
    exercises.mkdir()
    server, token = serve(tmp_path, exercises, migrated_database)
    server.token = token
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def hello_server(tmp_path, migrated_database):
    exercises = tmp_path / "exercises"
    shutil.copytree(HELLO, exercises / "hello")
    server, token = serve(tmp_path, exercises, migrated_database)
    try:
        yield server
    finally:
        server.stop()


def get_json(url: str):
    with urllib.request.urlopen(url, timeout=10) as response:
        return json.load(response)


def push(server, folder: Path, *options: str, token: str | None = None):
    env = {"SANDBOX_TOKEN": server.token if token is None else token}
    return CliRunner().invoke(
        main, ["exercises", "push", str(folder), "--server", server.url, *options], env=env
    )


def test_push_installs_a_good_exercise_on_the_running_server(empty_server):
    assert get_json(empty_server.url + "/api/exercises") == []
    result = push(empty_server, HELLO)
    assert result.exit_code == 0, result.output
    assert "ok   hello: 2 steps, 2 checks, 1 wrong cases; 4 of 4 cases behave as declared" in result.output
    assert "“hello” is installed; you can assign it to your classes now." in result.output
    # No restart: learners can list and open it at once.
    assert [e["id"] for e in get_json(empty_server.url + "/api/exercises")] == ["hello"]
    with urllib.request.urlopen(empty_server.url + "/exercises/hello/heading", timeout=10) as page:
        assert page.status == 200
    again = push(empty_server, HELLO, "--token", empty_server.token, token="")
    assert again.exit_code == 0 and "“hello” was replaced" in again.output


def test_push_of_a_broken_exercise_prints_the_report_and_fails(empty_server, tmp_path):
    folder = exercise_folder(tmp_path, "broken", change=lambda f: (f / "starter" / "app.js").unlink())
    result = push(empty_server, folder)
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert "FAIL broken: 1 problem(s)" in lines
    assert any(line.startswith("  - broken/starter/app.js: is missing") for line in lines)
    assert "Refused (422): “broken” was not installed" in result.output
    assert get_json(empty_server.url + "/api/exercises") == []


def test_push_that_misbehaves_in_the_grader_is_refused(empty_server, tmp_path):
    def no_count(folder: Path) -> None:
        shutil.copytree(folder / "solutions" / "heading", folder / "solutions" / "button", dirs_exist_ok=True)

    result = push(empty_server, exercise_folder(tmp_path, "greeting", change=no_count))
    assert result.exit_code == 1
    assert "FAIL greeting: 2 steps, 2 checks, 1 wrong cases; 3 of 4 cases behave as declared" in result.output
    assert "  - solutions/button (step button): expected to pass step 'button'" in result.output
    assert get_json(empty_server.url + "/api/exercises") == []


def test_push_needs_a_token_the_server_knows(empty_server):
    missing = push(empty_server, HELLO, token="")
    assert missing.exit_code == 1 and "give your API token with --token or SANDBOX_TOKEN" in missing.output
    wrong = push(empty_server, HELLO, token="sbx_wrong")
    assert wrong.exit_code == 1 and "Refused (401): That API token is not valid." in wrong.output
    nowhere = push(empty_server, HELLO, "--server", "http://127.0.0.1:9")
    assert nowhere.exit_code == 1 and "could not reach" in nowhere.output
    assert get_json(empty_server.url + "/api/exercises") == []


def sign_in(page: Page, server) -> None:
    page.goto(f"{server.url}/trainer/login")
    page.fill("#name", "amina")
    page.fill("#password", "correct horse")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="Your classes")).to_be_visible()


def test_trainer_uploads_a_zip_in_the_page_and_a_learner_opens_it(
    page: Page, browser, empty_server, tmp_path
):
    sign_in(page, empty_server)
    page.get_by_role("link", name="Exercises").click()
    expect(page.get_by_role("heading", name="Exercises", exact=True)).to_be_visible()

    broken = exercise_folder(tmp_path, "greeting", change=lambda f: (f / "steps" / "2-button.md").unlink())
    page.set_input_files(
        "#zip", {"name": "greeting.zip", "mimeType": "application/zip", "buffer": zip_of(broken)}
    )
    page.get_by_role("button", name="Upload and check").click()
    expect(page.locator("#upload-error")).to_contain_text("“greeting” was not installed")
    expect(page.locator("#upload-error")).to_contain_text("greeting/steps/2-button.md: is missing")

    good = exercise_folder(tmp_path, "greeting")
    page.set_input_files(
        "#zip", {"name": "greeting.zip", "mimeType": "application/zip", "buffer": zip_of(good)}
    )
    page.get_by_role("button", name="Upload and check").click()
    expect(page.locator("#upload-done")).to_contain_text("“greeting” is installed")
    row = page.locator("#exercise-greeting")
    expect(row).to_have_attribute("data-behaviour", "ok")
    expect(row).to_contain_text("uploaded by amina")

    learner = browser.new_context().new_page()
    learner.goto(f"{empty_server.url}/exercises/greeting/heading")
    expect(learner.locator("body[data-ready=true]")).to_be_attached()
    expect(learner.locator("h1").first).to_contain_text("Add a heading")
    learner.context.close()


def test_export_contains_what_happened_in_class(page: Page, browser, hello_server):
    sign_in(page, hello_server)
    page.fill("#new-class", "Day 1")
    page.get_by_role("button", name="Create class").click()
    code = page.locator("#join-code").inner_text()

    learner = browser.new_context(viewport={"width": 1280, "height": 800}).new_page()
    learner.goto(f"{hello_server.url}/join/{code}")
    learner.fill("#name", "=Nodira")
    learner.get_by_role("button", name="Join the class").click()
    open_exercise(learner, hello_server)
    press_check(learner)
    expect(learner.locator("#check-status")).to_contain_text("0 of 1 checks passed", timeout=20_000)
    learner.context.close()

    page.reload()
    with page.expect_download() as download:
        page.locator("#export-csv").click()
    text = Path(download.value.path()).read_text(encoding="utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert [(r["learner"], r["exercise"], r["step"], r["status"], r["attempts"]) for r in rows] == [
        ("'=Nodira", "hello", "heading", "failing", "1"),
        ("'=Nodira", "hello", "button", "not started", "0"),
    ]
    with page.expect_download() as download:
        page.locator("#export-json").click()
    data = json.loads(Path(download.value.path()).read_text(encoding="utf-8"))
    (nodira,) = data["learners"]
    (attempt,) = nodira["submissions"]
    assert nodira["name"] == "=Nodira"
    assert attempt["result"]["checks"][0]["id"] == "has-heading"
    assert attempt["result"]["checks"][0]["status"] == "fail"

    page.get_by_role("button", name="Check again").click()
    expect(page.locator("#results .message.ok")).to_contain_text(
        "1 try at “Say hello” is being checked again."
    )
