"""The trainer's review of a learner's own exercise work (docs/mentors.md): from the watch view the
trainer of the class comments on lines of one of the learner's files; the learner sees the thread,
answers and resolves it; both hear every change live; the comment stays on its code as the learner
saves lines above it; nobody else sees it."""

from __future__ import annotations

import pytest

from tests.support.web import TOKEN, join

CODE = "".join(f"let step{n} = {n};\n" for n in range(1, 11))  # line 5: "let step5 = 5;"


@pytest.fixture
def world(app, trainer, store):
    """Amina's class with Farrukh, who saved app.js with ten lines, and Dilnoza, a classmate."""
    made = trainer.post("/trainer/classes", data={"csrf_token": TOKEN, "name": "Day 1"})
    classroom = store.get_classroom(int(made.location.rsplit("/", 1)[1]))
    farrukh = join(app, classroom.join_code, "Farrukh")
    dilnoza = join(app, classroom.join_code, "Dilnoza")
    ids = {learner.name: learner.id for learner in store.learners_of(classroom.id)}
    saved = farrukh.put("/api/work/hello", json={"files": {"app.js": CODE}, "revision": 0, "step": "heading"})
    assert saved.status_code == 200
    url = f"/api/trainer/classes/{classroom.id}/learners/{ids['Farrukh']}/comments/hello"
    return {"classroom": classroom, "Farrukh": farrukh, "Dilnoza": dilnoza, "ids": ids, "url": url}


def comment(trainer, world, line=5, text="Why 5?", **more):
    body = {"file": "app.js", "line": line, "endLine": line, "text": text, **more}
    return trainer.post(world["url"], json=body)


def save(learner, text: str, revision: int):
    response = learner.put("/api/work/hello", json={"files": {"app.js": text}, "revision": revision})
    assert response.status_code == 200, response.get_data(as_text=True)


def test_the_trainer_comments_on_line_5_and_the_learner_sees_it_on_their_page(world, trainer):
    made = comment(trainer, world)
    assert made.status_code == 201, made.get_data(as_text=True)
    thread = made.json
    assert (thread["line"], thread["endLine"], thread["quote"]) == (5, 5, "let step5 = 5;")
    assert thread["author"] == {"name": "amina", "role": "trainer"} and thread["exercise"] == "hello"
    own = world["Farrukh"].get("/api/work/hello/comments").json["threads"]
    assert [t["id"] for t in own] == [thread["id"]] and own[0]["text"] == "Why 5?"
    page = world["Farrukh"].get("/exercises/hello/heading").get_data(as_text=True)
    assert "Why 5?" in page and 'id="comments-sheet"' in page  # in the page data, with the sheet
    assert trainer.get(world["url"]).json["threads"][0]["id"] == thread["id"]


def test_a_comment_stays_on_its_code_when_the_learner_saves_lines_above_it(world, trainer):
    """Saved lines above move it down; text typed inside the range widens it; it is found from
    where the last save left it, so even a line like many others ("}") is followed."""
    comment(trainer, world, line=5)
    braces = "}\n" * 3
    save(world["Farrukh"], "// one\n// two\n// three\n" + CODE, 1)
    thread = world["Farrukh"].get("/api/work/hello/comments").json["threads"][0]
    assert (thread["line"], thread["endLine"]) == (8, 8)
    save(world["Farrukh"], braces + "// one\n// two\n// three\n" + CODE, 2)
    thread = trainer.get(world["url"]).json["threads"][0]
    assert (thread["line"], thread["endLine"]) == (11, 11)
    # A range of "}" lines: only the save's line changes can tell which one it was on.
    save(world["Farrukh"], braces + CODE, 3)
    made = comment(trainer, world, line=2, text="This brace")
    save(world["Farrukh"], "}\n" + braces + CODE, 4)
    moved = [t for t in trainer.get(world["url"]).json["threads"] if t["id"] == made.json["id"]][0]
    assert moved["line"] == 3


def test_the_watch_view_saw_other_lines_the_comment_goes_where_that_text_is(world, trainer):
    """The learner saved again since the watch view drew: the text the trainer chose wins."""
    made = comment(trainer, world, line=3, seen="let step5 = 5;")
    assert made.json["line"] == 5 and made.json["quote"] == "let step5 = 5;"


