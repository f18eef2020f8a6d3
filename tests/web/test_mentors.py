"""A mentor's review (docs/mentors.md): the trainer invites a mentor, who chooses a password and
sees only the projects shared with them; the trainer and mentors comment on lines of a project's
file, the comment stays on the same code whatever is typed around it, and the group answers and
resolves it, heard live by every open editor."""

from __future__ import annotations

import base64
import re

import pytest

from tests.support.coedit import Member, line_anchors
from tests.support.web import TOKEN, join, with_csrf

CODE = "".join(f"let step{n} = {n};\n" for n in range(1, 21))  # line 12: "let step12 = 12;"
START = {"index.html": "<h1>Clean water</h1>\n", "style.css": "", "app.js": CODE}


@pytest.fixture
def world(app, trainer, store):
    """Amina's class with two groups' projects, and Olga, the mentor she invites (her link used)."""
    made = trainer.post("/trainer/classes", data={"csrf_token": TOKEN, "name": "Day 2"})
    classroom = store.get_classroom(int(made.location.rsplit("/", 1)[1]))
    clients = {name: join(app, classroom.join_code, name) for name in ("Dilnoza", "Rustam")}
    ids = {learner.name: learner.id for learner in store.learners_of(classroom.id)}
    ours = store.create_project(
        classroom.id, "Clean water", "healthcare", "", "blank", START, {}, [ids["Dilnoza"]]
    )
    theirs = store.create_project(
        classroom.id, "Jobs", "unemployment", "", "blank", START, {}, [ids["Rustam"]]
    )
    invited = trainer.post(
        f"/trainer/classes/{classroom.id}/mentors", data={"csrf_token": TOKEN, "name": "Olga"}
    )
    assert invited.status_code == 200
    link = re.search(r'id="invite-link"[^>]*>([^<]+)<', invited.get_data(as_text=True)).group(1)
    mentor = with_csrf(app.test_client())
    path = link.split("://", 1)[1].split("/", 1)[1]
    chose = mentor.post(
        f"/{path}", data={"csrf_token": TOKEN, "password": "a long secret", "again": "a long secret"}
    )
    assert chose.status_code == 302 and chose.location.endswith("/mentor/")
    with_csrf(mentor)  # signing in starts a new session (as the trainer's does)
    olga = store.mentors_of(classroom.trainer_id)[0]
    share = {"csrf_token": TOKEN, "projects": str(ours.id)}
    assert trainer.post(f"/trainer/classes/{classroom.id}/mentors/{olga.id}", data=share).status_code == 302
    return {
        "classroom": classroom,
        "ours": ours,
        "theirs": theirs,
        "mentor": mentor,
        "link": f"/{path}",
        "olga": olga,
        **clients,
    }


def comment(client, project, line, text="Name this better", end=None, **more):
    """Comment on lines of app.js as the project page does (with the anchors it makes)."""
    body = {**line_anchors(client, project.id, "app.js", line, end or line), "text": text, **more}
    return client.post(f"/api/projects/{project.id}/comments", json=body)


def test_a_mentor_chooses_a_password_once_and_sees_only_the_projects_shared_with_them(app, world, store):
    mentor = world["mentor"]
    home = mentor.get("/mentor/").get_data(as_text=True)
    assert "Clean water" in home and "Jobs" not in home
    page = mentor.get(f"/projects/{world['ours'].id}")
    assert page.status_code == 200
    # Only the group and the trainer publish the app: the mentor's "Show and share" has no buttons for it.
    assert 'id="takehome-publish"' not in page.get_data(as_text=True)
    members = world["Dilnoza"].get(f"/projects/{world['ours'].id}").get_data(as_text=True)
    assert 'id="takehome-publish"' in members and 'id="takehome-unpublish"' in members
    assert mentor.get(f"/api/projects/{world['ours'].id}").status_code == 200
    assert mentor.get(f"/projects/{world['theirs'].id}").status_code == 404
    assert mentor.get(f"/api/projects/{world['theirs'].id}/comments").status_code == 404
    # A mentor follows the code and the plan; only the group changes them.
    files = {"files": {"app.js": "// mine"}, "revision": world["ours"].revision}
    assert mentor.put(f"/api/projects/{world['ours'].id}/files", json=files).status_code == 403
    story = {"role": "mentor", "action": "change the plan"}
    assert mentor.post(f"/api/projects/{world['ours'].id}/stories", json=story).status_code == 403
    # The invite works once; then the mentor signs in with their name and password.
    assert with_csrf(app.test_client()).get(world["link"]).status_code == 404
    again = with_csrf(app.test_client())
    wrong = again.post("/mentor/login", data={"csrf_token": TOKEN, "name": "Olga", "password": "nope"})
    assert wrong.status_code == 401
    right = again.post(
        "/mentor/login", data={"csrf_token": TOKEN, "name": "Olga", "password": "a long secret"}
    )
    assert right.status_code == 302 and again.get("/mentor/").status_code == 200
    with_csrf(again)


