"""Group projects: a trainer makes one from a template, learners join with its group code, save its
files, write its technical assignment, move its cards, and hear the class's sprint live.

Who may not touch a project at all is in tests/web/test_permissions.py.
"""

from __future__ import annotations

import re

import pytest

from sandbox.app import create_app
from sandbox.projects import TEMPLATES
from tests.support import FIXTURE_EXERCISES
from tests.support.web import join, make_class, post, sign_in


# One app and two signed-in trainers for the whole module (signing in hashes a password, slowly on
# purpose); each test makes a class of its own in it, so no test sees another's projects.
@pytest.fixture(scope="module")
def app(tmp_path_factory, databases, grader):
    instance = tmp_path_factory.mktemp("projects") / "instance"
    instance.mkdir()
    made = create_app(
        {
            "INSTANCE_PATH": str(instance),
            "DATABASE_URL": databases.for_instance(instance),
            "EXERCISES_DIR": str(FIXTURE_EXERCISES),
        },
        grader=grader,
    )
    yield made
    made.extensions["sandbox"].grading.stop()
    made.extensions["sandbox"].store.dispose()
    made.extensions["sandbox"].health.close()
    databases.drop(made.config["DATABASE_URL"])


@pytest.fixture(scope="module")
def trainer(app):
    return sign_in(app, "amina")


@pytest.fixture(scope="module")
def others(app):
    return sign_in(app, "boris")


@pytest.fixture
def store(app):
    return app.extensions["sandbox"].store


@pytest.fixture
def classroom(trainer, store):
    return store.get_classroom(make_class(trainer))


@pytest.fixture
def farrukh(app, classroom):
    return join(app, classroom.join_code, "Farrukh")


@pytest.fixture
def dilnoza(app, classroom):
    return join(app, classroom.join_code, "Dilnoza")


def learner_id(store, classroom, name: str) -> int:
    return next(learner.id for learner in store.learners_of(classroom.id) if learner.name == name)


def new_project(trainer, classroom, template="reports", members=(), **form) -> int:
    fields = {"name": "Clean water", "problem": "healthcare", "template": template, **form}
    response = trainer.post(
        f"/trainer/classes/{classroom.id}/projects",
        data={"csrf_token": "test-token", **fields, "members": [str(m) for m in members]},
    )
    assert response.status_code == 302, response.text
    return int(re.search(r"#project-(\d+)", response.location).group(1))


@pytest.mark.parametrize("template", TEMPLATES)
def test_a_trainer_makes_a_project_from_each_template_with_members_and_a_group_code(
    trainer, store, classroom, farrukh, template
):
    member = learner_id(store, classroom, "Farrukh")
    project = store.get_project(new_project(trainer, classroom, template, members=[member]))
    assert project.members == (member,)
    assert sorted(project.files) == ["app.js", "index.html", "style.css"]
    assert "<title>Clean water</title>" in project.files["index.html"]
    assert "{{" not in "".join(project.files.values())  # every text of the template filled in
    page = trainer.get(f"/trainer/classes/{classroom.id}").text
    assert project.code in page and "Clean water" in page
    assert farrukh.get(f"/projects/{project.id}").status_code == 200


def test_a_template_is_written_in_the_language_of_whoever_made_it(trainer, store, classroom):
    trainer.get("/trainer/?lang=ru")
    project = store.get_project(new_project(trainer, classroom, "reports", name="<Вода & жизнь>"))
    assert "Сообщите о проблеме" in project.files["index.html"]
    assert "<h1>&lt;Вода &amp; жизнь&gt;</h1>" in project.files["index.html"]  # the name is text, not markup
    trainer.get("/trainer/?lang=en")  # the trainer's choice is kept with them: back to English


def test_a_learner_joins_with_the_group_code_typed_loosely_and_lands_on_the_project(
    trainer, store, classroom, farrukh
):
    project = store.get_project(new_project(trainer, classroom))
    loose = f" {project.code[:3].lower()}-{project.code[3:]} "
    response = post(farrukh, "/projects/join", code=loose)
    assert response.status_code == 302 and response.location == f"/projects/{project.id}"
    assert store.get_project(project.id).members == (learner_id(store, classroom, "Farrukh"),)
    assert "Clean water" in farrukh.get("/").text  # listed on the learner's first page


