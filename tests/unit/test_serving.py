"""What a web process asks of the operating system so that a class fits: open files, and grading
below the web threads in CPU priority."""

from __future__ import annotations

import os
import subprocess
import sys
import threading

from sandbox.grading import processes

RAISE = """
import resource
from sandbox.serving import raise_open_files_limit
soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
resource.setrlimit(resource.RLIMIT_NOFILE, (min(1024, hard), hard))
raise_open_files_limit()
now = resource.getrlimit(resource.RLIMIT_NOFILE)
print(now == (hard, hard) or now)
"""


def test_a_web_process_raises_its_open_files_limit_to_what_the_system_allows():
    """A desktop's soft limit of 1,024 open files fails at about 480 sockets."""
    done = subprocess.run([sys.executable, "-c", RAISE], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "True", done.stdout


def test_what_grading_starts_runs_below_the_web_threads_and_the_thread_keeps_its_priority():
    """A save must never wait behind a class's Checks: the processes a grading thread starts (the
    Playwright driver) get a lower priority, and so does what they start later (Chromium); the
    thread itself keeps its own (it shares the web process's Python lock with the web threads)."""
    before = os.getpriority(os.PRIO_PROCESS, threading.get_native_id())

    def start():  # a driver that, a moment later, starts a browser of its own
        return subprocess.Popen(
            ["sh", "-c", "sleep 0.5; sh -c 'ps -o ni= -p $$'"], stdout=subprocess.PIPE, text=True
        )

    driver = processes.started_below(start)
    out, _ = driver.communicate(timeout=10)
    assert int(out) == processes.GRADING_NICE
    assert os.getpriority(os.PRIO_PROCESS, threading.get_native_id()) == before
