"""Trainers see every exercise's validation status and add exercises as zips, checked by the real grader."""

from __future__ import annotations

import io
import os
import shutil
import stat
import zipfile
from pathlib import Path

import pytest
import yaml

from tests.support.web import HELLO, csrf, exercise_folder, make_class, post, sign_in, zip_of


@pytest.fixture
def exercises_dir(tmp_path) -> Path:
    """A writable exercises folder holding the test exercise, as a trainer's server has."""
    folder = tmp_path / "exercises"
    shutil.copytree(HELLO, folder / "hello")
    return folder


@pytest.fixture
def app(make_app, exercises_dir):
    return make_app(EXERCISES_DIR=str(exercises_dir), EXERCISE_UPLOAD_BYTES=200_000)


@pytest.fixture
def amina(app):
    return sign_in(app, "amina")


@pytest.fixture
def boris(app):
    return sign_in(app, "boris")


@pytest.fixture
def token(app, amina, store):
    return store.new_api_token(store.trainer_by_name("amina").id)


def zip_entries(entries: dict[str, bytes], links: dict[str, str] | None = None) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
        for name, target in (links or {}).items():
            info = zipfile.ZipInfo(name)
            info.external_attr = (stat.S_IFLNK | 0o777) << 16
            archive.writestr(info, target)
    return buffer.getvalue()


def upload(client, data: bytes, filename: str = "exercise.zip"):
    return client.post(
        "/trainer/exercises",
        data={"csrf_token": csrf(client), "zip": (io.BytesIO(data), filename)},
        content_type="multipart/form-data",
    )


def push(app, token: str, data: bytes, multipart: bool = False):
    client = app.test_client()
    headers = {"Authorization": f"Bearer {token}"}
    if multipart:
        return client.post(
            "/api/trainer/exercises",
            data={"zip": (io.BytesIO(data), "exercise.zip")},
            content_type="multipart/form-data",
            headers=headers,
        )
    return client.post("/api/trainer/exercises", data=data, content_type="application/zip", headers=headers)


def snapshot(folder: Path) -> dict[str, tuple[int, int] | None]:
    """Every file under `folder` with its size and modification time, and every folder's name."""
    return {
        str(path.relative_to(folder)): (path.stat().st_size, path.stat().st_mtime_ns)
        if path.is_file()
        else None
        for path in sorted(folder.rglob("*"))
    }


# ---- the page


def test_exercises_page_lists_each_exercise_with_its_status(app, amina, exercises_dir):
    shutil.copytree(HELLO, exercises_dir / "broken-one")  # its id says hello: the loader refuses it
    app.extensions["sandbox"].exercises.reload()  # as a restart would load it
    page = amina.get("/trainer/exercises").text
    assert 'id="exercise-hello" data-behaviour="unchecked"' in page
    assert "Say hello" in page and "a folder on the server" in page
    assert 'id="exercise-broken-one" data-behaviour="broken"' in page
    assert "broken-one/exercise.yaml: id: must equal the folder name" in page
    assert "not offered to classes" in page
    assert 'enctype="multipart/form-data"' in page and 'name="zip"' in page
    assert "sandbox exercises push FOLDER --server http://localhost" in page
    listed = amina.get("/api/trainer/exercises").json["exercises"]
    assert [(e["id"], e["loaded"], e["behaviour"]) for e in listed] == [
        ("hello", True, "unchecked"),
        ("broken-one", False, "broken"),
    ]


def test_nav_links_to_the_exercises_page(amina):
    assert 'href="/trainer/exercises"' in amina.get("/trainer/").text


