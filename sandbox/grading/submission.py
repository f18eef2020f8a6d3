"""What the grader is given (a Submission) and the results it gives when a job cannot finish."""

from __future__ import annotations

import time
from collections.abc import Mapping
from concurrent.futures import Future
from dataclasses import dataclass

from ..exercises import Check, Exercise
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
    # A validator's case looks for the words of its own language only; a learner's, for those of
    # their language or of the language their code is written in (Check.text_language).
    strict: bool = False

    def checks(self) -> list[Check]:
        """The checks that grade the step, each looking for its texts in the language it should
        (docs/exercise-format.md, "Texts inside the app")."""
        return [
            check.in_language(
                self.language if self.strict else check.text_language(self.files, self.language)
            )
            for check in self.exercise.checks_through(self.step)
        ]


@dataclass
class Job:
    submission: Submission
    future: Future
    attempts: int = 0  # how many times a worker failed it for a reason of ours (runner.RETRIES)
    started: float | None = None  # when a worker took it (time.monotonic()); None while it waits


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


def not_checked(submission: Submission, started: float, checks=None) -> GradeResult:
    """The result when the grader itself failed (a browser that died, a worker that could not start,
    no worker answering): the learner's code is not to blame, and they are told so."""
    return error_result(submission, ours(submission.language), started, checks)


def ours(language: str) -> str:
    return translations(language).gettext("We could not check your app; your code is kept; try again.")