def test_a_project_the_trainer_stops_sharing_is_gone_for_the_mentor(world, trainer):
    url = f"/trainer/classes/{world['classroom'].id}/mentors/{world['olga'].id}"
    assert trainer.post(url, data={"csrf_token": TOKEN, "action": "share"}).status_code == 302
    assert world["mentor"].get(f"/projects/{world['ours'].id}").status_code == 404
    assert "Clean water" not in world["mentor"].get("/mentor/").get_data(as_text=True)
    assert trainer.post(url, data={"csrf_token": TOKEN, "action": "remove"}).status_code == 302
    assert world["mentor"].get("/mentor/").status_code == 302  # no such mentor any more: sign in


def test_a_mentor_of_another_trainer_and_a_made_up_invite_get_nothing(app, world, others, store):
    invited = others.post(
        f"/trainer/classes/{world['classroom'].id}/mentors", data={"csrf_token": TOKEN, "name": "Ivan"}
    )
    assert invited.status_code == 404  # Boris cannot invite into Amina's class
    assert with_csrf(app.test_client()).get("/mentor/invite/made-up").status_code == 404
    shared = {"csrf_token": TOKEN, "projects": str(world["theirs"].id)}
    assert (
        others.post(
            f"/trainer/classes/{world['classroom'].id}/mentors/{world['olga'].id}", data=shared
        ).status_code
        == 404
    )
    assert store.shared_with(world["olga"].id) == [world["ours"].id]


def test_a_comment_on_line_12_stays_on_the_same_code_after_lines_are_inserted_above(world, trainer, store):
    project = world["ours"]
    made = comment(world["mentor"], project, 12, "Is 12 the right number?")
    assert made.status_code == 201, made.get_data(as_text=True)
    assert made.json["line"] == 12 and made.json["quote"] == "let step12 = 12;"
    assert made.json["author"] == {"name": "Olga", "role": "mentor"}
    # A member inserts three lines at the top, and one just above line 12, through the document.
    changed = "// one\n// two\n// three\n" + CODE.replace("let step12", "// about step 12\nlet step12")
    saved = trainer.put(
        f"/api/projects/{project.id}/files", json={"files": {"app.js": changed}, "revision": 1}
    )
    assert saved.status_code == 200
    thread = world["Dilnoza"].get(f"/api/projects/{project.id}/comments").json["threads"][0]
    assert thread["line"] == thread["endLine"] == 16
    assert changed.split("\n")[thread["line"] - 1] == "let step12 = 12;"


def test_a_comment_on_a_range_covers_the_same_lines_and_text_typed_inside_it(world, trainer):
    project = world["ours"]
    made = comment(trainer, project, 12, "These three go together", end=14)
    assert (made.json["line"], made.json["endLine"]) == (12, 14)
    assert made.json["author"]["role"] == "trainer"
    url = f"/api/projects/{project.id}/files"
    above = "// top\n" + CODE
    assert trainer.put(url, json={"files": {"app.js": above}, "revision": 1}).status_code == 200
    inside = above.replace("let step13 = 13;\n", "let step13 = 13;\n// inside\n")
    assert trainer.put(url, json={"files": {"app.js": inside}, "revision": 2}).status_code == 200
    thread = trainer.get(f"/api/projects/{project.id}/comments").json["threads"][0]
    assert (thread["line"], thread["endLine"]) == (13, 16)


def test_the_page_the_mentor_sees_saw_other_lines_the_comment_goes_where_that_text_is(world, trainer):
    """The page typed since the server last heard it: the text it saw on those lines wins."""
    made = comment(world["mentor"], world["ours"], 10, "Here", seen="let step12 = 12;")
    assert made.json["line"] == 12 and made.json["quote"] == "let step12 = 12;"


