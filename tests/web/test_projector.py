"""The projector view: the page and its socket, for the class's trainer and for everyone else.

Only the trainer of the class may open either; only learners of that class are ever shown.
"""

from __future__ import annotations

import re

import pytest

from tests.support.web import TOKEN, join, refused, sign_in, with_csrf


@pytest.fixture
def classroom(trainer, store):
    response = trainer.post("/trainer/classes", data={"csrf_token": TOKEN, "name": "Day 1"})
    return store.get_classroom(int(response.location.rsplit("/", 1)[1]))


@pytest.fixture
def other_class(others, store):
    response = others.post("/trainer/classes", data={"csrf_token": TOKEN, "name": "Theirs"})
    return store.get_classroom(int(response.location.rsplit("/", 1)[1]))


def learner_id(store, classroom, name: str) -> int:
    return next(learner.id for learner in store.learners_of(classroom.id) if learner.name == name)


def test_the_dashboard_links_to_the_projector(trainer, classroom):
    page = trainer.get(f"/trainer/classes/{classroom.id}").get_data(as_text=True)
    assert f'href="/trainer/classes/{classroom.id}/projector"' in page


def test_the_projector_lists_the_class_and_shows_only_its_learners(
    app, trainer, store, classroom, other_class
):
    join(app, classroom.join_code, "Farrukh")
    join(app, classroom.join_code, "Zarina")
    join(app, other_class.join_code, "Stranger")
    farrukh = learner_id(store, classroom, "Farrukh")
    stranger = learner_id(store, other_class, "Stranger")
    response = trainer.get(
        f"/trainer/classes/{classroom.id}/projector?learner={farrukh}&learner={stranger}&learner=x"
    )
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "Farrukh" in page and "Zarina" in page and "Stranger" not in page
    data = re.search(r'<script type="application/json" id="projector-data">(.*?)</script>', page).group(1)
    assert f'"learners": [{{"id": {farrukh}, "name": "Farrukh"}}]' in data


@pytest.mark.parametrize("who", ["another trainer", "a learner", "no session"])
def test_the_projector_page_is_only_for_the_classes_trainer(app, classroom, others, who):
    client = {
        "another trainer": others,
        "a learner": join(app, classroom.join_code, "Farrukh"),
        "no session": with_csrf(app.test_client()),
    }[who]
    response = client.get(f"/trainer/classes/{classroom.id}/projector")
    if who == "another trainer":
        assert response.status_code == 404
    else:
        assert response.status_code == 302 and "/trainer/login" in response.location


def test_the_projector_socket_sends_each_shown_learners_code_and_their_saves(
    app,
    served,
    sockets,
    store,
    trainer,
    classroom,
    other_class,
):
    farrukh = join(app, classroom.join_code, "Farrukh")
    zarina = join(app, classroom.join_code, "Zarina")
    join(app, other_class.join_code, "Stranger")
    ids = [learner_id(store, classroom, "Farrukh"), learner_id(store, classroom, "Zarina")]
    stranger = learner_id(store, other_class, "Stranger")
    farrukh.put(
        "/api/work/hello", json={"files": {"index.html": "<h1>F</h1>"}, "revision": 0, "step": "heading"}
    )

    projector = sockets(served, f"/live/classes/{classroom.id}/projector", trainer)
    projector.next("hello")
    projector.send({"type": "project", "learners": [*ids, stranger]})
    assert projector.next("error") == {"type": "error", "error": "no-such-learner", "learner": stranger}
    first = {projector.next("files")["learner"]: None for _ in ids}
    assert set(first) == set(ids)

    zarina.put(
        "/api/work/hello", json={"files": {"index.html": "<h1>Z</h1>"}, "revision": 0, "step": "heading"}
    )
    saved = projector.next("files")
    assert saved["learner"] == ids[1] and saved["files"]["index.html"] == "<h1>Z</h1>"
    assert saved["frame_url"] == "/exercises/hello/frame" and saved["order"] == [
        "index.html",
        "style.css",
        "app.js",
    ]

    # The stranger is in another class: their saves never reach this socket.
    projector.send({"type": "project", "learners": [ids[0]]})
    projector.next("files")
    zarina.put(
        "/api/work/hello", json={"files": {"index.html": "<h1>Z2</h1>"}, "revision": 1, "step": "heading"}
    )
    projector.nothing("files")


def test_the_projector_socket_refuses_bad_requests(app, served, sockets, trainer, classroom):
    projector = sockets(served, f"/live/classes/{classroom.id}/projector", trainer)
    projector.next("hello")
    projector.send({"type": "watch", "learner": 1})
    assert projector.next("error")["error"] == "not-allowed"
    projector.send({"type": "project", "learners": list(range(1, 14))})
    assert projector.next("error") == {"type": "error", "error": "too-many", "most": 12}
    projector.send({"type": "project", "learners": [True, "1"]})
    assert projector.next("error")["error"] == "no-such-learner"


def test_the_projector_socket_is_only_for_the_classes_trainer(app, served, classroom, others):
    path = f"/live/classes/{classroom.id}/projector"
    assert refused(served, path) == 403
    assert refused(served, path, join(app, classroom.join_code, "Farrukh")) == 403
    assert refused(served, path, others) == 404
    assert refused(served, path, sign_in(app, "amina2"), origin="http://evil.example") == 403


def test_the_projector_socket_answers_ids_no_database_can_hold_and_stays_open(
    app, served, sockets, trainer, classroom
):
    """A learner id past 64 bits (found by fuzzing) asked the database and closed the socket (1011)."""
    projector = sockets(served, f"/live/classes/{classroom.id}/projector", trainer)
    projector.next("hello")
    projector.send({"type": "project", "learners": [2**64, -(10**19), 0]})
    for _ in range(3):
        assert projector.next("error") == {"type": "error", "error": "no-such-learner", "learner": None}
    projector.send({"type": "project", "learners": []})  # still open, still answering
