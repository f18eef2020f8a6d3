"""`sandbox import fcc`: challenge files in the shape of freeCodeCamp's 2018 curriculum (written for
these tests, tests/fixtures/fcc) become a course whose converted solutions pass and seeds fail in
the real grader, the original tests running unchanged on the project's own assert and $() helper,
with the attribution and licence in every exercise."""

from __future__ import annotations

import json

import pytest

from sandbox.authoring.fcc import ImportRefused, import_fcc
from sandbox.exercises import load_catalog
from sandbox.grading.runner import Submission
from sandbox.grading.validate import validate_behaviour
from tests.support import FIXTURE_EXERCISES

FILES = sorted((FIXTURE_EXERCISES.parent / "fcc").glob("*.json"))


@pytest.fixture(scope="module")
def course(tmp_path_factory):
    into = tmp_path_factory.mktemp("exercises")
    imported = import_fcc(FILES, into)
    return imported, load_catalog(into)


def test_each_file_becomes_an_exercise_of_the_course_and_each_challenge_a_step(course):
    imported, catalog = course
    assert catalog.problems == {}
    assert list(catalog.courses["freecodecamp-2018"].exercise_ids) == ["fcc-page-basics", "fcc-style-basics"]
    page = catalog.get("fcc-page-basics")
    assert [s.id for s in page.steps] == ["greet-the-reader", "add-a-picture"]
    assert all(not s.cumulative for s in page.steps) and page.steps[1].starter is not None
    assert page.steps[0].title.get("ru") == "Поприветствуйте читателя"  # Russian where the file has it
    assert page.partial_languages == ("ru",)
    assert page.steps[0].checks[0].name.get() == 'Your `h1` element should say "Welcome".'
    assert [values["title"] for _, values in imported.skipped] == ["A Challenge Without a Solution"]


def test_every_imported_exercise_carries_the_attribution_and_licence(course):
    _, catalog = course
    for exercise in catalog.exercises.values():
        assert "CC BY-SA 4.0" in exercise.credit.get() and "freeCodeCamp" in exercise.credit.get()
        assert "creativecommons.org/licenses/by-sa/4.0" in (exercise.path / "ATTRIBUTION.md").read_text()


def test_converted_solutions_pass_and_seeds_fail_in_the_grader(course, grader):
    _, catalog = course
    for exercise in catalog.exercises.values():
        findings = validate_behaviour(exercise, grader)
        assert [(f.case, f.ok) for f in findings if not f.ok] == [], [f.detail for f in findings]
        assert {f.case for f in findings} >= {"starter", *(f"solutions/{s.id}" for s in exercise.steps)}


def test_a_failing_original_test_says_its_own_message_in_plain_text(course, grader):
    _, catalog = course
    style = catalog.get("fcc-style-basics")
    (result,) = grader.grade_many([Submission(style, "colour-the-heading", dict(style.starter), "en")])
    messages = {c.id: (c.status, c.message) for c in result.checks}
    assert messages["colour-the-heading-1"] == ("fail", "Add the class blue-text to the h2.")
    assert messages["colour-the-heading-3"] == ("fail", "Write a .blue-text { ... } rule.")


def test_a_file_that_is_not_a_challenge_file_is_refused(tmp_path):
    other = tmp_path / "other.json"
    other.write_text(json.dumps({"hello": "world"}))
    with pytest.raises(ImportRefused, match="not a freeCodeCamp challenge file"):
        import_fcc([other], tmp_path / "exercises")
