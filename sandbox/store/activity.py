"""What learners did, without their files: enough for the class dashboard to place everyone."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import select

from .classroom import Learner
from .models import LearnerRow, SubmissionRow, WorkRow

GRADED = {"pass", "fail", "error"}
FAILED = {"fail", "error"}


@dataclass(frozen=True)
class Attempt:
    """One submission, without its files: enough to place it on the grid."""

    id: int
    exercise: str
    step: str
    status: str  # queued, pass, fail, error
    created_at: datetime
    failed: int = 0  # checks that did not pass in its result (only read for the latest failing try)


@dataclass(frozen=True)
class WorkMark:
    """Where a learner's saved work on one exercise is: the step it was saved on, and when."""

    step: str | None
    updated_at: datetime


@dataclass(frozen=True)
class Activity:
    """What one learner has done: saved work by exercise, and submissions, oldest first."""

    learner: Learner
    joined_at: datetime
    work: Mapping[str, WorkMark] = field(default_factory=dict)
    attempts: tuple[Attempt, ...] = ()


def count_failed(raw_result: str | None) -> int:
    """Count the checks of a stored result that did not pass."""
    try:
        result = json.loads(raw_result or "{}")
    except ValueError:
        return 0
    checks = result.get("checks") if isinstance(result, dict) else None
    if not isinstance(checks, list):
        return 0
    return sum(1 for check in checks if isinstance(check, dict) and check.get("status") != "pass")


class ActivityStore:
    """Reads learners' work marks and submissions in a few queries, for a whole class at once."""

    def activity(self, learners: Sequence[Learner]) -> dict[int, Activity]:
        """Return what these learners did (work marks and submissions, without files), by learner id."""
        ids = [learner.id for learner in learners]
        if not ids:
            return {}
        with self.session() as db:
            joined = dict(
                db.execute(select(LearnerRow.id, LearnerRow.created_at).where(LearnerRow.id.in_(ids))).all()
            )
            work: dict[int, dict[str, WorkMark]] = {}
            for learner_id, exercise_id, step_id, updated_at in db.execute(
                select(WorkRow.learner_id, WorkRow.exercise_id, WorkRow.step_id, WorkRow.updated_at).where(
                    WorkRow.learner_id.in_(ids)
                )
            ).all():
                work.setdefault(learner_id, {})[exercise_id] = WorkMark(step_id, updated_at)
            rows = db.execute(
                select(
                    SubmissionRow.id,
                    SubmissionRow.learner_id,
                    SubmissionRow.exercise_id,
                    SubmissionRow.step_id,
                    SubmissionRow.status,
                    SubmissionRow.created_at,
                )
                .where(SubmissionRow.learner_id.in_(ids))
                .order_by(SubmissionRow.id)
            ).all()
            # Only the latest graded try of each step needs its result: how many checks it failed.
            latest: dict[tuple[int, str, str], tuple[int, str]] = {}
            for sid, learner_id, exercise_id, step_id, status, _created in rows:
                if status in GRADED:
                    latest[(learner_id, exercise_id, step_id)] = (sid, status)
            wanted = [sid for sid, status in latest.values() if status in FAILED]
            failed: dict[int, int] = {}
            for start in range(0, len(wanted), 500):  # SQLite caps the parameters of one statement
                chunk = wanted[start : start + 500]
                for sid, raw in db.execute(
                    select(SubmissionRow.id, SubmissionRow.result).where(SubmissionRow.id.in_(chunk))
                ).all():
                    failed[sid] = count_failed(raw)
        attempts: dict[int, list[Attempt]] = {}
        for sid, learner_id, exercise_id, step_id, status, created in rows:
            attempts.setdefault(learner_id, []).append(
                Attempt(sid, exercise_id, step_id, status, created, failed.get(sid, 0))
            )
        return {
            learner.id: Activity(
                learner,
                joined.get(learner.id, learner.last_seen),
                work.get(learner.id, {}),
                tuple(attempts.get(learner.id, ())),
            )
            for learner in learners
        }
