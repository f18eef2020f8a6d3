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


def test_grading_threads_and_what_they_start_run_below_the_web_threads():
    """A save must never wait behind a class's Checks: a grading thread lowers its own priority, the
    processes it starts (the Playwright driver, Chromium) inherit it, the process's other threads
    (the web server's) keep theirs."""
    seen = {}
    before = os.getpriority(os.PRIO_PROCESS, threading.get_native_id())

    def grading_thread():
        processes.lower_priority()
        seen["thread"] = os.getpriority(os.PRIO_PROCESS, threading.get_native_id())
        child = subprocess.run(["sh", "-c", "ps -o ni= -p $$"], capture_output=True, text=True, check=True)
        seen["child"] = int(child.stdout)

    worker = threading.Thread(target=grading_thread)
    worker.start()
    worker.join()
    assert seen == {"thread": processes.GRADING_NICE, "child": processes.GRADING_NICE}
    assert os.getpriority(os.PRIO_PROCESS, threading.get_native_id()) == before
