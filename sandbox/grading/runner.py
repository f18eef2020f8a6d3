"""The grading runner: worker threads, each owning one Playwright and one Chromium.

Playwright objects are bound to the thread that made them, so each worker makes its own,
lazily, and replaces them when they die. Every submission gets a fresh document and fresh storage
by loading it on an origin of its own (`http://s<worker>-<n>.grader.test`), answered from memory
by a route handler; nothing the page asks for ever reaches the network.
"""

from __future__ import annotations

import logging
import mimetypes
import queue
import threading
import time
import uuid
from collections.abc import Mapping
from concurrent.futures import Future
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import dataclass
from urllib.parse import unquote, urlsplit

from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import sync_playwright

from ..exercises import Exercise
from . import processes
from .browser import QUIET_FLAGS, find_chromium
from .checks import ConsoleError, OutOfTime, Run, is_read_only, run_check
from .messages import translations
from .result import CheckResult, GradeResult

log = logging.getLogger(__name__)

GRADER_DOMAIN = "grader.test"
LOAD_MS = 4000
CONTEXT_REUSE = 300  # submissions per browser context before a fresh one (frees old origins' storage)

# The grader excludes nothing from the resolver: learner code must not reach any host, loopback
# included. A dead proxy with loopback not bypassed catches whatever the routes and offline mode miss.
LOCKDOWN_FLAGS = [
    *QUIET_FLAGS,
    "--host-resolver-rules=MAP * ~NOTFOUND",
    "--proxy-server=http://127.0.0.1:9",
    "--proxy-bypass-list=<-loopback>",
    "--disable-features=NetworkPrediction",
    "--deny-permission-prompts",
]


@dataclass(frozen=True)
class Submission:
    """What to grade: an exercise's step against a set of learner files."""

    exercise: Exercise
    step: str
    files: Mapping[str, str]
    language: str = "en"
    id: int | None = None


@dataclass
class _Job:
    submission: Submission
    future: Future


def _error_result(submission: Submission, message: str, started: float, checks=None) -> GradeResult:
    return GradeResult(
        exercise=submission.exercise.id,
        step=submission.step,
        status="error",
        duration_ms=round((time.monotonic() - started) * 1000),
        checks=checks or [],
        submission=submission.id,
        message=message,
    )