def test_check_in_the_grader_caches_findings_until_a_file_changes(app, make_app, amina, exercises_dir):
    response = post(amina, "/trainer/exercises/hello/check")
    assert response.status_code == 302 and response.location.endswith("/trainer/exercises#exercise-hello")
    page = amina.get("/trainer/exercises").text
    assert "“hello” behaves as declared in the grader." in page
    assert 'id="exercise-hello" data-behaviour="ok"' in page
    assert "ok: 4 cases behave as declared" in page
    # Kept in the instance folder: a new server process knows it without running the grader.
    again = make_app(instance=Path(app.instance_path), EXERCISES_DIR=str(exercises_dir))
    client = again.test_client()
    post(client, "/trainer/login", name="amina", password="correct horse")
    assert 'data-behaviour="ok"' in client.get("/trainer/exercises").text
    # A trainer edits a file: the findings no longer hold.
    starter = exercises_dir / "hello" / "starter" / "app.js"
    os.utime(starter, ns=(starter.stat().st_atime_ns, starter.stat().st_mtime_ns + 10_000_000))
    assert 'id="exercise-hello" data-behaviour="changed"' in amina.get("/trainer/exercises").text


def test_check_of_a_misbehaving_exercise_lists_what_went_wrong(app, amina, exercises_dir):
    # The "wrong" case now passes everything, so it no longer fails the check it names.
    shutil.copytree(
        exercises_dir / "hello" / "solutions" / "button",
        exercises_dir / "hello" / "wrong" / "no-count",
        dirs_exist_ok=True,
    )
    post(amina, "/trainer/exercises/hello/check")
    page = amina.get("/trainer/exercises").text
    assert 'data-behaviour="failing"' in page
    assert "1 of 4 cases do not behave as declared" in page
    assert "wrong/no-count" in page and "expected to fail exactly counts" in page


def test_what_the_grader_found_is_said_in_the_trainers_language(app, amina, exercises_dir):
    shutil.copytree(
        exercises_dir / "hello" / "solutions" / "button",
        exercises_dir / "hello" / "wrong" / "no-count",
        dirs_exist_ok=True,
    )
    post(amina, "/trainer/exercises/hello/check?lang=ru")  # graded in Russian, the trainer's choice
    page = amina.get("/trainer/exercises").text
    assert "ожидалось, что не будут пройдены ровно эти проверки: counts; пройдены все проверки" in page
    listed = amina.get("/api/trainer/exercises").json["exercises"][0]
    wrong = next(f for f in listed["findings"] if f["case"] == "wrong/no-count")
    assert wrong["detail"].startswith("ожидалось, что не будут пройдены ровно эти проверки: counts")
    assert wrong["language"] == "ru" and wrong["messages"][0]["values"] == {"expected": "counts"}
    # Kept as messages: a trainer reading English sees the same finding in English.
    english = amina.get("/trainer/exercises?lang=en").text
    assert "expected to fail exactly counts; got all checks pass" in english


# ---- uploading


def test_upload_installs_a_good_exercise_for_classes_at_once(app, amina, store, tmp_path, exercises_dir):
    response = upload(amina, zip_of(exercise_folder(tmp_path)))
    assert response.status_code == 302, response.text
    assert response.location.endswith("/trainer/exercises#exercise-greeting")
    page = amina.get("/trainer/exercises").text
    assert "“greeting” is installed; you can assign it to your classes now." in page
    assert 'id="exercise-greeting" data-behaviour="ok"' in page  # the upload's findings, cached
    assert "uploaded by amina" in page
    assert (exercises_dir / "greeting" / "exercise.yaml").is_file()
    assert not (exercises_dir / ".incoming").exists()
    # No restart: classes can be given it, and a learner can open it.
    classroom_id = make_class(amina)
    assert store.assignments(classroom_id) == ["greeting", "hello"]
    learner = app.test_client()
    post(learner, f"/join/{store.get_classroom(classroom_id).join_code}", name="Farrukh")
    assert learner.get("/exercises/greeting/heading").status_code == 200
    assert [e["id"] for e in learner.get("/api/exercises").json] == ["greeting", "hello"]


