"""Show and share a group project: publish its app on the publish origin (same address when
published again, a new version), unpublish it, download it with its technical assignment as a zip,
and come back to it on another device after the day.

Who may not do any of it (a classmate outside the group, another class, another trainer: 404) is in
tests/web/test_permissions.py.
"""

from __future__ import annotations

import io
import json
import re
import zipfile
from concurrent.futures import ThreadPoolExecutor

import pytest

from sandbox.app import create_app
from sandbox.publish import PUBLISHED_CSP
from sandbox.views.published import create_publish_app
from tests.support import FIXTURE_EXERCISES
from tests.support.web import TOKEN, join, make_class, post, sign_in, with_csrf

APP_JS = 'document.querySelector("h1").textContent = "Ready";'


# One app and one signed-in trainer for the module (signing in hashes a password, slowly on
# purpose); each test makes a class of its own in it.
@pytest.fixture(scope="module")
def app(tmp_path_factory, databases, grader):
    instance = tmp_path_factory.mktemp("project-share") / "instance"
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


@pytest.fixture
def store(app):
    return app.extensions["sandbox"].store


@pytest.fixture
def origin(app):
    """The publish origin, reading the same store."""
    services = app.extensions["sandbox"]
    return create_publish_app(services.store, services.exercises).test_client()


@pytest.fixture
def group(app, trainer, store):
    """A class with a project "Clean water" of Farrukh and Dilnoza: (project id, their two clients)."""
    classroom = store.get_classroom(make_class(trainer))
    farrukh = join(app, classroom.join_code, "Farrukh")
    dilnoza = join(app, classroom.join_code, "Dilnoza")
    members = [str(learner.id) for learner in store.learners_of(classroom.id)]
    response = post(
        trainer,
        f"/trainer/classes/{classroom.id}/projects",
        name="Clean water",
        problem="healthcare",
        template="reports",
        members=members,
    )
    project = int(re.search(r"#project-(\d+)", response.location).group(1))
    return project, farrukh, dilnoza


def path_of(url: str) -> str:
    return "/" + url.split("://", 1)[1].split("/", 1)[1]


def unzip(response) -> dict[str, bytes]:
    archive = zipfile.ZipFile(io.BytesIO(response.data))
    return {name: archive.read(name) for name in archive.namelist()}


# ---- publishing


def test_a_member_publishes_the_groups_app_and_the_publish_origin_serves_it_installable(group, origin):
    project, farrukh, _dilnoza = group
    assert farrukh.get(f"/api/projects/{project}/published").json == {"published": False}
    files = {"app.js": APP_JS}  # what his editor shows, stored or not yet
    published = farrukh.put(f"/api/projects/{project}/published", json={"files": files, "theme": "#0F766E"})
    assert published.status_code == 200, published.json
    state = published.json
    assert state["published"] and state["name"] == "Clean water" and state["version"] == 1
    assert state["theme"] == "#0f766e" and state["qr"].startswith(f"/projects/{project}/published/qr.svg")
    app_path = path_of(state["url"])
    assert re.fullmatch(r"/a/[A-Za-z0-9_-]{16}/", app_path)

    page = origin.get(app_path)
    assert page.status_code == 200 and "<title>Clean water</title>" in page.text
    assert page.headers["Content-Security-Policy"] == PUBLISHED_CSP and "Set-Cookie" not in page.headers
    assert '<link rel="manifest" href="manifest.webmanifest">' in page.text
    assert origin.get(app_path + "app.js").text == APP_JS
    manifest = json.loads(origin.get(app_path + "manifest.webmanifest").data)
    assert (
        manifest["name"] == "Clean water"
        and manifest["scope"] == "./"
        and manifest["display"] == "standalone"
    )
    worker = origin.get(app_path + "sw.js").text
    assert '"app.js"' in worker and '"style.css"' in worker and "-v1" in worker
    assert origin.get(app_path + "icon-192.png").mimetype == "image/png"
    qr = farrukh.get(state["qr"])
    assert qr.status_code == 200 and qr.mimetype == "image/svg+xml"


def test_publishing_again_keeps_the_address_bumps_the_version_and_is_the_whole_groups(group, origin):
    project, farrukh, dilnoza = group
    first = farrukh.put(f"/api/projects/{project}/published", json={"name": "Water"}).json
    assert dilnoza.get(f"/api/projects/{project}/published").json["url"] == first["url"]  # the group's app
    again = dilnoza.put(
        f"/api/projects/{project}/published", json={"name": "Clean water 2", "files": {"app.js": APP_JS}}
    ).json
    assert again["url"] == first["url"] and again["version"] == 2 and again["name"] == "Clean water 2"
    app_path = path_of(again["url"])
    assert "-v2" in origin.get(app_path + "sw.js").text
    assert origin.get(app_path + "app.js").text == APP_JS

    assert farrukh.delete(f"/api/projects/{project}/published").json == {"published": False}
    assert origin.get(app_path).status_code == 404
    assert farrukh.get(f"/projects/{project}/published/qr.svg").status_code == 404
    assert farrukh.delete(f"/api/projects/{project}/published").status_code == 404
    republished = farrukh.put(f"/api/projects/{project}/published", json={}).json
    assert republished["url"] != first["url"] and republished["version"] == 1  # a new address


def test_a_deleted_project_takes_its_published_app_with_it(group, origin, trainer, store):
    project, farrukh, _dilnoza = group
    url = farrukh.put(f"/api/projects/{project}/published", json={}).json["url"]
    classroom = store.get_project(project).classroom_id
    post(trainer, f"/trainer/classes/{classroom}/projects/{project}", action="delete")
    assert store.get_project(project) is None
    assert origin.get(path_of(url)).status_code == 404


