"""`sandbox worker` and `sandbox run` as separate processes sharing one database and one Redis, as they
run on several machines (docs/deploy.md)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from tests.support import ROOT
from tests.support.browser import free_port

SECRET_KEY = "one key for every web process"


def shared_settings(database_url: str, redis_url: str, namespace: str, exercises: Path) -> dict[str, str]:
    """What every process of one deployment is started with."""
    return {
        "SANDBOX_DATABASE_URL": database_url,
        "SANDBOX_REDIS_URL": redis_url,
        "SANDBOX_REDIS_NAMESPACE": namespace,
        "SANDBOX_EXERCISES_DIR": str(exercises),
        "SANDBOX_SECRET_KEY": SECRET_KEY,
        "SANDBOX_LANGUAGE": "en",
    }


class Process:
    """`python -m sandbox <args>` with its own instance folder and a log of what it printed."""

    def __init__(self, folder: Path, args: list[str], settings: dict[str, str]):
        folder.mkdir(parents=True, exist_ok=True)
        self.log = folder / "output.log"
        self.output = self.log.open("w")
        env = {**os.environ, **settings, "SANDBOX_INSTANCE_PATH": str(folder)}
        self.process = subprocess.Popen(
            [sys.executable, "-m", "sandbox", *args],
            cwd=ROOT,
            env=env,
            stdout=self.output,
            stderr=subprocess.STDOUT,
        )

    def kill(self) -> None:
        """SIGKILL: no handler runs, nothing is finished or cleaned up."""
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(10)

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(5)
        self.output.close()


def start_worker(folder: Path, settings: dict[str, str], threads: int = 1) -> Process:
    return Process(folder, ["worker", "--threads", str(threads)], settings)


class Web(Process):
    """A web process (`sandbox run`) on a free port; `host` is its host:port."""

    def __init__(self, folder: Path, settings: dict[str, str]):
        port = free_port()
        super().__init__(
            folder, ["run"], {**settings, "SANDBOX_PORT": str(port), "SANDBOX_PUBLISH_PORT": str(free_port())}
        )
        self.host = f"127.0.0.1:{port}"

    def wait_until_ready(self, timeout: float = 60) -> Web:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline and self.process.poll() is None:
            try:
                with urllib.request.urlopen(f"http://{self.host}/api/exercises", timeout=1):
                    return self
            except OSError:
                time.sleep(0.1)
        self.stop()
        raise RuntimeError(f"the web process did not start; its output:\n{self.log.read_text()}")