def test_members_answer_and_resolve_and_every_open_editor_hears_it_live(world, served, sockets):
    project = world["ours"]
    dilnoza = Member(sockets, served, project.id, world["Dilnoza"])
    mentor = Member(sockets, served, project.id, world["mentor"])
    made = comment(world["mentor"], project, 12).json
    heard = dilnoza.next("comment")["comment"]
    assert heard["id"] == made["id"] and heard["text"] == "Name this better" and heard["line"] == 12
    assert mentor.next("comment")["comment"] == heard  # every open editor, the author's own too
    answered = world["Dilnoza"].post(
        f"/api/projects/{project.id}/comments/{made['id']}/replies", json={"text": "Renamed it: step_count"}
    )
    assert answered.status_code == 201
    reply = mentor.next("comment")["comment"]["replies"][0]
    assert (
        reply["author"] == {"name": "Dilnoza", "role": "learner"}
        and reply["text"] == "Renamed it: step_count"
    )
    resolved = world["Dilnoza"].patch(
        f"/api/projects/{project.id}/comments/{made['id']}", json={"resolved": True}
    )
    assert resolved.status_code == 200 and resolved.json["resolvedBy"] == "Dilnoza"
    assert mentor.next("comment")["comment"]["resolved"] is True
    assert dilnoza.next("comment")["comment"]["replies"][0]["text"] == "Renamed it: step_count"
    assert dilnoza.next("comment")["comment"]["resolved"] is True
    reopened = world["mentor"].patch(
        f"/api/projects/{project.id}/comments/{made['id']}", json={"resolved": False}
    )
    assert reopened.json["resolved"] is False and reopened.json["resolvedBy"] is None


def test_a_mentor_follows_the_code_live_but_may_not_change_it(world, served, sockets, store):
    project = world["ours"]
    mentor = Member(sockets, served, project.id, world["mentor"])
    assert mentor.hello["user"]["name"] == "Olga"
    before = store.get_project(project.id).files
    mentor.type(0, "<!-- mine -->")
    assert mentor.next("error")["error"] == "not-allowed"
    assert store.get_project(project.id).files == before
    dilnoza = Member(sockets, served, project.id, world["Dilnoza"])
    dilnoza.acknowledged(dilnoza.type(0, "<!-- ours -->\n"))
    mentor.doc.apply_update(base64.b64decode(mentor.next("update")["update"]))
    assert "<!-- ours -->" in str(mentor.text)


BAD_COMMENTS = [
    ({"file": "nope.js"}, 400),
    ({"line": 0}, 400),
    ({"line": "12"}, 400),
    ({"line": 99, "endLine": 99}, 400),
    ({"line": 3, "endLine": 2}, 400),
    ({"text": "   "}, 400),
    ({"text": "x" * 2001}, 413),
    ({"start": "not base64!"}, 400),
    ({"start": "BwE="}, 400),  # base64, but no relative position (an unknown kind)
    ({"start": base64.b64encode(b"\x00\x01\x02\x00\x00").decode()}, 400),  # bytes after it
    ({"end": base64.b64encode(b"\x01\x08index.js\x00").decode()}, 400),  # the end of another file
    ({"file": "style.css", "line": 1, "endLine": 1, "seen": ""}, 400),  # an empty file has no line
]


def test_bad_comments_are_refused_in_plain_words_and_nothing_is_stored(world, store):
    good = {**line_anchors(world["mentor"], world["ours"].id, "app.js", 3, 3), "text": "Why?"}
    for change, status in BAD_COMMENTS:
        response = world["mentor"].post(f"/api/projects/{world['ours'].id}/comments", json={**good, **change})
        assert response.status_code == status and response.json["error"], change
    not_an_object = world["mentor"].post(f"/api/projects/{world['ours'].id}/comments", json=[1, 2])
    assert not_an_object.status_code == 400
    assert store.comments_of(world["ours"].id) == []


def test_the_group_answers_and_resolves_but_the_trainer_and_mentors_start_threads(world):
    project = world["ours"]
    refused = comment(world["Dilnoza"], project, 12)
    assert refused.status_code == 403 and "mentor" in refused.json["error"]
    body = {**line_anchors(world["mentor"], project.id, "app.js", 12, 12), "text": "Mine"}
    assert world["Rustam"].post(f"/api/projects/{project.id}/comments", json=body).status_code == 404
    made = comment(world["mentor"], project, 12).json
    theirs = world["Rustam"].post(
        f"/api/projects/{project.id}/comments/{made['id']}/replies", json={"text": "x"}
    )
    assert theirs.status_code == 404
    other = world["mentor"].post(
        f"/api/projects/{world['theirs'].id}/comments/{made['id']}/replies", json={"text": "x"}
    )
    assert other.status_code == 404
    missing = world["Dilnoza"].patch(f"/api/projects/{project.id}/comments/999999", json={"resolved": True})
    assert missing.status_code == 404
    bad = world["Dilnoza"].patch(
        f"/api/projects/{project.id}/comments/{made['id']}", json={"resolved": "yes"}
    )
    assert bad.status_code == 400
