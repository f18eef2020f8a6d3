"""Every bundled exercise is proven by the real grader: the starter fails step 1, each solution
passes its step and every step before it, and each wrong case fails exactly the checks it names.
The Russian and Tajik apps are proven too: the finished app in that language passes every check,
each looking for that language's words (a trainer's check, and `sandbox exercises validate`, grade
every case in every language; here only the finished app, to keep the suite quick)."""

from __future__ import annotations

import shutil

import pytest

from sandbox.exercises import load_exercise
from sandbox.grading.runner import Grader
from sandbox.grading.validate import validate_behaviour
from tests.support import BUNDLED_EXERCISES, FIXTURE_EXERCISES

BUNDLED = sorted(p.name for p in BUNDLED_EXERCISES.iterdir() if p.is_dir())


@pytest.fixture(scope="module")
def grader():
    # Generous limits: a loaded CI machine must not turn a slow page load into a wrong verdict.
    grader = Grader(workers=2, deadline_s=40, load_ms=15000)
    yield grader
    grader.close()


@pytest.mark.parametrize("name", BUNDLED)
def test_bundled_exercise_behaves_as_declared_in_the_grader(grader, name):
    exercise = load_exercise(BUNDLED_EXERCISES / name)
    finished = f"solutions/{exercise.steps[-1].id}"
    findings = validate_behaviour(exercise, grader, translated_cases=(finished,))
    problems = [f"{f.case} (step {f.step}): {f.detail}" for f in findings if not f.ok]
    assert problems == []
    assert [f.case for f in findings][0] == "starter"
    assert [f.case for f in findings][-2:] == [f"{finished} (ru)", f"{finished} (tg)"]


def test_validator_reports_a_wrong_case_that_does_not_fail_as_declared(grader, tmp_path):
    target = tmp_path / "hello"
    shutil.copytree(FIXTURE_EXERCISES / "hello", target)
    (target / "wrong" / "no-count" / "expect.yaml").write_text("step: button\nfails: [has-heading]\n")
    findings = {f.case: f for f in validate_behaviour(load_exercise(target), grader)}
    assert findings["starter"].ok and findings["solutions/button"].ok
    bad = findings["wrong/no-count"]
    assert not bad.ok
    assert "expected to fail exactly has-heading" in bad.detail and "counts" in bad.detail
