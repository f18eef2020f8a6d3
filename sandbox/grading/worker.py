"""A grading worker: a thread owning one Playwright, one Chromium and one page, grading one job at a time.

Playwright objects are bound to the thread that made them, so each worker makes its own, lazily, and
replaces them when they die. Every submission gets a fresh document and fresh storage by loading it on
an origin of its own (`http://s<worker>-<n>.grader.test`), answered from memory by the lockdown's route
handler (lockdown.py). The watchdog (watchdog.py) shares `deadline`, `killed` and `page_busy` with it.
"""

from __future__ import annotations

import logging
import threading
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import unquote, urlsplit

from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import sync_playwright

from ..exercises import Exercise
from . import lockdown, processes
from .assemble import Assembled, assemble
from .browser import find_grading_chromium
from .checks import (
    MIN_TAP_PX,
    QUIET_MAX_MS,
    RESPONSIVE_MS,
    TAPPABLE,
    ConsoleError,
    OutOfTime,
    Run,
    is_read_only,
    load_order,
    run_check,
)
from .helper_scripts import HELPER_URL, HelperScripts, is_helper
from .messages import translations
from .quick import QuickLook
from .result import CheckResult, GradeResult
from .submission import Job, Submission, error_result, not_checked
from .watchdog import KILL_BEFORE_S

if TYPE_CHECKING:
    from .runner import Grader

log = logging.getLogger(__name__)

CONTEXT_REUSE = 300  # submissions per browser context before a fresh one (frees old origins' storage)
# Playwright's waits end RESERVE_S before the job's deadline, leaving time to report (the watchdog's
# limits come after it: watchdog.py).
RESERVE_S = 0.7
# How much longer than its bound the wait for a quiet app may take before the page counts as stuck
# (the page's own timers run late on a busy machine).
QUIET_SLACK_S = 2.0
# How long starting a browser and a page may take before the watchdog stops it (none of it is
# charged to the learner's app).
STARTUP_S = 60.0


class _Stopped(Exception):
    """The page was killed or crashed while a check ran (by the watchdog, or by itself)."""


class _Left(Exception):
    """The app left its page (went to another address, or was sent to an error page)."""


class _Ours(Exception):
    """The grader failed, not the learner's app (a browser that died or would not start): the job
    is graded again from a fresh browser (runner.RETRIES)."""


