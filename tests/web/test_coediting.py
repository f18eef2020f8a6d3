"""Live co-editing of a group project over its socket, against the app served for real.

Each member here is what a browser is: a Yjs document (pycrdt) synced over /live/projects/<id>.
Two members typing on the same line at once converge; an update is acknowledged only once it is
stored, so a restart keeps everything acknowledged; a member offline merges on reconnect; the
files JSON the rest of the app reads follows the document; nobody types under another's name.
"""

from __future__ import annotations

import base64

import pytest
from pycrdt import Doc, Text
from sqlalchemy import text as sql

from sandbox.coedit import ProjectDocuments, read_awareness, write_awareness
from tests.support.coedit import Member, b64
from tests.support.web import group_project

START = {"index.html": "<h1>Clean water</h1>\n<p>Report a leak</p>\n", "style.css": "", "app.js": ""}


@pytest.fixture
def group(app, trainer, store):
    return group_project(app, trainer, store, START, ("Dilnoza", "Rustam", "Stranger"))


def test_two_members_typing_on_the_same_line_at_once_converge_and_the_files_follow(
    served, sockets, store, group
):
    project, clients = group
    dilnoza = Member(sockets, served, project.id, clients["Dilnoza"])
    rustam = Member(sockets, served, project.id, clients["Rustam"])
    assert str(dilnoza.text) == str(rustam.text) == START["index.html"]
    assert dilnoza.hello["user"]["name"] == "Dilnoza" and rustam.hello["user"]["name"] == "Rustam"
    assert dilnoza.hello["user"]["color"] != rustam.hello["user"]["color"]

    # Both type at the end of "<h1>Clean water</h1>" before hearing the other.
    end_of_heading = len("<h1>Clean water</h1>")
    first = dilnoza.type(end_of_heading, " for all")
    second = rustam.type(end_of_heading, " in Khujand")
    dilnoza.acknowledged(first)
    rustam.acknowledged(second)
    dilnoza.hear()
    rustam.hear()
    merged = str(dilnoza.text)
    assert merged == str(rustam.text)
    heading = merged.split("\n")[0]
    assert " for all" in heading and " in Khujand" in heading and heading.startswith("<h1>Clean water</h1>")
    assert merged.endswith("<p>Report a leak</p>\n")
    # What the preview's neighbours read (the review, publish, the zip) is the same text.
    assert store.get_project(project.id).files["index.html"] == merged

    # Offline, Rustam types on; his page sends it all when it is back (its sync on reconnect).
    rustam.socket.close()
    before = rustam.doc.get_state()
    rustam.text.insert(len(merged), "<p>Written on the bus</p>\n")
    missed = rustam.doc.get_update(before)
    dilnoza.acknowledged(dilnoza.type(0, "<!-- v2 -->\n"))
    back = Member(sockets, served, project.id, clients["Rustam"])
    back.doc.apply_update(rustam.doc.get_update())  # the copy his browser kept
    back.acknowledged(back.send(back.doc.get_update(base64.b64decode(back.hello["sv"]))))
    back.sync()
    dilnoza.hear()
    assert missed  # (what he typed offline)
    assert str(back.text) == str(dilnoza.text) == store.get_project(project.id).files["index.html"]
    assert str(back.text).startswith("<!-- v2 -->\n") and "<p>Written on the bus</p>" in str(back.text)


def test_the_assignment_and_the_board_reach_the_other_members_pages_at_once(served, sockets, group):
    """Dilnoza saves the assignment, adds a story and moves its card: Rustam's open page hears each
    (the page shows it without a reload, static/js/project.js), in the words she wrote."""
    project, clients = group
    rustam = Member(sockets, served, project.id, clients["Rustam"])
    dilnoza = clients["Dilnoza"]
    url = f"/api/projects/{project.id}"
    texts = {"problem": "Трубы текут", "audience": "жители Худжанда"}
    assert dilnoza.put(f"{url}/assignment", json={"assignment": texts, "revision": 0}).status_code == 200
    heard = rustam.next("plan")
    assert heard["revision"] == 1 and heard["assignment"]["problem"] == "Трубы текут"
    story = dilnoza.post(f"{url}/stories", json={"role": "житель", "action": "сообщить о трубе"}).json
    assert [(one["id"], one["status"]) for one in rustam.next("plan")["stories"]] == [(story["id"], "todo")]
    dilnoza.patch(f"{url}/stories/{story['id']}", json={"status": "doing"})
    assert rustam.next("plan")["stories"][0]["status"] == "doing"
    dilnoza.delete(f"{url}/stories/{story['id']}")
    assert rustam.next("plan")["stories"] == []
    refused = dilnoza.put(f"{url}/assignment", json={"assignment": {"data": "x"}, "revision": 0})
    assert refused.status_code == 409  # a refused save tells nobody anything
    rustam.socket.send({"type": "plan", "stories": []})  # and no page may send one
    assert rustam.next("error")["error"] == "not-allowed"
    assert not [message for message in rustam.early if message["type"] == "plan"]


