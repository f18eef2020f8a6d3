"""What the grader is given (a Submission) and the results it gives when a job cannot finish."""

from __future__ import annotations

import time
from collections.abc import Mapping
from concurrent.futures import Future
from dataclasses import dataclass

from ..exercises import Exercise
from .messages import translations
from .result import GradeResult


@dataclass(frozen=True)
class Submission:
    """What to grade: an exercise's step against a set of learner files."""

    exercise: Exercise
    step: str
    files: Mapping[str, str]
    language: str = "en"
    id: int | None = None


@dataclass
class Job:
    submission: Submission
    future: Future


def error_result(submission: Submission, message: str, started: float, checks=None) -> GradeResult:
    return GradeResult(
        exercise=submission.exercise.id,
        step=submission.step,
        status="error",
        duration_ms=round((time.monotonic() - started) * 1000),
        checks=checks or [],
        submission=submission.id,
        message=message,
    )


def late(submission: Submission, started: float) -> GradeResult:
    """The result when no worker answered in time (all busy, or one stuck)."""
    message = translations(submission.language).gettext(
        "Your app did not finish in time: maybe a loop never ends. Check your loops and try again."
    )
    return error_result(submission, message, started)
