"""Clients of the app as people use it: signed-in trainers, learners who joined, forms, zips, sockets."""

from __future__ import annotations

import http.client
import io
import json
import re
import shutil
import time
import zipfile
from pathlib import Path

import yaml
from simple_websocket import Client, ConnectionClosed

from sandbox.grading.result import CheckResult, GradeResult
from tests.support import FIXTURE_EXERCISES

HELLO = FIXTURE_EXERCISES / "hello"

TOKEN = "test-token"


def with_csrf(client):
    with client.session_transaction() as session:
        session["csrf"] = TOKEN
    client.environ_base["HTTP_X_CSRF_TOKEN"] = TOKEN
    return client


def sign_in(app, name: str):
    app.extensions["sandbox"].store.create_trainer(name, "correct horse")
    client = with_csrf(app.test_client())
    client.post("/trainer/login", data={"csrf_token": TOKEN, "name": name, "password": "correct horse"})
    return with_csrf(client)  # signing in starts a new session


def join(app, code: str, name: str):
    client = with_csrf(app.test_client())
    client.post(f"/join/{code}", data={"csrf_token": TOKEN, "name": name})
    return with_csrf(client)


def csrf(client) -> str:
    with client.session_transaction() as session:
        if "csrf" not in session:
            session["csrf"] = TOKEN
        return session["csrf"]


def post(client, url, **form):
    return client.post(url, data={"csrf_token": csrf(client), **form})


def make_class(trainer_client, name="Day 1") -> int:
    response = post(trainer_client, "/trainer/classes", name=name)
    return int(re.search(r"/trainer/classes/(\d+)", response.location).group(1))


def exercise_folder(tmp_path: Path, exercise_id: str = "greeting", change=None) -> Path:
    """A copy of the test exercise under another id; `change(folder)` breaks it on purpose."""
    folder = tmp_path / "src" / exercise_id
    shutil.rmtree(folder, ignore_errors=True)
    shutil.copytree(HELLO, folder)
    raw = yaml.safe_load((folder / "exercise.yaml").read_text())
    raw["id"] = exercise_id
    (folder / "exercise.yaml").write_text(yaml.safe_dump(raw, allow_unicode=True, sort_keys=False))
    if change:
        change(folder)
    return folder


def zip_of(folder: Path, top: str | None = "") -> bytes:
    """Zip a folder: inside one top folder (its name, or `top`), or with its files at the top (top=None)."""
    buffer = io.BytesIO()
    prefix = "" if top is None else f"{top or folder.name}/"
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                archive.write(path, prefix + path.relative_to(folder).as_posix())
    return buffer.getvalue()


def heading_result(status: str) -> GradeResult:
    check = CheckResult(
        "has-heading",
        "There is a heading that says Hello",
        status,
        None if status == "pass" else "We could not find a heading that says “Hello”.",
        None if status == "pass" else "Write <h1>Hello</h1> inside <body>.",
    )
    return GradeResult("hello", "heading", status, 42, [check])


class PromptClient(Client):
    """simple-websocket's client, also reading messages that came in with the handshake's answer.

    (The server sends `hello` at once; when it shares a read with the handshake answer, the stock
    client leaves it in its buffer until more data arrives.)
    """

    def handshake(self):
        super().handshake()
        self.connected = self._handle_events()


class Socket:
    """A websocket client with the browser's cookie and Origin."""

    def __init__(self, host: str, path: str, client=None, origin: str | None = "http://127.0.0.1"):
        headers = {}
        if client is not None and client.get_cookie("sandbox_session"):
            headers["Cookie"] = f"sandbox_session={client.get_cookie('sandbox_session').value}"
        if origin:
            headers["Origin"] = origin
        self.ws = PromptClient.connect(f"ws://{host}{path}", headers=headers)

    def next(self, kind: str, timeout: float = 5.0) -> dict:
        """Return the next message of this type, skipping others (pings, rows not asked for)."""
        deadline = time.monotonic() + timeout
        while (left := deadline - time.monotonic()) > 0:
            raw = self.ws.receive(timeout=left)
            if raw is None:
                break
            message = json.loads(raw)
            if message["type"] == kind:
                return message
        raise AssertionError(f"no {kind!r} message within {timeout} s")

    def nothing(self, kind: str, within: float = 0.5) -> None:
        deadline = time.monotonic() + within
        while (left := deadline - time.monotonic()) > 0:
            raw = self.ws.receive(timeout=left)
            if raw is None:
                return
            assert json.loads(raw)["type"] != kind, raw

    def close_code(self, timeout: float = 15.0) -> int:
        """Wait for the server to close the socket (skipping whatever it says first); its close code."""
        deadline = time.monotonic() + timeout
        try:
            while time.monotonic() < deadline:
                self.ws.receive(timeout=0.1)
        except ConnectionClosed as closed:
            return closed.reason
        raise AssertionError(f"the socket is still open after {timeout} s")

    def send(self, message) -> None:
        self.ws.send(message if isinstance(message, str) else json.dumps(message))

    def close(self) -> None:
        try:
            self.ws.close()
        except Exception:  # already closed by the server
            self.ws.sock.close()


def refused(host: str, path: str, client=None, origin: str | None = "same") -> int:
    """Ask for a websocket and return the HTTP status it was refused with (never 101)."""
    headers = {
        "Upgrade": "websocket",
        "Connection": "Upgrade",
        "Sec-WebSocket-Key": "dGhlIHNhbXBsZSBub25jZQ==",
        "Sec-WebSocket-Version": "13",
    }
    if client is not None and client.get_cookie("sandbox_session"):
        headers["Cookie"] = f"sandbox_session={client.get_cookie('sandbox_session').value}"
    if origin:
        headers["Origin"] = f"http://{host}" if origin == "same" else origin
    connection = http.client.HTTPConnection(host, timeout=5)
    try:
        connection.request("GET", path, headers=headers)
        response = connection.getresponse()
        response.read()
        assert response.status != 101
        return response.status
    finally:
        connection.close()


def group_project(app, trainer, store, files: dict, learners=("Dilnoza", "Rustam"), members=2):
    """A class with the project "Clean water" of its first `members` learners (all who joined, when
    None): (the project, every learner's client by name)."""
    classroom = store.get_classroom(make_class(trainer))
    clients = {name: join(app, classroom.join_code, name) for name in learners}
    ids = [learner.id for learner in store.learners_of(classroom.id)]
    project = store.create_project(
        classroom.id, "Clean water", "healthcare", "", "blank", files, {}, ids[:members] if members else ids
    )
    return project, clients
