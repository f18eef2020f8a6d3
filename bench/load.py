"""A class on this machine: simulated learners saving and pressing Check against the real server.

Run: .venv/bin/python bench/load.py [--learners 200] [--seconds 300] [--checks burst|spread]
                                    [--distinct] [--deployment laptop|scaled] [--web-processes 2]
                                    [--workers 2]

Each simulated learner joins the demo class by its code (a real session and CSRF token), keeps the
learner's websocket open (the one an exercise page holds), saves its code every 3 s (PUT
/api/work, with the revision it was based on, as save.js does) and presses Check every 60 s
(POST /api/submissions; the time counted is until the result arrives on its socket, or in the
answer itself). With `--checks burst` (the default) the whole class presses within the same 10 s;
with `spread` each learner presses at a moment of its own. Every other Check of a learner sends
the step's solution (it passes), the others the starter (it fails): as in a guided class, most
learners send the same files, and the server grades identical files once (docs/grading.md,
"Identical submissions"): a Check of files graded lately is answered with its result at once.
With `--distinct` each Check's files differ by a comment naming the learner and the Check, so
nothing can be shared and every Check is graded. Like a browser, a learner keeps its HTTP
connection open between requests (keep-alive) and opens a new one when the server closed it.

--deployment laptop (default) starts the server as `make run` does: `sandbox demo`, then
`sandbox run --lan`, SQLite, the grading consumer inside the server, default settings.
--deployment scaled starts --web-processes gunicorn processes (gunicorn.conf.py, one process each
on a port of its own) and --workers `sandbox worker` processes, against PostgreSQL (a database
made for the run and dropped after it) and Redis (a namespace of the run's own); learners are
spread over the web processes in turn. docs/deploy.md describes that deployment.

At the end every learner's stored work is compared with the last save the server acknowledged
to it: `lost` counts learners whose acknowledged work is not what the database holds. The last
line printed is JSON; the lines before it say what happened, on stderr.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import re
import signal
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode, urlsplit

import h11
from common import ROOT, median, percentile
from wsproto import ConnectionType, WSConnection
from wsproto.events import (
    AcceptConnection,
    CloseConnection,
    Ping,
    RejectConnection,
    Request,
    TextMessage,
)

from sandbox.cli import DEMO_TRAINER, demo_class_names
from sandbox.exercises import load_exercise
from sandbox.store import Store

EXERCISE = "volunteer-counter"
SAVE_EVERY_S = 3.0
CHECK_EVERY_S = 60.0
BURST_WITHIN_S = 10.0
FIRST_BURST_AT_S = 20.0  # the class has joined and typed a while before the first Check
GRACE_S = 90.0  # after the last save: time for the Checks still being graded
TIMEOUT_S = 60.0  # one request; longer is an error


class HttpError(Exception):
    pass


@dataclass
class Figures:
    """What all learners measured, in one place (one event loop: no lock needed)."""

    saves: list[float] = field(default_factory=list)
    checks: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    socket_drops: int = 0
    told_waiting: int = 0  # Checks whose learner was told how many are ahead
    answered_at_once: int = 0  # Checks answered with their result (the same files graded lately)
    client_lag_ms_max: float = 0.0

    def error(self, what: str) -> None:
        if len(self.errors) < 20:
            print(f"  error: {what}", file=sys.stderr)
        self.errors.append(what)


class Http:
    """One keep-alive HTTP/1.1 connection, as a browser keeps for a page's requests."""

    def __init__(self, base: str):
        parts = urlsplit(base)
        self.host, self.port = parts.hostname, parts.port
        self.cookies: dict[str, str] = {}
        self.reader = self.writer = self.connection = None

    async def _connect(self) -> None:
        self.reader, self.writer = await asyncio.open_connection(self.host, self.port)
        self.connection = h11.Connection(h11.CLIENT)

    def cookie_header(self) -> str:
        return "; ".join(f"{name}={value}" for name, value in self.cookies.items())

    async def request(
        self, method: str, path: str, body: bytes = b"", headers: dict | None = None
    ) -> tuple[int, bytes]:
        for attempt in (1, 2):
            if self.connection is None or self.connection.our_state is not h11.IDLE:
                await self.close()
                await self._connect()
            try:
                return await asyncio.wait_for(self._exchange(method, path, body, headers or {}), TIMEOUT_S)
            except (ConnectionError, h11.RemoteProtocolError, asyncio.IncompleteReadError):
                await self.close()
                # A kept-alive connection the server had just closed: a browser retries it once too.
                if attempt == 2:
                    raise
        raise AssertionError("unreachable")

    async def _exchange(self, method: str, path: str, body: bytes, headers: dict) -> tuple[int, bytes]:
        sent = [
            ("Host", f"{self.host}:{self.port}"),
            ("Content-Length", str(len(body))),
            ("Accept-Encoding", "identity"),
            *headers.items(),
        ]
        if self.cookies:
            sent.append(("Cookie", self.cookie_header()))
        data = self.connection.send(h11.Request(method=method, target=path, headers=sent))
        data += self.connection.send(h11.Data(data=body)) if body else b""
        data += self.connection.send(h11.EndOfMessage())
        self.writer.write(data)
        await self.writer.drain()
        status, chunks = 0, []
        while True:
            event = self.connection.next_event()
            if event is h11.NEED_DATA:
                received = await self.reader.read(65536)
                if not received:
                    raise ConnectionError("closed by the server")
                self.connection.receive_data(received)
            elif isinstance(event, h11.Response):
                status = event.status_code
                for name, value in event.headers:
                    if name == b"set-cookie":
                        cookie_name, _, rest = value.decode().partition("=")
                        self.cookies[cookie_name] = rest.split(";", 1)[0]
            elif isinstance(event, h11.Data):
                chunks.append(bytes(event.data))
            elif isinstance(event, h11.EndOfMessage):
                break
        if self.connection.our_state is h11.DONE and self.connection.their_state is h11.DONE:
            self.connection.start_next_cycle()
        else:
            await self.close()
        return status, b"".join(chunks)

    async def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
        self.reader = self.writer = self.connection = None


