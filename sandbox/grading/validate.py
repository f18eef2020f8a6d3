"""Prove an exercise with the real grader: its starter, solutions and wrong cases behave as declared.

What each finding says is kept as messages (English, marked N_) with their values, translated where
it is shown (the exercises page, the command line, JSON answers); the grader's own words inside them
(a check's message, an error) are in the language the cases were graded in.
"""

from __future__ import annotations

from ..exercises import Exercise, Finding
from ..exercises.model import DEFAULT_LANGUAGE, N_, Message
from .result import GradeResult
from .runner import Grader, Submission

__all__ = ["Finding", "validate_behaviour"]

# What a case was expected to do, and what it did instead: one sentence for each that can happen.
ALL_PASS = N_("all checks pass")
FAILING = N_("failing: %(failing)s")
NOT_CLEAN = N_("expected a clean result; got error: %(error)s")
BROKEN_CHECKS = N_("a mistake in the exercise: these checks could not run: %(checks)s")
STARTER_PASSES = N_("expected to fail step '%(step)s'; got all checks pass")
SOLUTION_FAILS = N_("expected to pass step '%(step)s' and every step before it; got failing: %(failing)s")
WRONG_PASSES = N_("expected to fail exactly %(expected)s; got all checks pass")
WRONG_FAILS_OTHERS = N_("expected to fail exactly %(expected)s; got failing: %(failing)s")
NOTHING_RETURNED = N_(
    "%(checks)s: the JavaScript gave undefined. A js: check is either one expression "
    "(like `count() === 2`) or statements that end by returning the answer "
    "(`const n = count(); return n === 2;`); statements that return nothing give undefined"
)


def _failing(result: GradeResult) -> str:
    """The checks that did not pass, each with what the grader said (in the grading language)."""
    return "; ".join(
        f"{c.id} ({c.message})" if c.message else c.id for c in result.checks if c.status != "pass"
    )


def _nothing_returned(exercise: Exercise, result: GradeResult) -> Message | None:
    """For a js: check that gave undefined on a solution: the rule it probably broke."""
    js_checks = {c.id for step in exercise.steps for c in step.checks if c.kind == "js"}
    quiet = [
        c.id for c in result.checks if c.id in js_checks and c.status == "fail" and c.actual == "undefined"
    ]
    return Message(NOTHING_RETURNED, {"checks": ", ".join(quiet)}) if quiet else None


def _judge(case: str, step: str, result: GradeResult, expected_fails: set[str]) -> tuple[bool, Message]:
    """Whether a case behaved as declared, and the sentence that says how it went."""
    failing = _failing(result)
    if result.status == "error":
        broken = [c for c in result.checks if c.status == "error" and c.actual]
        if broken:  # a check that is the exercise's mistake (docs/checks.md, "Whose mistake is it")
            return False, Message(
                BROKEN_CHECKS, {"checks": "; ".join(f"{c.id} ({c.actual})" for c in broken)}
            )
        return False, Message(NOT_CLEAN, {"error": result.message or ""})
    got = Message(FAILING, {"failing": failing}) if failing else Message(ALL_PASS)
    if case == "starter" or case.startswith("starter/"):
        return (True, got) if result.status == "fail" else (False, Message(STARTER_PASSES, {"step": step}))
    if case.startswith("solutions/"):
        if result.status == "pass":
            return True, got
        return False, Message(SOLUTION_FAILS, {"step": step, "failing": failing})
    if set(result.failed_checks) == expected_fails:
        return True, got
    expected = ", ".join(sorted(expected_fails))
    if not failing:
        return False, Message(WRONG_PASSES, {"expected": expected})
    return False, Message(WRONG_FAILS_OTHERS, {"expected": expected, "failing": failing})


def _cases(exercise: Exercise) -> list[tuple[str, str, dict]]:
    """Each case of the exercise as (its name, the step it is graded against, its files)."""
    first = exercise.steps[0].id
    cases: list[tuple[str, str, dict]] = [("starter", first, dict(exercise.starter))]
    # A step's own starter (starter/<step>/) must fail that step as declared, as the first one does.
    cases += [(f"starter/{s.id}", s.id, dict(s.starter)) for s in exercise.steps if s.starter is not None]
    cases += [(f"solutions/{step}", step, dict(files)) for step, files in exercise.solutions.items()]
    cases += [(f"wrong/{case.name}", case.step, dict(case.files)) for case in exercise.wrong]
    return cases


def validate_behaviour(
    exercise: Exercise,
    grader: Grader,
    language: str = DEFAULT_LANGUAGE,
    app_languages: tuple[str, ...] | None = None,
    translated_cases: tuple[str, ...] = ("starter", "solutions", "wrong"),
) -> list[Finding]:
    """Grade the starter, every solution and every wrong case; return a finding for each.

    `language` is the language the grader speaks in (its check messages inside the findings); the
    findings' own sentences are translated where they are shown.

    An app translated into other languages (exercise.app_languages, or just `app_languages`) has
    its cases graded again in each: its files in that language, its checks looking for that
    language's texts. Those findings are named with the language: "solutions/plus (ru)".
    `translated_cases` picks the cases graded again, by kind ("wrong") or name ("solutions/goal"):
    all of them for a trainer's check; the tests grade only the finished app, to stay quick.
    """
    graded: list[tuple[str, str, str, dict, str]] = [
        (case, case, step, files, language) for case, step, files in _cases(exercise)
    ]
    for other in exercise.app_languages if app_languages is None else app_languages:
        translated = exercise.in_language(other)
        graded += [
            (f"{case} ({other})", case, step, files, other)
            for case, step, files in _cases(translated)
            if case in translated_cases or case.split("/")[0] in translated_cases
        ]
    # Strict: a Russian solution must hold the Russian words (a learner's code may hold any language's).
    submissions = [
        Submission(exercise, step, files, spoken, strict=True) for _, _, step, files, spoken in graded
    ]
    results = grader.grade_many(submissions)
    expected_fails = {f"wrong/{case.name}": set(case.fails) for case in exercise.wrong}

    findings = []
    for (name, case, step, _files, spoken), result in zip(graded, results, strict=True):
        ok, said = _judge(case, step, result, expected_fails.get(case, set()))
        messages = [said]
        note = None if ok else _nothing_returned(exercise, result)
        if note is not None:
            messages.append(note)
        findings.append(Finding(name, step, ok, tuple(messages), spoken))
    return findings