def test_the_first_page_puts_exercises_first_until_the_learner_is_in_a_group(
    trainer, store, classroom, farrukh
):
    """The first minutes of a class are exercises; once in a group, the project is what a learner
    comes back for."""
    page = farrukh.get("/").text
    assert page.index('class="exercise-list"') < page.index('id="my-projects-title"')
    project = store.get_project(new_project(trainer, classroom))
    post(farrukh, "/projects/join", code=project.code)
    page = farrukh.get("/").text
    assert page.index('id="my-projects"') < page.index('class="exercise-list"')


def test_a_group_code_of_another_class_lets_nobody_in(app, trainer, others, store, classroom):
    project = store.get_project(new_project(trainer, classroom))
    stranger = join(app, store.get_classroom(make_class(others, "Boris's")).join_code, "Stranger")
    response = post(stranger, "/projects/join", code=project.code)
    assert response.status_code == 404
    assert store.get_project(project.id).members == ()


def test_learners_start_projects_only_when_the_class_lets_them(trainer, store, classroom, farrukh):
    form = {
        "name": "Jobs board",
        "problem": "own",
        "problem_text": "Young people without work",
        "template": "tabs",
    }
    assert post(farrukh, "/projects", **form).status_code == 403
    post(trainer, f"/trainer/classes/{classroom.id}", projects_setting="1", learner_projects="1")
    response = post(farrukh, "/projects", **form)
    assert response.status_code == 302
    project = store.projects_of(classroom.id)[0]
    assert project.problem_text == "Young people without work"
    assert project.assignment["problem"] == "Young people without work"
    assert project.members == (learner_id(store, classroom, "Farrukh"),)
    post(trainer, f"/trainer/classes/{classroom.id}", projects_setting="1")  # the box unticked
    assert post(farrukh, "/projects", **form).status_code == 403


def test_a_learner_may_start_from_an_exercise_app_only_once_it_is_finished(
    trainer, store, classroom, farrukh
):
    post(trainer, f"/trainer/classes/{classroom.id}", projects_setting="1", learner_projects="1")
    files = {"index.html": "<h1>My heading</h1>"}
    farrukh.put("/api/work/hello", json={"files": files, "revision": 0, "step": "heading"})
    form = {"name": "Mine", "problem": "poverty", "template": "exercise:hello"}
    assert post(farrukh, "/projects", **form).status_code == 400  # not finished yet
    me = learner_id(store, classroom, "Farrukh")
    for step in ("heading", "button"):
        submission = store.create_submission(me, "hello", step, files, "en")
        store.save_result(submission.id, "pass", {})
    assert post(farrukh, "/projects", **form).status_code == 302
    assert store.projects_of(classroom.id)[0].files == files


def test_members_save_the_files_with_a_revision_and_the_second_of_two_saves_gets_409(
    trainer, store, classroom, farrukh, dilnoza
):
    project_id = new_project(trainer, classroom)
    for name in ("Farrukh", "Dilnoza"):
        store.add_member(project_id, learner_id(store, classroom, name))
    url = f"/api/projects/{project_id}/files"
    saved = farrukh.put(url, json={"files": {"index.html": "<h1>Water</h1>"}, "revision": 1})
    assert saved.status_code == 200 and saved.json["revision"] == 2
    late = dilnoza.put(url, json={"files": {"index.html": "<h1>Mine</h1>"}, "revision": 1})
    assert late.status_code == 409 and late.json["files"]["index.html"] == "<h1>Water</h1>"
    assert late.json["revision"] == 2
    stored = store.get_project(project_id)
    assert stored.files["index.html"] == "<h1>Water</h1>" and "app.js" in stored.files  # others kept
    assert farrukh.get(f"/api/projects/{project_id}").json["files"]["index.html"] == "<h1>Water</h1>"