def test_a_restart_keeps_every_acknowledged_update_and_the_log_is_compacted(make_app, tmp_path):
    instance = tmp_path / "restart"
    app = make_app(instance=instance)
    store = app.extensions["sandbox"].store
    trainer = store.create_trainer("amina", "correct horse")
    classroom = store.create_classroom(trainer.id, "Day 2")
    learner = store.join_classroom(classroom.id, "Dilnoza")
    project = store.create_project(classroom.id, "Water", "healthcare", "", "blank", START, {}, [learner.id])
    documents = ProjectDocuments(store, compact_every=5)
    _key, state = documents.opened(project)
    member = Doc()
    member.apply_update(state)
    text = member.get("index.html", type=Text)
    for n in range(12):  # every one acknowledged: apply() returned
        before = member.get_state()
        text.insert(len(str(text)), f"<p>line {n}</p>\n")
        documents.apply(project, member.get_update(before))
    with store.session() as db:
        logged = db.execute(sql("SELECT count(*) FROM project_updates")).scalar()
    assert logged < 5  # folded into the stored state as it grew

    restarted = make_app(instance=instance)  # the same database: the server started again
    again = restarted.extensions["sandbox"]
    assert again.store.get_project(project.id).files["index.html"] == str(text)
    _key, state = again.coedit.opened(again.store.get_project(project.id))
    fresh = Doc()
    fresh.apply_update(state)
    assert str(fresh.get("index.html", type=Text)) == str(text)
    assert str(text).endswith("<p>line 11</p>\n")


def test_an_update_that_cannot_be_read_is_refused_and_nothing_is_stored(served, sockets, store, group):
    project, clients = group
    dilnoza = Member(sockets, served, project.id, clients["Dilnoza"])
    revision = store.get_project(project.id).revision
    for update in (b"\x01\x02\x03 not yjs", "not base64!"):
        raw = update if isinstance(update, str) else b64(update)
        dilnoza.socket.send({"type": "update", "id": 7, "update": raw})
        assert dilnoza.next("error")["error"] == "bad-update"
    dilnoza.socket.send({"type": "update", "id": "seven", "update": b64(b"\x00\x00")})
    assert dilnoza.next("error")["error"] == "bad-update"
    dilnoza.socket.send({"type": "sync", "sv": "%%%"})
    assert dilnoza.next("error")["error"] == "bad-update"
    assert store.get_project(project.id).revision == revision
    assert store.get_project(project.id).files == START


def test_cursors_carry_the_members_real_name_and_a_page_that_closes_leaves(served, sockets, group):
    project, clients = group
    dilnoza = Member(sockets, served, project.id, clients["Dilnoza"])
    rustam = Member(sockets, served, project.id, clients["Rustam"])
    assert dilnoza.next("who")  # Rustam opened the project: say who you are again
    state = {"user": {"name": "Your trainer", "color": "#000000"}, "cursor": {"anchor": 1, "head": 1}}
    rustam.socket.send({"type": "awareness", "update": b64(write_awareness([(4242, 1, state)]))})
    heard = read_awareness(base64.b64decode(dilnoza.next("awareness")["update"]))
    assert heard[0][0] == 4242 and heard[0][2]["cursor"] == state["cursor"]
    assert heard[0][2]["user"]["name"] == "Rustam" and heard[0][2]["user"]["color"] != "#000000"
    rustam.socket.send({"type": "awareness", "update": b64(b"\x05garbage")})
    assert rustam.next("error")["error"] == "bad-update"
    rustam.socket.close()
    gone = read_awareness(base64.b64decode(dilnoza.next("awareness")["update"]))
    assert gone == [(4242, 2, None)]


def test_a_save_over_http_reaches_the_open_editors(served, sockets, store, group):
    """The plain-text fallback saves with PUT; the members' live documents get it as an update."""
    project, clients = group
    dilnoza = Member(sockets, served, project.id, clients["Dilnoza"])
    revision = store.get_project(project.id).revision
    files = {"index.html": "<h1>Clean water</h1>\n<p>Report a leak today</p>\n"}
    saved = clients["Rustam"].put(
        f"/api/projects/{project.id}/files", json={"files": files, "revision": revision}
    )
    assert saved.status_code == 200
    dilnoza.hear()
    assert str(dilnoza.text) == files["index.html"] == store.get_project(project.id).files["index.html"]
