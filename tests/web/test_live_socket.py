"""The live websockets against the app served for real (Werkzeug in a thread), with real sessions.

The learner's socket (/live) and the trainer's (/live/classes/<id>): who may connect, what each
hears, what each may send. A refused socket is refused before the handshake (an HTTP status).
"""

from __future__ import annotations

import time

import pytest

from tests.support.web import TOKEN, join, refused, sign_in


@pytest.fixture
def classroom(trainer, store):
    response = trainer.post("/trainer/classes", data={"csrf_token": TOKEN, "name": "Day 1"})
    return store.get_classroom(int(response.location.rsplit("/", 1)[1]))


@pytest.fixture
def farrukh(app, classroom):
    return join(app, classroom.join_code, "Farrukh")


@pytest.fixture
def zarina(app, classroom):
    return join(app, classroom.join_code, "Zarina")


def learner_id(store, classroom, name: str) -> int:
    return next(learner.id for learner in store.learners_of(classroom.id) if learner.name == name)


# ---- the learner's socket


def test_a_learner_hears_a_push_within_a_second_and_a_later_learner_gets_it_on_connect(
    served, sockets, trainer, classroom, farrukh, zarina
):
    first = sockets(served, "/live?exercise=hello&step=heading", farrukh)
    assert first.next("hello")["push"] is None
    started = time.monotonic()
    trainer.post(f"/api/trainer/classes/{classroom.id}/push", json={"exercise": "hello", "step": "button"})
    push = first.next("push", timeout=1.0)["push"]
    assert time.monotonic() - started < 1.0
    assert (push["exercise"], push["step"], push["step_number"], push["url"]) == (
        "hello",
        "button",
        2,
        "/exercises/hello/button",
    )
    later = sockets(served, "/live", zarina)
    assert later.next("hello")["push"]["step"] == "button"


def test_broadcasts_reach_the_class_and_notes_only_their_learner(
    served, sockets, store, trainer, classroom, farrukh, zarina
):
    to_farrukh = sockets(served, "/live", farrukh)
    to_zarina = sockets(served, "/live", zarina)
    to_farrukh.next("hello")
    to_zarina.next("hello")
    trainer.post(f"/api/trainer/classes/{classroom.id}/broadcast", json={"text": "<i>Lunch</i> at 12:30"})
    for socket in (to_farrukh, to_zarina):
        assert socket.next("message")["text"] == "<i>Lunch</i> at 12:30"
    farrukh_id = learner_id(store, classroom, "Farrukh")
    trainer.post(f"/api/trainer/classes/{classroom.id}/learners/{farrukh_id}/note", json={"text": "Nice!"})
    assert to_farrukh.next("note")["text"] == "Nice!"
    to_zarina.nothing("note")


def test_a_learner_socket_needs_a_learner_and_our_origin(app, served, farrukh, store, classroom):
    assert refused(served, "/live") == 403
    assert refused(served, "/live", farrukh, origin="http://evil.example") == 403
    assert refused(served, "/live", farrukh, origin=None) == 403
    store.update_learner(learner_id(store, classroom, "Farrukh"), removed=True)
    assert refused(served, "/live", farrukh) == 403


def test_a_learner_can_ask_for_nothing_and_never_hears_trainer_topics(
    served, sockets, store, classroom, farrukh, zarina
):
    socket = sockets(served, "/live", farrukh)
    socket.next("hello")
    zarina_id = learner_id(store, classroom, "Zarina")
    socket.send({"type": "watch", "learner": zarina_id})
    assert socket.next("error")["error"] == "not-allowed"
    socket.send("not json")
    assert socket.next("error")["error"] == "not-allowed"
    zarina.put("/api/work/hello", json={"files": {"index.html": "<h1>Z"}, "revision": 0, "step": "heading"})
    for kind in ("files", "saved", "rows", "presence"):
        socket.nothing(kind, within=0.2)


def test_a_learner_cannot_open_the_trainers_socket(served, farrukh, classroom):
    assert refused(served, f"/live/classes/{classroom.id}", farrukh) == 403


def test_a_message_over_the_size_limit_closes_the_socket(served, sockets, farrukh):
    socket = sockets(served, "/live", farrukh)
    socket.next("hello")
    socket.send("x" * 5000)
    assert socket.close_code() == 1009


# ---- the trainer's socket


def test_the_trainer_socket_is_only_for_the_trainer_of_the_class(app, served, trainer, classroom):
    other = sign_in(app, "boris")
    assert refused(served, f"/live/classes/{classroom.id}") == 403
    assert refused(served, f"/live/classes/{classroom.id}", other) == 404
    assert refused(served, f"/live/classes/{classroom.id}", trainer, origin="http://evil.example") == 403
    assert refused(served, "/live/classes/999", trainer) == 404