def short_form(folder: Path) -> None:
    """The exercise written the short way: its wrong case holds only the file with the mistake,
    and its Russian app is a table of the lines to translate (docs/exercise-format.md)."""
    for name in ("index.html", "style.css"):
        (folder / "wrong" / "no-count" / name).unlink()
    (folder / "app-texts.ru.yaml").write_text("index.html:\n  <title>Hello</title>: <title>Привет</title>\n")


def test_upload_accepts_files_at_the_top_of_the_zip_and_the_short_form(app, amina, tmp_path, exercises_dir):
    response = upload(amina, zip_of(exercise_folder(tmp_path, "top-level", short_form), top=None))
    assert response.status_code == 302, response.text
    assert (exercises_dir / "top-level" / "steps" / "1-heading.md").is_file()
    installed = app.extensions["sandbox"].catalog.get("top-level")
    assert "<title>Привет</title>" in installed.in_language("ru").wrong[0].files["index.html"]


def test_upload_of_a_broken_exercise_is_refused_with_the_validators_report(amina, tmp_path, exercises_dir):
    before = snapshot(exercises_dir)
    folder = exercise_folder(tmp_path, change=lambda f: (f / "starter" / "app.js").unlink())
    response = upload(amina, zip_of(folder))
    assert response.status_code == 422
    assert "“greeting” was not installed: fix the problems below and upload it again." in response.text
    assert "greeting/starter/app.js: is missing" in response.text
    assert snapshot(exercises_dir) == before


def test_upload_that_misbehaves_in_the_grader_is_refused_with_the_findings(
    app, amina, tmp_path, exercises_dir
):
    before = snapshot(exercises_dir)

    def no_heading(folder: Path) -> None:
        (folder / "solutions" / "heading" / "index.html").write_text("<!doctype html><p>Hi</p>")

    response = upload(amina, zip_of(exercise_folder(tmp_path, change=no_heading)))
    assert response.status_code == 422
    assert "“greeting” was not installed: 1 of 4 cases do not behave as declared." in response.text
    assert "solutions/heading" in response.text and "expected to pass step" in response.text
    assert snapshot(exercises_dir) == before
    assert "greeting" not in app.extensions["sandbox"].catalog.exercises


def add_check(check: dict, **more):
    """Change the exercise: add `check` to its first step, and any other top-level fields."""

    def change(folder: Path) -> None:
        raw = yaml.safe_load((folder / "exercise.yaml").read_text())
        raw["steps"][0]["checks"].append(check)
        raw.update(more)
        (folder / "exercise.yaml").write_text(yaml.safe_dump(raw, allow_unicode=True, sort_keys=False))

    return change


OUTSIDE = str(Path(__file__).resolve())  # a file on the server, outside any exercise

REACHING_OUT = {
    "checks.py": (
        lambda f: (f / "checks.py").write_text("import os\nos.system('touch /tmp/pwned')\n"),
        "greeting/checks.py: Python checks run on the server with all its rights",
    ),
    "python-elsewhere": (
        add_check({"id": "sneaky", "name": {"en": "Sneaky", "ru": "Хитро"}, "python": f"{OUTSIDE}:run"}),
        # The loader itself refuses paths outside the exercise folder, before the upload rules look.
        "naming a file in the exercise",
    ),
    "helper-elsewhere": (
        add_check({"id": "fine", "name": {"en": "Fine", "ru": "Хорошо"}, "js": "true"}, helpers=[OUTSIDE]),
        "greeting/exercise.yaml: helpers: must list script files in the exercise folder",
    ),
}


@pytest.mark.parametrize("case", REACHING_OUT)
def test_uploads_may_not_run_python_or_reach_outside_their_folder(amina, tmp_path, exercises_dir, case):
    change, message = REACHING_OUT[case]
    before = snapshot(exercises_dir)
    response = upload(amina, zip_of(exercise_folder(tmp_path, change=change)))
    assert response.status_code == 422
    assert message in response.text
    assert snapshot(exercises_dir) == before