@pytest.mark.parametrize(
    ("files", "status"),
    [
        ({"evil.py": "x"}, 400),
        ({"index.html": 5}, 400),
        ({}, 400),
        ({"index.html": "x" * 300_000}, 413),
    ],
)
def test_bad_files_are_refused_with_a_clear_4xx(trainer, store, classroom, farrukh, files, status):
    project_id = new_project(trainer, classroom, members=[learner_id(store, classroom, "Farrukh")])
    response = farrukh.put(f"/api/projects/{project_id}/files", json={"files": files, "revision": 1})
    assert response.status_code == status and response.json["error"]
    assert store.get_project(project_id).revision == 1


@pytest.mark.parametrize(
    ("language", "texts", "label"),
    [
        ("ru", {"problem": "Трубы текут", "audience": "Жители Душанбе"}, "Для кого приложение"),
        ("tg", {"problem": "Қубурҳо мешиканад", "audience": "Сокинони Душанбе"}, "Барнома барои кист"),
    ],
)
def test_the_assignment_round_trips_in_the_members_language(
    trainer, store, classroom, farrukh, language, texts, label
):
    project_id = new_project(trainer, classroom, members=[learner_id(store, classroom, "Farrukh")])
    farrukh.get(f"/?lang={language}")
    url = f"/api/projects/{project_id}"
    saved = farrukh.put(f"{url}/assignment", json={"assignment": texts, "revision": 0})
    assert saved.status_code == 200 and saved.json["revision"] == 1
    story = farrukh.post(f"{url}/stories", json={"role": "житель", "action": "сообщить о трубе"})
    assert story.status_code == 201
    assert farrukh.get(url).json["assignment"] == {**texts, "screens": "", "data": ""}
    for page in (f"/projects/{project_id}", f"/projects/{project_id}/assignment"):
        shown = farrukh.get(page).text
        assert texts["problem"] in shown and texts["audience"] in shown and label in shown
    printed = farrukh.get(f"/projects/{project_id}/assignment").text
    assert "житель" in printed and "сообщить о трубе" in printed
    stale = farrukh.put(f"{url}/assignment", json={"assignment": {"data": "x"}, "revision": 0})
    assert stale.status_code == 409 and stale.json["assignment"]["problem"] == texts["problem"]


def test_story_text_is_shown_as_text_on_the_printed_page(trainer, store, classroom, farrukh):
    project_id = new_project(trainer, classroom, members=[learner_id(store, classroom, "Farrukh")])
    farrukh.post(f"/api/projects/{project_id}/stories", json={"role": "<b>x</b>", "action": "<img src=x>"})
    printed = farrukh.get(f"/projects/{project_id}/assignment").text
    assert "<img src=x>" not in printed and "&lt;img src=x&gt;" in printed


def test_cards_move_to_doing_and_done_and_bad_moves_are_refused(trainer, store, classroom, farrukh):
    project_id = new_project(trainer, classroom, members=[learner_id(store, classroom, "Farrukh")])
    url = f"/api/projects/{project_id}/stories"
    story = farrukh.post(url, json={"role": "resident", "action": "report a broken pipe"}).json
    assert story["status"] == "todo"
    for status in ("doing", "done", "todo"):
        moved = farrukh.patch(f"{url}/{story['id']}", json={"status": status})
        assert moved.status_code == 200 and moved.json["status"] == status
        assert store.stories(project_id)[0].status == status
    assert farrukh.patch(f"{url}/{story['id']}", json={"status": "lost"}).status_code == 400
    assert farrukh.patch(f"{url}/{story['id']}", json={"role": ""}).status_code == 400
    assert farrukh.patch(f"{url}/999999", json={"status": "done"}).status_code == 404
    assert farrukh.patch(f"{url}/{2**70}", json={"status": "done"}).status_code == 404
    assert farrukh.post(url, json={"role": "resident"}).status_code == 400
    assert farrukh.delete(f"{url}/{story['id']}").status_code == 200
    assert store.stories(project_id) == []


