"""Identical Checks share one grading (sandbox/grading/shared.py): a class pressing Check on the
step's solution is graded once, and every learner still gets a result of their own, in their
language. A stand-in grader counts the gradings, so these tests need no browser."""

from __future__ import annotations

import threading

import pytest

from sandbox.exercises import load_exercise
from sandbox.exercises.model import Catalog
from sandbox.grading.jobs import GradingService
from sandbox.grading.result import CheckResult, GradeResult
from tests.support.grading import page, write_exercise

SOLUTION = page("<h1>Hello</h1>")


class CountingGrader:
    """Answers every submission with a pass in its language, and remembers what it graded."""

    def __init__(self, status: str = "pass"):
        self.status = status
        self.graded: list[tuple[int, str]] = []  # (submission id, language)
        self.release = threading.Event()
        self.release.set()
        self.started = threading.Event()

    def grade(self, submission) -> GradeResult:
        self.graded.append((submission.id, submission.language))
        self.started.set()
        assert self.release.wait(10)
        check = CheckResult("heading", "There is a heading", self.status, f"said in {submission.language}")
        return GradeResult(submission.exercise.id, submission.step, self.status, 7, [check], submission.id)


@pytest.fixture
def exercise(tmp_path):
    checks = [{"expect": {"role": "heading", "count": 1}}]
    return write_exercise(tmp_path, checks, helpers={"helper.js": "window.ready = true;\n"})


@pytest.fixture
def service(store, exercise, tmp_path):
    catalog = Catalog({exercise.id: exercise})
    grader = CountingGrader()
    grading = GradingService(
        store, lambda: catalog, lambda topic, message: None, tmp_path / "jobs.db", workers=1, grader=grader
    )
    grading.catalog_now = catalog  # the tests swap an exercise in it, as a reload does
    yield grading
    grading.stop()


def check(store, grading, exercise, files=SOLUTION, language="en") -> int:
    """A new learner presses Check; their job runs; the id of their submission."""
    learner = store.create_learner()
    stored = store.create_submission(learner, exercise.id, "only", files, language)
    grading.run_job(stored.id)
    return stored.id


def test_two_learners_checking_the_same_files_get_one_grading_and_a_result_each(store, service, exercise):
    first = check(store, service, exercise)
    second = check(store, service, exercise)
    assert service.grader.graded == [(first, "en")]
    results = [store.get_submission(submission) for submission in (first, second)]
    assert [r.status for r in results] == ["pass", "pass"]
    # Each result is the learner's own: it names their submission, and nothing of the first learner.
    assert [r.result["submission"] for r in results] == [first, second]
    assert results[0].result["checks"] == results[1].result["checks"]


def test_a_check_pressed_while_the_same_files_are_graded_waits_for_that_grading(store, service, exercise):
    grader = service.grader
    grader.release.clear()
    ids: list[int] = []
    first = threading.Thread(target=lambda: ids.append(check(store, service, exercise)))
    first.start()
    assert grader.started.wait(5)
    second = threading.Thread(target=lambda: ids.append(check(store, service, exercise)))
    second.start()
    while service.shared.joined == 0 and second.is_alive():
        second.join(0.01)
    grader.release.set()
    first.join(5)
    second.join(5)
    assert len(grader.graded) == 1 and len(ids) == 2
    assert [store.get_submission(s).status for s in ids] == ["pass", "pass"]


def test_another_language_or_other_files_are_graded_again(store, service, exercise):
    check(store, service, exercise, language="en")
    russian = check(store, service, exercise, language="ru")
    check(store, service, exercise, files={**SOLUTION, "app.js": "// mine\n"})
    assert [language for _id, language in service.grader.graded] == ["en", "ru", "en"]
    assert store.get_submission(russian).result["checks"][0]["message"] == "said in ru"


def test_a_changed_exercise_never_reuses_a_verdict_of_the_old_one(store, service, exercise):
    check(store, service, exercise)
    # Loaded again unchanged (a reload of the catalog): the same content, the same verdict.
    service.catalog_now.exercises[exercise.id] = load_exercise(exercise.path)
    check(store, service, exercise)
    assert len(service.grader.graded) == 1
    # Edited and reloaded (a trainer changed a check's words): graded again.
    yaml_file = exercise.path / "exercise.yaml"
    yaml_file.write_text(yaml_file.read_text().replace("Check only-1", "Check only-1, changed"))
    service.catalog_now.exercises[exercise.id] = load_exercise(exercise.path)
    check(store, service, exercise)
    # A helper changed on disk, without a reload (the grader reads it while grading): graded again.
    (exercise.path / "helper.js").write_text("window.ready = 'changed';\n")
    check(store, service, exercise)
    assert len(service.grader.graded) == 3


def test_an_error_is_never_shared(store, service, exercise):
    service.grader.status = "error"
    check(store, service, exercise)
    check(store, service, exercise)
    assert len(service.grader.graded) == 2


def test_a_check_is_answered_at_once_only_for_files_graded_in_that_language(store, service, exercise):
    """What lets the Check route answer without queueing (GradingService.known_verdict)."""
    assert service.known_verdict(exercise, "only", "en", SOLUTION) is None
    check(store, service, exercise)
    known = service.known_verdict(exercise, "only", "en", SOLUTION)
    assert known["status"] == "pass" and known["checks"][0]["message"] == "said in en"
    assert service.known_verdict(exercise, "only", "ru", SOLUTION) is None
    assert service.known_verdict(exercise, "only", "en", {**SOLUTION, "app.js": "// mine\n"}) is None
