"""How a group's app was built: versions of a co-edited project, taken every few seconds while the
members type (not one per keystroke), replayed exactly, and a version brought back for every open
editor at once, as a version of its own that can be undone. Who may read or restore is in
test_permissions.py."""

from __future__ import annotations

from datetime import timedelta

import pytest

from sandbox.store import models, project_timeline
from tests.support.coedit import Member
from tests.support.web import group_project
from tests.web.test_history import replay

START = {"index.html": "<h1>Clean water</h1>\n", "style.css": "", "app.js": ""}


@pytest.fixture
def clock(monkeypatch):
    """The versions' clock, moved on by hand: `clock.tick()` is one second later."""

    class Clock:
        now = models.utcnow()

        def tick(self) -> None:
            self.now += timedelta(seconds=1)

    made = Clock()
    monkeypatch.setattr(project_timeline, "clock", lambda: made.now)
    return made


@pytest.fixture
def group(app, trainer, store):
    return group_project(app, trainer, store, START)


def test_while_the_group_types_a_version_is_taken_every_five_seconds_and_each_replays_exactly(
    served, sockets, store, group, clock
):
    """30 updates, one a second: the timeline is the files they started from, then the files at 5,
    10, 15, 20 and 25 s, each exactly as they were; what was typed since is the dialog's live point."""
    project, clients = group
    dilnoza = Member(sockets, served, project.id, clients["Dilnoza"])
    after = []
    for n in range(30):
        dilnoza.acknowledged(dilnoza.type(len(str(dilnoza.text)), f"<p>{n}</p>\n"))
        after.append(store.get_project(project.id).files)
        clock.tick()
    timeline = clients["Rustam"].get(f"/api/projects/{project.id}/versions").json
    assert replay(timeline) == [START] + [after[n] for n in (5, 10, 15, 20, 25)]
    assert [v["number"] for v in timeline["versions"]] == [1, 2, 3, 4, 5, 6]
    assert "files" in timeline["versions"][0] and "delta" in timeline["versions"][1]  # stored compactly
    assert timeline["live"]["files"] == after[-1]
    for number, files in enumerate(replay(timeline), start=1):
        assert store.project_files_at(project.id, number) == files


def test_a_version_brought_back_reaches_the_other_members_editor_and_can_be_undone(
    served, sockets, store, group, clock
):
    """Rustam brings back the first version: Dilnoza's open editor gets it at once, as the smallest
    edit; what she had typed is kept as a version, and bringing that one back undoes the restore."""
    project, clients = group
    dilnoza = Member(sockets, served, project.id, clients["Dilnoza"])
    dilnoza.acknowledged(dilnoza.type(len(START["index.html"]), "<p>Report a leak</p>\n"))
    typed = store.get_project(project.id).files  # not a version yet: the first is 0 s old
    url = f"/api/projects/{project.id}/versions"
    assert len(clients["Rustam"].get(url).json["versions"]) == 1

    restored = clients["Rustam"].post(f"{url}/1/restore", json={})
    assert restored.status_code == 200 and restored.json["files"] == START
    dilnoza.hear()
    assert str(dilnoza.text) == START["index.html"] == store.get_project(project.id).files["index.html"]
    assert replay(clients["Rustam"].get(url).json) == [START, typed, START]

    undone = clients["Dilnoza"].post(f"{url}/2/restore", json={})
    assert undone.status_code == 200
    assert store.get_project(project.id).files == typed
    assert replay(clients["Dilnoza"].get(url).json) == [START, typed, START, typed]
    assert clients["Dilnoza"].post(f"{url}/9/restore", json={}).status_code == 404
