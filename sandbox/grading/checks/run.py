"""What every check kind shares: its world (`Run`), how it fails, the clock, and how a target is found."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import Locator, Page

from ...exercises import Exercise
from ...exercises.vocabulary import ROLE_WORDS

# Before a check judges the page, after its load and after each action, the app is given until it
# is quiet (quiet.js: no short timer or request still to come, no change for a whole task), for at
# most QUIET_MAX_MS. After that an assertion still waits this long for the page to settle: briefly on
# a freshly loaded page, a bit longer after actions.
QUIET_MAX_MS = 3000
SETTLE_MS = 100
SETTLE_AFTER_ACTIONS_MS = 300
ACTION_MS = 1500
MIN_TAP_PX = 44
# How long a Python check's `expect` waits (Playwright's own default, 5 s, would eat the deadline).
PYTHON_EXPECT_MS = 1000
# How long a page may take to answer before we call it stuck (only asked after something failed).
RESPONSIVE_MS = 300


@dataclass
class ConsoleError:
    text: str
    file: str | None = None
    line: int | None = None


@dataclass
class Run:
    """One check's world: the page, the learner's files, the language, and the clock."""

    page: Page
    exercise: Exercise
    files: Mapping[str, str]
    gettext: Callable[[str], str]
    remaining_ms: Callable[[], float]
    reload: Callable[[], None]
    console_errors: list[ConsoleError] = field(default_factory=list)
    helper_errors: list[str] = field(default_factory=list)  # what the exercise's helpers threw
    dialogs: list[str] = field(default_factory=list)  # what the app's alert/confirm/prompt boxes said
    cdp: Any = None  # a DevTools session on the page, when the runner has one
    quick: Any = None  # the runner's QuickLook (quick.py): simple passes decided in one call
    acted: bool = False
    # The check shares its load with other read-only checks: it must not count as having acted.
    read_only: bool = False
    language: str = "en"  # the learner's, for texts a check gives in several languages
    # Waits until the app is quiet (the runner's Worker.wait_quiet); nothing to wait for by default.
    quiet: Callable[[], None] = lambda: None
    # Targets already clicked once in this check: Playwright has verified they are visible,
    # enabled and not covered, so repeated clicks skip the slow stability wait (≈30 ms each).
    proven: set[str] = field(default_factory=set)

    def timeout(self, wanted: float) -> float:
        """Never wait past the job's deadline (Playwright treats 0 as 'forever', so at least 1)."""
        return max(1.0, min(wanted, self.remaining_ms()))


class Failed(Exception):
    """A check did not hold; carries what to tell the learner."""

    def __init__(
        self, message: str, expected: Any = None, actual: Any = None, file=None, line=None, hint=None
    ):
        super().__init__(message)
        self.message = message
        self.expected = None if expected is None else str(expected)
        self.actual = None if actual is None else str(actual)
        self.file = file
        self.line = line
        self.hint = hint  # the check's own hint wins; this one is for a check that has none


class OutOfTime(Exception):
    """The job's deadline passed while a check was running (or the page stopped answering)."""

    def __init__(self, message: str | None = None):
        super().__init__(message or "out of time")
        self.message = message


class Stuck(OutOfTime):
    """The page stopped answering: its script never returns. The runner replaces the page."""


class Broken(Exception):
    """The check itself could not run (a mistake in the exercise, not in the learner's code).

    `detail` says what went wrong, for the trainer (a result's `actual`; the validator shows it)."""

    def __init__(self, detail: str | None = None):
        super().__init__(detail or "a mistake in the exercise")
        self.detail = detail


def responsive(run: Run) -> bool:
    """True if the page still answers; a page stuck in a loop does not. Asked only after a failure."""
    try:
        run.page.locator(":root").wait_for(state="attached", timeout=run.timeout(RESPONSIVE_MS))
    except PlaywrightError:
        return False
    return True


def stuck_or(run: Run, error: Exception, message: str | None = None) -> None:
    """After a Playwright call failed: raise OutOfTime/Stuck if that is why, else return."""
    if run.remaining_ms() <= 0:
        raise OutOfTime() from error
    if not responsive(run):
        raise Stuck(message) from error


def actual_from(error: AssertionError) -> str | None:
    """Playwright's assertion message carries the value it saw last (possibly several lines)."""
    match = re.search(r"\nActual value: (.*?)\s*(?:\nCall log:|$)", str(error), re.S)
    return match.group(1) if match else None


def words(value: str | None) -> str | None:
    """Text with its whitespace normalised, as text assertions compare it."""
    return None if value is None else " ".join(value.split())


def quote(value: Any) -> str:
    text = " ".join(str(value).split())
    return text if len(text) <= 80 else text[:77] + "…"


def _by_locator(run: Run, spec: Mapping[str, Any], exact: bool) -> tuple[Locator, str]:
    selector = spec["locator"]
    return run.page.locator(selector), run.gettext("the element “%(selector)s”") % {"selector": selector}


def _by_role(run: Run, spec: Mapping[str, Any], exact: bool) -> tuple[Locator, str]:
    _ = run.gettext
    name = spec.get("name")
    found = str(spec["role"])
    role = _(ROLE_WORDS[found]) if found in ROLE_WORDS else found  # a role we have no word for: as written
    if name is None:
        return run.page.get_by_role(found), _("a %(role)s") % {"role": role}
    locator = run.page.get_by_role(found, name=str(name), exact=exact)
    return locator, _("a %(role)s named “%(name)s”") % {"role": role, "name": name}


def _by_label(run: Run, spec: Mapping[str, Any], exact: bool) -> tuple[Locator, str]:
    label = str(spec["label"])
    locator = run.page.get_by_label(label, exact=exact)
    return locator, run.gettext("the field labelled “%(label)s”") % {"label": label}


def _by_placeholder(run: Run, spec: Mapping[str, Any], exact: bool) -> tuple[Locator, str]:
    text = str(spec["placeholder"])
    locator = run.page.get_by_placeholder(text, exact=exact)
    return locator, run.gettext("the field with the placeholder “%(text)s”") % {"text": text}


# How each kind of element target is found, in the order they are tried (`page` is not an element:
# checks/__init__.py sends it to page.py). exercises/vocabulary.py lists the words.
LOCATORS: dict[str, Callable[[Run, Mapping[str, Any], bool], tuple[Locator, str]]] = {
    "locator": _by_locator,
    "role": _by_role,
    "label": _by_label,
    "placeholder": _by_placeholder,
}
# What qualifies a target rather than finding or asserting.
TARGET_OPTIONS = ("name", "exact")


def locate(run: Run, spec: Mapping[str, Any] | str) -> tuple[Locator, str]:
    """Return a locator for a target and a description of it for messages."""
    if isinstance(spec, str):
        return run.page.locator(spec), run.gettext("the element “%(selector)s”") % {"selector": spec}
    exact = bool(spec.get("exact", False))
    for kind, find in LOCATORS.items():
        if kind in spec:
            return find(run, spec, exact)
    raise ValueError(f"no target in {dict(spec)}")


def unsettled(answer: Any) -> bool:
    """A quick-look answer that may still change as the page settles: nothing there, or a failure."""
    return answer == "missing" or isinstance(answer, dict)


def settle(run: Run, look: Callable[[], Any], answer: Any) -> Any:
    """The quick look found no target, or a failure: once the app is quiet, look again.
    Returns the last answer: unchanged, True, or False (something changed that only Playwright can
    judge)."""
    if unsettled(answer):
        run.quiet()
        answer = look()
    return answer


def capitalised(text: str) -> str:
    return text[:1].upper() + text[1:]
