"""The real server as a trainer starts it, and what a learner does on its pages in Chromium."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from playwright.sync_api import Page, expect

from tests.support import ROOT

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

    def __init__(
        self, instance: Path, exercises: Path, port: int | None = None, publish_port: int | None = None
    ):
        # `port` and `publish_port` start it again where an earlier one was (its pages' origin).
        self.port = port or free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        # Published apps: a second origin (another port), served by the same `sandbox run`.
        self.publish_port = publish_port or free_port()
        self.publish_url = f"http://127.0.0.1:{self.publish_port}"
        self.log = instance / "server.log"
        env = {
            **os.environ,
            "SANDBOX_INSTANCE_PATH": str(instance),
            "SANDBOX_EXERCISES_DIR": str(exercises),
            "SANDBOX_PORT": str(self.port),
            "SANDBOX_PUBLISH_PORT": str(self.publish_port),
            # Two grading browsers, not the six of a classroom: a test presses Check a few times at most,
            # and each server of the session starts all of its browsers at once.
            "SANDBOX_GRADER_WORKERS": "2",
        }
        instance.mkdir(parents=True, exist_ok=True)
        self.output = self.log.open("a")  # a restart on the same folder keeps what the first wrote
        self.process = subprocess.Popen(
            [sys.executable, "-m", "sandbox", "run"],
            cwd=ROOT,
            env=env,
            stdout=self.output,
            stderr=subprocess.STDOUT,
        )

    def wait_until_ready(self, timeout: float = 120) -> None:
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


def start_server(instance: Path, exercises: Path, **ports: int):
    server = Server(instance, exercises, **ports)
    server.wait_until_ready()
    return server


def record_errors(page: Page) -> Page:
    """Collect errors thrown by our own page scripts (the learner's app may throw; ours may not)."""
    page.app_errors = []

    def record(error):
        stack = error.stack or ""
        if "/static/js/" in stack and "frame.js" not in stack:
            page.app_errors.append(f"{error}\n{stack}")

    page.on("pageerror", record)
    return page


def open_exercise(page: Page, server, step: str = "heading") -> None:
    page.goto(f"{server.url}/exercises/hello/{step}")
    expect(page.locator("body[data-ready=true]")).to_be_attached()
    expect(preview(page).locator("body")).to_contain_text("Start here")


def preview(page: Page):
    return page.frame_locator("#screen iframe:not(.pending)")


def open_file(page: Page, name: str) -> None:
    page.locator(f'.file-tab[data-file="{name}"]').click()


def replace_code(page: Page, text: str) -> None:
    """Select everything in the editor and type over it, as a learner would."""
    page.locator("#editor .cm-content").click()
    page.keyboard.press("Control+a")
    page.keyboard.press("Delete")
    page.keyboard.insert_text(text)


def press_check(page: Page) -> None:
    page.locator("#check").click()


def open_step(page: Page, server, step: str = "heading") -> None:
    page.goto(f"{server.url}/exercises/hello/{step}")
    expect(page.locator("body[data-ready=true]")).to_be_attached()


class HeldEditor:
    """The editor's bundle held back, as slow Wi-Fi delays it: `held = HeldEditor(page_or_context)`,
    then `held.release()` lets it through and waits until the page says it is ready."""

    def __init__(self, target) -> None:
        self.routes = []
        target.route(re.compile(r"/static/vendor/editor\.js"), lambda route: self.routes.append(route))

    def release(self, page: Page) -> None:
        assert self.routes, "the editor's bundle was not asked for"
        expect(page.locator("body")).to_have_attribute("data-ready", "false")  # still waiting for it
        for route in self.routes:
            route.continue_()
        expect(page.locator("body")).to_have_attribute("data-ready", "true")
