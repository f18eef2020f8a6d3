"""Check kinds: declarative `expect`, Python and JavaScript, each turning a page into a CheckResult.

Declarative and Python checks read the page through Playwright's locators and `expect`, which run
in a separate JavaScript world the learner's code cannot patch (a submission that redefines
`textContent` or `getComputedStyle` cannot fake a pass). JavaScript checks run in the page itself
by design: they are for ported tests that need the page's own globals.

One module per family: run.py (what they share: `Run`, failures, the clock, targets), elements.py
(assertions on an element), page.py (whole-page checks), actions.py (the steps in `do`), scripts.py
(Python and JavaScript checks). This module is the registry: which kind runs how.
"""

from __future__ import annotations

from collections.abc import Callable

from ...exercises import Check
from ..result import CheckResult
from .actions import ACTIONS, run_actions
from .causes import point_at_cause
from .elements import ASSERTIONS, FAILURES, check_element, needs_element
from .page import PAGE_ASSERTIONS, PAGE_CHECKS, TAPPABLE, run_page_check
from .run import (
    ACTION_MS,
    LOCATORS,
    MIN_TAP_PX,
    QUIET_MAX_MS,
    RESPONSIVE_MS,
    SETTLE_AFTER_ACTIONS_MS,
    SETTLE_MS,
    TARGET_OPTIONS,
    Broken,
    ConsoleError,
    Failed,
    OutOfTime,
    Run,
    Stuck,
    capitalised,
    locate,
    settle,
    unsettled,
)
from .scripts import run_js, run_python

__all__ = [
    "ACTIONS",
    "ACTION_MS",
    "ASSERTIONS",
    "CHECK_KINDS",
    "MIN_TAP_PX",
    "PAGE_ASSERTIONS",
    "PAGE_CHECKS",
    "QUIET_MAX_MS",
    "LOCATORS",
    "TARGET_OPTIONS",
    "RESPONSIVE_MS",
    "SETTLE_AFTER_ACTIONS_MS",
    "SETTLE_MS",
    "TAPPABLE",
    "Broken",
    "ConsoleError",
    "Failed",
    "OutOfTime",
    "Run",
    "Stuck",
    "is_read_only",
    "load_order",
    "needs_element",
    "run_check",
]


def run_expect(run: Run, check: Check) -> None:
    run_actions(run, check)
    spec = check.expect or {}
    if run.quick is not None:
        answer = run.quick.look(check)
        if unsettled(answer):
            answer = settle(run, lambda: run.quick.look(check), answer)
        if answer is True:
            return
        if answer == "missing":
            what = locate(run, spec)[1]
            raise Failed(run.gettext("We could not find %(what)s on the page.") % {"what": what})
        if isinstance(answer, dict):
            name = answer["fail"]
            what = locate(run, spec)[1]
            described = what if name in ("count", "min_count") else capitalised(what)
            raise FAILURES[name](run, described, spec[name], answer["actual"])
    if "page" in spec:
        run_page_check(run, spec)
    else:
        check_element(run, spec)


CHECK_KINDS: dict[str, Callable[[Run, Check], None]] = {
    "expect": run_expect,
    "python": run_python,
    "js": run_js,
}


def is_read_only(check: Check) -> bool:
    """True if a check only reads the page, so several can share one fresh load: a declarative
    check without actions, or a js: check its author marked `read_only` (docs/checks.md)."""
    if check.actions:
        return False
    return check.kind == "expect" or (check.kind == "js" and check.read_only)


def load_order(check: Check) -> int:
    """Where a check runs among a submission's: the read-only ones first, on the shared load
    (declarative before js:, so the quick look's one look comes before any check's script), then
    each that acts, on a load of its own."""
    if not is_read_only(check):
        return 2
    return 0 if check.kind == "expect" else 1


def run_check(run: Run, check: Check, language: str) -> CheckResult:
    """Run one check and return its result; a failure is a result, not an exception."""
    name = check.name.get(language)
    hint = check.hint.get(language) if check.hint else None
    try:
        CHECK_KINDS[check.kind](run, check)
    except Failed as failed:
        failed = point_at_cause(run, check, failed)
        return CheckResult(
            check.id,
            name,
            "fail",
            failed.message,
            hint or failed.hint,
            failed.expected,
            failed.actual,
            failed.file,
            failed.line,
        )
    except Broken as broken:
        message = run.gettext(
            "This check could not run because of a mistake in the exercise, not in your code. "
            "Tell your trainer."
        )
        return CheckResult(check.id, name, "error", message, None, None, broken.detail)
    return CheckResult(check.id, name, "pass")
