"""Courses on the server: a trainer assigns a whole course to a class, or adds it from the library;
the learner's list shows it with its sections and progress; a step with its own starter tells the
page about it; a course pack is installed as an exercise zip is, proved in the grader first."""

from __future__ import annotations

import io
import json
import re
import shutil

import pytest

from tests.support import FIXTURE_EXERCISES
from tests.support.web import csrf, join, make_class, post, sign_in, with_csrf, zip_of

COURSE = FIXTURE_EXERCISES.parent / "courses" / "web-basics"


def copy_of_hello(tmp_path):
    folder = tmp_path / "exercises"
    shutil.copytree(FIXTURE_EXERCISES / "hello", folder / "hello")
    return folder


@pytest.fixture
def course_app(make_app, tmp_path):
    folder = tmp_path / "exercises"
    shutil.copytree(FIXTURE_EXERCISES / "hello", folder / "hello")
    shutil.copytree(FIXTURE_EXERCISES.parent / "courses" / "web-basics", folder / "web-basics")
    return make_app(EXERCISES_DIR=str(folder))


def test_trainer_assigns_a_whole_course_and_the_learner_sees_its_sections(course_app):
    store = course_app.extensions["sandbox"].store
    trainer = sign_in(course_app, "amina")
    classroom_id = make_class(trainer)
    post(trainer, f"/trainer/classes/{classroom_id}", assign="1", exercises="hello")
    page = trainer.get(f"/trainer/classes/{classroom_id}").text
    assert "Assign the whole course" in page

    response = post(trainer, f"/trainer/classes/{classroom_id}", course="web-basics")
    assert response.status_code == 302
    assert store.assignments(classroom_id) == ["hello", "cat-page", "green-title"]
    assert "Assigned to this class" in trainer.get(f"/trainer/classes/{classroom_id}").text

    code = store.get_classroom(classroom_id).join_code
    learner = join(course_app, code, "Dilnoza")
    listed = learner.get("/?lang=ru").text
    course = listed[listed.index('data-course="web-basics"') :]
    assert "Основы веба" in course and "0 из 2 упражнений пройдено" in course
    assert re.findall(r'<h3 class="course-section"[^>]*>([^<]+)<', course) == ["HTML", "CSS"]
    assert listed.index("/exercises/hello") < listed.index("/exercises/cat-page")


def test_a_course_that_is_not_there_is_404(course_app):
    trainer = sign_in(course_app, "amina")
    classroom_id = make_class(trainer)
    assert post(trainer, f"/trainer/classes/{classroom_id}", course="nope").status_code == 404


def test_a_finished_exercise_counts_in_the_courses_progress(course_app):
    store = course_app.extensions["sandbox"].store
    trainer = sign_in(course_app, "amina")
    classroom_id = make_class(trainer)
    learner = join(course_app, store.get_classroom(classroom_id).join_code, "Dilnoza")
    learner_id = store.learners_of(classroom_id)[0].id
    submission = store.create_submission(learner_id, "green-title", "green", {}, "en")
    store.save_result(submission.id, "pass", {"status": "pass"})
    assert "1 of 2 exercises finished" in learner.get("/?lang=en").text


def page_data(html: str) -> dict:
    return json.loads(re.search(r'id="page-data">(.*?)</script>', html, re.S).group(1))


def test_the_page_of_a_step_with_its_own_starter_carries_it_and_the_code_swapped_for_it(course_app):
    store = course_app.extensions["sandbox"].store
    learner = with_csrf(course_app.test_client())
    learner.get("/exercises/cat-page/title", follow_redirects=True)
    with learner.session_transaction() as session:
        learner_id = session["learner_id"]
    assert 'id="step-start"' not in learner.get("/exercises/cat-page/title").text  # nothing to choose
    mine = {"index.html": "<h1>My cats</h1>", "style.css": ""}
    assert (
        learner.put("/api/work/cat-page", json={"files": mine, "revision": 0, "step": "title"}).status_code
        == 200
    )
    submission = store.create_submission(learner_id, "cat-page", "title", mine, "en")
    store.save_result(submission.id, "pass", {"status": "pass"})

    photo = learner.get("/exercises/cat-page/photo?lang=ru").text
    assert 'id="step-start"' in photo and "У этого шага свой начальный код" in photo
    data = page_data(photo)
    assert "Cat photos" in data["stepStart"]["files"]["index.html"] and data["stepStart"]["carried"] is None
    assert data["starter"] == data["stepStart"]["files"]  # "Start again" goes back to the step's code

    # Starting from the step's code keeps the learner's own in the work history, to go back to.
    step_code = data["stepStart"]["files"]
    swap = {"files": step_code, "revision": 1, "step": "photo", "reason": "step-starter"}
    assert learner.put("/api/work/cat-page", json=swap).status_code == 200
    assert page_data(learner.get("/exercises/cat-page/photo").text)["stepStart"]["carried"] == mine


