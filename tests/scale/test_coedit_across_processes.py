"""Co-editing across web processes: two apps on one database and one Redis, each with its own copy
of the project's document in memory. Members connected to different processes type on the same
line at once and converge; a member who opens the project on the process whose copy is behind
still gets everything stored (it catches up from the database first)."""

from __future__ import annotations

import threading

import pytest
from werkzeug.serving import make_server

from tests.support.coedit import Member
from tests.support.scale import SECRET_KEY
from tests.support.web import TOKEN, Socket, join, sign_in

START = {"index.html": "<h1>Clean water</h1>\n", "style.css": "", "app.js": ""}


@pytest.fixture
def two_processes(tmp_path, make_app, redis_url, namespace):
    """Two apps sharing a database, a secret key and a Redis namespace, each served on its own port."""
    shared = {"REDIS_URL": redis_url, "REDIS_NAMESPACE": namespace, "SECRET_KEY": SECRET_KEY}
    first = make_app(instance=tmp_path / "a", **shared)
    second = make_app(instance=tmp_path / "b", DATABASE_URL=first.config["DATABASE_URL"], **shared)
    servers = [make_server("127.0.0.1", 0, app, threaded=True) for app in (first, second)]
    for server in servers:
        threading.Thread(target=server.serve_forever, daemon=True).start()
    yield first, [f"127.0.0.1:{server.server_port}" for server in servers]
    for server in servers:
        server.shutdown()


@pytest.fixture
def sockets():
    opened: list[Socket] = []

    def open_(*args, **kwargs) -> Socket:
        opened.append(Socket(*args, **kwargs))
        return opened[-1]

    yield open_
    for socket in opened:
        socket.close()


def test_members_on_two_web_processes_converge_through_redis(two_processes, sockets):
    app, (host_a, host_b) = two_processes
    store = app.extensions["sandbox"].store
    trainer = sign_in(app, "amina")
    made = trainer.post("/trainer/classes", data={"csrf_token": TOKEN, "name": "Day 2"})
    classroom = store.get_classroom(int(made.location.rsplit("/", 1)[1]))
    clients = {name: join(app, classroom.join_code, name) for name in ("Dilnoza", "Rustam", "Zarina")}
    members = [learner.id for learner in store.learners_of(classroom.id)]
    project = store.create_project(classroom.id, "Water", "healthcare", "", "blank", START, {}, members)

    dilnoza = Member(sockets, host_a, project.id, clients["Dilnoza"])
    rustam = Member(sockets, host_b, project.id, clients["Rustam"])
    end = len("<h1>Clean water</h1>")
    first, second = dilnoza.type(end, " for all"), rustam.type(end, " in Khujand")
    dilnoza.acknowledged(first)
    rustam.acknowledged(second)
    dilnoza.hear()
    rustam.hear()
    assert str(dilnoza.text) == str(rustam.text) == store.get_project(project.id).files["index.html"]
    assert " for all" in str(dilnoza.text) and " in Khujand" in str(dilnoza.text)

    # Process b's copy never saw Dilnoza's later typing on a; Zarina opens the project on b.
    dilnoza.acknowledged(dilnoza.type(0, "<!-- a -->"))
    rustam.hear()
    zarina = Member(sockets, host_b, project.id, clients["Zarina"])
    assert str(zarina.text) == str(dilnoza.text) == str(rustam.text)
    assert str(zarina.text).startswith("<!-- a -->")
