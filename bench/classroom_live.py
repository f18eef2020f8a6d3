"""A live class of 30: push-to-learner latency and dashboard update latency, end to end.

Run: .venv/bin/python bench/classroom_live.py

The server runs as `make run` runs it, with the bundled exercises. A trainer signs in and opens
the class page (real Chromium, the live dashboard). 30 learners join by code with real sessions:
PAGES of them in real Chromium on phone-sized pages (the list of exercises, where the push banner
shows), the rest as light websocket clients (the same /live socket, cookie and Origin a page
sends). Then:

1. push: the trainer's POST -> the push message at each socket client / the banner on each page;
2. broadcast: the trainer's POST -> the message at each socket client / on each page;
3. save -> dashboard: a learner's autosave (PUT) -> that learner's row redrawn on the trainer's
   page, one learner at a time, then all 30 at once;
4. result -> dashboard: a learner presses Check (a failing try); the time from the result reaching
   the learner to the cell turning "failing" on the trainer's page, and from the Check itself.

Times are wall-clock milliseconds on this machine (Python and Chromium read the same clock).
The last line printed is JSON.
"""

from __future__ import annotations

import json
import os
import re
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request
from http.cookiejar import CookieJar
from pathlib import Path

from common import ROOT, median, percentile
from playwright.sync_api import sync_playwright
from simple_websocket import Client

from sandbox.exercises import load_exercise
from sandbox.grading.browser import LOCAL_PAGES_FLAGS, find_chromium
from sandbox.store import Store
from tests.browser.conftest import PHONE, start_server

LEARNERS = 30
PAGES = 5
PUSHES = 12
BROADCASTS = 6
SUBMISSIONS = 10
EXERCISE = "volunteer-counter"


class PromptClient(Client):
    """simple-websocket's client, also reading messages that came in with the handshake's answer."""

    def handshake(self):
        super().handshake()
        self.connected = self._handle_events()


class SocketLearner:
    """A learner with a real session (joined by code over HTTP) listening on the /live socket."""

    def __init__(self, base: str, code: str, name: str):
        self.base = base
        self.name = name
        jar = CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
        html = self.opener.open(f"{base}/join/{code}").read().decode()
        self.csrf = re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)
        form = urllib.parse.urlencode({"csrf_token": self.csrf, "name": name}).encode()
        self.opener.open(urllib.request.Request(f"{base}/join/{code}", data=form)).read()
        cookie = next(c for c in jar if c.name == "sandbox_session")
        self.revision = 0
        self.events: list[tuple[float, dict]] = []
        self.lock = threading.Lock()
        self.ws = PromptClient.connect(
            base.replace("http://", "ws://") + "/live",
            headers={"Cookie": f"sandbox_session={cookie.value}", "Origin": "http://127.0.0.1"},
        )
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def _read(self) -> None:
        try:
            while True:
                raw = self.ws.receive()
                if raw is None:
                    return
                with self.lock:
                    self.events.append((time.time(), json.loads(raw)))
        except Exception:
            return

    def first(self, predicate, after: float) -> float | None:
        with self.lock:
            return next((at for at, message in self.events if at >= after and predicate(message)), None)

    def request(self, method: str, path: str, body: dict) -> dict:
        request = urllib.request.Request(
            self.base + path,
            data=json.dumps(body).encode(),
            method=method,
            headers={"Content-Type": "application/json", "X-CSRF-Token": self.csrf},
        )
        return json.loads(self.opener.open(request).read())

    def save(self, files: dict, step: str) -> None:
        answer = self.request(
            "PUT", f"/api/work/{EXERCISE}", {"files": files, "revision": self.revision, "step": step}
        )
        self.revision = answer["revision"]

    def close(self) -> None:
        try:
            self.ws.close()
        except Exception:
            pass


def wait_until(condition, timeout: float = 15.0, every: float = 0.01):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = condition()
        if found:
            return found
        time.sleep(every)
    raise TimeoutError("timed out")


