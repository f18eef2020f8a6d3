"""Prove an exercise with the real grader: its starter, solutions and wrong cases behave as declared."""

from __future__ import annotations

from ..exercises import Exercise, Finding
from .result import GradeResult
from .runner import Grader, Submission

__all__ = ["Finding", "validate_behaviour"]


def _summary(result: GradeResult) -> str:
    if result.status == "error":
        return f"error: {result.message}"
    failing = [f"{c.id} ({c.message})" for c in result.checks if c.status != "pass"]
    return "all checks pass" if not failing else "failing: " + "; ".join(failing)


def _nothing_returned(exercise: Exercise, result: GradeResult) -> str:
    """For a js: check that gave undefined on a solution: the rule it probably broke."""
    js_checks = {c.id for step in exercise.steps for c in step.checks if c.kind == "js"}
    quiet = [
        c.id for c in result.checks if c.id in js_checks and c.status == "fail" and c.actual == "undefined"
    ]
    if not quiet:
        return ""
    return (
        f". {', '.join(quiet)}: the JavaScript gave undefined. A js: check is either one expression "
        "(like `count() === 2`) or statements that end by returning the answer "
        "(`const n = count(); return n === 2;`); statements that return nothing give undefined"
    )


def validate_behaviour(exercise: Exercise, grader: Grader) -> list[Finding]:
    """Grade the starter, every solution and every wrong case; return a finding for each."""
    first = exercise.steps[0].id
    cases: list[tuple[str, str, dict]] = [("starter", first, dict(exercise.starter))]
    cases += [(f"solutions/{step}", step, dict(files)) for step, files in exercise.solutions.items()]
    cases += [(f"wrong/{case.name}", case.step, dict(case.files)) for case in exercise.wrong]
    results = grader.grade_many([Submission(exercise, step, files) for _, step, files in cases])
    expected_fails = {f"wrong/{case.name}": set(case.fails) for case in exercise.wrong}

    findings = []
    for (case, step, _files), result in zip(cases, results, strict=True):
        failed = set(result.failed_checks)
        if result.status == "error":
            ok, want = False, "a clean result"
        elif case == "starter":
            ok, want = result.status == "fail", f"to fail step '{step}'"
        elif case.startswith("solutions/"):
            ok, want = result.status == "pass", f"to pass step '{step}' and every step before it"
        else:
            ok, want = (
                failed == expected_fails[case],
                "to fail exactly " + ", ".join(sorted(expected_fails[case])),
            )
        detail = _summary(result) if ok else f"expected {want}; got {_summary(result)}"
        if not ok:
            detail += _nothing_returned(exercise, result)
        findings.append(Finding(case, step, ok, detail))
    return findings