class Worker(threading.Thread):
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
        self.cdp = None
        self.quick: QuickLook | None = None
        self.helpers: HelperScripts | None = None  # the helpers installed in the current page
        self.pid: int | None = None
        self.profile: Path | None = None  # the browser's profile folder (processes.profile_folder)
        self.loads = 0
        self.loaded_at = 0.0  # when the current document finished loading (time.monotonic())
        self.graded_in_context = 0
        self.origin = ""
        self.submission: Submission | None = None
        self.assembled: Assembled | None = None  # the current submission's page, as served
        self.errors: list[ConsoleError] = []
        self.helper_errors: list[str] = []  # what the exercise's helpers threw in this document
        self.dialogs: list[str] = []
        self.crashed = False
        self.left = False  # the app left its page since it was loaded (on_navigated)
        self.making_page = False
        # Shared with the watchdog, under `state`: when the current job must end, and why the
        # watchdog killed this worker's page ("memory", "deadline", "busy"), if it did.
        self.state = threading.Lock()
        self.deadline: float | None = None
        self.killed: str | None = None
        # When the learner's app has had its time (time.monotonic()): the job's deadline less
        # RESERVE_S, moved on by whatever time our own work took (see `ours`).
        self.clock_end = 0.0
        self.starting = False  # our own work is under way (`ours`): nothing to stretch
        self.busy_since: float | None = None  # since when its page has wanted a CPU all the time
        self.stretch_off = False  # the page kept busy by itself: no more stretching in this job
        self.stretched = 0.0  # how far the watchdog moved this job's deadline on (watchdog.MAX_STRETCH)
        # The page kept a CPU busy when the watchdog last looked (between jobs): it is stuck in a loop
        # that started after its job, and would block the next load in the same renderer.
        self.page_busy = False
        self.abandoned = False

    # -- lifecycle

    def run(self) -> None:
        try:
            if self.grader.warm:
                self.warm_up()
            while not self.abandoned:
                job = self.grader.jobs.get()
                if job is None:
                    break
                result = self.take(job)
                if result is not None and not job.future.done():
                    job.future.set_result(result)
                if self.browser is None and self.grader.warm:
                    self.warm_up()  # the job left no browser: the next one should not wait for it
        finally:
            self.shutdown_browser()
            self.stop_playwright()

    def take(self, job: Job) -> GradeResult | None:
        """Grade one job; None if it went back to the queue after a failure of ours."""
        started = job.started = self.grader.took_at = time.monotonic()
        with self.state:
            self.deadline = started + STARTUP_S
            if self.page_busy:
                self.killed = self.killed or "busy"
                self.page_busy = False
        try:
            return self.grade(job.submission, started)
        except Exception as error:  # the grader survives anything a submission does
            if isinstance(error, _Ours):
                log.warning("grading worker %s failed: %r; starting afresh", self.name, error.__cause__)
            else:
                log.exception("grading crashed; starting afresh")
            # A fresh Playwright and browser for whoever takes the job next.
            self.shutdown_browser()
            self.stop_playwright()
            if self.grader.retry(job):
                return None
            return not_checked(job.submission, started)
        finally:
            with self.state:
                self.deadline = None

    def stop_playwright(self) -> None:
        if self.playwright:
            try:
                self.playwright.stop()
            except Exception:  # noqa: BLE001 - already gone
                pass
        self.playwright = None

    def warm_up(self) -> None:
        """Start this worker's browser and page now, so the first learner to press Check does not wait
        for it (about a second here)."""
        try:
            self.ensure_page()
        except Exception:  # noqa: BLE001 - the first job tries again and reports what is wrong
            log.warning("grading worker %s could not start its browser yet", self.name, exc_info=True)
            self.shutdown_browser()

    def _(self, text: str) -> str:
        language = self.submission.language if self.submission else "en"
        return translations(language).gettext(text)

    def ensure_page(self) -> None:
        if self.crashed or self.killed:
            self.discard_page()  # a page the watchdog stopped between jobs, or one that crashed
        if self.playwright is None:
            self.playwright = processes.started_below(sync_playwright().start)
        if self.browser is None or not self.browser.is_connected():
            self.shutdown_browser()
            # One browser starts at a time: several starting at once on a busy machine each take
            # many times longer. Waiting for the turn has no limit; the start itself has STARTUP_S.
            with self.state:
                saved, self.deadline = self.deadline, None
            with self.grader.launching:
                with self.state:
                    self.deadline = None if saved is None else time.monotonic() + STARTUP_S
                self.browser = lockdown.launch(
                    self.playwright,
                    find_grading_chromium(self.grader.chromium),
                    self.grader.memory_mb,
                    self.marker,
                )
                self.pid = processes.browser_pid(self.marker)
                self.profile = processes.profile_folder(self.pid)
            self.context = None
        if self.context is None or self.graded_in_context >= CONTEXT_REUSE:
            if self.context is not None:
                self.context.close()
            self.context = lockdown.new_context(
                self.browser, self.grader.load_ms, self.answer, self.close_popup
            )
            self.graded_in_context = 0
            self.page = None
        if self.page is None or self.page.is_closed():
            self.crashed = False
            self.making_page = True
            try:
                self.page = self.context.new_page()
            finally:
                self.making_page = False
            self.page.on("dialog", self.on_dialog)
            self.page.on("console", self.on_console)
            self.page.on("crash", self.on_crash)
            self.page.on("framenavigated", self.on_navigated)
            # Uncaught errors come from the DevTools protocol itself: unlike Playwright's pageerror,
            # it says where a SyntaxError is.
            self.cdp = self.context.new_cdp_session(self.page)
            self.cdp.on("Runtime.exceptionThrown", self.on_exception)
            self.cdp.send("Runtime.enable")
            self.quick = QuickLook(self.cdp, TAPPABLE, MIN_TAP_PX, self.within) if self.grader.quick else None
            self.helpers = HelperScripts(self.cdp)

    @contextmanager
    def ours(self) -> Iterator[None]:
        """Our own work (starting a browser or a page) is not the app's time: the job's deadline
        moves on by as long as it took. It may take STARTUP_S; a failure in it is ours (_Ours)."""
        began = time.monotonic()
        with self.state:
            saved = self.deadline
            self.deadline = began + STARTUP_S
            self.starting = True
        try:
            yield
        except (PlaywrightError, OSError) as error:
            raise _Ours() from error
        finally:
            spent = time.monotonic() - began
            with self.state:
                self.starting = False
                self.clock_end += spent
                self.deadline = None if saved is None else saved + spent

    def start_clock(self) -> None:
        """The learner's app has its time from now."""
        now = time.monotonic()
        with self.state:
            self.clock_end = now + self.grader.deadline_s - RESERVE_S
            self.deadline = now + self.grader.deadline_s
            self.stretched = 0.0
            self.busy_since = None
            self.stretch_off = False

    @contextmanager
    def within(self, seconds: float) -> Iterator[None]:
        """For a DevTools call that has no timeout of its own (a click that starts a loop in the
        app never returns): the watchdog stops the page if it takes longer than `seconds`."""
        with self.state:
            saved, stretched = self.deadline, self.stretched
            if saved is not None:
                self.deadline = min(saved, time.monotonic() + seconds + KILL_BEFORE_S)
        try:
            yield
        finally:
            with self.state:
                # Keeping what the watchdog added meanwhile for time the page waited for a CPU.
                self.deadline = None if saved is None else saved + self.stretched - stretched

    def fit(self, exercise: Exercise) -> None:
        """Give the page the exercise's screen size and its helper scripts."""
        device = exercise.device
        if self.page.viewport_size != {"width": device.width, "height": device.height}:
            self.page.set_viewport_size({"width": device.width, "height": device.height})
        helpers = self.helpers.sources_for(exercise)
        if self.helpers.differ(helpers):
            # DevTools calls wait forever on a page stuck in a loop (Playwright's own calls time out).
            self.page.locator(":root").wait_for(state="attached", timeout=RESPONSIVE_MS)
            self.helpers.install(helpers)

    def close_popup(self, page) -> None:
        if not self.making_page and page is not self.page:
            lockdown.close_popup(page)

    def shutdown_browser(self) -> None:
        try:
            if self.browser:
                self.browser.close()
        except Exception:  # noqa: BLE001 - it may be dead already
            pass
        if self.pid:
            processes.kill(self.pid)
        processes.remove_profile(self.profile)  # Playwright removes it only for a browser it closed
        with self.state:
            self.browser = self.context = self.page = self.cdp = self.quick = None
            self.pid = self.profile = None
            self.killed = None
        self.crashed = False

    # -- the page's world

    def answer(self, route) -> None:
        lockdown.serve(route, self.origin, self.submission, self.assemble)

    def assemble(self) -> Assembled:
        """The current submission's page, assembled once (by the first request for it)."""
        if self.assembled is None:
            self.assembled = assemble(self.submission.files)
        return self.assembled

    def on_console(self, message) -> None:
        location = message.location or {}
        if message.type == "error" and not is_helper(location.get("url")):
            text = message.text
            line = (location.get("lineNumber") or 0) + 1
            if text.startswith("Failed to load resource"):
                line = None  # the location is the missing file itself
            self.errors.append(ConsoleError(text, *self.source(location.get("url"), line)))

    def on_exception(self, event) -> None:
        details = event.get("exceptionDetails") or {}
        exception = details.get("exception") or {}
        text = exception.get("description") or str(exception.get("value", "")) or details.get("text", "")
        text = (text.splitlines() or [""])[0]  # the first line; the rest is a stack trace
        url = details.get("url")
        line = details.get("lineNumber")
        if not url:
            frames = (details.get("stackTrace") or {}).get("callFrames") or [{}]
            url, line = frames[0].get("url"), frames[0].get("lineNumber")
        if is_helper(url):
            self.helper_errors.append(f"{url.removeprefix(HELPER_URL)}: {text}")
            return
        file = self.file_of(url)
        line = line + 1 if file and line is not None else None
        self.errors.append(ConsoleError(text, *self.source(url, line)))

    def on_dialog(self, dialog) -> None:
        if dialog.type != "beforeunload":
            self.dialogs.append(dialog.message)  # a message box may show what the page should
        lockdown.answer_dialog(dialog)

    def on_navigated(self, frame) -> None:
        # Only a flag, as for a crash. A navigation within the submission's own origin is a reload.
        if frame.parent_frame is None and self.origin and not frame.url.startswith(self.origin + "/"):
            if not lockdown.earlier_origin(frame.url, self.number, self.loads):
                self.left = True

    def on_crash(self, page) -> None:
        # Only a flag: calling Playwright from its event handlers can deadlock the worker.
        if page is self.page:
            self.crashed = True

    def source(self, url: str | None, line: int | None) -> tuple[str | None, int | None]:
        """The learner's file and line for a place Chromium reported in the served page."""
        file = self.file_of(url)
        if self.assembled is None:
            return file, line
        return self.assembled.source(file, line)

    def file_of(self, url: str | None) -> str | None:
        if url and self.assembled is not None and any(url == name for _, _, name in self.assembled.inlined):
            return url  # a script put inline reports the name in its sourceURL
        if not url or not self.origin or not url.startswith(self.origin + "/"):
            return None
        return unquote(urlsplit(url).path).lstrip("/") or "index.html"

    # -- grading

    def load(self, fresh: bool, remaining_ms, first: bool = False) -> None:
        """Load the submission: on a new origin (fresh document and storage) or the same one."""
        if fresh:
            self.loads += 1
            self.origin = lockdown.origin(self.number, self.loads)
        url = f"{self.origin}/index.html"
        self.errors.clear()
        self.helper_errors.clear()
        self.dialogs.clear()
        self.left = False
        if self.quick is not None:
            self.quick.new_document()
        try:
            self.page.goto(url, timeout=max(1, remaining_ms()), wait_until="load")
            # A page stuck in a loop can keep its old document showing: never grade that one.
            arrived = self.page.url.startswith(self.origin + "/")
            self.loaded_at = time.monotonic()
        except PlaywrightError:
            if (
                not first
                or self.page.is_closed()
                or self.page.url.startswith(self.origin)
                or remaining_ms() <= 0
            ):
                raise
            arrived = False
        if arrived:
            return
        if not first or remaining_ms() <= 0:
            raise PlaywrightError(f"the page did not load {url}")
        # The new document never arrived: the previous job's page is stuck in a script that started
        # after its job (too recently for the watchdog to see), and holds the renderer. Start again
        # in a new page.
        log.info("a previous page blocked loading %s; replacing it", url)
        with self.ours():
            self.discard_page()
            self.ensure_page()
            self.fit(self.submission.exercise)
        self.errors.clear()
        self.helper_errors.clear()
        self.dialogs.clear()
        self.left = False
        self.page.goto(url, timeout=max(1, remaining_ms()), wait_until="load")
        self.loaded_at = time.monotonic()

    def wait_quiet(self, remaining_ms) -> None:
        """Until the app is quiet (quiet.js), for at most QUIET_MAX_MS and never past the deadline.
        A page stuck in a loop never answers: the watchdog stops it (then this raises)."""
        bound = min(QUIET_MAX_MS, remaining_ms())
        if bound <= 0 or self.cdp is None:
            return
        try:
            with self.within(bound / 1000 + QUIET_SLACK_S):
                self.cdp.send(
                    "Runtime.evaluate",
                    {
                        "expression": f"globalThis.__sandboxQuiet?.({round(bound)})",
                        "awaitPromise": True,
                        "returnByValue": True,
                    },
                )
        except PlaywrightError:
            if self.stopped():
                raise
            # The app left its document meanwhile (checks find out what that means for them).

    def stopped(self) -> bool:
        return self.crashed or self.killed is not None

    def grade(self, submission: Submission, started: float | None = None) -> GradeResult:
        started = time.monotonic() if started is None else started
        self.submission = submission
        self.assembled = None
        _ = self._
        exercise = submission.exercise
        checks = submission.checks()  # each looking for its texts in one language
        results: dict[str, CheckResult] = {}

        def remaining_ms() -> float:
            return (self.clock_end - time.monotonic()) * 1000

        current = None
        try:
            self.clock_end = time.monotonic() + self.grader.deadline_s - RESERVE_S
            with self.ours():
                self.prepare(exercise)
            self.start_clock()
            # Checks that only read share one fresh load; each that acts gets a fresh load of its own.
            order = sorted(checks, key=load_order)
            fresh = False
            for number, check in enumerate(order, start=1):
                current = check
                if not fresh:
                    self.load(True, remaining_ms, first=number == 1)
                    fresh = True
                    self.wait_quiet(remaining_ms)
                    if self.quick is not None and is_read_only(check):
                        # One look decides every simple read-only check that passes (quick.py).
                        self.quick.prefetch(c for c in order if is_read_only(c))
                run = Run(
                    self.page,
                    exercise,
                    submission.files,
                    _,
                    remaining_ms,
                    reload=lambda: self.load(False, remaining_ms),
                    console_errors=self.errors,
                    helper_errors=self.helper_errors,
                    dialogs=self.dialogs,
                    cdp=self.cdp,
                    quick=self.quick,
                    quiet=lambda: self.wait_quiet(remaining_ms),
                    read_only=is_read_only(check),
                    language=submission.language,
                )
                results[check.id] = run_check(run, check, submission.language)
                if self.stopped():
                    raise _Stopped()
                if self.left or not self.page.url.startswith(self.origin + "/"):
                    raise _Left()
                if remaining_ms() <= 0 and number < len(order):
                    raise OutOfTime()
                if not is_read_only(check):
                    fresh = False
            current = None
        except (OutOfTime, PlaywrightError, _Stopped, _Left) as problem:
            log.info("grading %s/%s stopped: %r", exercise.id, submission.step, problem)
            message = self.explain(problem, remaining_ms())
            self.discard_page()
            if message is None:
                raise _Ours() from problem
            done = []
            for check in checks:
                name = check.name.get(submission.language)
                if check is current:
                    hint = check.hint.get(submission.language) if check.hint else None
                    done.append(CheckResult(check.id, name, "error", message, hint))
                else:
                    done.append(results.get(check.id) or CheckResult(check.id, name, "skipped"))
            return error_result(submission, message, started, done)
        finally:
            self.submission = None
        self.graded_in_context += 1
        ordered = [results[c.id] for c in checks]
        status = "pass" if all(r.status == "pass" for r in ordered) else "fail"
        if any(r.status == "error" for r in ordered):
            status = "error"
        return GradeResult(
            exercise.id,
            submission.step,
            status,
            round((time.monotonic() - started) * 1000),
            ordered,
            submission.id,
            message=_("A check could not run. Tell your trainer.") if status == "error" else None,
        )

    def prepare(self, exercise: Exercise) -> None:
        """A page ready for the submission: the exercise's screen size and helpers, no cookies."""
        try:
            self.ensure_page()
            self.fit(exercise)
        except PlaywrightError:
            if self.browser is None or not self.browser.is_connected():
                raise
            # The previous submission's page is stuck in a loop that started after its job: it is
            # not this submission's doing. Start again in a new page.
            log.info("the previous page does not answer; replacing it")
            self.discard_page()
            self.ensure_page()
            self.fit(exercise)
        # Every submission's origin is new, so its storage is too, except cookies: one may be set
        # for the whole grader domain. Clearing them costs about 2 ms.
        self.context.clear_cookies()

    def explain(self, problem: Exception, remaining: float) -> str | None:
        """What to tell the learner about a job that stopped; None if the grader failed, not the app."""
        _ = self._
        too_slow = _(
            "Your app did not finish in time: maybe a loop never ends, or the page keeps reloading. "
            "Check your loops and try again."
        )
        if isinstance(problem, OutOfTime) and problem.message:
            return problem.message
        if self.killed == "deadline":
            return too_slow
        if self.stopped() or "crash" in str(problem).lower():
            return _(
                "Your app used too much memory or crashed, so we stopped it. Look for a loop that keeps "
                "adding things."
            )
        if remaining <= 0 or isinstance(problem, OutOfTime) or "Timeout" in type(problem).__name__:
            return too_slow
        if isinstance(problem, _Left) or any(
            word in str(problem) for word in ("destroyed", "navigat", "detached")
        ):
            return _(
                "Your app keeps reloading the page or leaving it, so we could not check it. "
                "Look for location.reload() or location.href in your code."
            )
        return None

    def discard_page(self) -> None:
        """After a timeout or crash the page may be stuck forever: kill it, close it, start a new one."""
        page, self.page, self.cdp, self.quick = self.page, None, None, None
        if self.pid:
            # Each worker's browser runs only this worker's page: its renderers can all go.
            for renderer in processes.renderers(self.pid):
                processes.kill(renderer)
        with self.state:
            self.killed = None
        self.crashed = False
        if page is None:
            return
        try:
            page.close()
        except Exception:  # noqa: BLE001 - a stuck browser: start again from a new one
            self.shutdown_browser()
