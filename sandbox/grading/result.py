"""Grading results: the contract between grader, learner page, command line and export."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

RESULT_VERSION = 1


@dataclass
class CheckResult:
    """How one check went: pass / fail / error / skipped, in words a beginner can act on."""

    id: str
    name: str
    status: str
    message: str | None = None
    hint: str | None = None
    expected: str | None = None
    actual: str | None = None
    file: str | None = None  # where in the learner's code, when the check knows
    line: int | None = None


@dataclass
class GradeResult:
    """How a whole submission went; `status` is error when the grader could not finish."""

    exercise: str
    step: str
    status: str
    duration_ms: int
    checks: list[CheckResult] = field(default_factory=list)
    submission: int | None = None
    message: str | None = None  # set when status is error: what happened, for the learner

    def to_dict(self) -> dict[str, Any]:
        data = {"version": RESULT_VERSION, **asdict(self)}
        data["checks"] = [asdict(check) for check in self.checks]
        return data

    @property
    def passed(self) -> bool:
        return self.status == "pass"

    @property
    def failed_checks(self) -> list[str]:
        return [c.id for c in self.checks if c.status != "pass"]

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> GradeResult:
        checks = [CheckResult(**c) for c in data.get("checks", [])]
        fields = {
            k: data.get(k) for k in ("exercise", "step", "status", "duration_ms", "submission", "message")
        }
        return cls(checks=checks, **fields)