# Installed in the pages: note when each banner, message and dashboard row appears (Date.now()).
OBSERVE_LEARNER = """() => {
  window.__banners = []; window.__messages = [];
  new MutationObserver((records) => {
    const now = Date.now();
    for (const record of records) for (const node of record.addedNodes) {
      if (node.id === 'push-banner') {
        window.__banners.push({key: `${node.dataset.exercise}/${node.dataset.step}`, t: now});
      } else if (node.dataset && node.dataset.message) {
        window.__messages.push({id: Number(node.dataset.message), t: now});
      }
    }
  }).observe(document.getElementById('class-live'), {childList: true});
}"""

OBSERVE_DASHBOARD = """() => {
  window.__rows = [];
  new MutationObserver((records) => {
    const now = Date.now();
    for (const record of records) for (const node of record.addedNodes) {
      if (!node.dataset || !node.dataset.learner) continue;
      const cells = {};
      node.querySelectorAll('td[data-cell]').forEach((td) => { cells[td.dataset.cell] = td.dataset.state; });
      const row = {learner: Number(node.dataset.learner), progress: node.dataset.progress, cells, t: now};
      window.__rows.push(row);
    }
  }).observe(document.querySelector('#grid tbody'), {childList: true});
}"""

FIRST_BANNER = "([key, after]) => (window.__banners.find((b) => b.key === key && b.t >= after) || {}).t"
FIRST_MESSAGE = "(id) => (window.__messages.find((m) => m.id === id) || {}).t"
# The first redraw of a learner's row after `after` where a cell has a state, or progress changed.
FIRST_ROW = """([learner, after, cell, state, progressBefore]) => {
  const found = window.__rows.find((r) => r.learner === learner && r.t >= after
    && (cell ? r.cells[cell] === state : r.progress !== progressBefore));
  return found ? found.t : 0;
}"""
LAST_PROGRESS = """([learner, before]) => {
  const rows = window.__rows.filter((r) => r.learner === learner && r.t < before);
  return rows.length ? rows[rows.length - 1].progress : '';
}"""


def stats(values: list[float]) -> dict:
    return {
        "p50": round(median(values), 1),
        "p95": round(percentile(values, 0.95), 1),
        "max": round(max(values), 1),
        "n": len(values),
    }


def page_time(page, script: str, arg) -> float:
    """Wait until a page noted the event, and return when (ms since the epoch)."""
    return page.wait_for_function(script, arg=arg, polling=10, timeout=30_000).json_value()


class Trainer:
    """The trainer's dashboard page, and their session for the API."""

    def __init__(self, browser, base: str):
        self.context = browser.new_context(viewport={"width": 1400, "height": 1000})
        self.page = self.context.new_page()
        self.page.goto(f"{base}/trainer/login")
        self.page.fill("#name", "bench")
        self.page.fill("#password", "correct horse")
        self.page.locator("main form button").click()
        self.page.fill("#new-class", "Bench class")
        self.page.locator("form.inline-form button").click()
        self.page.wait_for_selector("#dashboard-connection[data-state=live]")
        self.classroom_id = int(self.page.url.rsplit("/", 1)[1])
        self.code = self.page.locator("#join-code").text_content()
        self.csrf = self.page.locator("meta[name=csrf-token]").get_attribute("content")
        self.session = next(c["value"] for c in self.context.cookies() if c["name"] == "sandbox_session")
        self.api = f"{base}/api/trainer/classes/{self.classroom_id}"

    def post(self, path: str, body: dict) -> dict:
        request = urllib.request.Request(
            self.api + path,
            data=json.dumps(body).encode(),
            headers={
                "Content-Type": "application/json",
                "X-CSRF-Token": self.csrf,
                "Cookie": f"sandbox_session={self.session}",
            },
        )
        return json.loads(urllib.request.urlopen(request).read())

    def row_time(self, learner_id: int, after: float, cell=None, state=None, progress_before=None) -> float:
        arg = [learner_id, after * 1000, cell, state, progress_before]
        return page_time(self.page, FIRST_ROW, arg) - after * 1000


