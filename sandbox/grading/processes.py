"""Chromium's processes as the OS sees them: for the memory ceiling and the last-resort kill."""

from __future__ import annotations

import os
import signal
from pathlib import Path

PAGE_SIZE = os.sysconf("SC_PAGE_SIZE")


def _parents() -> dict[int, int]:
    parents = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        # The command name may contain spaces and parentheses: the fields start after the last ')'.
        fields = stat[stat.rfind(")") + 2 :].split()
        parents[int(entry.name)] = int(fields[1])
    return parents


def descendants(root: int) -> list[int]:
    """Return every process below `root` in the process tree."""
    children: dict[int, list[int]] = {}
    for pid, parent in _parents().items():
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


def rss_mb(pid: int) -> float:
    try:
        resident = int(Path(f"/proc/{pid}/statm").read_text().split()[1])
    except (OSError, IndexError, ValueError):
        return 0.0
    return resident * PAGE_SIZE / (1024 * 1024)


def browser_pid(marker: str) -> int | None:
    """Find the Chromium browser process started with `marker` among its arguments."""
    for pid in descendants(os.getpid()):
        line = cmdline(pid)
        if marker in line and "--type=" not in line:
            return pid
    return None


def renderers(browser: int) -> list[int]:
    return [pid for pid in descendants(browser) if "--type=renderer" in cmdline(pid)]


def kill(pid: int) -> None:
    try:
        os.kill(pid, signal.SIGKILL)
    except OSError:
        pass
