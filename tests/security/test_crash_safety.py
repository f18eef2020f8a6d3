"""The server killed with SIGKILL during a class's saves, and started again on the same folder.

The server runs as `sandbox run` starts it (tests/support/browser.py), 50 learners save at once
over HTTP with their sessions and CSRF tokens, a few have pressed Check, and the process is
killed mid-flight (no shutdown, no checkpoint). docs/durability.md says what this proves and
what it cannot (power loss, the SQLite WAL-reset bug).
"""

from __future__ import annotations

import base64
import http.client
import json
import re
import shutil
import signal
import sqlite3
import threading
import time
import urllib.error
import urllib.request
import zlib
from http.cookiejar import CookieJar

from tests.support import FIXTURE_EXERCISES
from tests.support.browser import start_server

LEARNERS = 50
CHECKS = 12  # learners who press Check just before the kill: their jobs are queued or running
KILL_AFTER_S = 1.5


class Learner:
    """One learner's browser: its cookies, its CSRF token, its saves one after another."""

    def __init__(self, number: int):
        self.number = number
        self.cookies = CookieJar()
        self.acked: list[str] = []  # the texts the server answered 200 for
        self.revision = 0

    def opener(self):
        return urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.cookies))

    def join(self, server) -> None:
        with self.opener().open(f"{server.url}/exercises/hello/heading", timeout=10) as page:
            self.token = re.search(r'name="csrf-token" content="([^"]+)"', page.read().decode()).group(1)

    def call(self, server, method: str, path: str, body: dict) -> tuple[int, dict]:
        request = urllib.request.Request(
            f"{server.url}{path}",
            data=json.dumps(body).encode(),
            method=method,
            headers={"Content-Type": "application/json", "X-CSRF-Token": self.token},
        )
        try:
            with self.opener().open(request, timeout=10) as answer:
                return answer.status, json.loads(answer.read())
        except urllib.error.HTTPError as error:
            return error.code, {}

    def save_until_the_server_dies(self, server, stop: threading.Event) -> None:
        n = 0
        while not stop.is_set():
            text = f"<h1>learner {self.number} save {n}</h1>"
            try:
                status, body = self.call(
                    server,
                    "PUT",
                    "/api/work/hello",
                    {"files": {"index.html": text}, "revision": self.revision},
                )
            except (OSError, http.client.HTTPException):
                return  # the server is gone: this save was never acknowledged
            if status == 200:
                self.acked.append(text)
                self.revision = body["revision"]
            n += 1


def test_crash_safety_sigkill_during_50_concurrent_saves_loses_no_acknowledged_save(tmp_path):
    """Threat: the server dies (SIGKILL, the laptop's power button) while a class saves: a save
    the learner's page saw confirmed is lost, the database is corrupt, or a Check pressed just
    before never gets its answer."""
    exercises = tmp_path / "exercises"
    shutil.copytree(FIXTURE_EXERCISES / "hello", exercises / "hello")
    instance = tmp_path / "instance"
    server = start_server(instance, exercises)
    learners = [Learner(n) for n in range(LEARNERS)]
    try:
        for learner in learners:
            learner.join(server)
        stop = threading.Event()
        threads = [
            threading.Thread(target=learner.save_until_the_server_dies, args=(server, stop), daemon=True)
            for learner in learners
        ]
        for thread in threads:
            thread.start()
        time.sleep(KILL_AFTER_S)
        # Each Check's files are the learner's own (identical ones would share one grading), and
        # each keeps its grading browser busy for a second: a fast machine had graded all of them
        # before the kill, leaving the queue nothing to prove.
        pressing = [
            threading.Thread(
                target=learner.call,
                args=(server, "POST", "/api/submissions", check_of(learner)),
            )
            for learner in learners[:CHECKS]
        ]
        for thread in pressing:
            thread.start()
        for thread in pressing:
            thread.join(10)
        server.process.send_signal(signal.SIGKILL)
        server.process.wait(10)
        stop.set()
        for thread in threads:
            thread.join(15)
    finally:
        server.stop()

    acked = sum(len(learner.acked) for learner in learners)
    assert acked >= LEARNERS, f"only {acked} saves were acknowledged before the kill"

    with sqlite3.connect(instance / "sandbox.db") as database:
        at_kill = database.execute(
            "SELECT COUNT(*) FROM submissions WHERE status IN ('queued', 'running')"
        ).fetchone()[0]
    database.close()
    assert at_kill > 0, "every Check was graded before the kill: nothing to prove about the queue"

    restarted = start_server(instance, exercises)
    try:
        database = sqlite3.connect(instance / "sandbox.db")
        try:
            assert database.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
            lost = []
            for learner in learners:
                learner_id = _learner_id(database, learner)
                stored = {
                    json.loads(files)["index.html"]
                    for (files,) in database.execute(
                        "SELECT files FROM work WHERE learner_id = ? UNION ALL "
                        "SELECT files FROM work_history WHERE learner_id = ?",
                        (learner_id, learner_id),
                    )
                }
                # Each save replaces the one before (kept in history only when it was a conflict),
                # so the newest acknowledged save must be there: the stored copy or a newer one.
                if learner.acked and learner.acked[-1] not in stored and not _newer_stored(learner, stored):
                    lost.append((learner.number, learner.acked[-1], sorted(stored)))
            assert lost == [], f"{len(lost)} acknowledged saves lost: {lost[:3]}"
            deadline = time.monotonic() + 60
            while time.monotonic() < deadline:
                waiting = database.execute(
                    "SELECT COUNT(*) FROM submissions WHERE status IN ('queued', 'running')"
                ).fetchone()[0]
                if waiting == 0:
                    break
                time.sleep(0.2)
            graded = database.execute("SELECT status FROM submissions").fetchall()
            assert waiting == 0 and len(graded) >= at_kill, graded
        finally:
            database.close()
    finally:
        restarted.stop()
    print(
        f"crash safety: {acked} acknowledged saves, {len(lost)} lost, integrity ok, "
        f"{at_kill} Checks queued or running at the kill, all graded after the restart"
    )


def check_of(learner: Learner) -> dict:
    busy = "<script>const t = Date.now(); while (Date.now() - t < 1000) {}</script>"
    files = {"index.html": f"<h1>Hello</h1>{busy}<!-- learner {learner.number} -->"}
    return {"exercise": "hello", "step": "heading", "files": files}


def _learner_id(database, learner: Learner) -> int:
    """The learner's id, from the signed session cookie's payload (Flask's itsdangerous format)."""
    cookie = next(c.value for c in learner.cookies if c.name == "sandbox_session")
    compressed = cookie.startswith(".")
    payload = cookie.lstrip(".").split(".")[0]
    raw = base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4))
    data = json.loads(zlib.decompress(raw) if compressed else raw)
    return int(data["learner_id"])


def _newer_stored(learner: Learner, stored: set[str]) -> bool:
    """A save after the last acknowledged one was written but its answer never came back."""
    last = int(re.search(r"save (\d+)", learner.acked[-1]).group(1))
    return any(int(m.group(1)) > last for text in stored if (m := re.search(r"save (\d+)", text)))