def all_heard(sockets: list[SocketLearner], predicate, sent: float) -> list[float] | None:
    found = [learner.first(predicate, sent) for learner in sockets]
    return found if all(found) else None


def measure_pushes(trainer: Trainer, sockets, pages, targets) -> tuple[list[float], list[float]]:
    to_socket, to_page = [], []
    for n in range(PUSHES):
        exercise_id, step = targets[n % len(targets)]
        sent = time.time()
        trainer.post("/push", {"exercise": exercise_id, "step": step})

        def got(message, exercise_id=exercise_id, step=step):
            push = message.get("push") or {}
            return message["type"] == "push" and (push.get("exercise"), push.get("step")) == (
                exercise_id,
                step,
            )

        to_socket += [
            (at - sent) * 1000 for at in wait_until(lambda got=got, sent=sent: all_heard(sockets, got, sent))
        ]
        key = f"{exercise_id}/{step or ''}"
        to_page += [page_time(page, FIRST_BANNER, [key, sent * 1000]) - sent * 1000 for page in pages]
        time.sleep(0.2)
    return to_socket, to_page


def measure_broadcasts(trainer: Trainer, sockets, pages) -> tuple[list[float], list[float]]:
    to_socket, to_page = [], []
    for n in range(BROADCASTS):
        sent = time.time()
        message_id = trainer.post("/broadcast", {"text": f"Message {n + 1} to the class"})["id"]

        def heard(message, message_id=message_id):
            return message["type"] == "message" and message["id"] == message_id

        to_socket += [
            (at - sent) * 1000
            for at in wait_until(lambda heard=heard, sent=sent: all_heard(sockets, heard, sent))
        ]
        to_page += [page_time(page, FIRST_MESSAGE, message_id) - sent * 1000 for page in pages]
        time.sleep(0.2)
    return to_socket, to_page


def measure_saves(trainer: Trainer, sockets, ids, exercise) -> tuple[list[float], list[float]]:
    files = dict(exercise.starter)
    step = exercise.steps[0].id
    cell = f"{EXERCISE}/{step}"
    one_by_one = []
    for learner in sockets:
        sent = time.time()
        learner.save({**files, "app.js": files["app.js"] + f"\n// {learner.name}"}, step)
        one_by_one.append(trainer.row_time(ids[learner.name], sent, cell, "working"))
        time.sleep(0.05)

    sent_at: dict[int, float] = {}

    def save_now(learner: SocketLearner) -> None:
        sent_at[ids[learner.name]] = time.time()
        learner.save({**files, "app.js": files["app.js"] + "\n// everyone at once"}, step)

    threads = [threading.Thread(target=save_now, args=(learner,)) for learner in sockets]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    at_once = []
    for learner_id, sent in sent_at.items():
        before = trainer.page.evaluate(LAST_PROGRESS, [learner_id, sent * 1000])
        at_once.append(trainer.row_time(learner_id, sent, progress_before=before))
    return one_by_one, at_once


def measure_results(trainer: Trainer, sockets, ids, exercise) -> tuple[list[float], list[float]]:
    """A failing Check: result at the learner -> cell "failing" on the dashboard, and from the Check."""
    body = {"exercise": EXERCISE, "step": exercise.steps[0].id, "files": dict(exercise.starter)}
    cell = f"{EXERCISE}/{exercise.steps[0].id}"

    def result(message):
        return message["type"] == "result"

    warm = sockets[-1]  # the first try starts the grader's Chromium: not measured
    warm.request("POST", "/api/submissions", body)
    wait_until(lambda: warm.first(result, 0), timeout=60)
    from_result, from_check = [], []
    for learner in sockets[:SUBMISSIONS]:
        sent = time.time()
        learner.request("POST", "/api/submissions", body)
        arrived = wait_until(lambda learner=learner, sent=sent: learner.first(result, sent), timeout=30)
        shown_after_check = trainer.row_time(ids[learner.name], sent, cell, "failing")
        from_check.append(shown_after_check)
        from_result.append(shown_after_check - (arrived - sent) * 1000)
    return from_result, from_check


