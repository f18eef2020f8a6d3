"""The live classroom's HTTP routes: push, broadcast, notes, the dashboard, a learner's work, re-sync.

Every trainer route is tried with its trainer, another trainer (404: classes are never revealed),
a learner (403) and no session (403); nothing may change when refused.
"""

from __future__ import annotations

import re

import pytest

from tests.support.web import TOKEN, join, with_csrf


@pytest.fixture
def classroom_id(trainer):
    response = trainer.post("/trainer/classes", data={"csrf_token": TOKEN, "name": "Day 1"})
    return int(re.search(r"/trainer/classes/(\d+)", response.location).group(1))


@pytest.fixture
def code(store, classroom_id):
    return store.get_classroom(classroom_id).join_code


@pytest.fixture
def member(app, code):
    """Farrukh, a learner who joined the class."""
    return join(app, code, "Farrukh")


@pytest.fixture
def learner_id(store, classroom_id, member):
    return store.learners_of(classroom_id)[0].id


def routes(classroom_id: int, learner_id: int) -> list[tuple[str, str, dict | None]]:
    base = f"/api/trainer/classes/{classroom_id}"
    return [
        ("GET", f"{base}/dashboard", None),
        ("POST", f"{base}/push", {"exercise": "hello", "step": "button"}),
        ("POST", f"{base}/broadcast", {"text": "Lunch at 12:30"}),
        ("GET", f"{base}/messages", None),
        ("POST", f"{base}/learners/{learner_id}/note", {"text": "Close the h1 tag"}),
        ("GET", f"{base}/learners/{learner_id}/notes", None),
        ("GET", f"{base}/learners/{learner_id}/work", None),
    ]


def call(client, method: str, url: str, body: dict | None):
    return client.get(url) if method == "GET" else client.post(url, json=body)


def test_every_trainer_route_works_for_the_trainer_of_the_class(trainer, classroom_id, learner_id):
    for method, url, body in routes(classroom_id, learner_id):
        response = call(trainer, method, url, body)
        assert response.status_code in (200, 201), (url, response.json)


@pytest.mark.parametrize("who", ["another trainer", "a learner", "no session"])
def test_every_trainer_route_is_refused_to_everyone_else_and_nothing_changes(
    app, store, classroom_id, member, learner_id, others, who
):
    clients = {"another trainer": others, "a learner": member, "no session": with_csrf(app.test_client())}
    client = clients[who]
    expected = 404 if who == "another trainer" else 403
    for method, url, body in routes(classroom_id, learner_id):
        response = call(client, method, url, body)
        assert response.status_code == expected, (who, url, response.status_code)
        assert response.is_json and "error" in response.json
    assert store.get_classroom(classroom_id).push is None
    assert store.messages_for(classroom_id, learner_id) == []


def test_changes_need_the_csrf_header(trainer, store, classroom_id):
    del trainer.environ_base["HTTP_X_CSRF_TOKEN"]
    url = f"/api/trainer/classes/{classroom_id}/broadcast"
    assert trainer.post(url, json={"text": "hello"}).status_code == 403
    assert trainer.post(url, json={"text": "hello"}, headers={"X-CSRF-Token": "wrong"}).status_code == 403
    assert store.messages_for(classroom_id) == []


def test_push_is_kept_on_the_class_and_can_be_stopped(trainer, store, classroom_id):
    url = f"/api/trainer/classes/{classroom_id}/push"
    response = trainer.post(url, json={"exercise": "hello", "step": "button"})
    assert response.json["push"]["exercise"] == "hello" and response.json["push"]["step"] == "button"
    assert store.get_classroom(classroom_id).push["step"] == "button"
    whole = trainer.post(url, json={"exercise": "hello"}).json["push"]
    assert whole["exercise"] == "hello" and whole["step"] is None
    assert trainer.post(url, json={"exercise": None}).json == {"push": None}
    assert store.get_classroom(classroom_id).push is None


def test_pushing_an_unknown_exercise_or_step_is_404(trainer, store, classroom_id):
    url = f"/api/trainer/classes/{classroom_id}/push"
    assert trainer.post(url, json={"exercise": "nope"}).status_code == 404
    assert trainer.post(url, json={"exercise": "hello", "step": "nope"}).status_code == 404
    assert trainer.post(url, data="not json", content_type="application/json").status_code == 400
    assert store.get_classroom(classroom_id).push is None


def test_a_broadcast_is_plain_text_of_at_most_500_characters(trainer, store, classroom_id):
    url = f"/api/trainer/classes/{classroom_id}/broadcast"
    sent = trainer.post(url, json={"text": "  <b>Lunch</b>\r\nat 12:30\x07  "})
    assert sent.status_code == 201
    assert sent.json["text"] == "<b>Lunch</b>\nat 12:30"  # kept as typed: pages show it as text
    assert trainer.post(url, json={"text": "x" * 500}).status_code == 201
    too_long = trainer.post(url, json={"text": "x" * 501})
    assert too_long.status_code == 400 and "500" in too_long.json["error"]
    assert trainer.post(url, json={"text": "   "}).status_code == 400
    assert trainer.post(url, json={"text": 42}).status_code == 400
    assert len(store.messages_for(classroom_id)) == 2