class _Worker(threading.Thread):
    """Grades one submission at a time in its own Chromium."""

    def __init__(self, grader: Grader, number: int):
        super().__init__(name=f"grader-{number}", daemon=True)
        self.grader = grader
        self.number = number
        self.marker = f"--sandbox-grader={uuid.uuid4().hex}"
        self.playwright = None
        self.browser = None
        self.context = None
        self.page = None
        self.pid: int | None = None
        self.loads = 0
        self.graded_in_context = 0
        self.origin = ""
        self.submission: Submission | None = None
        self.errors: list[ConsoleError] = []
        self.crashed = False
        self.making_page = False
        self.busy_since: float | None = None
        self.abandoned = False

    # -- lifecycle

    def run(self) -> None:
        try:
            while not self.abandoned:
                job = self.grader.jobs.get()
                if job is None:
                    break
                self.busy_since = time.monotonic()
                try:
                    result = self.grade(job.submission)
                except Exception:  # the grader survives anything a submission does
                    log.exception("grading crashed; replacing the browser")
                    self.shutdown_browser()
                    result = _error_result(
                        job.submission, self._("Checking stopped unexpectedly. Try again."), self.busy_since
                    )
                self.busy_since = None
                if not job.future.done():
                    job.future.set_result(result)
        finally:
            self.shutdown_browser()
            if self.playwright:
                try:
                    self.playwright.stop()
                except Exception:  # noqa: BLE001 - already gone
                    pass

    def _(self, text: str) -> str:
        language = self.submission.language if self.submission else "en"
        return translations(language).gettext(text)

    def ensure_page(self) -> None:
        if self.playwright is None:
            self.playwright = sync_playwright().start()
        if self.browser is None or not self.browser.is_connected():
            self.browser = self.playwright.chromium.launch(
                executable_path=find_chromium(self.grader.chromium),
                args=[
                    *LOCKDOWN_FLAGS,
                    f"--js-flags=--max-old-space-size={self.grader.memory_mb // 2}",
                    self.marker,
                ],
            )
            self.pid = processes.browser_pid(self.marker)
            self.context = None
        if self.context is None or self.graded_in_context >= CONTEXT_REUSE:
            if self.context is not None:
                self.context.close()
            self.context = self.browser.new_context(
                viewport={"width": 360, "height": 640},
                is_mobile=True,
                has_touch=True,
                device_scale_factor=1,
                offline=True,
                service_workers="block",
                java_script_enabled=True,
                accept_downloads=False,
            )
            self.context.set_default_timeout(self.grader.load_ms)
            self.context.route("**/*", self.answer)
            self.context.route_web_socket("**/*", lambda socket: socket.close())
            self.context.on("page", self.close_popup)
            self.graded_in_context = 0
            self.page = None
        if self.page is None or self.page.is_closed():
            self.crashed = False
            self.making_page = True
            try:
                self.page = self.context.new_page()
            finally:
                self.making_page = False
            self.page.on("dialog", lambda dialog: dialog.dismiss())
            self.page.on("console", self.on_console)
            self.page.on("pageerror", self.on_page_error)
            self.page.on("crash", self.on_crash)

    def close_popup(self, page) -> None:
        """Windows the app opens (window.open, target=_blank) are closed at once."""
        if not self.making_page and page is not self.page:
            page.close()

    def shutdown_browser(self) -> None:
        for close in (lambda: self.browser and self.browser.close(),):
            try:
                close()
            except Exception:  # noqa: BLE001 - it may be dead already
                pass
        if self.pid:
            processes.kill(self.pid)
        self.browser = self.context = self.page = None
        self.pid = None

    # -- the page's world

    def answer(self, route) -> None:
        """Serve the learner's files on this submission's origin; refuse everything else."""
        url = urlsplit(route.request.url)
        if f"{url.scheme}://{url.netloc}" != self.origin or self.submission is None:
            route.abort("blockedbyclient")
            return
        path = unquote(url.path).lstrip("/") or "index.html"
        files = self.submission.files
        if path in files:
            kind = mimetypes.guess_type(path)[0] or "text/plain"
            route.fulfill(status=200, body=files[path], content_type=f"{kind}; charset=utf-8")
            return
        asset = (
            self.submission.exercise.assets.get(path.removeprefix("assets/"))
            if path.startswith("assets/")
            else None
        )
        if asset is not None:
            route.fulfill(status=200, path=str(asset))
            return
        route.fulfill(status=404, body="not found", content_type="text/plain")

    def on_console(self, message) -> None:
        if message.type == "error":
            location = message.location or {}
            self.errors.append(
                ConsoleError(
                    message.text,
                    self.file_of(location.get("url")),
                    (location.get("lineNumber") or 0) + 1 or None,
                )
            )

    def on_page_error(self, error) -> None:
        file, line = None, None
        for frame_line in (error.stack or "").splitlines():
            if self.origin and self.origin in frame_line:
                tail = frame_line.split(self.origin + "/", 1)[1].rstrip(")")
                parts = tail.split(":")
                if len(parts) >= 2 and parts[1].isdigit():
                    file, line = unquote(parts[0]) or "index.html", int(parts[1])
                break
        self.errors.append(ConsoleError(f"{error.name}: {error.message}", file, line))

    def on_crash(self, page) -> None:
        self.crashed = True

    def file_of(self, url: str | None) -> str | None:
        if not url or not url.startswith(self.origin):
            return None
        return unquote(urlsplit(url).path).lstrip("/") or "index.html"

    # -- grading

    def load(self, fresh: bool, remaining_ms) -> None:
        """Load the submission: on a new origin (fresh document and storage) or the same one."""
        if fresh:
            self.loads += 1
            self.origin = f"http://s{self.number}-{self.loads}.{GRADER_DOMAIN}"
        self.errors.clear()
        self.page.goto(
            f"{self.origin}/index.html",
            timeout=max(1, min(self.grader.load_ms, remaining_ms())),
            wait_until="load",
        )

    def grade(self, submission: Submission) -> GradeResult:
        started = time.monotonic()
        deadline = started + self.grader.deadline_s
        self.submission = submission
        _ = self._
        exercise = submission.exercise
        checks = exercise.checks_through(submission.step)
        results: dict[str, CheckResult] = {}

        def remaining_ms() -> float:
            return (deadline - time.monotonic()) * 1000

        try:
            self.ensure_page()
            device = exercise.device
            if self.page.viewport_size != {"width": device.width, "height": device.height}:
                self.page.set_viewport_size({"width": device.width, "height": device.height})
            # Checks that only read share one fresh load; each that acts gets a fresh load of its own.
            order = [c for c in checks if is_read_only(c)] + [c for c in checks if not is_read_only(c)]
            fresh = False
            for check in order:
                if not fresh:
                    self.load(True, remaining_ms)
                    fresh = True
                run = Run(
                    self.page,
                    exercise,
                    submission.files,
                    _,
                    remaining_ms,
                    reload=lambda: self.load(False, remaining_ms),
                    console_errors=self.errors,
                )
                results[check.id] = run_check(run, check, submission.language)
                if self.crashed:
                    raise PlaywrightError("page crashed")
                if remaining_ms() <= 0:
                    raise OutOfTime()
                if not is_read_only(check):
                    fresh = False
        except (OutOfTime, PlaywrightError) as problem:
            log.info("grading %s/%s stopped: %s", exercise.id, submission.step, str(problem)[:300])
            message = self.explain(problem, remaining_ms())
            self.discard_page()
            done = [
                results.get(c.id) or CheckResult(c.id, c.name.get(submission.language), "skipped")
                for c in checks
            ]
            return _error_result(submission, message, started, done)
        finally:
            self.submission = None
        self.graded_in_context += 1
        ordered = [results[c.id] for c in checks]
        status = "pass" if all(r.status == "pass" for r in ordered) else "fail"
        return GradeResult(
            exercise.id,
            submission.step,
            status,
            round((time.monotonic() - started) * 1000),
            ordered,
            submission.id,
        )

    def explain(self, problem: Exception, remaining: float) -> str:
        _ = self._
        if self.crashed or "crash" in str(problem).lower():
            return _(
                "Your app used too much memory or crashed, so we stopped it. Look for a loop that keeps "
                "adding things."
            )
        if remaining <= 0 or "Timeout" in type(problem).__name__ or "Timeout" in str(problem):
            return _(
                "Your app did not finish in time: maybe a loop never ends, or the page keeps reloading. "
                "Check your loops and try again."
            )
        return _("Checking stopped unexpectedly. Try again.")

    def discard_page(self) -> None:
        """After a timeout or crash the page may be stuck forever: close it, or the whole browser."""
        page, self.page = self.page, None
        if page is None:
            return
        try:
            page.close()
        except Exception:  # noqa: BLE001 - a stuck renderer: start again from a new browser
            self.shutdown_browser()


