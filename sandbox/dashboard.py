"""The class dashboard: who is on which step, passing or failing, and who is stuck. No Flask.

Everything here (`columns_for`, `cell_for`, `stuck_for`, `learner_row`, `grid_json`) takes plain
values and returns dataclasses or JSON-ready dicts. What learners did comes from the store
(`Store.activity`, as `Activity` dataclasses); nothing here queries the database.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from .exercises import Exercise
from .store import Activity, Attempt, Classroom
from .store.activity import FAILED, GRADED

NOT_STARTED = "not_started"
WORKING = "working"
FAILING = "failing"
PASSED = "passed"

# Three failed tries in a row on one step, and the learner is marked stuck there.
FAILURES_IN_A_ROW = 3


@dataclass(frozen=True)
class Column:
    exercise: str
    step: str
    number: int


@dataclass(frozen=True)
class Cell:
    state: str
    failed: int = 0  # checks not passing in the latest try (failing cells only)
    attempts: int = 0
    checking: bool = False  # a try is waiting for the grader


@dataclass(frozen=True)
class Stuck:
    """Why a learner is marked stuck: `failures` (tries in a row on one step) or `idle` (no progress)."""

    reason: str
    since: datetime
    exercise: str | None = None
    step: str | None = None
    count: int = 0


@dataclass(frozen=True)
class Row:
    learner_id: int
    name: str
    cells: tuple[Cell, ...]
    stuck: Stuck | None
    online: bool
    where: Mapping[str, str | None] | None
    last_seen: datetime
    last_progress: datetime
    passed: int
    total: int

    @property
    def finished(self) -> bool:
        return self.total > 0 and self.passed == self.total


# ---- the pure part


def columns_for(exercises: Sequence[Exercise]) -> list[Column]:
    """Return one column per step of each exercise, in order."""
    return [Column(e.id, s.id, s.number) for e in exercises for s in e.steps]


def _by_step(attempts: Iterable[Attempt]) -> dict[tuple[str, str], list[Attempt]]:
    found: dict[tuple[str, str], list[Attempt]] = {}
    for attempt in attempts:
        found.setdefault((attempt.exercise, attempt.step), []).append(attempt)
    return found


def current_steps(activity: Activity, where: Mapping[str, str | None] | None = None) -> dict[str, str]:
    """Return, per exercise, the step the learner is on: where they are, else where they saved or tried."""
    current: dict[str, str] = {}
    for attempt in activity.attempts:
        current[attempt.exercise] = attempt.step
    for exercise_id, mark in activity.work.items():
        if mark.step:
            current[exercise_id] = mark.step
    if where and where.get("exercise") and where.get("step"):
        current[where["exercise"]] = where["step"]
    return current


def cell_for(attempts: Sequence[Attempt], is_current: bool) -> Cell:
    """Place one learner on one step: passed, failing (latest try), working, or not started."""
    count = len(attempts)
    checking = any(a.status == "queued" for a in attempts)
    if any(a.status == "pass" for a in attempts):
        return Cell(PASSED, attempts=count, checking=checking)
    graded = [a for a in attempts if a.status in GRADED]
    if graded and graded[-1].status in FAILED:
        return Cell(FAILING, failed=graded[-1].failed, attempts=count, checking=checking)
    if checking or is_current:
        return Cell(WORKING, attempts=count, checking=checking)
    return Cell(NOT_STARTED)


def failures_in_a_row(attempts: Sequence[Attempt]) -> int:
    """Count the graded tries at the end of this list that failed, back to the last pass."""
    run = 0
    for attempt in reversed(attempts):
        if attempt.status not in GRADED:
            continue
        if attempt.status == "pass":
            break
        run += 1
    return run


def last_progress(activity: Activity) -> datetime:
    """The last save or submission; joining counts as the first sign of life."""
    moments = [activity.joined_at]
    moments += [mark.updated_at for mark in activity.work.values()]
    moments += [attempt.created_at for attempt in activity.attempts]
    return max(moments)


def stuck_for(
    activity: Activity,
    now: datetime,
    stuck_minutes: int,
    online: bool,
    finished: bool,
) -> Stuck | None:
    """Say whether and why a learner is stuck.

    - `failures`: the last FAILURES_IN_A_ROW graded tries on a step not yet passed all failed;
    - `idle`: while online and not finished, no save and no submission for `stuck_minutes`.
    Failures win over idleness; among several steps, the one failed most recently.
    """
    failing: list[tuple[datetime, Stuck]] = []
    for (exercise_id, step_id), attempts in _by_step(activity.attempts).items():
        if any(a.status == "pass" for a in attempts):
            continue
        run = failures_in_a_row(attempts)
        if run >= FAILURES_IN_A_ROW:
            graded = [a for a in attempts if a.status in GRADED]
            stuck = Stuck("failures", graded[-run].created_at, exercise_id, step_id, run)
            failing.append((graded[-1].created_at, stuck))
    if failing:
        return max(failing, key=lambda found: found[0])[1]
    if online and not finished:
        progress = last_progress(activity)
        if now - progress >= timedelta(minutes=stuck_minutes):
            return Stuck("idle", progress)
    return None


def learner_row(
    activity: Activity,
    columns: Sequence[Column],
    now: datetime,
    stuck_minutes: int,
    online: bool = False,
    where: Mapping[str, str | None] | None = None,
) -> Row:
    """Build one learner's row of the grid."""
    by_step = _by_step(activity.attempts)
    current = current_steps(activity, where if online else None)
    cells = tuple(
        cell_for(by_step.get((c.exercise, c.step), []), current.get(c.exercise) == c.step) for c in columns
    )
    passed = sum(cell.state == PASSED for cell in cells)
    finished = bool(columns) and passed == len(columns)
    learner = activity.learner
    return Row(
        learner_id=learner.id,
        name=learner.name or "",
        cells=cells,
        stuck=stuck_for(activity, now, stuck_minutes, online, finished),
        online=online,
        where=where if online else None,
        last_seen=learner.last_seen,
        last_progress=last_progress(activity),
        passed=passed,
        total=len(columns),
    )