def test_only_the_uploader_may_replace_an_uploaded_exercise(app, amina, boris, tmp_path, exercises_dir):
    assert upload(amina, zip_of(exercise_folder(tmp_path))).status_code == 302

    def retitled(folder: Path) -> None:
        text = (folder / "exercise.yaml").read_text().replace("Say hello", "Say hello again")
        (folder / "exercise.yaml").write_text(text)

    installed = snapshot(exercises_dir)
    refused = upload(boris, zip_of(exercise_folder(tmp_path, change=retitled)))
    assert refused.status_code == 409
    assert "There is already an exercise called “greeting”" in refused.text
    assert snapshot(exercises_dir) == installed

    replaced = upload(amina, zip_of(exercise_folder(tmp_path, change=retitled)))
    assert replaced.status_code == 302
    assert "“greeting” was replaced; classes use the new version now." in amina.get("/trainer/exercises").text
    assert app.extensions["sandbox"].catalog.get("greeting").title.get() == "Say hello again"


def test_exercises_that_came_as_folders_cannot_be_replaced_by_upload(app, amina, tmp_path, exercises_dir):
    before = snapshot(exercises_dir)
    response = upload(amina, zip_of(exercise_folder(tmp_path, "hello")))
    assert response.status_code == 409
    assert snapshot(exercises_dir) == before


UNSAFE = {
    "parent-folder": (
        zip_entries({"../evil.txt": b"x", "exercise.yaml": b"id: evil\n"}),
        "outside the exercise folder",
    ),
    "deep-parent": (zip_entries({"a/../../evil.txt": b"x"}), "outside the exercise folder"),
    "absolute": (zip_entries({"/tmp/evil.txt": b"x", "exercise.yaml": b"id: evil\n"}), "is an absolute path"),
    "drive-letter": (zip_entries({"C:/evil.txt": b"x"}), "is an absolute path"),
    "backslashes": (zip_entries({"..\\evil.txt": b"x"}), "outside the exercise folder"),
    "symlink": (
        zip_entries({"evil/exercise.yaml": b"id: evil\n"}, links={"evil/starter/index.html": "/etc/passwd"}),
        "is a symbolic link",
    ),
    "not-a-zip": (b"PK\x03\x04 but not really a zip", "This is not a zip file."),
    "two-exercises": (
        zip_entries({"a/exercise.yaml": b"id: a\n", "b/exercise.yaml": b"id: b\n"}),
        "must hold one exercise",
    ),
    "empty": (zip_entries({}), "The zip is empty."),
}


@pytest.mark.parametrize("case", UNSAFE)
def test_unsafe_zips_are_refused_and_nothing_is_written(app, amina, tmp_path, exercises_dir, case):
    data, message = UNSAFE[case]
    before = snapshot(tmp_path)
    response = upload(amina, data)
    assert response.status_code == 400
    assert message in response.text
    assert snapshot(tmp_path) == before
    assert not (tmp_path / "evil.txt").exists() and not Path("/tmp/evil.txt").exists()
    assert list(app.extensions["sandbox"].catalog.exercises) == ["hello"]


def test_a_zip_over_the_size_limit_is_refused_with_413(app, amina, token, tmp_path, exercises_dir):
    big = zip_entries({"greeting/assets/noise.bin": os.urandom(250_000)})
    before = snapshot(tmp_path)
    response = upload(amina, big)
    assert response.status_code == 413
    assert "The zip is over 195 KB" in response.text
    api = push(app, token, big)
    assert api.status_code == 413 and api.json["error"].startswith("The zip is over")
    assert snapshot(tmp_path) == before


def test_a_zip_that_unpacks_too_big_is_refused_with_413(app, token, tmp_path, exercises_dir):
    bomb = io.BytesIO()
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("greeting/assets/zeros.bin", b"\0" * (21 * 1024 * 1024))
    assert len(bomb.getvalue()) < 200_000
    response = push(app, token, bomb.getvalue())
    assert response.status_code == 413
    assert response.json["error"] == "The zip unpacks to more than 20 MB."
    assert not (exercises_dir / "greeting").exists()


