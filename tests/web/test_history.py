"""How an app was built: the timeline of a learner's saves, replayed exactly, and bringing a version back
(a save of that version's files, so it is itself a new version and can be undone). Who may read a
timeline is in test_permissions.py."""

from __future__ import annotations

from sandbox.store.timeline import apply
from tests.support.web import TOKEN, join, sign_in

TYPED = ["<h1>H", "<h1>Hel", "<h1>Hello</h1>", "<h1>Hello</h1>\n<p>Bye</p>"]


def save_each(client, texts: list[str]) -> int:
    revision = 0
    for text in texts:
        saved = client.put("/api/work/hello", json={"files": {"index.html": text}, "revision": revision})
        assert saved.status_code == 200, saved.json
        revision = saved.json["revision"]
    return revision


def replay(timeline: dict) -> list[dict[str, str]]:
    """What the page does with the timeline: whole files at keyframes, each delta applied in turn."""
    files, out = {}, []
    for version in timeline["versions"]:
        files = version["files"] if "files" in version else apply(files, version["delta"])
        out.append(files)
    return out


def test_every_save_replays_exactly_as_it_was_saved(learner):
    save_each(learner, TYPED)
    timeline = learner.get("/api/work/hello/versions").json
    assert [v["number"] for v in timeline["versions"]] == [1, 2, 3, 4]
    assert [files["index.html"] for files in replay(timeline)] == TYPED
    assert all(v["saved_at"].endswith("Z") for v in timeline["versions"])


def restore(client, number: int, revision: int):
    """What the page does to bring a version back: save its files as they were, saying why."""
    timeline = client.get("/api/work/hello/versions").json
    files = replay(timeline)[number - 1]
    body = {"files": files, "revision": revision, "reason": "restored"}
    return client.put("/api/work/hello", json=body)


def test_a_restored_version_is_the_newest_and_the_restore_can_be_undone(learner, app):
    revision = save_each(learner, TYPED)
    restored = restore(learner, 2, revision)
    assert restored.status_code == 200
    assert learner.get("/api/work/hello").json["files"] == {"index.html": "<h1>Hel"}
    timeline = learner.get("/api/work/hello/versions").json
    assert [files["index.html"] for files in replay(timeline)] == [*TYPED, "<h1>Hel"]
    history = app.extensions["sandbox"].store.history(1, "hello")  # learner 1: the only one
    assert [w.files["index.html"] for w in history] == [TYPED[-1]]  # the replaced copy, kept apart too

    undone = restore(learner, 4, restored.json["revision"])
    assert undone.status_code == 200
    assert learner.get("/api/work/hello").json["files"]["index.html"] == TYPED[-1]


def test_a_restore_from_a_page_that_is_behind_changes_nothing(learner):
    revision = save_each(learner, TYPED)
    assert restore(learner, 1, revision - 1).status_code == 409
    assert learner.get("/api/work/hello").json["files"]["index.html"] == TYPED[-1]


def test_the_trainer_of_the_class_replays_a_learners_timeline(app):
    trainer = sign_in(app, "amina")
    trainer.post("/trainer/classes", data={"name": "Day 1", "csrf_token": TOKEN})
    classroom = app.extensions["sandbox"].store.classrooms_of(1)[0]
    farrukh = join(app, classroom.join_code, "Farrukh")
    save_each(farrukh, TYPED)
    learner_id = app.extensions["sandbox"].store.learners_of(classroom.id)[0].id
    url = f"/api/trainer/classes/{classroom.id}/learners/{learner_id}/versions/hello"
    assert [files["index.html"] for files in replay(trainer.get(url).json)] == TYPED