def test_the_library_lists_courses_and_exercises_and_adds_them_to_a_class(course_app):
    store = course_app.extensions["sandbox"].store
    trainer = sign_in(course_app, "amina")
    classroom_id = make_class(trainer)
    store.set_assignments(classroom_id, [])

    page = trainer.get("/trainer/library?lang=ru").text
    assert "Основы веба" in page and "Скажи привет" in page
    course = page[page.index('id="library-course-web-basics"') : page.index('aria-labelledby="alone-title"')]
    assert re.findall(r'data-exercise="([a-z-]+)">', course)[::2] == ["cat-page", "green-title"]
    assert "3 шага" in course and "Русский" in course and "Тоҷикӣ" in course
    assert "ещё не прошло автопроверку" in course
    previews = json.loads(re.search(r'id="library-data">(.*?)</script>', page, re.S).group(1))
    assert "h1 { color: green; }" in previews["cat-page"]["files"]["style.css"]  # the finished app
    assert previews["cat-page"]["frameUrl"] == "/exercises/cat-page/frame"

    added = post(trainer, f"/trainer/classes/{classroom_id}/library", exercise="hello")
    assert added.status_code == 302 and added.location.endswith(f"/trainer/library?class={classroom_id}")
    post(trainer, f"/trainer/classes/{classroom_id}/library", course="web-basics")
    assert store.assignments(classroom_id) == ["hello", "cat-page", "green-title"]
    assert "Add the whole course to the class" not in trainer.get("/trainer/library").text
    post(trainer, f"/trainer/classes/{classroom_id}/library", exercise="hello", action="remove")
    assert store.assignments(classroom_id) == ["cat-page", "green-title"]
    assert post(trainer, f"/trainer/classes/{classroom_id}/library", exercise="nope").status_code == 404
    assert post(trainer, f"/trainer/classes/{classroom_id}/library", course="nope").status_code == 404


def upload(client, data: bytes):
    return client.post(
        "/trainer/exercises",
        data={"csrf_token": csrf(client), "zip": (io.BytesIO(data), "course.zip")},
        content_type="multipart/form-data",
    )


def test_a_course_pack_is_proved_in_the_grader_then_installed_whole(make_app, tmp_path):
    app = make_app(EXERCISES_DIR=str(copy_of_hello(tmp_path)))
    trainer = sign_in(app, "amina")
    response = upload(trainer, zip_of(COURSE))
    assert response.status_code == 302, response.text
    catalog = app.extensions["sandbox"].catalog
    assert list(catalog.courses) == ["web-basics"] and catalog.get("cat-page").course == "web-basics"
    page = trainer.get("/trainer/exercises").text
    assert 'id="exercise-cat-page" data-behaviour="ok"' in page  # the upload's findings, cached
    row = page[page.index('id="exercise-cat-page"') :]
    assert "uploaded by amina" in row[: row.index("</tr>")]
    assert "Основы веба" in trainer.get("/trainer/library?lang=ru").text