def main() -> None:
    instance = Path(tempfile.mkdtemp(prefix="sandbox-bench-live-"))
    server = start_server(instance, ROOT / "exercises")
    store = Store(f"sqlite:///{instance / 'sandbox.db'}")
    store.create_trainer("bench", "correct horse")
    exercise = load_exercise(ROOT / "exercises" / EXERCISE)
    targets = []
    for exercise_id in ("volunteer-counter", "profile-card", "job-board"):
        targets += [
            (exercise_id, None),
            (exercise_id, load_exercise(ROOT / "exercises" / exercise_id).steps[1].id),
        ]
    sockets: list[SocketLearner] = []
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=find_chromium(), args=LOCAL_PAGES_FLAGS)
            trainer = Trainer(browser, server.url)
            pages = []
            for n in range(PAGES):
                page = browser.new_context(**PHONE).new_page()
                page.goto(f"{server.url}/join/{trainer.code}")
                page.fill("#name", f"Page learner {n + 1:02d}")
                page.locator("main form button").click()
                page.wait_for_selector("body[data-live-synced]")
                page.evaluate(OBSERVE_LEARNER)
                pages.append(page)
            for n in range(LEARNERS - PAGES):
                sockets.append(SocketLearner(server.url, trainer.code, f"Socket learner {n + 1:02d}"))
            wait_until(lambda: trainer.page.locator("#grid tbody tr[data-online=true]").count() == LEARNERS)
            trainer.page.evaluate(OBSERVE_DASHBOARD)
            ids = {learner.name: learner.id for learner in store.learners_of(trainer.classroom_id)}

            push_socket, push_page = measure_pushes(trainer, sockets, pages, targets)
            message_socket, message_page = measure_broadcasts(trainer, sockets, pages)
            save_one, save_all = measure_saves(trainer, sockets, ids, exercise)
            result_to_cell, check_to_cell = measure_results(trainer, sockets, ids, exercise)
            browser.close()
    finally:
        for learner in sockets:
            learner.close()
        store.dispose()
        server.stop()

    load = os.getloadavg()[0]
    measured = {
        "push_to_socket_ms": ("push -> learner socket", push_socket),
        "push_to_banner_ms": ("push -> banner on a page", push_page),
        "broadcast_to_socket_ms": ("broadcast -> learner socket", message_socket),
        "broadcast_to_page_ms": ("broadcast -> shown on a page", message_page),
        "save_to_dashboard_ms": ("save -> dashboard row (one learner)", save_one),
        "save_burst_to_dashboard_ms": (f"save -> dashboard row ({LEARNERS - PAGES} at once)", save_all),
        "result_to_dashboard_ms": ("result at learner -> dashboard cell", result_to_cell),
        "check_to_dashboard_ms": ("Check -> dashboard cell (with grading)", check_to_cell),
    }
    result = {"learners": LEARNERS, "chromium_pages": PAGES, "socket_clients": LEARNERS - PAGES}
    print(
        f"{LEARNERS} learners ({PAGES} in Chromium, {LEARNERS - PAGES} socket clients); load {load:.2f}",
        file=sys.stderr,
    )
    for key, (label, values) in measured.items():
        result[key] = figures = stats(values)
        print(
            f"  {label:42} p50 {figures['p50']:7.1f}  p95 {figures['p95']:7.1f}  max {figures['max']:7.1f} ms"
            f"  (n={figures['n']})",
            file=sys.stderr,
        )
    result["push_budget_ms"] = 1000
    result["load_average_1m"] = round(load, 2)
    print(json.dumps(result))


if __name__ == "__main__":
    main()