def test_a_note_goes_only_to_a_learner_of_this_class(app, trainer, store, classroom_id, learner_id, others):
    other_class = others.post("/trainer/classes", data={"csrf_token": TOKEN, "name": "Theirs"})
    other_id = int(re.search(r"(\d+)$", other_class.location).group(1))
    stranger = join(app, store.get_classroom(other_id).join_code, "Stranger")
    stranger_id = store.learners_of(other_id)[0].id
    base = f"/api/trainer/classes/{classroom_id}/learners"
    assert trainer.post(f"{base}/{stranger_id}/note", json={"text": "hi"}).status_code == 404
    assert trainer.get(f"{base}/{stranger_id}/work").status_code == 404
    assert trainer.post(f"{base}/{learner_id}/note", json={"text": "Well done"}).status_code == 201
    notes = trainer.get(f"{base}/{learner_id}/notes").json["notes"]
    assert [n["text"] for n in notes] == ["Well done"]
    assert stranger.get("/api/live").json["messages"] == []


def test_a_removed_learner_gets_no_notes(trainer, store, classroom_id, learner_id):
    store.update_learner(learner_id, removed=True)
    url = f"/api/trainer/classes/{classroom_id}/learners/{learner_id}/note"
    assert trainer.post(url, json={"text": "hi"}).status_code == 404


def test_the_dashboard_shows_learners_by_steps(trainer, member, classroom_id, learner_id):
    member.put("/api/work/hello", json={"files": {"index.html": "<h1>Hi"}, "revision": 0, "step": "heading"})
    grid = trainer.get(f"/api/trainer/classes/{classroom_id}/dashboard").json
    assert grid["columns"] == ["hello/heading", "hello/button"]
    assert grid["exercises"][0]["steps"][1] == {"id": "button", "number": 2, "title": "Count clicks"}
    (row,) = grid["rows"]
    assert row["learner"] == learner_id and row["name"] == "Farrukh"
    assert [c["state"] for c in row["cells"]] == ["working", "not_started"]
    assert row["online"] is False and row["stuck"] is None


def test_the_trainer_reads_a_learners_latest_files(trainer, member, classroom_id, learner_id):
    url = f"/api/trainer/classes/{classroom_id}/learners/{learner_id}/work"
    before = trainer.get(url).json
    assert before["exercise"] is None and before["files"] == {}
    member.put("/api/work/hello", json={"files": {"index.html": "<h1>Hi"}, "revision": 0, "step": "heading"})
    after = trainer.get(url).json
    assert after["exercise"] == "hello" and after["files"]["index.html"] == "<h1>Hi"
    assert after["order"] == ["index.html", "style.css", "app.js"]
    assert after["frame_url"] == "/exercises/hello/frame" and after["revision"] == 1
    chosen = trainer.get(url + "?exercise=hello").json
    assert chosen["exercise"] == "hello" and chosen["started"] is True
    assert trainer.get(url + "?exercise=nope").status_code == 404


def test_a_learner_resyncs_the_push_and_recent_messages_over_http(trainer, member, classroom_id, learner_id):
    base = f"/api/trainer/classes/{classroom_id}"
    trainer.post(f"{base}/push", json={"exercise": "hello", "step": "button"})
    trainer.post(f"{base}/broadcast", json={"text": "First"})
    trainer.post(f"{base}/learners/{learner_id}/note", json={"text": "Just for you"})
    state = member.get("/api/live").json
    assert state["classroom"]["name"] == "Day 1"
    push = state["push"]
    assert (push["exercise"], push["step"], push["step_number"]) == ("hello", "button", 2)
    assert push["url"] == "/exercises/hello/button" and push["exercise_title"] == "Say hello"
    assert [(m["type"], m["text"]) for m in state["messages"]] == [
        ("message", "First"),
        ("note", "Just for you"),
    ]


def test_the_resync_is_in_the_learners_language(trainer, member, classroom_id):
    trainer.post(f"/api/trainer/classes/{classroom_id}/push", json={"exercise": "hello"})
    push = member.get("/api/live?lang=ru").json["push"]
    assert push["exercise_title"] == "Скажи привет" and push["url"] == "/exercises/hello"


def test_the_resync_needs_a_learner_and_is_empty_outside_a_class(app, client):
    assert client.get("/api/live").status_code == 403
    client.get("/exercises/hello/heading", follow_redirects=True)  # becomes a learner, in no class
    assert client.get("/api/live").json == {"classroom": None, "push": None, "messages": [], "sprint": None}


def test_other_classes_messages_never_reach_a_learner(app, trainer, others, classroom_id, member):
    theirs = others.post("/trainer/classes", data={"csrf_token": TOKEN, "name": "Theirs"})
    their_id = int(re.search(r"(\d+)$", theirs.location).group(1))
    others.post(f"/api/trainer/classes/{their_id}/broadcast", json={"text": "not for Farrukh"})
    assert member.get("/api/live").json["messages"] == []