def test_a_course_pack_whose_step_starter_passes_its_step_is_refused(make_app, tmp_path):
    app = make_app(EXERCISES_DIR=str(copy_of_hello(tmp_path)))
    trainer = sign_in(app, "amina")
    pack = tmp_path / "pack" / "web-basics"
    shutil.copytree(COURSE, pack)
    shutil.copytree(
        pack / "cat-page" / "solutions" / "colour",
        pack / "cat-page" / "starter" / "colour",
        dirs_exist_ok=True,
    )
    response = upload(trainer, zip_of(pack))
    assert response.status_code == 422
    assert "“web-basics” was not installed: 1 of 9 cases do not behave as declared." in response.text
    assert "cat-page: starter/colour" in response.text
    assert app.extensions["sandbox"].catalog.courses == {}
    assert not (tmp_path / "exercises" / "web-basics").exists()


def test_a_course_pack_with_an_exercise_id_taken_outside_it_is_refused(make_app, tmp_path):
    app = make_app(EXERCISES_DIR=str(copy_of_hello(tmp_path)))
    trainer = sign_in(app, "amina")
    pack = tmp_path / "pack" / "web-basics"
    shutil.copytree(COURSE, pack)
    (pack / "course.yaml").write_text(
        (pack / "course.yaml").read_text().replace("[green-title]", "[green-title, hello]")
    )
    shutil.copytree(FIXTURE_EXERCISES / "hello", pack / "hello")
    response = upload(trainer, zip_of(pack))
    assert response.status_code == 422
    assert "web-basics/hello: another exercise on this server has this id" in response.text


def test_learners_see_the_attribution_and_licence_of_an_imported_exercise(make_app, tmp_path):
    from sandbox.authoring.fcc import import_fcc

    folder = tmp_path / "exercises"
    import_fcc(sorted((FIXTURE_EXERCISES.parent / "fcc").glob("*.json")), folder)
    learner = make_app(EXERCISES_DIR=str(folder)).test_client()
    page = learner.get("/exercises/fcc-page-basics/greet-the-reader", follow_redirects=True).text
    credit = page[page.index('<footer class="credit"') :]
    assert '<a href="https://creativecommons.org/licenses/by-sa/4.0/"' in credit and "freeCodeCamp" in credit
    russian = learner.get("/exercises/fcc-page-basics/greet-the-reader?lang=ru").text
    assert "по лицензии" in russian[russian.index('<footer class="credit"') :]


def test_an_exercise_upload_may_not_take_the_id_of_an_exercise_of_a_course(course_app, tmp_path):
    from tests.support.web import exercise_folder

    trainer = sign_in(course_app, "amina")
    response = upload(trainer, zip_of(exercise_folder(tmp_path, "cat-page")))
    assert response.status_code == 422
    assert "the course &#39;web-basics&#39; or an exercise of it has this id" in response.text
    assert course_app.extensions["sandbox"].catalog.get("cat-page").course == "web-basics"


def test_an_exercise_and_a_course_may_not_share_an_id(course_app, tmp_path):
    from tests.support.web import exercise_folder

    trainer = sign_in(course_app, "amina")
    response = upload(trainer, zip_of(exercise_folder(tmp_path, "web-basics")))
    assert response.status_code == 409  # a folder of that name is there, and not this trainer's upload
    assert list(course_app.extensions["sandbox"].catalog.courses) == ["web-basics"]
    pack = tmp_path / "pack" / "hello"
    shutil.copytree(COURSE, pack)
    (pack / "course.yaml").write_text(
        (pack / "course.yaml").read_text().replace("id: web-basics", "id: hello")
    )
    response = upload(trainer, zip_of(pack))
    assert (
        response.status_code == 422
        and "hello/course.yaml: id: another exercise on this server" in response.text
    )
    assert course_app.extensions["sandbox"].catalog.get("hello").course is None


def test_a_trainer_cannot_replace_their_own_course_with_an_exercise(make_app, tmp_path):
    from tests.support.web import exercise_folder

    app = make_app(EXERCISES_DIR=str(copy_of_hello(tmp_path)))
    trainer = sign_in(app, "amina")
    assert upload(trainer, zip_of(COURSE)).status_code == 302
    response = upload(trainer, zip_of(exercise_folder(tmp_path, "web-basics")))
    assert response.status_code == 422
    assert "the course &#39;web-basics&#39; or an exercise of it has this id" in response.text
    assert list(app.extensions["sandbox"].catalog.courses) == ["web-basics"]
