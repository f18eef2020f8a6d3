"""Two web processes and a grading worker sharing one database and one Redis: whatever happens in one
process reaches the sockets held by the other (a push, a save, a grade, a revoked phone link), and
the trainer's dashboard sees learners whose page is open on the other process."""

from __future__ import annotations

import pytest
from simple_websocket import ConnectionClosed

from sandbox.live.topics import CLOSE_REVOKED
from tests.support import FIXTURE_EXERCISES
from tests.support.http import call
from tests.support.scale import SECRET_KEY, Web, shared_settings, start_worker
from tests.support.web import Socket, join, make_class, sign_in


@pytest.fixture
def deployment(tmp_path, make_app, redis_url, namespace):
    """An app in the test (to make people with: same database, same key) and web processes a and b
    with one grading worker."""
    app = make_app(REDIS_URL=redis_url, REDIS_NAMESPACE=namespace, SECRET_KEY=SECRET_KEY)
    settings = shared_settings(app.config["DATABASE_URL"], redis_url, namespace, FIXTURE_EXERCISES)
    a, b = Web(tmp_path / "web-a", settings), Web(tmp_path / "web-b", settings)
    worker = start_worker(tmp_path / "worker", settings)
    try:
        yield app, a.wait_until_ready(), b.wait_until_ready()
    finally:
        for process in (a, b, worker):
            process.stop()


@pytest.fixture
def sockets():
    opened: list[Socket] = []

    def open_(*args, **kwargs) -> Socket:
        opened.append(Socket(*args, **kwargs))
        return opened[-1]

    yield open_
    for socket in opened:
        socket.close()


def test_what_happens_in_one_web_process_reaches_sockets_held_by_the_other(deployment, sockets):
    app, a, b = deployment
    trainer = sign_in(app, "amina")
    classroom_id = make_class(trainer)
    code = app.extensions["sandbox"].store.get_classroom(classroom_id).join_code
    farrukh = join(app, code, "Farrukh")

    page = sockets(b.host, "/live?exercise=hello&step=heading", farrukh)
    page.next("hello")
    dashboard = sockets(a.host, f"/live/classes/{classroom_id}", trainer)
    row = dashboard.next("hello")["grid"]["rows"][0]
    assert row["name"] == "Farrukh" and row["online"]  # his page is open on b

    status, _ = call(
        a.host,
        "POST",
        f"/api/trainer/classes/{classroom_id}/push",
        trainer,
        {"exercise": "hello", "step": "button"},
    )
    assert status == 200
    assert page.next("push", timeout=2)["push"]["step"] == "button"

    status, link = call(b.host, "POST", "/api/phone-links", farrukh, {"exercise": "hello"})
    assert status == 201
    token = link["link"]["url"].split("/phone/", 1)[1].split("?", 1)[0]
    phone = sockets(a.host, f"/live/phone/{token}")
    phone.next("files")
    saved = {"files": {"index.html": "<h1>Hello</h1>"}, "revision": 0, "step": "heading"}
    assert call(b.host, "PUT", "/api/work/hello", farrukh, saved)[0] == 200
    assert phone.next("files", timeout=2)["files"]["index.html"] == "<h1>Hello</h1>"
    assert dashboard.next("rows", timeout=2)["rows"][0]["name"] == "Farrukh"

    check = {"exercise": "hello", "step": "heading", "files": {"index.html": "<h1>Hello</h1>"}}
    status, submitted = call(a.host, "POST", "/api/submissions", farrukh, check)
    assert status == 202
    result = page.next("result", timeout=60)  # graded by the worker process
    assert result["submission"] == submitted["id"] and result["result"]["status"] == "pass"

    assert call(b.host, "DELETE", f"/api/phone-links/{link['link']['id']}", farrukh)[0] == 200
    phone.next("revoked", timeout=2)  # at once, not at the phone socket's next re-check
    with pytest.raises(ConnectionClosed) as closed:
        for _ in range(50):
            phone.ws.receive(timeout=0.1)
    assert closed.value.reason == CLOSE_REVOKED
