"""What an open websocket costs a gunicorn process, for sizing SANDBOX_WEB_THREADS (docs/deploy.md).

Starts gunicorn with the shipped gunicorn.conf.py (one process, SQLite, no Redis), opens N learner
sockets (`/live`, each from a learner of its own), and reports the process's threads and memory
(VmRSS) before and after, and how long the exercise list takes to load with the sockets open.

    .venv/bin/python bench/sockets_per_process.py [N [THREADS]]    (default N=200, THREADS N + 20)

With THREADS at most N every thread holds a socket, and the page load waits (up to 5 s here) for
one to close: what too few threads does.
"""

from __future__ import annotations

import http.client
import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from common import ROOT, median, percentile

from tests.support import FIXTURE_EXERCISES
from tests.support.browser import free_port
from tests.support.web import PromptClient


def learner_cookie(host: str) -> str:
    """Become a learner as a browser does: the first visit sets the session and comes back to itself."""
    connection = http.client.HTTPConnection(host, timeout=10)
    cookie, path = "", "/exercises/hello/heading"
    for _ in range(4):
        connection.request("GET", path, headers={"Cookie": cookie} if cookie else {})
        response = connection.getresponse()
        response.read()
        for line in response.headers.get_all("Set-Cookie") or []:
            if line.startswith("sandbox_session="):
                cookie = line.split(";", 1)[0]
        if response.status != 302:
            break
        path = response.getheader("Location")
    connection.close()
    return cookie


def worker_pid(master: int) -> int:
    children = Path(f"/proc/{master}/task/{master}/children").read_text().split()
    return int(children[0])


def status_of(pid: int) -> dict[str, str]:
    lines = Path(f"/proc/{pid}/status").read_text().splitlines()
    return dict(line.split(":\t", 1) for line in lines if ":\t" in line)


def footprint(pid: int) -> tuple[int, int]:
    """The process's threads and resident memory in KB."""
    status = status_of(pid)
    return int(status["Threads"]), int(status["VmRSS"].split()[0])


def page_loads(host: str, n: int = 20, timeout: float = 30) -> list[float]:
    took = []
    for _ in range(n):
        connection = http.client.HTTPConnection(host, timeout=timeout)
        started = time.perf_counter()
        connection.request("GET", "/")
        connection.getresponse().read()
        took.append((time.perf_counter() - started) * 1000)
        connection.close()
    return took


def main(n: int, threads: int) -> None:
    port = free_port()
    host = f"127.0.0.1:{port}"
    folder = Path(tempfile.mkdtemp(prefix="sandbox-bench-sockets-"))
    env = {
        **os.environ,
        "SANDBOX_INSTANCE_PATH": str(folder),
        "SANDBOX_EXERCISES_DIR": str(FIXTURE_EXERCISES),
        "SANDBOX_PORT": str(port),
        "SANDBOX_WEB_THREADS": str(threads),
        "SANDBOX_GRADER_WORKERS": "1",
    }
    env.pop("SANDBOX_REDIS_URL", None)
    log = (folder / "gunicorn.log").open("w")
    server = subprocess.Popen(
        [str(Path(sys.executable).parent / "gunicorn")], cwd=ROOT, env=env, stdout=log, stderr=log
    )
    sockets = []
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                page_loads(host, 1)
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.1)
        pid = worker_pid(server.pid)
        cookies = [learner_cookie(host) for _ in range(n)]
        time.sleep(3)  # the grader's start-up threads settle
        quiet = page_loads(host)
        threads_before, rss_before = footprint(pid)
        for cookie in cookies:
            # simple-websocket's client names the host without its port, and the Origin must match it.
            sockets.append(
                PromptClient.connect(
                    f"ws://{host}/live", headers={"Cookie": cookie, "Origin": "http://127.0.0.1"}
                )
            )
        time.sleep(2)
        threads_after, rss_after = footprint(pid)
        print(f"{n} learner sockets on one gunicorn gthread process (threads {threads}):")
        print(
            f"  threads {threads_before} -> {threads_after} "
            f"({(threads_after - threads_before) / n:.2f} per socket)"
        )
        print(
            f"  VmRSS {rss_before / 1024:.1f} MB -> {rss_after / 1024:.1f} MB "
            f"({(rss_after - rss_before) / n:.0f} KB per socket)"
        )
        try:
            busy = page_loads(host, timeout=5)
        except TimeoutError:
            print("  GET / : no answer within 5 s: every thread holds a socket")
            return
        print(
            f"  GET / : median {median(quiet):.1f} ms (p95 {percentile(quiet, 0.95):.1f}) with no socket, "
            f"median {median(busy):.1f} ms (p95 {percentile(busy, 0.95):.1f}) with {n} open"
        )
    finally:
        for ws in sockets:
            ws.close()
        server.send_signal(signal.SIGTERM)
        server.wait(30)
        log.close()


if __name__ == "__main__":
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 200
    main(count, int(sys.argv[2]) if len(sys.argv) > 2 else count + 20)
