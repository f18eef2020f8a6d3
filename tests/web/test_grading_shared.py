"""A Check of files the server graded a moment ago is answered at once: the class on one step sends
the same solution, and only the first of them waits for the grader (sandbox/grading/shared.py)."""

from __future__ import annotations

from sandbox.grading.result import CheckResult, GradeResult

HEADING = {"index.html": "<!doctype html><html><body><h1>Hello</h1></body></html>"}


class StandInGrader:
    """Passes every submission, and counts them (so no browser is needed)."""

    def __init__(self):
        self.graded = 0

    def grade(self, submission) -> GradeResult:
        self.graded += 1
        check = CheckResult("has-heading", "There is a heading that says Hello", "pass")
        return GradeResult(submission.exercise.id, submission.step, "pass", 9, [check], submission.id)


def test_the_second_learner_sending_the_same_files_gets_the_result_in_the_answer(
    app, learner, other, monkeypatch
):
    grading = app.extensions["sandbox"].grading
    grader = StandInGrader()
    monkeypatch.setattr(grading, "_grader", grader)
    check = {"exercise": "hello", "step": "heading", "files": HEADING}

    first = learner.post("/api/submissions", json=check)
    assert first.status_code == 202 and first.json["status"] == "queued"
    grading.run_job(first.json["id"])

    second = other.post("/api/submissions", json=check)
    assert second.status_code == 200, second.text
    answer = second.json
    assert answer["status"] == "pass" and answer["id"] != first.json["id"]
    # The result is the second learner's own: it names their submission, and is stored with it.
    assert answer["result"]["submission"] == answer["id"]
    assert answer["result"]["checks"][0]["status"] == "pass"
    assert other.get(f"/api/submissions/{answer['id']}").json["result"] == answer["result"]
    assert learner.get(f"/api/submissions/{answer['id']}").status_code == 404
    assert grader.graded == 1
    # Passing unlocks the next step for them as a graded pass does.
    assert other.post("/api/submissions", json={**check, "step": "button"}).status_code == 202