def test_upload_without_a_file_says_what_to_do(amina):
    response = amina.post("/trainer/exercises", data={"csrf_token": csrf(amina)})
    assert response.status_code == 400 and "Choose the zip of an exercise first." in response.text


# ---- pushing over the API


def test_push_over_the_api_installs_a_good_exercise(app, token, tmp_path, exercises_dir):
    response = push(app, token, zip_of(exercise_folder(tmp_path)))
    assert response.status_code == 201, response.json
    body = response.json
    assert body["installed"] is True and body["replaced"] is False and body["exercise"] == "greeting"
    assert body["report"] == [
        "ok   greeting: 2 steps, 2 checks, 1 wrong cases; 4 of 4 cases behave as declared"
    ]
    assert "greeting" in app.extensions["sandbox"].catalog.exercises
    again = push(app, token, zip_of(exercise_folder(tmp_path)), multipart=True)
    assert again.status_code == 200 and again.json["replaced"] is True


def test_push_of_a_broken_exercise_answers_422_with_the_report(app, token, tmp_path, exercises_dir):
    folder = exercise_folder(tmp_path, change=lambda f: shutil.rmtree(f / "steps"))
    response = push(app, token, zip_of(folder), multipart=True)
    assert response.status_code == 422
    body = response.json
    assert body["ok"] is False and body["exercise"] == "greeting"
    assert body["report"][0] == "FAIL greeting: 4 problem(s)"
    assert "  - greeting/steps/1-heading.md: is missing (each step needs its instructions)" in body["report"]
    assert not (exercises_dir / "greeting").exists()


def test_push_answers_in_the_language_asked_for(app, token, tmp_path, exercises_dir):
    def no_heading(folder: Path) -> None:
        (folder / "solutions" / "heading" / "index.html").write_text("<!doctype html><p>Hi</p>")

    response = app.test_client().post(
        "/api/trainer/exercises",
        data=zip_of(exercise_folder(tmp_path, change=no_heading)),
        content_type="application/zip",
        headers={"Authorization": f"Bearer {token}", "Accept-Language": "tg"},
    )
    assert response.status_code == 422
    body = response.json
    assert body["report"][0].startswith("ХАТО greeting: қадамҳо: 2, санҷишҳо: 2, вариантҳои хато: 1")
    solution = next(f for f in body["findings"] if f["case"] == "solutions/heading")
    assert solution["detail"].startswith(
        "интизор буд, ки қадами «heading» ва ҳамаи қадамҳои пеш аз он гузаранд"
    )
    assert "  - solutions/heading (қадами heading): интизор буд" in "\n".join(body["report"])


# ---- who may


ROUTES = [
    ("get", "/trainer/exercises"),
    ("post", "/trainer/exercises"),
    ("post", "/trainer/exercises/hello/check"),
    ("get", "/api/trainer/exercises"),
    ("post", "/api/trainer/exercises"),
]


@pytest.mark.parametrize("method, url", ROUTES)
def test_exercise_routes_refuse_learners_and_strangers(app, store, tmp_path, exercises_dir, method, url):
    classroom = store.create_classroom(store.create_trainer("amina", "correct horse").id, "Day 1")
    learner = app.test_client()
    post(learner, f"/join/{classroom.join_code}", name="Farrukh")
    stranger = app.test_client()
    bogus = app.test_client()
    bogus.environ_base["HTTP_AUTHORIZATION"] = "Bearer sbx_not-a-token"
    data = zip_of(exercise_folder(tmp_path))
    before = snapshot(exercises_dir)

    def call(client, with_csrf: bool):
        if method == "get":
            return client.get(url)
        form = {"zip": (io.BytesIO(data), "exercise.zip")}
        if with_csrf:
            form["csrf_token"] = csrf(client)
        return client.post(url, data=form, content_type="multipart/form-data")

    api = url.startswith("/api/")
    assert call(bogus, with_csrf=False).status_code == 401  # a made-up API token, pages included
    for client in (learner, stranger):
        response = call(client, with_csrf=True)
        if api:
            assert response.status_code == 403
        else:
            assert response.status_code == 302 and "/trainer/login" in response.location
    if method == "post":
        assert call(app.test_client(), with_csrf=False).status_code == 403
    assert snapshot(exercises_dir) == before
    assert app.extensions["sandbox"].catalog.problems == {}
    assert list(app.extensions["sandbox"].catalog.exercises) == ["hello"]
    assert not (tmp_path / "instance" / "exercise-behaviour.json").exists()