class LiveSocket:
    """The learner page's websocket (/live?exercise=...), read by a task of its own."""

    def __init__(self, base: str, path: str, cookie: str, on_message, on_drop):
        self.base, self.path, self.cookie = base, path, cookie
        self.on_message, self.on_drop = on_message, on_drop
        self.closing = False
        self.opened = asyncio.get_running_loop().create_future()
        self.task = asyncio.create_task(self._run())

    async def _run(self) -> None:
        parts = urlsplit(self.base)
        try:
            reader, writer = await asyncio.open_connection(parts.hostname, parts.port)
        except OSError as error:
            self.opened.set_exception(error)
            return
        ws = WSConnection(ConnectionType.CLIENT)
        self.writer, self.ws = writer, ws
        writer.write(
            ws.send(
                Request(
                    host=parts.netloc,
                    target=self.path,
                    extra_headers=[(b"cookie", self.cookie.encode()), (b"origin", self.base.encode())],
                )
            )
        )
        text = []
        try:
            while True:
                data = await reader.read(65536)
                if not data:
                    break
                ws.receive_data(data)
                for event in ws.events():
                    if isinstance(event, AcceptConnection):
                        self.opened.set_result(True)
                    elif isinstance(event, RejectConnection):
                        self.opened.set_exception(HttpError(f"websocket refused: {event.status_code}"))
                        return
                    elif isinstance(event, TextMessage):
                        text.append(event.data)
                        if event.message_finished:
                            self.on_message(json.loads("".join(text)))
                            text = []
                    elif isinstance(event, Ping):
                        writer.write(ws.send(event.response()))
                    elif isinstance(event, CloseConnection):
                        if not self.closing:
                            self.on_drop(f"closed by the server ({event.code} {event.reason})")
                        return
        except (ConnectionError, OSError) as error:
            if not self.closing:
                self.on_drop(f"connection lost ({error})")
            return
        finally:
            writer.close()
        if not self.opened.done():
            self.opened.set_exception(HttpError("websocket closed before the handshake"))
        elif not self.closing:
            self.on_drop("connection closed")

    async def close(self) -> None:
        self.closing = True
        try:
            self.writer.write(self.ws.send(CloseConnection(code=1000)))
        except Exception:  # already gone
            pass
        self.task.cancel()