def test_the_dashboard_hears_presence_saves_and_tries(served, sockets, store, trainer, classroom, farrukh):
    dash = sockets(served, f"/live/classes/{classroom.id}", trainer)
    grid = dash.next("hello")["grid"]
    assert [row["name"] for row in grid["rows"]] == ["Farrukh"] and not grid["rows"][0]["online"]

    page = sockets(served, "/live?exercise=hello&step=heading", farrukh)
    row = dash.next("rows")["rows"][0]
    assert row["online"] and row["where"] == {"exercise": "hello", "step": "heading"}
    assert row["cells"][0]["state"] == "working"

    farrukh.put("/api/work/hello", json={"files": {"index.html": "<h1>Hi"}, "revision": 0, "step": "heading"})
    assert dash.next("rows")["rows"][0]["last_progress"] > row["last_progress"]

    farrukh.post(
        "/api/submissions", json={"exercise": "hello", "step": "heading", "files": {"index.html": "x"}}
    )
    assert dash.next("rows")["rows"][0]["cells"][0]["checking"] is True

    page.close()
    row = dash.next("rows")["rows"][0]
    assert row["online"] is False


def test_the_dashboard_hears_a_learner_join(app, served, sockets, trainer, classroom):
    dash = sockets(served, f"/live/classes/{classroom.id}", trainer)
    assert dash.next("hello")["grid"]["rows"] == []
    join(app, classroom.join_code, "Nigora")
    assert dash.next("rows")["rows"][0]["name"] == "Nigora"


def test_the_dashboard_hears_a_learner_renamed_and_removed(
    served, sockets, store, trainer, classroom, farrukh
):
    farrukh_id = learner_id(store, classroom, "Farrukh")
    dash = sockets(served, f"/live/classes/{classroom.id}", trainer)
    dash.next("hello")
    url = f"/trainer/classes/{classroom.id}/learners/{farrukh_id}"
    trainer.post(url, data={"csrf_token": TOKEN, "name": "  Farrukh   B. "})
    renamed = dash.next("rows")
    assert [row["name"] for row in renamed["rows"]] == ["Farrukh B."] and renamed["gone"] == []
    trainer.post(url, data={"csrf_token": TOKEN, "action": "remove"})
    removed = dash.next("rows")
    assert removed["rows"] == [] and removed["gone"] == [farrukh_id]
    assert trainer.get(f"/api/trainer/classes/{classroom.id}/dashboard").json["rows"] == []


def test_a_removed_learner_stops_hearing_the_class_at_once(
    served, sockets, store, trainer, classroom, farrukh
):
    farrukh_id = learner_id(store, classroom, "Farrukh")
    page = sockets(served, "/live", farrukh)
    page.next("hello")

    trainer.post(
        f"/trainer/classes/{classroom.id}/learners/{farrukh_id}",
        data={"csrf_token": TOKEN, "action": "remove"},
    )

    assert page.next("removed") == {"type": "removed"}
    assert page.close_code() == 4403
    assert refused(served, "/live", farrukh) == 403  # and it may not come back


def test_the_trainer_watches_a_learners_files_as_they_save(
    served, sockets, store, trainer, classroom, farrukh
):
    farrukh_id = learner_id(store, classroom, "Farrukh")
    dash = sockets(served, f"/live/classes/{classroom.id}", trainer)
    dash.next("hello")
    sockets(served, "/live?exercise=hello&step=heading", farrukh).next("hello")
    dash.send({"type": "watch", "learner": farrukh_id})
    snapshot = dash.next("files")
    assert snapshot["learner"] == farrukh_id and snapshot["exercise"] == "hello"
    assert snapshot["started"] is False and "Start here" in snapshot["files"]["index.html"]
    assert snapshot["frame_url"] == "/exercises/hello/frame"

    files = {"index.html": "<h1>Typed</h1>", "style.css": "", "app.js": ""}
    farrukh.put("/api/work/hello", json={"files": files, "revision": 0, "step": "heading"})
    update = dash.next("files")
    while update["revision"] == 0:
        # Their page's presence event may be handled after the watch request: a second snapshot.
        update = dash.next("files")
    assert update["files"]["index.html"] == "<h1>Typed</h1>" and update["revision"] == 1
    assert update["step_number"] == 1 and update["order"] == ["index.html", "style.css", "app.js"]

    dash.send({"type": "unwatch"})
    time.sleep(0.1)
    farrukh.put("/api/work/hello", json={"files": files, "revision": 1, "step": "heading"})
    dash.nothing("files")


def test_the_trainer_may_watch_only_learners_of_this_class_and_send_only_known_types(
    app, served, sockets, store, trainer, classroom
):
    other = sign_in(app, "boris")
    theirs = other.post("/trainer/classes", data={"csrf_token": TOKEN, "name": "Theirs"})
    their_class = store.get_classroom(int(theirs.location.rsplit("/", 1)[1]))
    stranger = join(app, their_class.join_code, "Stranger")
    stranger_id = store.learners_of(their_class.id)[0].id
    dash = sockets(served, f"/live/classes/{classroom.id}", trainer)
    dash.next("hello")
    for bad in (
        {"type": "watch", "learner": stranger_id},
        {"type": "watch", "learner": "1"},
        {"type": "watch"},
    ):
        dash.send(bad)
        assert dash.next("error")["error"] == "no-such-learner"
    stranger.put(
        "/api/work/hello", json={"files": {"index.html": "secret"}, "revision": 0, "step": "heading"}
    )
    dash.nothing("files")
    for bad in ({"type": "push"}, {"type": "subscribe", "topic": "learner:1"}, [1, 2]):
        dash.send(bad)
        assert dash.next("error")["error"] == "not-allowed"