def test_another_trainer_sees_the_exercises_but_cannot_check_an_unknown_one(boris):
    assert boris.get("/trainer/exercises").status_code == 200
    assert post(boris, "/trainer/exercises/nope/check").status_code == 404


def test_a_body_over_the_limit_is_refused_before_it_is_read(app, amina, token, tmp_path):
    huge = b"PK" + os.urandom(300_000)
    page = upload(amina, huge)
    assert page.status_code == 413 and "The zip is over 195 KB" in page.text
    api = push(app, token, huge)
    assert api.status_code == 413 and api.json["error"].startswith("The zip is over 195 KB.")
    assert not (tmp_path / "exercises" / ".incoming").exists()


def test_regrade_uses_the_checks_as_the_exercise_folder_has_them_now(app, amina, store, exercises_dir):
    classroom_id = make_class(amina)
    learner = store.join_classroom(classroom_id, "Farrukh").id
    stored = store.create_submission(learner, "hello", "heading", {"index.html": "<h1>Hi</h1>"}, "en")
    store.save_result(stored.id, "fail", {"status": "fail", "checks": []})
    config = exercises_dir / "hello" / "exercise.yaml"
    config.write_text(
        config.read_text().replace("expect: {role: heading, name: Hello", "expect: {role: heading, name: Hi")
    )
    post(amina, f"/trainer/classes/{classroom_id}/regrade", exercise="hello")
    check = app.extensions["sandbox"].catalog.get("hello").steps[0].checks[0]
    assert check.expect["name"] == "Hi"
    assert store.get_submission(stored.id).status == "queued"

    config.write_text("id: [broken\n")
    store.save_result(stored.id, "fail", {"status": "fail", "checks": []})
    response = post(amina, f"/trainer/classes/{classroom_id}/regrade", exercise="hello")
    assert response.status_code == 302
    assert (
        "“hello” has problems in its files now, so it was not checked." in amina.get(response.location).text
    )
    assert store.get_submission(stored.id).status == "fail"


def test_exercise_zips_may_be_bigger_than_a_learners_request(make_app, exercises_dir):
    app = make_app(EXERCISES_DIR=str(exercises_dir), EXERCISE_UPLOAD_BYTES=3 * 1024 * 1024)
    assert app.config["MAX_CONTENT_LENGTH"] == 1024 * 1024
    client = sign_in(app, "amina")
    # Encoded here: the test client's own encoder leaves a temporary file open for bodies this big.
    boundary = "exercise-zip-boundary"
    head = (
        f'--{boundary}\r\nContent-Disposition: form-data; name="csrf_token"\r\n\r\n{csrf(client)}\r\n'
        f'--{boundary}\r\nContent-Disposition: form-data; name="zip"; filename="big.zip"\r\n'
        "Content-Type: application/zip\r\n\r\n"
    )
    body = head.encode() + b"not a zip" * 200_000 + f"\r\n--{boundary}--\r\n".encode()
    response = client.post(
        "/trainer/exercises", data=body, content_type=f"multipart/form-data; boundary={boundary}"
    )  # 1.8 MB: read, then refused for what it is, not for its size
    assert response.status_code == 400 and "This is not a zip file." in response.text