class Learner:
    """One simulated learner: joins, holds the page's socket, saves every 3 s, presses Check."""

    def __init__(self, number: int, base: str, code: str, exercise, figures: Figures, distinct: bool = False):
        self.number, self.base, self.code = number, base, code
        self.distinct = distinct  # each Check's files its own (nothing for the server to share)
        self.name = f"Learner {number:03d}"
        self.exercise, self.figures = exercise, figures
        self.step = exercise.steps[0].id
        # A browser keeps several connections to the server: the save does not wait for a Check.
        self.http = Http(base)
        self.http_checks = Http(base)
        self.http_checks.cookies = self.http.cookies
        self.revision = 0
        self.acked: dict | None = None  # the last files the server acknowledged
        self.saves_made = 0
        self.pending: dict[int, float] = {}  # submission id -> when Check was pressed
        self.early: dict[int, float] = {}  # results heard before their POST was answered
        self.socket: LiveSocket | None = None
        self.stopping = False

    async def join(self) -> None:
        status, page = await self.http.request("GET", f"/join/{self.code}")
        if status != 200:
            raise HttpError(f"join page: {status}")
        self.csrf = re.search(rb'name="csrf_token" value="([^"]+)"', page).group(1).decode()
        form = urlencode({"csrf_token": self.csrf, "name": self.name}).encode()
        status, _ = await self.http.request(
            "POST", f"/join/{self.code}", form, {"Content-Type": "application/x-www-form-urlencoded"}
        )
        if status not in (302, 303):
            raise HttpError(f"join: {status}")
        await self.open_socket()

    async def open_socket(self) -> None:
        path = f"/live?{urlencode({'exercise': EXERCISE, 'step': self.step})}"
        cookie = f"sandbox_session={self.http.cookies['sandbox_session']}"
        self.socket = LiveSocket(self.base, path, cookie, self.heard, self.dropped)
        await self.socket.opened

    def heard(self, message: dict) -> None:
        kind = message.get("type")
        if kind == "result" and message.get("submission") in self.pending:
            pressed = self.pending.pop(message["submission"])
            self.figures.checks.append((time.monotonic() - pressed) * 1000)
        elif kind == "result":
            # Before the answer to its POST (a worker graded it while the answer was on its way):
            # the page would poll for it; its time counts from here.
            self.early[message.get("submission")] = time.monotonic()
        elif kind == "progress" and message.get("state") == "waiting" and message.get("ahead", 0) > 0:
            if message.get("submission") in self.pending and not message.get("_counted"):
                self.figures.told_waiting += 1
                message["_counted"] = True

    def dropped(self, why: str) -> None:
        if self.stopping:
            return
        self.figures.socket_drops += 1
        print(f"  socket drop: {self.name}: {why}", file=sys.stderr)
        asyncio.get_running_loop().call_later(1.0, lambda: asyncio.create_task(self._reopen()))

    async def _reopen(self) -> None:
        try:
            await self.open_socket()
        except Exception as error:
            self.figures.error(f"{self.name}: socket reopen: {error}")

    async def call(self, method: str, path: str, body: dict, http: Http | None = None) -> tuple[int, dict]:
        headers = {"Content-Type": "application/json", "X-CSRF-Token": self.csrf}
        status, raw = await (http or self.http).request(method, path, json.dumps(body).encode(), headers)
        return status, (json.loads(raw) if raw.startswith(b"{") else {})

    async def save(self) -> None:
        self.saves_made += 1
        files = dict(self.exercise.starter)
        files["app.js"] = files.get("app.js", "") + f"\n// {self.name}, save {self.saves_made}\n"
        started = time.monotonic()
        try:
            status, answer = await self.call(
                "PUT", f"/api/work/{EXERCISE}", {"files": files, "revision": self.revision, "step": self.step}
            )
        except Exception as error:
            self.figures.error(f"{self.name}: save: {type(error).__name__} {error}")
            return
        if status == 409:  # as the page would after choosing: go on from the stored revision
            self.revision = answer.get("revision", self.revision)
        if status != 200:
            self.figures.error(f"{self.name}: save answered {status}: {str(answer)[:200]}")
            return
        self.figures.saves.append((time.monotonic() - started) * 1000)
        self.revision, self.acked = answer["revision"], files

    async def check(self, passing: bool, number: int = 0) -> None:
        files = dict(self.exercise.solutions[self.step] if passing else self.exercise.starter)
        if self.distinct:
            files["app.js"] = files.get("app.js", "") + f"\n// {self.name}, Check {number}\n"
        started = time.monotonic()
        try:
            status, answer = await self.call(
                "POST",
                "/api/submissions",
                {"exercise": EXERCISE, "step": self.step, "files": files},
                self.http_checks,
            )
        except Exception as error:
            self.figures.error(f"{self.name}: Check: {type(error).__name__} {error}")
            return
        if status == 200 and answer.get("result"):  # the same files were graded lately: answered now
            self.figures.checks.append((time.monotonic() - started) * 1000)
            self.figures.answered_at_once += 1
            return
        if status != 202:
            self.figures.error(f"{self.name}: Check answered {status}: {str(answer)[:200]}")
            return
        if answer["id"] in self.early:
            self.figures.checks.append((self.early.pop(answer["id"]) - started) * 1000)
        else:
            self.pending[answer["id"]] = started

    async def run(self, start: float, seconds: float, check_at: list[float]) -> None:
        """Save every 3 s from a moment of its own, pressing Check at the given times."""
        phase = random.uniform(0, SAVE_EVERY_S)
        count = int((seconds - phase) // SAVE_EVERY_S) + 1
        actions = [(start + phase + SAVE_EVERY_S * n, "save") for n in range(count)]
        actions += [(start + at, "check") for at in check_at]
        checks = 0
        for at, what in sorted(actions):
            await asyncio.sleep(max(0.0, at - time.monotonic()))
            if what == "save":
                await self.save()
            else:
                checks += 1
                asyncio.create_task(self.check(passing=(self.number + checks) % 2 == 0, number=checks))

    async def stop(self) -> None:
        self.stopping = True
        if self.socket is not None:
            await self.socket.close()
        await self.http.close()
        await self.http_checks.close()


def check_times(mode: str, seconds: float, burst_offset: float) -> list[float]:
    """When one learner presses Check, in seconds from the start."""
    if mode == "burst":
        at = FIRST_BURST_AT_S
        times = []
        while at < seconds:
            times.append(at + burst_offset + random.uniform(0, BURST_WITHIN_S))
            at += CHECK_EVERY_S
        return [t for t in times if t < seconds]
    phase = random.uniform(0, CHECK_EVERY_S)
    return [
        phase + CHECK_EVERY_S * n
        for n in range(int(seconds // CHECK_EVERY_S) + 1)
        if phase + CHECK_EVERY_S * n < seconds
    ]


async def simulate(urls: list[str], code: str, args, exercise) -> tuple[Figures, list[Learner]]:
    figures = Figures()
    learners = [
        Learner(n + 1, urls[n % len(urls)], code, exercise, figures, args.distinct)
        for n in range(args.learners)
    ]
    joined = []
    # Learners arrive over a few seconds, as a class does, a few at a time.
    for batch in range(0, len(learners), 10):
        results = await asyncio.gather(
            *(learner.join() for learner in learners[batch : batch + 10]), return_exceptions=True
        )
        for learner, result in zip(learners[batch : batch + 10], results, strict=True):
            if isinstance(result, Exception):
                figures.error(f"{learner.name}: joining: {type(result).__name__} {result}")
            else:
                joined.append(learner)
    print(f"  {len(joined)} learners joined, sockets open; running {args.seconds:.0f} s", file=sys.stderr)
    lag = asyncio.create_task(loop_lag(figures))
    start = time.monotonic()
    await asyncio.gather(
        *(learner.run(start, args.seconds, check_times(args.checks, args.seconds, 0.0)) for learner in joined)
    )
    deadline = time.monotonic() + GRACE_S
    while any(learner.pending for learner in joined) and time.monotonic() < deadline:
        await asyncio.sleep(0.2)
    for learner in joined:
        for submission in learner.pending:
            figures.error(f"{learner.name}: no result for submission {submission} within {GRACE_S:.0f} s")
    lag.cancel()
    for learner in joined:
        await learner.stop()
    return figures, joined


async def loop_lag(figures: Figures) -> None:
    """How late this client's own event loop runs (if it lags, its timings are its own, not the server's)."""
    while True:
        before = time.monotonic()
        await asyncio.sleep(0.1)
        figures.client_lag_ms_max = max(figures.client_lag_ms_max, (time.monotonic() - before - 0.1) * 1000)


def lost_saves(store: Store, classroom_id: int, learners: list[Learner]) -> int:
    """Learners whose last acknowledged files are not what the database holds."""
    ids = {learner.name: learner.id for learner in store.learners_of(classroom_id)}
    lost = 0
    for learner in learners:
        if learner.acked is None:
            continue
        work = store.get_work(ids[learner.name], EXERCISE)
        if work is None or work.files != learner.acked or work.revision != learner.revision:
            lost += 1
            print(f"  lost: {learner.name}: stored revision {work and work.revision}", file=sys.stderr)
    return lost


class RssSampler(threading.Thread):
    """The peak resident memory of the server processes (Python: web and worker processes) and of
    the browsers below them (summed per process: shared pages count more than once)."""

    def __init__(self, pids: list[int]):
        super().__init__(daemon=True)
        self.pids = pids
        self.server_peak = self.browsers_peak = 0.0
        self.done = threading.Event()

    @staticmethod
    def _rss_mb(pid: int) -> float:
        try:
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
        except OSError:
            pass
        return 0.0

    @staticmethod
    def _children() -> dict[int, list[int]]:
        children: dict[int, list[int]] = {}
        for entry in Path("/proc").iterdir():
            if entry.name.isdigit():
                try:
                    stat = (entry / "stat").read_text()
                except OSError:
                    continue
                parent = int(stat.rsplit(")", 1)[1].split()[1])
                children.setdefault(parent, []).append(int(entry.name))
        return children

    @staticmethod
    def _is_browser(pid: int) -> bool:
        try:
            name = Path(f"/proc/{pid}/comm").read_text()
        except OSError:
            return False
        return name.startswith(("chrom", "node"))  # Chromium, and the Playwright driver

    def run(self) -> None:
        while not self.done.wait(1.0):
            children = self._children()
            everything = list(self.pids)
            todo = [c for pid in self.pids for c in children.get(pid, [])]
            while todo:
                pid = todo.pop()
                everything.append(pid)
                todo += children.get(pid, [])
            browsers = [pid for pid in everything if self._is_browser(pid)]
            servers = [pid for pid in everything if pid not in browsers]
            self.server_peak = max(self.server_peak, sum(self._rss_mb(pid) for pid in servers))
            self.browsers_peak = max(self.browsers_peak, sum(self._rss_mb(pid) for pid in browsers))


class Processes:
    """Processes started for the run, each logging to a file of its own; stopped at the end."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.started: list[tuple[subprocess.Popen, Path]] = []

    def start(self, name: str, command: list[str], env: dict) -> subprocess.Popen:
        log = self.folder / f"{name}.log"
        with log.open("w") as output:
            process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=output, stderr=subprocess.STDOUT)
        self.started.append((process, log))
        return process

    def stop(self) -> None:
        for process, _log in self.started:
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
        for process, _log in self.started:
            try:
                process.wait(30)
            except subprocess.TimeoutExpired:
                process.kill()

    def tracebacks(self) -> int:
        return sum(log.read_text(errors="replace").count("Traceback") for _p, log in self.started)


def wait_until_up(url: str, process: subprocess.Popen, timeout: float = 120) -> None:
    import urllib.request

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and process.poll() is None:
        try:
            with urllib.request.urlopen(f"{url}/api/exercises", timeout=2):
                return
        except OSError:
            time.sleep(0.2)
    raise SystemExit(f"the server at {url} did not start (see its log)")


def free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def sandbox(*args: str) -> list[str]:
    return [sys.executable, "-m", "sandbox", *args]


def grading_settings(args) -> dict[str, str]:
    return {} if args.grader_nice is None else {"SANDBOX_GRADER_NICE": str(args.grader_nice)}


def laptop(folder: Path, processes: Processes, args) -> tuple[list[str], str, list[int]]:
    """`make run`: `sandbox demo --lan`, then `sandbox run --lan`, with the defaults."""
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("SANDBOX_")}
    env |= {
        "SANDBOX_INSTANCE_PATH": str(folder / "instance"),
        "SANDBOX_PORT": str(port),
        "SANDBOX_PUBLISH_PORT": str(free_port()),
        **grading_settings(args),
    }
    subprocess.run(sandbox("demo", "--lan"), cwd=ROOT, env=env, check=True, capture_output=True)
    server = processes.start("server", sandbox("run", "--lan"), env)
    url = f"http://127.0.0.1:{port}"
    wait_until_up(url, server)
    return [url], f"sqlite:///{folder / 'instance' / 'sandbox.db'}", [server.pid]


def scaled(folder: Path, processes: Processes, args, cleanup: list) -> tuple[list[str], str, list[int]]:
    """Web processes under gunicorn and `sandbox worker` processes, PostgreSQL and Redis."""
    import redis
    from sqlalchemy import create_engine, make_url, text

    from tests.support.databases import POSTGRES_URL, REDIS_URL, postgres_answers, redis_answers

    if absent := postgres_answers() or redis_answers():
        raise SystemExit(f"--deployment scaled needs PostgreSQL and Redis: {absent}")
    name = f"sandbox_bench_{os.getpid()}"
    admin = create_engine(POSTGRES_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    database_url = make_url(POSTGRES_URL).set(database=name).render_as_string(hide_password=False)
    namespace = f"sandbox-bench-{uuid.uuid4().hex[:8]}"

    def drop() -> None:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()
        client = redis.Redis.from_url(REDIS_URL)
        keys = list(client.scan_iter(f"{namespace}*"))
        if keys:
            client.delete(*keys)

    cleanup.append(drop)
    env = {k: v for k, v in os.environ.items() if not k.startswith("SANDBOX_")}
    env |= {
        "SANDBOX_DATABASE_URL": database_url,
        "SANDBOX_REDIS_URL": REDIS_URL,
        "SANDBOX_REDIS_NAMESPACE": namespace,
        "SANDBOX_SECRET_KEY": uuid.uuid4().hex,
        "SANDBOX_WEB_PROCESSES": "1",
        # Each web process holds about learners / web-processes sockets, plus ordinary requests.
        "SANDBOX_WEB_THREADS": str(args.learners // args.web_processes + 60),
        **grading_settings(args),
    }
    subprocess.run(
        sandbox("init"),
        cwd=ROOT,
        env=env | {"SANDBOX_INSTANCE_PATH": str(folder / "init")},
        check=True,
        capture_output=True,
    )
    subprocess.run(
        sandbox("demo"),
        cwd=ROOT,
        env=env | {"SANDBOX_INSTANCE_PATH": str(folder / "init")},
        check=True,
        capture_output=True,
    )
    urls, pids = [], []
    gunicorn = str(Path(sys.executable).parent / "gunicorn")
    for n in range(args.web_processes):
        port = free_port()
        web = processes.start(
            f"web-{n + 1}",
            [gunicorn],
            env | {"SANDBOX_PORT": str(port), "SANDBOX_INSTANCE_PATH": str(folder / f"web-{n + 1}")},
        )
        urls.append(f"http://127.0.0.1:{port}")
        pids.append(web.pid)
    for n in range(args.workers):
        worker = processes.start(
            f"worker-{n + 1}",
            sandbox("worker", *(["--threads", str(args.worker_threads)] if args.worker_threads else [])),
            env | {"SANDBOX_INSTANCE_PATH": str(folder / f"worker-{n + 1}")},
        )
        pids.append(worker.pid)
    for url, process in zip(urls, [p for p, _log in processes.started], strict=False):
        wait_until_up(url, process)
    return urls, database_url, pids


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--learners", type=int, default=200)
    parser.add_argument("--seconds", type=float, default=300)
    parser.add_argument("--checks", choices=("burst", "spread"), default="burst")
    parser.add_argument(
        "--distinct", action="store_true", help="each Check's files differ by a comment: nothing is shared"
    )
    parser.add_argument("--deployment", choices=("laptop", "scaled"), default="laptop")
    parser.add_argument("--web-processes", type=int, default=2, help="scaled: gunicorn web processes")
    parser.add_argument("--workers", type=int, default=2, help="scaled: `sandbox worker` processes")
    parser.add_argument("--grader-nice", type=int, default=None, help="SANDBOX_GRADER_NICE (default: 10)")
    parser.add_argument("--worker-threads", type=int, default=0, help="scaled: threads each (0: its default)")
    args = parser.parse_args()
    # Stopped with SIGTERM (kill), still stop the servers and drop the run's database.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(1))

    folder = Path(tempfile.mkdtemp(prefix="sandbox-bench-load-"))
    processes = Processes(folder)
    cleanup: list = []
    exercise = load_exercise(ROOT / "exercises" / EXERCISE)
    try:
        if args.deployment == "laptop":
            urls, database_url, pids = laptop(folder, processes, args)
        else:
            urls, database_url, pids = scaled(folder, processes, args, cleanup)
        store = Store(database_url)
        trainer = store.trainer_by_name(DEMO_TRAINER)
        classroom = next(c for c in store.classrooms_of(trainer.id) if c.name in demo_class_names())
        print(f"  {args.deployment}: {', '.join(urls)}; logs in {folder}", file=sys.stderr)
        sampler = RssSampler(pids)
        sampler.start()
        figures, learners = asyncio.run(simulate(urls, classroom.join_code, args, exercise))
        sampler.done.set()
        lost = lost_saves(store, classroom.id, learners)
        store.dispose()
    finally:
        processes.stop()
        for step in cleanup:
            step()
    tracebacks = processes.tracebacks()
    result = {
        "learners": args.learners,
        "saves": len(figures.saves),
        "save_p50_ms": round(median(figures.saves), 1) if figures.saves else None,
        "save_p95_ms": round(percentile(figures.saves, 0.95), 1) if figures.saves else None,
        "check_p95_ms": round(percentile(figures.checks, 0.95)) if figures.checks else None,
        "errors": len(figures.errors),
        "socket_drops": figures.socket_drops,
        "lost": lost,
        "server_rss_mb_peak": round(sampler.server_peak),
        "save_max_ms": round(max(figures.saves), 1) if figures.saves else None,
        "checks": len(figures.checks),
        "check_p50_ms": round(median(figures.checks)) if figures.checks else None,
        "check_max_ms": round(max(figures.checks)) if figures.checks else None,
        "checks_told_ahead": figures.told_waiting,
        "checks_answered_at_once": figures.answered_at_once,
        "browsers_rss_mb_peak": round(sampler.browsers_peak),
        "tracebacks_in_logs": tracebacks,
        "client_lag_ms_max": round(figures.client_lag_ms_max),
        "checks_mode": args.checks,
        "distinct": args.distinct,
        "seconds": args.seconds,
        "deployment": args.deployment,
        "grader_nice": 10 if args.grader_nice is None else args.grader_nice,
        "web_processes": len(urls),
        "load_average_1m": round(os.getloadavg()[0], 2),
    }
    if args.deployment == "scaled":
        result["workers"] = args.workers
    print(json.dumps(result))


if __name__ == "__main__":
    main()
