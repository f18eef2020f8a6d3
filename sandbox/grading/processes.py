"""Chromium's processes as the OS sees them: for the memory ceiling, the deadline and the last-resort kill.

Everything here reads /proc, where a process may vanish between two reads: every reader returns an empty
answer for a process that is gone instead of raising.
"""

from __future__ import annotations

import os
import shutil
import signal
import tempfile
import time
from pathlib import Path

PROFILE_PREFIX = "playwright_chromiumdev_profile-"
PAGE_SIZE = os.sysconf("SC_PAGE_SIZE")
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


# How much less CPU priority grading gets than the web server (Linux nice: 0 is normal, 19 the
# lowest). Saves, page loads and sockets are a few milliseconds each and must never wait behind a
# class's Checks; grading takes whatever CPU they leave (issue 13: a burst of 200 Checks saturated
# both cores and saves waited seconds). Worth 10: about a tenth of the CPU share when both want it.
# SANDBOX_GRADER_NICE sets another (0: grading as the web server; a worker machine that serves no
# pages gains nothing from it but competes with nothing else either). Read here, where the grading
# threads start, not through the app's config: `sandbox grade` and the tests start graders too.
def _grading_nice() -> int:
    try:
        return min(19, max(0, int(os.environ.get("SANDBOX_GRADER_NICE", "10"))))
    except ValueError:
        return 10


GRADING_NICE = _grading_nice()


def started_below(start):
    """Run `start()` (it starts the Playwright driver) and lower the CPU priority of the processes it
    started, so that the browsers those launch inherit it.

    Only the processes: the calling thread keeps its priority. A grading thread holds the Python
    lock (the GIL) of the web process while it talks to its driver; were it niced, a busy machine
    could leave it off the CPU while it held the lock, and every web thread would wait for it."""
    mine = os.getpid()
    before = {pid for pid, parent in parents().items() if parent == mine}
    started = start()
    for pid, parent in parents().items():
        if parent == mine and pid not in before:
            keep_priority_down(pid, GRADING_NICE)
    return started


def _stat_fields(pid: int | str) -> list[str]:
    """The fields of /proc/<pid>/stat after the command name (field 3, the state, is index 0)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return []
    # The command name may contain spaces and parentheses: the fields start after the last ')'.
    return stat[stat.rfind(")") + 2 :].split()


def parents() -> dict[int, int]:
    """Every process on the machine and its parent, read once (pass it on to avoid reading /proc again)."""
    found = {}
    try:
        entries = os.listdir("/proc")
    except OSError:
        return found
    for name in entries:
        if not name.isdigit():
            continue
        fields = _stat_fields(name)
        if len(fields) > 1 and fields[1].isdigit():
            found[int(name)] = int(fields[1])
    return found


def descendants(root: int, tree: dict[int, int] | None = None) -> list[int]:
    """Return every process below `root` in the process tree."""
    children: dict[int, list[int]] = {}
    for pid, parent in (tree if tree is not None else parents()).items():
        children.setdefault(parent, []).append(pid)
    found, todo = [], [root]
    while todo:
        for child in children.get(todo.pop(), []):
            found.append(child)
            todo.append(child)
    return found


def cmdline(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
    except OSError:
        return ""


def profile_folder(pid: int | None) -> Path | None:
    """The profile folder Playwright made for a browser in the temp folder (its --user-data-dir).

    Playwright removes it when it closes the browser, not when the browser is killed: the worker
    removes it then. Only a folder of Playwright's own name in the temp folder is ever given.
    """
    for arg in cmdline(pid).split(" ") if pid else ():
        if arg.startswith("--user-data-dir="):
            folder = Path(arg.removeprefix("--user-data-dir="))
            if folder.parent == Path(tempfile.gettempdir()) and folder.name.startswith(PROFILE_PREFIX):
                return folder
    return None


def remove_profile(folder: Path | None) -> None:
    """Remove a killed browser's profile folder; its last processes may still be writing in it."""
    for _attempt in range(3):
        if folder is None or not folder.exists():
            return
        shutil.rmtree(folder, ignore_errors=True)
        time.sleep(0.05)


def rss_mb(pid: int) -> float:
    """Resident memory of a process in MB (0 when it is gone)."""
    try:
        resident = int(Path(f"/proc/{pid}/statm").read_text().split()[1])
    except (OSError, IndexError, ValueError):
        return 0.0
    return resident * PAGE_SIZE / (1024 * 1024)


def cpu_seconds(pid: int) -> float:
    """CPU time a process has used so far, user and system (0 when it is gone)."""
    fields = _stat_fields(pid)
    try:
        return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS
    except (IndexError, ValueError):
        return 0.0


def run_and_wait_seconds(pid: int) -> tuple[float, float]:
    """How long a process's main thread has run, and how long it was ready to run but waited for a
    CPU ((0, 0) when it is gone, or where the kernel does not say)."""
    try:
        ran, waited = Path(f"/proc/{pid}/schedstat").read_text().split()[:2]
        return int(ran) / 1e9, int(waited) / 1e9
    except (OSError, ValueError):
        return 0.0, 0.0


def browser_pid(marker: str) -> int | None:
    """Find the Chromium browser process started with `marker` among its arguments."""
    for pid in descendants(os.getpid()):
        line = cmdline(pid)
        if marker in line and "--type=" not in line:
            return pid
    return None


# Whether a process is a renderer, by pid: a process keeps its command line for life, and the
# watchdog asks ten times a second. Pruned to the processes that still exist (forget_gone).
_is_renderer: dict[int, bool] = {}


def renderers(browser: int, tree: dict[int, int] | None = None) -> list[int]:
    """The renderer processes (where pages run) of one browser."""
    found = []
    for pid in descendants(browser, tree):
        known = _is_renderer.get(pid)
        if known is None:
            line = cmdline(pid)
            known = "--type=renderer" in line
            if line:  # a process read while it was starting may not have its command line yet
                _is_renderer[pid] = known
        if known:
            found.append(pid)
    return found


def keep_priority_down(pid: int, nice: int) -> None:
    """Put every thread of a process back to at least `nice` (a lower CPU priority).

    Chromium raises some of its threads (the browser's and GPU's main threads, compositors) to
    nice -8 when it may, that is when run as root: then grading would outrank the web server it
    was started below (started_below). An unprivileged Chromium cannot, and this finds
    nothing to do."""
    try:
        tasks = os.listdir(f"/proc/{pid}/task")
    except OSError:
        return
    for task in tasks:
        try:
            if os.getpriority(os.PRIO_PROCESS, int(task)) < nice:
                os.setpriority(os.PRIO_PROCESS, int(task), nice)
        except (OSError, ValueError):
            pass  # gone meanwhile


def forget_gone(tree: dict[int, int]) -> None:
    """Drop what is remembered about processes no longer in `tree` (a pid may be used again)."""
    for pid in [pid for pid in _is_renderer if pid not in tree]:
        _is_renderer.pop(pid, None)


def kill(pid: int) -> None:
    try:
        os.kill(pid, signal.SIGKILL)
    except OSError:
        pass
