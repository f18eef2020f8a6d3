"""The validator proves an exercise's own parts too: a broken helper is caught at the starter.

A JavaScript check that fails for a reason that is not the learner's (docs/checks.md, "Whose mistake
is it") is `error`, so the starter does not "fail as declared" with it.
"""

from __future__ import annotations

from sandbox.grading.validate import validate_behaviour
from tests.support.grading import page

LIST = page("<ul><li>a</li><li>b</li></ul>")
EMPTY = page("<p>Nothing yet</p>")
CHECK = {"id": "has-items", "js": "$('li').length >= 2"}


def test_validator_catches_a_helper_that_defines_nothing_at_the_starter(make_exercise, grader):
    broken = make_exercise(
        [CHECK],
        helpers={"query.js": "window.query = (s) => document.querySelectorAll(s);"},
        solution=LIST,
        starter=EMPTY,
    )

    findings = {f.case: f for f in validate_behaviour(broken, grader)}

    assert not findings["starter"].ok
    assert findings["starter"].detail == (
        "a mistake in the exercise: these checks could not run: "
        "has-items (ReferenceError: $ is not defined (no solution of the exercise defines it))"
    )
    assert not findings["solutions/only"].ok


def test_validator_passes_the_same_exercise_with_a_working_helper(make_exercise, grader):
    working = make_exercise(
        [CHECK],
        helpers={"query.js": "window.$ = (s) => document.querySelectorAll(s);"},
        solution=LIST,
        starter=EMPTY,
    )

    findings = validate_behaviour(working, grader)

    assert [(f.case, f.ok) for f in findings] == [("starter", True), ("solutions/only", True)]


def test_validator_proves_each_steps_own_starter_fails_that_step(grader, tmp_path):
    import shutil

    from sandbox.exercises import load_catalog
    from tests.support import FIXTURE_EXERCISES

    shutil.copytree(FIXTURE_EXERCISES.parent / "courses", tmp_path / "courses")
    course = tmp_path / "courses" / "web-basics"
    catalog = load_catalog(tmp_path / "courses")
    findings = {f.case: f for f in validate_behaviour(catalog.exercises["cat-page"], grader)}
    assert {case: f.ok for case, f in findings.items()} == {
        "starter": True,
        "starter/photo": True,
        "starter/colour": True,
        "solutions/title": True,
        "solutions/photo": True,
        "solutions/colour": True,  # no photo on the new page: graded alone (cumulative: false)
        "wrong/red-title": True,
    }
    assert findings["starter/photo"].detail.startswith("failing: has-photo (")  # only its own step

    # A step's own starter that already passes its step did not behave as declared.
    shutil.copytree(
        course / "cat-page" / "solutions" / "colour",
        course / "cat-page" / "starter" / "colour",
        dirs_exist_ok=True,
    )
    again = load_catalog(tmp_path / "courses").exercises["cat-page"]
    findings = {f.case: f for f in validate_behaviour(again, grader)}
    assert not findings["starter/colour"].ok
    assert findings["starter/colour"].detail == "expected to fail step 'colour'; got all checks pass"