def _iso(moment: datetime | None) -> str | None:
    return moment.isoformat() + "Z" if moment else None


def row_json(row: Row) -> dict:
    """A row as the dashboard page reads it."""
    stuck = None
    if row.stuck is not None:
        stuck = {
            "reason": row.stuck.reason,
            "since": _iso(row.stuck.since),
            "exercise": row.stuck.exercise,
            "step": row.stuck.step,
            "count": row.stuck.count,
        }
    return {
        "learner": row.learner_id,
        "name": row.name,
        "online": row.online,
        "where": dict(row.where) if row.where else None,
        "last_seen": _iso(row.last_seen),
        "last_progress": _iso(row.last_progress),
        "passed": row.passed,
        "total": row.total,
        "finished": row.finished,
        "stuck": stuck,
        "cells": [
            {"state": c.state, "failed": c.failed, "attempts": c.attempts, "checking": c.checking}
            for c in row.cells
        ],
    }


def exercises_json(exercises: Sequence[Exercise], language: str) -> list[dict]:
    """The grid's column groups: each exercise with its steps, titles in the trainer's language."""
    return [
        {
            "id": e.id,
            "title": e.title.get(language),
            "steps": [{"id": s.id, "number": s.number, "title": s.title.get(language)} for s in e.steps],
        }
        for e in exercises
    ]


def grid_exercises(catalog, assigned: Sequence[str], push: Mapping | None) -> list[Exercise]:
    """The exercises shown on the grid: those assigned, in order, and the pushed one if it is not."""
    ids = list(dict.fromkeys(list(assigned) + ([push["exercise"]] if push else [])))
    return [catalog.get(e) for e in ids if catalog.get(e) is not None]


def build_rows(
    activities: Mapping[int, Activity],
    exercises: Sequence[Exercise],
    now: datetime,
    stuck_minutes: int,
    online: Mapping[int, Mapping[str, str | None] | None],
) -> list[Row]:
    """Build the rows of the given learners, in the order of `activities`."""
    columns = columns_for(exercises)
    return [
        learner_row(
            activity,
            columns,
            now,
            stuck_minutes,
            online=learner_id in online,
            where=online.get(learner_id),
        )
        for learner_id, activity in activities.items()
    ]


def grid_json(
    classroom: Classroom,
    exercises: Sequence[Exercise],
    rows: Sequence[Row],
    language: str,
    now: datetime,
) -> dict:
    """The whole dashboard as JSON."""
    return {
        "classroom": {
            "id": classroom.id,
            "name": classroom.name,
            "stuck_minutes": classroom.stuck_minutes,
        },
        "push": classroom.push,
        "exercises": exercises_json(exercises, language),
        "columns": [f"{c.exercise}/{c.step}" for c in columns_for(exercises)],
        "rows": [row_json(r) for r in rows],
        "now": _iso(now),
    }


# ---- reading the store
