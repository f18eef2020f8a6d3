"""Browser tests: the real server in a subprocess on a free port, driven by real Chromium.

One browser per test session and a fresh context (cookies, storage) per test. The Playwright
sync API runs in the main thread here; the grader will run in its own threads.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from playwright.sync_api import sync_playwright

from sandbox.grading.browser import LOCAL_PAGES_FLAGS, find_chromium
from tests.conftest import FIXTURE_EXERCISES, ROOT

PHONE = {
    "viewport": {"width": 360, "height": 640},
    "has_touch": True,
    "is_mobile": True,
    "device_scale_factor": 2,
}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """The sandbox server running as `python -m sandbox run`, as a trainer would start it."""

    def __init__(self, instance: Path, exercises: Path):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        # Published apps: a second origin (another port), served by the same `sandbox run`.
        self.publish_port = free_port()
        self.publish_url = f"http://127.0.0.1:{self.publish_port}"
        self.log = instance / "server.log"
        env = {
            **os.environ,
            "SANDBOX_INSTANCE_PATH": str(instance),
            "SANDBOX_EXERCISES_DIR": str(exercises),
            "SANDBOX_PORT": str(self.port),
            "SANDBOX_PUBLISH_PORT": str(self.publish_port),
        }
        instance.mkdir(parents=True, exist_ok=True)
        self.output = self.log.open("w")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "sandbox", "run"],
            cwd=ROOT,
            env=env,
            stdout=self.output,
            stderr=subprocess.STDOUT,
        )

    def wait_until_ready(self, timeout: float = 30) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                break
            try:
                with urllib.request.urlopen(self.url + "/api/exercises", timeout=1):
                    return
            except OSError:
                time.sleep(0.1)
        self.stop()
        raise RuntimeError(f"the server did not start; its output:\n{self.log.read_text()}")

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
        self.output.close()


def start_server(instance: Path, exercises: Path):
    server = Server(instance, exercises)
    server.wait_until_ready()
    return server


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


@pytest.fixture(scope="session")
def browser():
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=find_chromium(), args=LOCAL_PAGES_FLAGS)
        yield browser
        browser.close()


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
