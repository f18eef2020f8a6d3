"""Fixtures for grader tests: throwaway exercises, and graders to run them (see also tests/conftest.py).

The grader runs its own threads with their own Playwright, as it does in the server. The exercises
are written by tests/support/grading.py's `write_exercise`.
"""

from __future__ import annotations

from typing import Any

import pytest

from sandbox.exercises import Exercise
from sandbox.grading.result import GradeResult
from sandbox.grading.runner import Grader, Submission
from tests.support.grading import DEADLINE_S, LOAD_MS, write_exercise


@pytest.fixture(scope="session")
def one_worker():
    """A grader with one worker: each submission runs in the page the one before it used."""
    grader = Grader(workers=1, deadline_s=DEADLINE_S, load_ms=LOAD_MS)
    yield grader
    grader.close()


@pytest.fixture
def make_exercise(tmp_path):
    """Write a throwaway exercise and load it: `make_exercise([check, ...], **options)`.

    The options are write_exercise's.
    """

    def make(checks: list[dict[str, Any]] | None = None, **options: Any) -> Exercise:
        return write_exercise(tmp_path, checks, **options)

    return make


@pytest.fixture
def grade(grader):
    """Grade files against an exercise's step (its last step unless named): `grade(exercise, files)`."""

    def run(
        exercise: Exercise,
        files: dict[str, str],
        *,
        step: str | None = None,
        language: str = "en",
        submission: int | None = None,
    ) -> GradeResult:
        return grader.grade(
            Submission(exercise, step or exercise.steps[-1].id, files, language=language, id=submission)
        )

    return run