@pytest.mark.parametrize(
    ("body", "said"),
    [
        ({"theme": "red"}, "Выберите цвет"),
        ({"name": "x" * 41}, "не больше 40"),
        ({"files": {"secret.py": "print(1)"}}, "secret.py"),
        ({"files": {"app.js": 7}}, "app.js"),
        ([], "JSON"),
    ],
)
def test_bad_publishing_is_a_clear_400_in_the_members_language(group, store, body, said):
    project, farrukh, _dilnoza = group
    farrukh.get("/?lang=ru")
    response = farrukh.put(f"/api/projects/{project}/published", json=body)
    assert response.status_code == 400 and said in response.json["error"], response.json
    assert store.published_project(project) is None
    farrukh.get("/?lang=en")


# ---- the zip


def test_the_zip_has_the_files_a_readme_and_the_assignment_in_the_members_language(group, store):
    project, farrukh, _dilnoza = group
    assignment = {"problem": "Трубы текут", "audience": "Жители"}
    assert (
        farrukh.put(
            f"/api/projects/{project}/assignment", json={"assignment": assignment, "revision": 0}
        ).status_code
        == 200
    )
    story = farrukh.post(
        f"/api/projects/{project}/stories", json={"role": "житель", "action": "сообщить"}
    ).json
    farrukh.patch(f"/api/projects/{project}/stories/{story['id']}", json={"status": "done"})
    farrukh.post(f"/api/projects/{project}/stories", json={"role": "мастер", "action": "видеть список"})
    post(farrukh, "/projects/join", code=store.get_project(project).code)  # already a member: no change

    response = farrukh.get(f"/projects/{project}/download.zip?lang=ru")
    assert response.status_code == 200 and response.mimetype == "application/zip"
    assert response.headers["Content-Disposition"] == 'attachment; filename="clean-water.zip"'
    entries = unzip(response)
    assert sorted(entries) == [
        "clean-water/README.txt",
        "clean-water/app.js",
        "clean-water/assignment.html",
        "clean-water/assignment.md",
        "clean-water/index.html",
        "clean-water/style.css",
    ]
    files = store.get_project(project).files
    assert all(entries[f"clean-water/{name}"].decode() == text for name, text in files.items())
    readme = entries["clean-water/README.txt"].decode("utf-8-sig")
    assert "Clean water" in readme and "index.html" in readme and "assignment.md" in readme
    assert "Как его открыть" in readme and "\r\n" in readme
    markdown = entries["clean-water/assignment.md"].decode()
    assert markdown.startswith("# Техническое задание: Clean water\n")
    assert "Трубы текут" in markdown and "Жители" in markdown
    assert "- [x] " in markdown and "житель" in markdown and "- [ ] " in markdown and "мастер" in markdown
    sheet = entries["clean-water/assignment.html"].decode()
    assert '<html lang="ru">' in sheet and "Трубы текут" in sheet and "☑" in sheet
    assert "<script" not in sheet and "/static/" not in sheet  # stands alone: opens from the disk


def test_a_projects_name_in_cyrillic_names_its_zip_in_latin_letters(group, trainer, store):
    project, farrukh, _dilnoza = group
    classroom = store.get_project(project).classroom_id
    post(trainer, f"/trainer/classes/{classroom}/projects/{project}", name="Оби тоза — ҳаёт!")
    response = farrukh.get(f"/projects/{project}/download.zip")
    assert response.headers["Content-Disposition"] == 'attachment; filename="obi-toza-hayot.zip"'
    assert all(name.startswith("obi-toza-hayot/") for name in unzip(response))


# ---- after the day


def test_a_member_comes_back_on_another_device_with_the_resume_code_even_once_the_class_is_archived(
    app, group, trainer, store
):
    project, farrukh, _dilnoza = group
    classroom = store.get_project(project).classroom_id
    post(trainer, f"/trainer/classes/{classroom}", archived="1")
    me = next(one for one in store.learners_of(classroom) if one.name == "Farrukh")
    # He lost his resume code: the trainer's class page has it, folded (the page may be projected).
    codes = trainer.get(f"/trainer/classes/{classroom}").text.split('<details class="resume-codes"', 1)[1]
    assert me.resume_code in codes.split("</details>", 1)[0]
    phone = with_csrf(app.test_client())  # another device, another day: nothing of his in it yet
    assert phone.get(f"/projects/{project}").status_code == 404
    response = phone.post("/resume", data={"csrf_token": TOKEN, "code": me.resume_code.lower()})
    assert response.status_code == 302
    first = phone.get("/").text
    assert f'href="/projects/{project}"' in first and "Clean water" in first
    page = phone.get(f"/projects/{project}")
    assert page.status_code == 200 and store.get_project(project).code in page.text
    saved = phone.put(f"/api/projects/{project}/files", json={"files": {"app.js": APP_JS}, "revision": 1})
    assert saved.status_code == 200


def test_two_members_publishing_at_once_make_one_app_at_one_address(group, store):
    """The project's row is locked first, so the second publish finds the first's row (no 500)."""
    project, farrukh, dilnoza = group
    with ThreadPoolExecutor(4) as pool:
        answers = list(
            pool.map(
                lambda client: client.put(f"/api/projects/{project}/published", json={}),
                [farrukh, dilnoza, farrukh, dilnoza],
            )
        )
    assert [answer.status_code for answer in answers] == [200] * 4
    assert len({answer.json["url"] for answer in answers}) == 1
    assert store.published_project(project).version == 4
