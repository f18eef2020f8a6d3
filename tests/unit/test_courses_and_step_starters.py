"""Format v2 in the loader: a step's own starter, `cumulative: false`, and courses (course.yaml
ordering exercise folders into sections, with helpers shared at the course level)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from sandbox.exercises import CourseInvalid, ExerciseInvalid, load_catalog, load_course, load_exercise
from tests.support import FIXTURE_EXERCISES

COURSES = FIXTURE_EXERCISES.parent / "courses"


@pytest.fixture
def course_dir(tmp_path) -> Path:
    """A copy of the test course that a test may break."""
    target = tmp_path / "exercises" / "web-basics"
    shutil.copytree(COURSES / "web-basics", target)
    return target


def edit(path: Path, change) -> None:
    data = yaml.safe_load(path.read_text())
    change(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True))


def test_a_step_may_have_its_own_starter_and_the_first_step_keeps_starter():
    catalog = load_catalog(COURSES)
    exercise = catalog.exercises["cat-page"]
    title, photo, colour = exercise.steps
    assert "<main></main>" in exercise.starter["index.html"]
    assert title.starter is None
    assert "Cat photos" in photo.starter["index.html"]
    assert "Colours" in colour.starter["index.html"]
    assert exercise.starter_for("title") == exercise.starter
    assert exercise.starter_for("colour") == colour.starter


def test_grading_is_cumulative_back_to_a_step_marked_cumulative_false():
    exercise = load_catalog(COURSES).exercises["cat-page"]
    assert [c.id for c in exercise.checks_through("photo")] == ["has-title", "has-photo"]
    assert [c.id for c in exercise.checks_through("colour")] == ["green-title"]


def test_a_one_folder_starter_is_still_the_starter_of_every_step():
    exercise = load_exercise(FIXTURE_EXERCISES / "hello")
    assert all(step.starter is None and step.cumulative for step in exercise.steps)
    assert exercise.starter_for("button") == exercise.starter


def test_a_starter_folder_must_name_a_step(course_dir):
    (course_dir / "cat-page" / "starter" / "photo").rename(course_dir / "cat-page" / "starter" / "photos")
    with pytest.raises(ExerciseInvalid) as caught:
        load_exercise(course_dir / "cat-page", course=course_dir)
    assert [str(p) for p in caught.value.problems] == [
        "cat-page/starter/photos: is not a step of this exercise (a step's own starter is starter/<step>/)"
    ]


def test_a_steps_own_starter_needs_every_file(course_dir):
    (course_dir / "cat-page" / "starter" / "colour" / "style.css").unlink()
    with pytest.raises(ExerciseInvalid) as caught:
        load_exercise(course_dir / "cat-page", course=course_dir)
    assert "cat-page/starter/colour/style.css: is missing" in str(caught.value)


def test_cumulative_is_true_or_false(course_dir):
    edit(course_dir / "cat-page" / "exercise.yaml", lambda d: d["steps"][2].update(cumulative="no"))
    with pytest.raises(ExerciseInvalid) as caught:
        load_exercise(course_dir / "cat-page", course=course_dir)
    assert [str(p) for p in caught.value.problems] == [
        "cat-page/exercise.yaml: step 3, cumulative: must be true or false"
    ]


def test_a_wrong_case_may_name_only_checks_that_grade_its_step(course_dir):
    (course_dir / "cat-page" / "wrong" / "red-title" / "expect.yaml").write_text(
        "step: colour\nfails: [green-title, has-photo]\n"
    )
    with pytest.raises(ExerciseInvalid) as caught:
        load_exercise(course_dir / "cat-page", course=course_dir)
    assert [str(p) for p in caught.value.problems] == [
        "cat-page/wrong/red-title/expect.yaml: fails: 'has-photo' is not a check that grades step 'colour'"
    ]


def test_a_course_orders_its_exercises_into_sections():
    catalog = load_catalog(COURSES)
    course = catalog.courses["web-basics"]
    assert course.title.get("ru") == "Основы веба"
    assert [(s.id, s.exercises) for s in course.sections] == [
        ("html", ("cat-page",)),
        ("css", ("green-title",)),
    ]
    assert course.exercise_ids == ("cat-page", "green-title")
    assert {e.course for e in catalog.exercises.values()} == {"web-basics"}


def test_an_exercise_of_a_course_may_name_a_helper_of_the_course():
    helper = load_catalog(COURSES).exercises["cat-page"].helpers[0]
    assert (helper.file, helper.at) == ("course:helpers/query.js", "dom-ready")
    assert helper.path == COURSES / "web-basics" / "helpers" / "query.js"


def test_a_course_helper_outside_a_course_is_refused(course_dir, tmp_path):
    alone = tmp_path / "alone" / "cat-page"
    shutil.copytree(course_dir / "cat-page", alone)
    with pytest.raises(ExerciseInvalid) as caught:
        load_exercise(alone)
    assert [str(p) for p in caught.value.problems] == [
        "cat-page/exercise.yaml: helpers: 'course:helpers/query.js' is not a file of this exercise's course"
    ]


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (
            lambda d: d["sections"][0].update(exercises=["cat-page", "dog-page"]),
            "web-basics/course.yaml: section 1, exercises: "
            "'dog-page' is not an exercise folder of this course",
        ),
        (
            lambda d: d["sections"].pop(),
            "web-basics/green-title: is an exercise of the course that no section lists",
        ),
        (
            lambda d: d.update(id="other"),
            "web-basics/course.yaml: id: "
            "must equal the folder name 'web-basics' (lowercase letters, digits, hyphens)",
        ),
        (lambda d: d["sections"][1].pop("title"), "web-basics/course.yaml: section 2, title: is required"),
    ],
)
def test_course_yaml_problems_name_file_and_field(course_dir, change, expected):
    edit(course_dir / "course.yaml", change)
    with pytest.raises(CourseInvalid) as caught:
        load_course(course_dir)
    assert [str(p) for p in caught.value.problems] == [expected]


def test_a_broken_course_is_left_out_and_the_other_exercises_load(course_dir):
    shutil.copytree(FIXTURE_EXERCISES / "hello", course_dir.parent / "hello")
    edit(course_dir / "course.yaml", lambda d: d.pop("sections"))
    catalog = load_catalog(course_dir.parent)
    assert list(catalog.exercises) == ["hello"]
    assert catalog.courses == {}
    assert [str(p) for p in catalog.problems["web-basics"]] == [
        "web-basics/course.yaml: sections: must be a list with at least one section"
    ]


def test_exercises_outside_courses_come_first_then_each_course_in_its_order(course_dir):
    shutil.copytree(FIXTURE_EXERCISES / "hello", course_dir.parent / "hello")
    assert list(load_catalog(course_dir.parent).exercises) == ["hello", "cat-page", "green-title"]
