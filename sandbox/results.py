"""A class's results: what every learner did on every assigned exercise, for export and re-grading.

Plain values in, plain values out: the trainer's page, the JSON export and `sandbox export` all
build on `collect()`. Nothing here knows about HTTP.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

from .exercises import Catalog, Exercise
from .store import Classroom, Learner, Store, StoredSubmission

EXPORT_VERSION = 1
CSV_FIELDS = ["learner", "exercise", "step", "step_title", "status", "attempts", "first_passed_at"]

# What a step looks like for one learner (the CSV's `status` column).
PASSED = "passed"
FAILING = "failing"  # tried (a try may still be being checked), not passed yet
NOT_STARTED = "not started"

# A spreadsheet treats a cell starting with one of these as a formula (OWASP "CSV injection").
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class StepResult:
    """One learner's standing on one step of one exercise: one row of the CSV export."""

    learner_id: int
    learner: str
    exercise: str
    step: str
    status: str
    attempts: int
    first_passed_at: datetime | None


@dataclass(frozen=True)
class ClassResults:
    """Everything a class export holds: its learners, assigned exercises and every submission."""

    classroom: Classroom
    learners: list[Learner]
    exercises: list[Exercise]
    submissions: list[StoredSubmission]  # of the class's learners, oldest first

    def of_learner(self, learner_id: int) -> list[StoredSubmission]:
        return [s for s in self.submissions if s.learner_id == learner_id]


def collect(store: Store, catalog: Catalog, classroom: Classroom) -> ClassResults:
    """Gather a class's results: learners still in the class, its exercises in order, their submissions."""
    learners = store.learners_of(classroom.id)
    present = {learner.id for learner in learners}
    exercises = [catalog.get(e) for e in store.assignments(classroom.id) if catalog.get(e) is not None]
    submissions = [s for s in store.class_submissions(classroom.id) if s.learner_id in present]
    return ClassResults(classroom, learners, exercises, submissions)


def step_results(results: ClassResults) -> list[StepResult]:
    """One row per learner × assigned exercise × step, in class, exercise and step order."""
    tries: dict[tuple[int, str, str], list[StoredSubmission]] = {}
    for submission in results.submissions:
        key = (submission.learner_id, submission.exercise_id, submission.step_id)
        tries.setdefault(key, []).append(submission)
    rows = []
    for learner in results.learners:
        for exercise in results.exercises:
            for step in exercise.steps:
                attempts = tries.get((learner.id, exercise.id, step.id), [])
                passes = [s.created_at for s in attempts if s.status == "pass"]
                status = PASSED if passes else FAILING if attempts else NOT_STARTED
                rows.append(
                    StepResult(
                        learner.id,
                        learner.name or "",
                        exercise.id,
                        step.id,
                        status,
                        len(attempts),
                        min(passes) if passes else None,
                    )
                )
    return rows


def spreadsheet_safe(value: str) -> str:
    """Keep a spreadsheet from running a cell as a formula: `=1+1` becomes `'=1+1`."""
    return "'" + value if value.startswith(FORMULA_STARTS) else value


def _when(moment: datetime | None) -> str | None:
    """Stored times are naive UTC: say so, in ISO 8601."""
    if moment is None:
        return None
    return moment.replace(tzinfo=UTC).isoformat().replace("+00:00", "Z")


def to_csv(results: ClassResults) -> str:
    """The class as CSV: learner, exercise, step (id, and "1. Title"), status, attempts, first_passed_at."""
    titles = {(e.id, s.id): f"{s.number}. {s.title.get()}" for e in results.exercises for s in e.steps}
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_FIELDS)
    for row in step_results(results):
        writer.writerow(
            [
                spreadsheet_safe(row.learner),
                spreadsheet_safe(row.exercise),
                spreadsheet_safe(row.step),
                spreadsheet_safe(titles.get((row.exercise, row.step), row.step)),
                row.status,
                row.attempts,
                _when(row.first_passed_at) or "",
            ]
        )
    return out.getvalue()


def to_json(results: ClassResults, now: datetime | None = None) -> dict:
    """The class as JSON: every submission's full result (the grading contract), grouped by learner."""
    classroom = results.classroom
    return {
        "version": EXPORT_VERSION,
        "exported_at": _when(now or datetime.now(UTC).replace(tzinfo=None)),
        "classroom": {"id": classroom.id, "name": classroom.name, "join_code": classroom.join_code},
        "exercises": [
            {"id": e.id, "title": e.title.get(), "steps": [s.id for s in e.steps]} for e in results.exercises
        ],
        "learners": [
            {
                "id": learner.id,
                "name": learner.name,
                "steps": [
                    {
                        "exercise": row.exercise,
                        "step": row.step,
                        "status": row.status,
                        "attempts": row.attempts,
                        "first_passed_at": _when(row.first_passed_at),
                    }
                    for row in step_results(
                        ClassResults(classroom, [learner], results.exercises, results.of_learner(learner.id))
                    )
                ],
                "submissions": [_submission_json(s) for s in results.of_learner(learner.id)],
            }
            for learner in results.learners
        ],
    }


def to_json_text(results: ClassResults) -> str:
    return json.dumps(to_json(results), ensure_ascii=False, indent=2) + "\n"


def _submission_json(submission: StoredSubmission) -> dict:
    return {
        "id": submission.id,
        "exercise": submission.exercise_id,
        "step": submission.step_id,
        "status": submission.status,
        "language": submission.language,
        "created_at": _when(submission.created_at),
        "graded_at": _when(submission.graded_at),
        "result": submission.result,
    }


# ---- re-grading


def regrade(store: Store, classroom_id: int, exercise_id: str, enqueue: Callable[[int], None]) -> int:
    """Queue every submission of this class's learners to an exercise for grading again.

    Only the class's own learners' work is touched (a trainer re-grades their own classes). A
    submission already waiting is left alone: it will be graded with the new checks anyway.
    Each is marked queued before its job goes in, so its result arrives as any result does.
    """
    ids = [s.id for s in store.class_submissions(classroom_id, exercise_id) if s.status != "queued"]
    store.mark_queued(ids)
    for submission_id in ids:
        enqueue(submission_id)
    return len(ids)