def test_a_story_of_one_project_cannot_be_moved_through_another(trainer, store, classroom, farrukh):
    me = learner_id(store, classroom, "Farrukh")
    mine, theirs = new_project(trainer, classroom, members=[me]), new_project(trainer, classroom)
    story = trainer.post(f"/api/projects/{theirs}/stories", json={"role": "a", "action": "b"}).json
    response = farrukh.patch(f"/api/projects/{mine}/stories/{story['id']}", json={"status": "done"})
    assert response.status_code == 404
    assert store.stories(theirs)[0].status == "todo"


def test_the_trainer_changes_members_and_deletes_a_project(trainer, store, classroom, farrukh, dilnoza):
    me, her = learner_id(store, classroom, "Farrukh"), learner_id(store, classroom, "Dilnoza")
    project_id = new_project(trainer, classroom, members=[me])
    url = f"/trainer/classes/{classroom.id}/projects/{project_id}"
    post(trainer, url, members_sent="1", members=str(her))
    assert store.get_project(project_id).members == (her,)
    assert farrukh.get(f"/projects/{project_id}").status_code == 404  # no longer in the group
    post(trainer, url, action="delete")
    assert store.get_project(project_id) is None


def test_a_sprint_reaches_the_learners_socket_and_its_end_too(
    app, trainer, store, classroom, farrukh, served, sockets
):
    socket = sockets(served, "/live", farrukh)
    assert socket.next("hello")["sprint"]["sprint"] is None
    started = trainer.post(f"/api/trainer/classes/{classroom.id}/sprint", json={"minutes": 40})
    assert started.status_code == 201
    heard = socket.next("sprint")
    assert (
        heard["sprint"]["minutes"] == 40 and heard["sprint"]["ends_at"] == started.json["sprint"]["ends_at"]
    )
    # A page opened during the sprint is told at once.
    assert sockets(served, "/live", farrukh).next("hello")["sprint"]["sprint"]["minutes"] == 40
    assert trainer.delete(f"/api/trainer/classes/{classroom.id}/sprint").json["ended"] is True
    assert socket.next("sprint")["sprint"] is None
    assert store.current_sprint(classroom.id) is None


def test_a_sprint_reaches_the_trainers_dashboard_and_not_another_class(
    app, trainer, others, store, classroom, served, sockets
):
    stranger = join(app, store.get_classroom(make_class(others, "Boris's")).join_code, "Stranger")
    theirs = sockets(served, "/live", stranger)
    theirs.next("hello")
    dashboard = sockets(served, f"/live/classes/{classroom.id}", trainer)
    dashboard.next("hello")
    trainer.post(f"/api/trainer/classes/{classroom.id}/sprint", json={"minutes": 5})
    assert dashboard.next("sprint")["sprint"]["minutes"] == 5
    theirs.nothing("sprint", within=0.3)


@pytest.mark.parametrize("minutes", [0, 241, "40", None, True, 2.5])
def test_a_sprint_needs_a_sensible_number_of_minutes(trainer, store, classroom, minutes):
    response = trainer.post(f"/api/trainer/classes/{classroom.id}/sprint", json={"minutes": minutes})
    assert response.status_code == 400 and response.json["error"]
    assert store.current_sprint(classroom.id) is None


def test_the_review_lists_the_classs_projects_and_hears_their_saves(
    trainer, store, classroom, farrukh, served, sockets
):
    project_id = new_project(trainer, classroom, members=[learner_id(store, classroom, "Farrukh")])
    review = trainer.get(f"/trainer/classes/{classroom.id}/review").text
    assert f"/api/projects/{project_id}" in review and "Clean water" in review
    dashboard = sockets(served, f"/live/classes/{classroom.id}", trainer)
    dashboard.next("hello")
    farrukh.put(f"/api/projects/{project_id}/files", json={"files": {"app.js": "// go"}, "revision": 1})
    assert dashboard.next("project-saved") == {"type": "project-saved", "project": project_id, "revision": 2}
