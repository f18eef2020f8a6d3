"""The watchdog: the limits Playwright cannot hold, enforced from a thread of its own.

It kills a page that goes over the memory ceiling or runs into its job's deadline (some Playwright
calls wait forever on a page whose script never returns), a page that keeps a CPU busy between jobs,
and a browser that is stuck past every deadline; a worker stuck even after that is replaced.
"""

from __future__ import annotations

import logging
import threading
import time
from typing import TYPE_CHECKING

from . import processes

if TYPE_CHECKING:
    from .runner import Grader
    from .worker import Worker

log = logging.getLogger(__name__)

# Within the deadline: Playwright's waits end RESERVE_S before it, leaving time to report; the watchdog
# kills a page still busy KILL_BEFORE_S before it, and the browser BROWSER_KILL_BEFORE_S before it if
# killing the page did not end the job (some Playwright calls wait forever on a stuck page).
KILL_BEFORE_S = 0.6
BROWSER_KILL_BEFORE_S = 0.2
# A worker still busy this long after its deadline, its browser killed, is stuck for good (a bug, in
# Playwright or here): it is left behind and another worker takes its place.
ABANDON_AFTER_S = 5.0
WATCH_EVERY_S = 0.1
TREE_EVERY_S = 0.5  # how often the watchdog reads the whole process tree again
# Between jobs a page may keep running (a timer that starts a loop) and would block the next load in
# its renderer: one that used this much CPU since its job ended is replaced before the next job, or
# killed at once. CPU seconds, not a share of a CPU: a stuck page gets little of a CPU on a busy
# machine, but an idle page uses next to nothing.
IDLE_SUSPECT_CPU_S = 0.1
IDLE_KILL_CPU_S = 0.6
# Time the app's page (or its browser) spent ready to run but waiting for a CPU that other work
# held is not the app's: the job's deadline moves on by it, up to this many times the deadline.
MAX_STRETCH = 2.0
# A page that wants a CPU all the time (it runs or waits to run for this share of the time, for
# BUSY_FOR_S in a row) is busy by its own doing, a loop most likely: its waiting is not stretched.
BUSY_SHARE = 0.9
BUSY_FOR_S = 1.0


class Watchdog(threading.Thread):
    """Watches every worker of one grader, every WATCH_EVERY_S."""

    def __init__(self, grader: Grader):
        super().__init__(name="grader-watchdog", daemon=True)
        self.grader = grader
        self.stopping = threading.Event()

    def stop(self) -> None:
        self.stopping.set()

    def run(self) -> None:
        """Enforce memory, deadline and idle-CPU limits on every worker's pages (see the module doc)."""
        idle_since: dict[int, float] = {}  # renderer -> its CPU seconds when its worker was last seen busy
        # process -> (when, how long it had run, how long it had waited for a CPU), when last seen
        waited: dict[int, tuple[float, float, float]] = {}
        tree: dict[int, int] = {}
        tree_at = float("-inf")
        while not self.stopping.wait(WATCH_EVERY_S):
            try:
                now = time.monotonic()
                # Reading every process's parent costs more than all the rest: the tree is read again
                # every TREE_EVERY_S, and each time a job comes near its deadline (a page made during
                # the job must be found to be stopped).
                if now - tree_at >= TREE_EVERY_S or self._deadline_near(now):
                    tree, tree_at = processes.parents(), now
                    processes.forget_gone(tree)
                    self._keep_priorities_down(tree)
                seen = set()
                for worker in list(self.grader.workers):
                    seen.update(self._watch_worker(worker, tree, now, idle_since))
                    self._stretch(worker, tree, waited)
                for pid in set(idle_since) - seen:
                    del idle_since[pid]
                for pid in set(waited) - seen - {w.pid for w in self.grader.workers}:
                    del waited[pid]
            except Exception:  # noqa: BLE001 - the watchdog must outlive anything it watches
                log.exception("grader watchdog")

    def _stretch(self, worker: Worker, tree, waited: dict[int, float]) -> None:
        """Move a busy worker's deadline on by the time its page and browser waited for a CPU since
        the last look (the longest of them: they wait at the same time)."""
        pid = worker.pid
        if not pid:
            return
        longest = 0.0
        busy = False
        now = time.monotonic()
        renderers = processes.renderers(pid, tree)
        for process in [pid, *renderers]:
            ran, now_waited = processes.run_and_wait_seconds(process)
            before = waited.get(process)
            waited[process] = (now, ran, now_waited)
            if before is None or now <= before[0]:
                continue
            longest = max(longest, now_waited - before[2])
            if process in renderers:
                busy |= (ran - before[1] + now_waited - before[2]) / (now - before[0]) >= BUSY_SHARE
        with worker.state:
            if worker.deadline is None or worker.pid != pid or worker.starting:
                return
            if not busy:
                worker.busy_since = None
            elif worker.busy_since is None:
                worker.busy_since = now
            if worker.busy_since is not None and now - worker.busy_since >= BUSY_FOR_S:
                worker.stretch_off = True  # for the rest of this job
            if worker.stretch_off or longest <= 0:
                return
            allowed = MAX_STRETCH * self.grader.deadline_s - worker.stretched
            step = min(longest, max(0.0, allowed))
            worker.deadline += step
            worker.clock_end += step
            worker.stretched += step

    def _keep_priorities_down(self, tree) -> None:
        """Grading stays below the web server in CPU priority, whatever Chromium asks for itself."""
        for worker in list(self.grader.workers):
            if worker.pid:
                for pid in [worker.pid, *processes.descendants(worker.pid, tree)]:
                    processes.keep_priority_down(pid, processes.GRADING_NICE)

    def _deadline_near(self, now: float) -> bool:
        soon = now + KILL_BEFORE_S + 2 * WATCH_EVERY_S
        return any(w.deadline is not None and soon > w.deadline for w in list(self.grader.workers))

    def _watch_worker(self, worker: Worker, tree, now: float, idle_since) -> list[int]:
        pid = worker.pid
        if not pid:
            return []
        renderers = processes.renderers(pid, tree)
        with worker.state:
            if worker.pid != pid:
                return renderers
            deadline = worker.deadline
            for renderer in renderers:
                if processes.rss_mb(renderer) > self.grader.memory_mb:
                    log.warning("a submission's page went over %d MB; stopping it", self.grader.memory_mb)
                    processes.kill(renderer)
                    worker.killed = worker.killed or "memory"
            if deadline is not None:
                for renderer in renderers:  # measured afresh once the worker is idle again
                    idle_since.pop(renderer, None)
                if now > deadline - KILL_BEFORE_S and renderers:
                    log.warning("a submission ran into its deadline; stopping its page")
                    for renderer in renderers:
                        processes.kill(renderer)
                    worker.killed = worker.killed or "deadline"
                if now > deadline - BROWSER_KILL_BEFORE_S:
                    # Killing the page did not end the job: kill the browser, which makes the
                    # stuck call fail and the worker start a new one.
                    log.warning("grading worker %s stuck; killing its browser", worker.name)
                    processes.kill(pid)
                if now > deadline + ABANDON_AFTER_S and not worker.abandoned:
                    self.grader.replace(worker)
                return renderers
            suspect = False
            for renderer in renderers:
                cpu = processes.cpu_seconds(renderer)
                used = cpu - idle_since.setdefault(renderer, cpu)
                if used >= IDLE_KILL_CPU_S:
                    log.warning("a graded page kept running between jobs; stopping it")
                    processes.kill(renderer)
                    worker.killed = worker.killed or "busy"
                elif used >= IDLE_SUSPECT_CPU_S:
                    suspect = True
            worker.page_busy = suspect
        return renderers