class Grader:
    """A pool of grading workers; `grade` is safe to call from any thread."""

    def __init__(
        self,
        workers: int = 2,
        deadline_s: float = 10.0,
        memory_mb: int = 512,
        chromium: str | None = None,
        load_ms: int = LOAD_MS,
    ):
        self.jobs: queue.Queue[_Job | None] = queue.Queue()
        self.deadline_s = deadline_s
        self.load_ms = load_ms
        self.memory_mb = memory_mb
        self.chromium = chromium
        self.lock = threading.Lock()
        self.workers = [self._start_worker(n) for n in range(workers)]
        self._stop = threading.Event()
        self.watchdog = threading.Thread(target=self._watch, name="grader-watchdog", daemon=True)
        self.watchdog.start()

    def _start_worker(self, number: int) -> _Worker:
        worker = _Worker(self, number)
        worker.start()
        return worker

    def submit(self, submission: Submission) -> Future:
        future: Future = Future()
        self.jobs.put(_Job(submission, future))
        return future

    def grade(self, submission: Submission) -> GradeResult:
        """Grade one submission and wait for its result (at most the deadline and a little more)."""
        started = time.monotonic()
        future = self.submit(submission)
        try:
            return future.result(timeout=self.deadline_s * 2 + 5)
        except FutureTimeout:
            message = translations(submission.language).gettext(
                "Your app did not finish in time: maybe a loop never ends. Check your loops and try again."
            )
            return _error_result(submission, message, started)

    def grade_many(self, submissions: list[Submission]) -> list[GradeResult]:
        futures = [self.submit(s) for s in submissions]
        return [f.result() for f in futures]

    def _watch(self) -> None:
        """Kill renderers over the memory ceiling, and browsers stuck past every deadline."""
        while not self._stop.wait(0.2):
            for worker in list(self.workers):
                if worker.busy_since is None or not worker.pid:
                    continue
                for renderer in processes.renderers(worker.pid):
                    if processes.rss_mb(renderer) > self.memory_mb:
                        log.warning("a submission's page went over %d MB; stopping it", self.memory_mb)
                        worker.crashed = True
                        processes.kill(renderer)
                if time.monotonic() - worker.busy_since > self.deadline_s + 3:
                    # Every Playwright call has a timeout, so this is the last resort: kill the
                    # browser, which makes the stuck call fail and the worker start a new one.
                    log.warning("grading worker %s stuck; killing its browser", worker.name)
                    processes.kill(worker.pid)

    def close(self) -> None:
        self._stop.set()
        for _worker in self.workers:
            self.jobs.put(None)
        for worker in self.workers:
            worker.join(timeout=10)