def test_the_learner_answers_and_resolves_and_both_hear_it_live(world, trainer, served, sockets):
    learner_page = sockets(served, "/live?exercise=hello&step=heading", world["Farrukh"])
    learner_page.next("hello")
    dashboard = sockets(served, f"/live/classes/{world['classroom'].id}", trainer)
    dashboard.next("hello")
    dashboard.send({"type": "watch", "learner": world["ids"]["Farrukh"]})
    dashboard.next("files")
    made = comment(trainer, world).json
    heard = learner_page.next("comment")
    assert heard["exercise"] == "hello" and heard["comment"]["id"] == made["id"]
    assert dashboard.next("comment")["comment"]["text"] == "Why 5?"
    url = f"/api/work/hello/comments/{made['id']}"
    answered = world["Farrukh"].post(f"{url}/replies", json={"text": "It is the fifth step"})
    assert answered.status_code == 201
    reply = dashboard.next("comment")["comment"]["replies"][0]
    assert (
        reply["author"] == {"name": "Farrukh", "role": "learner"} and reply["text"] == "It is the fifth step"
    )
    resolved = world["Farrukh"].patch(url, json={"resolved": True})
    assert resolved.status_code == 200 and resolved.json["resolvedBy"] == "Farrukh"
    assert dashboard.next("comment")["comment"]["resolved"] is True
    assert learner_page.next("comment")["comment"]["replies"][0]["text"] == "It is the fifth step"
    reopened = trainer.patch(f"{world['url']}/{made['id']}", json={"resolved": False})
    assert reopened.status_code == 200 and reopened.json["resolved"] is False
    trainers_answer = trainer.post(f"{world['url']}/{made['id']}/replies", json={"text": "Good"})
    assert trainers_answer.json["replies"][-1]["author"]["role"] == "trainer"


def test_only_the_learner_and_the_trainer_of_their_class_see_the_thread(world, trainer, others, store):
    made = comment(trainer, world).json
    url = f"/api/work/hello/comments/{made['id']}"
    # A classmate has threads of their own only, and the learner's are a 404 to them.
    assert world["Dilnoza"].get("/api/work/hello/comments").json["threads"] == []
    assert world["Dilnoza"].post(f"{url}/replies", json={"text": "x"}).status_code == 404
    assert world["Dilnoza"].patch(url, json={"resolved": True}).status_code == 404
    assert others.get(world["url"]).status_code == 404  # another trainer: no such class
    assert world["Farrukh"].get(world["url"]).status_code == 403  # a learner on the trainer's route
    # The learner of another class, named in the trainer's URL: not of this class.
    stranger = f"/api/trainer/classes/{world['classroom'].id}/learners/{world['ids']['Dilnoza']}"
    assert trainer.get(f"{stranger}/comments/hello").json["threads"] == []
    assert (
        trainer.post(f"{stranger}/comments/hello/{made['id']}/replies", json={"text": "x"}).status_code == 404
    )
    assert [
        r.text for r in store.get_work_comment(world["ids"]["Farrukh"], "hello", made["id"]).replies
    ] == []


BAD_COMMENTS = [
    ({"file": "nope.js"}, 400),
    ({"line": 0}, 400),
    ({"line": "5"}, 400),
    ({"line": 99, "endLine": 99}, 400),
    ({"line": 3, "endLine": 2}, 400),
    ({"line": 1, "endLine": 201}, 400),
    ({"text": "   "}, 400),
    ({"text": "x" * 2001}, 413),
]


def test_bad_comments_are_refused_in_the_persons_language_and_nothing_is_stored(world, trainer, store):
    for change, status in BAD_COMMENTS:
        response = comment(trainer, world, **change)
        assert response.status_code == status and response.json["error"], change
    assert trainer.post(world["url"], json=[1, 2]).status_code == 400
    assert trainer.post(world["url"].replace("/hello", "/nope"), json={}).status_code == 404
    russian = trainer.post(f"{world['url']}?lang=ru", json={"file": "app.js", "line": 5, "text": " "})
    assert russian.status_code == 400 and "напишите" in russian.json["error"]
    made = comment(trainer, world).json
    url = f"/api/work/hello/comments/{made['id']}"
    assert world["Farrukh"].post(f"{url}/replies", json={"text": "y" * 2001}).status_code == 413
    assert world["Farrukh"].patch(url, json={"resolved": "yes"}).status_code == 400
    assert (
        world["Farrukh"].patch("/api/work/hello/comments/999999", json={"resolved": True}).status_code == 404
    )
    assert [c.id for c in store.work_comments(world["ids"]["Farrukh"], "hello")] == [made["id"]]
