"""`sandbox worker` and `sandbox run` as separate processes sharing one database and one Redis, as they
run on several machines (docs/deploy.md)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import urllib.request
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
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


class GunicornWeb:
    """A web process as docs/deploy.md runs one: gunicorn with the shipped gunicorn.conf.py (one
    gthread worker process), on a free port; `host` is its host:port."""

    def __init__(self, folder: Path, settings: dict[str, str], threads: int = 24):
        folder.mkdir(parents=True, exist_ok=True)
        port = free_port()
        self.host = f"127.0.0.1:{port}"
        self.log = folder / "output.log"
        self.output = self.log.open("w")
        env = {
            **os.environ,
            **settings,
            "SANDBOX_INSTANCE_PATH": str(folder),
            "SANDBOX_PORT": str(port),
            "SANDBOX_WEB_PROCESSES": "1",
            "SANDBOX_WEB_THREADS": str(threads),
        }
        self.process = subprocess.Popen(
            [str(Path(sys.executable).parent / "gunicorn")],
            cwd=ROOT,
            env=env,
            stdout=self.output,
            stderr=subprocess.STDOUT,
        )

    def wait_until_ready(self, timeout: float = 60) -> GunicornWeb:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline and self.process.poll() is None:
            try:
                with urllib.request.urlopen(f"http://{self.host}/healthz", timeout=1):
                    return self
            except OSError:
                time.sleep(0.1)
        self.stop()
        raise RuntimeError(f"gunicorn did not start; its output:\n{self.log.read_text()}")

    def serving_pid(self) -> int:
        """The pid of the worker process that serves (gunicorn's master only watches it)."""
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children").read_text().split()
        assert len(children) == 1, children
        return int(children[0])

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(5)
        self.output.close()


@contextmanager
def postgres_database(server_url: str) -> Iterator[str]:
    """A migrated PostgreSQL database of its own on the server at `server_url`, dropped at the end."""
    from sqlalchemy import create_engine, make_url, text

    from sandbox.store import Store

    name = f"sandbox_scale_{os.getpid()}_{uuid.uuid4().hex[:8]}"
    admin = create_engine(server_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    url = make_url(server_url).set(database=name).render_as_string(hide_password=False)
    try:
        store = Store(url)
        store.upgrade()
        store.dispose()
        yield url
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()
