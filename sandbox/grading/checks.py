"""Check kinds: declarative `expect`, Python and JavaScript, each turning a page into a CheckResult.

Declarative and Python checks read the page through Playwright's locators and `expect`, which run
in a separate JavaScript world the learner's code cannot patch (a submission that redefines
`textContent` or `getComputedStyle` cannot fake a pass). JavaScript checks run in the page itself
by design: they are for ported tests that need the page's own globals.
"""

from __future__ import annotations

import importlib.util
import json
import logging
import re
import sys
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import Locator, Page, expect

from ..exercises import Check, Exercise
from .result import CheckResult

log = logging.getLogger(__name__)

# How long an assertion may wait for the page to settle: briefly on a freshly loaded page, a bit
# longer after actions (a click handler may update the page a moment later).
SETTLE_MS = 100
SETTLE_AFTER_ACTIONS_MS = 300
SETTLE_POLL_MS = 60  # how often the quick look looks again while the page settles
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
    cdp: Any = None  # a DevTools session on the page, when the runner has one
    quick: Any = None  # the runner's QuickLook (quick.py): simple passes decided in one call
    acted: bool = False
    # When the quick look may take the page as settled: SETTLE_MS after it loaded, or
    # SETTLE_AFTER_ACTIONS_MS after the last action (time.monotonic()).
    settle_at: float = 0.0
    # Targets already clicked once in this check: Playwright has verified they are visible,
    # enabled and not covered, so repeated clicks skip the slow stability wait (≈30 ms each).
    proven: set[str] = field(default_factory=set)

    def timeout(self, wanted: float) -> float:
        """Never wait past the job's deadline (Playwright treats 0 as 'forever', so at least 1)."""
        return max(1.0, min(wanted, self.remaining_ms()))


class Failed(Exception):
    """A check did not hold; carries what to tell the learner."""

    def __init__(self, message: str, expected: Any = None, actual: Any = None, file=None, line=None):
        super().__init__(message)
        self.message = message
        self.expected = None if expected is None else str(expected)
        self.actual = None if actual is None else str(actual)
        self.file = file
        self.line = line


class OutOfTime(Exception):
    """The job's deadline passed while a check was running (or the page stopped answering)."""

    def __init__(self, message: str | None = None):
        super().__init__(message or "out of time")
        self.message = message


class Stuck(OutOfTime):
    """The page stopped answering: its script never returns. The runner replaces the page."""


class Broken(Exception):
    """The check itself could not run (a mistake in the exercise, not in the learner's code)."""


def responsive(run: Run) -> bool:
    """True if the page still answers; a page stuck in a loop does not. Asked only after a failure."""
    try:
        run.page.locator(":root").wait_for(state="attached", timeout=run.timeout(RESPONSIVE_MS))
    except PlaywrightError:
        return False
    return True


def _stuck_or(run: Run, error: Exception, message: str | None = None) -> None:
    """After a Playwright call failed: raise OutOfTime/Stuck if that is why, else return."""
    if run.remaining_ms() <= 0:
        raise OutOfTime() from error
    if not responsive(run):
        raise Stuck(message) from error


def _actual_from(error: AssertionError) -> str | None:
    """Playwright's assertion message carries the value it saw last (possibly several lines)."""
    match = re.search(r"\nActual value: (.*?)\s*(?:\nCall log:|$)", str(error), re.S)
    return match.group(1) if match else None


def _words(value: str | None) -> str | None:
    """Text with its whitespace normalised, as text assertions compare it."""
    return None if value is None else " ".join(value.split())


def _quote(value: Any) -> str:
    text = " ".join(str(value).split())
    return text if len(text) <= 80 else text[:77] + "…"


# ---- targets


def locate(run: Run, spec: Mapping[str, Any] | str) -> tuple[Locator, str]:
    """Return a locator for a target and a description of it for messages."""
    _ = run.gettext
    page = run.page
    if isinstance(spec, str):
        return page.locator(spec), _("the element “%(selector)s”") % {"selector": spec}
    exact = bool(spec.get("exact", False))
    if "locator" in spec:
        return page.locator(spec["locator"]), _("the element “%(selector)s”") % {"selector": spec["locator"]}
    if "role" in spec:
        name = spec.get("name")
        role = str(spec["role"])
        if name is None:
            return page.get_by_role(role), _("a %(role)s") % {"role": role}
        locator = page.get_by_role(role, name=str(name), exact=exact)
        return locator, _("a %(role)s named “%(name)s”") % {"role": role, "name": name}
    if "label" in spec:
        label = str(spec["label"])
        return page.get_by_label(label, exact=exact), _("the field labelled “%(label)s”") % {"label": label}
    if "placeholder" in spec:
        text = str(spec["placeholder"])
        locator = page.get_by_placeholder(text, exact=exact)
        return locator, _("the field with the placeholder “%(text)s”") % {"text": text}
    raise ValueError(f"no target in {dict(spec)}")


# ---- actions in `do`


def _act(verb: str, call: Callable[[Locator, float, Mapping[str, Any], bool], None]):
    def action(run: Run, step: Mapping[str, Any]) -> None:
        _ = run.gettext
        locator, what = locate(run, step[verb])
        key = f"{verb}:{step[verb]}"
        words = {"action": _(ACTION_WORDS[verb]), "what": what}
        stopped = _(
            "Your app stopped responding when we tried to %(action)s %(what)s: maybe a loop "
            "never ends. Check your loops and try again."
        )
        if verb == "click" and run.quick is not None:
            try:
                answer = run.quick.click(step[verb])
                if answer == "missing":
                    answer = _settle(run, lambda: run.quick.click(step[verb]), answer)
            except PlaywrightError as error:
                raise Stuck(stopped % words) from error
            if answer is True:
                run.proven.add(key)
                return
            if answer == "missing":
                raise Failed(_("We tried to %(action)s %(what)s, but could not find it.") % words)
        try:
            expect(locator.first).to_be_attached(
                timeout=run.timeout(SETTLE_AFTER_ACTIONS_MS if run.acted else SETTLE_MS)
            )
        except AssertionError as error:
            raise Failed(_("We tried to %(action)s %(what)s, but could not find it.") % words) from error
        try:
            call(locator.first, run.timeout(ACTION_MS), step, key in run.proven)
            run.proven.add(key)
        except PlaywrightError as error:
            _stuck_or(run, error, stopped % words)
            raise Failed(
                _(
                    "We tried to %(action)s %(what)s, but it did not work: "
                    "it may be hidden, covered or disabled."
                )
                % words
            ) from error

    return action


def _wait(run: Run, step: Mapping[str, Any]) -> None:
    run.page.wait_for_timeout(min(float(step["wait"]), max(0.0, run.remaining_ms())))


def _reload(run: Run, step: Mapping[str, Any]) -> None:
    run.reload()


# Words for messages, marked for translation where they are used.
ACTION_WORDS = {
    "click": "click",
    "tap": "tap",
    "fill": "type into",
    "press": "press a key in",
    "select": "choose an option in",
    "check": "tick",
    "uncheck": "untick",
}

ACTIONS: dict[str, Callable[[Run, Mapping[str, Any]], None]] = {
    "click": _act("click", lambda el, t, step, proven: el.click(timeout=t, force=proven)),
    "tap": _act("tap", lambda el, t, step, proven: el.tap(timeout=t, force=proven)),
    "fill": _act("fill", lambda el, t, step, proven: el.fill(str(step["with"]), timeout=t, force=proven)),
    "press": _act("press", lambda el, t, step, proven: el.press(str(step["key"]), timeout=t)),
    "select": _act("select", lambda el, t, step, proven: el.select_option(str(step["option"]), timeout=t)),
    "check": _act("check", lambda el, t, step, proven: el.check(timeout=t, force=proven)),
    "uncheck": _act("uncheck", lambda el, t, step, proven: el.uncheck(timeout=t, force=proven)),
    "wait": _wait,
    "reload": _reload,
}


def _unsettled(answer: Any) -> bool:
    """A quick-look answer that may still change as the page settles: nothing there, or a failure."""
    return answer == "missing" or isinstance(answer, dict)


def _settle(run: Run, look: Callable[[], Any], answer: Any) -> Any:
    """The quick look found no target, or a failure: until the page has had its time to settle
    (from its load or the last action, as long as Playwright's assertions would wait), look again.
    Returns the last answer: unchanged once settled, True, or False (something changed that only
    Playwright can judge)."""
    until = min(run.settle_at, time.monotonic() + max(0.0, run.remaining_ms()) / 1000)
    while _unsettled(answer) and time.monotonic() < until:
        time.sleep(max(0.0, min(SETTLE_POLL_MS / 1000, until - time.monotonic())))
        answer = look()
    return answer


def run_actions(run: Run, check: Check) -> None:
    for step in check.actions:
        verb = next(key for key in step if key in ACTIONS)
        ACTIONS[verb](run, step)
        run.acted = True
        run.settle_at = time.monotonic() + SETTLE_AFTER_ACTIONS_MS / 1000
        if run.quick is not None:
            run.quick.forget()


# ---- assertions on an element


def _assert(run: Run, attempt: Callable[[float], None], failure: Callable[[str | None], Failed]) -> None:
    """Run one Playwright assertion; turn its failure into a message for the learner."""
    wait = SETTLE_AFTER_ACTIONS_MS if run.acted else SETTLE_MS
    try:
        attempt(run.timeout(wait))
    except AssertionError as error:
        raise failure(_actual_from(error)) from error


def visible_failure(run: Run, what: str, wanted: bool, actual: Any = None) -> Failed:
    _ = run.gettext
    if wanted:
        return Failed(
            _("%(what)s is on the page, but it cannot be seen.") % {"what": what}, "visible", "hidden"
        )
    return Failed(
        _("%(what)s can still be seen, but it should be hidden now.") % {"what": what}, "hidden", "visible"
    )


def text_failure(run: Run, what: str, wanted: Any, actual: str | None) -> Failed:
    return Failed(
        run.gettext("%(what)s should say “%(expected)s”, but it says “%(actual)s”.")
        % {"what": what, "expected": wanted, "actual": _quote(actual or "")},
        wanted,
        _words(actual),
    )


def contains_failure(run: Run, what: str, wanted: Any, actual: str | None) -> Failed:
    return Failed(
        run.gettext("%(what)s should contain “%(expected)s”, but it says “%(actual)s”.")
        % {"what": what, "expected": wanted, "actual": _quote(actual or "")},
        wanted,
        _words(actual),
    )


def count_failure(run: Run, what: str, wanted: Any, actual: Any) -> Failed:
    return Failed(
        run.gettext("We looked for %(what)s and expected to find %(expected)s, but found %(actual)s.")
        % {"what": what, "expected": wanted, "actual": actual},
        wanted,
        actual,
    )


def value_failure(run: Run, what: str, wanted: Any, actual: str | None) -> Failed:
    return Failed(
        run.gettext("%(what)s should hold “%(expected)s”, but it holds “%(actual)s”.")
        % {"what": what, "expected": wanted, "actual": _quote(actual or "")},
        wanted,
        actual,
    )


# How a failed assertion is told, whichever path found it (Playwright's, or the quick look's).
FAILURES: dict[str, Callable[[Run, str, Any, Any], Failed]] = {
    "visible": visible_failure,
    "text": text_failure,
    "contains": contains_failure,
    "count": count_failure,
    "value": value_failure,
}


def check_visible(run, locator, what, wanted):
    if wanted:
        attempt = lambda t: expect(locator.first).to_be_visible(timeout=t)  # noqa: E731
    else:
        attempt = lambda t: expect(locator.first).to_be_hidden(timeout=t)  # noqa: E731
    _assert(run, attempt, lambda actual: visible_failure(run, what, wanted))


def check_text(run, locator, what, wanted):
    _assert(
        run,
        lambda t: expect(locator.first).to_have_text(str(wanted), timeout=t),
        lambda actual: text_failure(run, what, wanted, actual),
    )


def check_contains(run, locator, what, wanted):
    _assert(
        run,
        lambda t: expect(locator.first).to_contain_text(str(wanted), timeout=t),
        lambda actual: contains_failure(run, what, wanted, actual),
    )


def check_count(run, locator, what, wanted):
    _assert(
        run,
        lambda t: expect(locator).to_have_count(int(wanted), timeout=t),
        lambda actual: count_failure(run, what, wanted, actual),
    )


def check_min_count(run, locator, what, wanted):
    _ = run.gettext
    found = locator.count()
    if found < int(wanted) and run.acted:
        run.page.wait_for_timeout(run.timeout(SETTLE_AFTER_ACTIONS_MS))
        found = locator.count()
    if found < int(wanted):
        raise Failed(
            _("We looked for %(what)s and expected to find at least %(expected)s, but found %(actual)s.")
            % {"what": what, "expected": wanted, "actual": found},
            wanted,
            found,
        )


def check_value(run, locator, what, wanted):
    _assert(
        run,
        lambda t: expect(locator.first).to_have_value(str(wanted), timeout=t),
        lambda actual: value_failure(run, what, wanted, actual),
    )


def check_attribute(run, locator, what, wanted: Mapping[str, Any]):
    _ = run.gettext
    for name, value in wanted.items():
        _assert(
            run,
            lambda t, n=name, v=value: expect(locator.first).to_have_attribute(n, str(v), timeout=t),
            lambda actual, n=name, v=value: Failed(
                _('%(what)s should have %(name)s="%(expected)s", but it has “%(actual)s”.')
                % {"what": what, "name": n, "expected": v, "actual": _quote(actual or "")},
                f'{n}="{v}"',
                actual,
            ),
        )


def check_css(run, locator, what, wanted: Mapping[str, Any]):
    _ = run.gettext
    for prop, value in wanted.items():
        _assert(
            run,
            lambda t, p=prop, v=value: expect(locator.first).to_have_css(p, str(v), timeout=t),
            lambda actual, p=prop, v=value: Failed(
                _(
                    "%(what)s should have the style %(property)s: %(expected)s, but it has %(property)s: "
                    "%(actual)s."
                )
                % {"what": what, "property": p, "expected": v, "actual": actual},
                f"{p}: {v}",
                f"{p}: {actual}",
            ),
        )


def check_checked(run, locator, what, wanted):
    _ = run.gettext
    message = _("%(what)s should be ticked.") if wanted else _("%(what)s should not be ticked.")
    _assert(
        run,
        lambda t: expect(locator.first).to_be_checked(checked=bool(wanted), timeout=t),
        lambda actual: Failed(message % {"what": what}, wanted, not wanted),
    )


def check_enabled(run, locator, what, wanted):
    _ = run.gettext
    message = (
        _("%(what)s should be usable, but it is disabled.")
        if wanted
        else _("%(what)s should be disabled, but it can still be used.")
    )
    _assert(
        run,
        lambda t: expect(locator.first).to_be_enabled(enabled=bool(wanted), timeout=t),
        lambda actual: Failed(message % {"what": what}, wanted, not wanted),
    )


# Assertion registry, in the order they are tried.
ASSERTIONS: dict[str, Callable] = {
    "count": check_count,
    "min_count": check_min_count,
    "visible": check_visible,
    "text": check_text,
    "contains": check_contains,
    "value": check_value,
    "attribute": check_attribute,
    "css": check_css,
    "checked": check_checked,
    "enabled": check_enabled,
}
NEEDS_NO_ELEMENT = {"count", "min_count", "visible"}


def _capitalised(text: str) -> str:
    return text[:1].upper() + text[1:]


def check_element(run: Run, spec: Mapping[str, Any]) -> None:
    _ = run.gettext
    locator, what = locate(run, spec)
    names = [name for name in ASSERTIONS if name in spec]
    if needs_element(spec):
        _wait_for_any(run, locator, what)
    for name in names:
        # Counting messages name the target mid-sentence; the others start with it.
        described = what if name in ("count", "min_count") else _capitalised(what)
        ASSERTIONS[name](run, locator, described, spec[name])


def needs_element(spec: Mapping[str, Any]) -> bool:
    """True if a check on this target fails at once when nothing matches it (counting and
    "visible: false" do not: none is an answer to them)."""
    names = [name for name in ASSERTIONS if name in spec]
    if set(names) <= NEEDS_NO_ELEMENT and ("count" in names or "min_count" in names):
        return False
    return not (names == ["visible"] and spec["visible"] is False)


def _wait_for_any(run: Run, locator: Locator, what: str) -> None:
    _ = run.gettext
    try:
        expect(locator.first).to_be_attached(
            timeout=run.timeout(SETTLE_AFTER_ACTIONS_MS if run.acted else SETTLE_MS)
        )
    except AssertionError as error:
        raise Failed(_("We could not find %(what)s on the page.") % {"what": what}, None, None) from error


# ---- whole-page checks


def page_no_horizontal_scroll(run: Run, spec) -> None:
    _ = run.gettext
    width = run.exercise.device.width
    # Measured by the browser itself (not by script in the page, which the app could change). A DevTools
    # call waits forever on a page stuck in a loop: the quick look's call is stopped by the watchdog;
    # otherwise first make sure the page still answers.
    if run.quick is not None:
        try:
            content = run.quick.layout_width()
        except PlaywrightError as error:
            raise Stuck() from error
    elif not responsive(run):
        raise Stuck()
    elif run.cdp is not None:
        content = run.cdp.send("Page.getLayoutMetrics")["cssContentSize"]["width"]
    else:
        metrics = run.page.context.new_cdp_session(run.page)
        try:
            content = metrics.send("Page.getLayoutMetrics")["cssContentSize"]["width"]
        finally:
            metrics.detach()
    if content > width + 1:
        raise Failed(
            _(
                "Your page is %(actual)d pixels wide, wider than the phone's screen (%(expected)d), "
                "so it scrolls sideways."
            )
            % {"actual": content, "expected": width},
            f"{width}px",
            f"{round(content)}px",
        )


def page_viewport_meta(run: Run, spec) -> None:
    _ = run.gettext
    meta = run.page.locator('meta[name="viewport"]')
    content = meta.first.get_attribute("content", timeout=run.timeout(SETTLE_MS)) if meta.count() else None
    if not content or "width=device-width" not in content.replace(" ", ""):
        raise Failed(
            _(
                'The page needs <meta name="viewport" content="width=device-width, initial-scale=1"> '
                "in <head> to fit a phone's screen."
            ),
            "width=device-width",
            content or _("none"),
        )


TAPPABLE = "button, a[href], input:not([type=hidden]), select, textarea, summary, [role=button], [role=tab]"


def page_tap_targets(run: Run, spec) -> None:
    _ = run.gettext
    small = []
    for element in run.page.locator(TAPPABLE).all()[:60]:
        box = element.bounding_box(timeout=run.timeout(SETTLE_MS))
        if box is None or box["width"] == 0 or box["height"] == 0:
            continue  # not shown
        if box["width"] < MIN_TAP_PX - 0.5 or box["height"] < MIN_TAP_PX - 0.5:
            label = _quote(
                element.inner_text(timeout=run.timeout(SETTLE_MS)) or element.get_attribute("id") or ""
            )
            tag = element.evaluate("e => e.tagName.toLowerCase()") if not label else None
            small.append(f"“{label or tag}” ({round(box['width'])}×{round(box['height'])})")
    if small:
        raise Failed(
            _(
                "Some things to tap are smaller than %(size)d×%(size)d pixels, hard to hit with a finger: "
                "%(list)s."
            )
            % {"size": MIN_TAP_PX, "list": ", ".join(small[:3])},
            f"{MIN_TAP_PX}×{MIN_TAP_PX}",
            ", ".join(small[:3]),
        )


def page_no_console_errors(run: Run, spec) -> None:
    _ = run.gettext
    if run.console_errors:
        first = run.console_errors[0]
        if first.text.startswith("Failed to load resource") and first.file and " 404 " in first.text:
            raise Failed(
                _("Your app asks for the file “%(file)s”, but there is no such file.") % {"file": first.file},
                _("no errors"),
                first.text,
                first.file,
            )
        if first.file and first.line:
            where = " " + _("(%(file)s, line %(line)s)") % {"file": first.file, "line": first.line}
        elif first.file:
            where = " " + _("(in %(file)s)") % {"file": first.file}
        else:
            where = ""
        raise Failed(
            _("Your app has an error: %(error)s%(where)s") % {"error": _quote(first.text), "where": where},
            _("no errors"),
            first.text,
            first.file,
            first.line,
        )


def page_title(run: Run, spec) -> None:
    _ = run.gettext
    title = run.quick.title() if run.quick is not None else None
    if title is None:
        title = run.page.title()
    if "text" in spec and " ".join(title.split()) != str(spec["text"]):
        raise Failed(
            _("The page title should be “%(expected)s”, but it is “%(actual)s”.")
            % {"expected": spec["text"], "actual": title},
            spec["text"],
            title,
        )
    if "contains" in spec and str(spec["contains"]) not in title:
        raise Failed(
            _("The page title should contain “%(expected)s”, but it is “%(actual)s”.")
            % {"expected": spec["contains"], "actual": title},
            spec["contains"],
            title,
        )


PAGE_CHECKS: dict[str, Callable[[Run, Mapping[str, Any]], None]] = {
    "no-horizontal-scroll": page_no_horizontal_scroll,
    "viewport-meta": page_viewport_meta,
    "tap-targets": page_tap_targets,
    "no-console-errors": page_no_console_errors,
    "title": page_title,
}


# ---- the three kinds of check


def run_expect(run: Run, check: Check) -> None:
    run_actions(run, check)
    spec = check.expect or {}
    if run.quick is not None:
        answer = run.quick.look(check)
        if _unsettled(answer):
            answer = _settle(run, lambda: run.quick.look(check), answer)
        if answer is True:
            return
        if answer == "missing":
            what = locate(run, spec)[1]
            raise Failed(run.gettext("We could not find %(what)s on the page.") % {"what": what})
        if isinstance(answer, dict):
            name = answer["fail"]
            what = locate(run, spec)[1]
            described = what if name in ("count", "min_count") else _capitalised(what)
            raise FAILURES[name](run, described, spec[name], answer["actual"])
    if "page" in spec:
        PAGE_CHECKS[spec["page"]](run, spec)
    else:
        check_element(run, spec)


class _ShortExpect(type(expect)):
    """Playwright's `expect` for Python checks: it waits PYTHON_EXPECT_MS (set per thread), not 5 s."""

    _local = threading.local()

    def __init__(self) -> None:  # no global timeout to keep
        pass

    @property
    def _timeout(self) -> float:
        return getattr(self._local, "timeout", PYTHON_EXPECT_MS)

    @_timeout.setter
    def _timeout(self, value: float | None) -> None:
        self._local.timeout = value or PYTHON_EXPECT_MS


short_expect = _ShortExpect()

_modules: dict[Path, tuple[float, Any]] = {}
_modules_lock = threading.Lock()


def _checks_module(path: Path):
    """Import an exercise's checks.py, again whenever the file changes.

    Its `expect` (imported from playwright.sync_api) is swapped for one that waits briefly, so a failing
    check fails in about a second instead of Playwright's five.
    """
    mtime = path.stat().st_mtime
    with _modules_lock:
        cached = _modules.get(path)
        if cached and cached[0] == mtime:
            return cached[1]
        name = f"sandbox_exercise_checks_{abs(hash(path))}"
        spec = importlib.util.spec_from_file_location(name, path)
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module
        spec.loader.exec_module(module)
        for attribute, value in list(vars(module).items()):
            if value is expect:
                setattr(module, attribute, short_expect)
        _modules[path] = (mtime, module)
        return module


def _python_failure(run: Run, error: AssertionError) -> Failed:
    """A plain message for a failed assertion in a Python check.

    The trainer's own words win (`assert ok, "..."` or `expect(x, "...")`); Playwright's own message
    ("Locator expected to have text '2'") is said again in plain words with what it expected and found.
    """
    _ = run.gettext
    text = str(error).strip()
    first = text.splitlines()[0].strip() if text else ""
    actual = _actual_from(error)
    if actual in ("None", "<element(s) not found>", ""):
        actual = None
    custom = re.search(r"^Expected value: '(.*)'$", text, re.M)
    default = re.match(r"^(Locator|Page) expected (?:not )?to (?:.*?)(?: '(.*)')?$", first)
    expected = custom.group(1) if custom else default.group(2) if default else None
    if first and not default:
        return Failed(first, expected, actual)
    if expected is not None and actual is not None:
        message = _("This check expected “%(expected)s”, but found “%(actual)s”.") % {
            "expected": _quote(expected),
            "actual": _quote(actual),
        }
    elif expected is not None:
        message = _("This check expected “%(expected)s”, but did not find it on the page.") % {
            "expected": _quote(expected)
        }
    else:
        message = _("This check did not pass.")
    return Failed(message, expected, actual)


def run_python(run: Run, check: Check) -> None:
    run_actions(run, check)
    _ = run.gettext
    file_name, _sep, function_name = (check.python or "").partition(":")
    try:
        function = getattr(_checks_module(run.exercise.path / file_name), function_name)
    except Exception as error:  # a mistake in checks.py: the learner can do nothing about it
        log.exception("exercise %s: cannot load %s", run.exercise.id, check.python)
        raise Broken() from error
    short_expect._timeout = run.timeout(PYTHON_EXPECT_MS)
    try:
        function(run.page, dict(run.files))
    except AssertionError as error:
        raise _python_failure(run, error) from error
    except PlaywrightError as error:
        _stuck_or(run, error)
        raise Failed(
            _("This check could not use your page: something it looks for may be missing, hidden or covered.")
        ) from error
    except (OutOfTime, Failed):
        raise
    except Exception as error:
        log.exception("exercise %s: check %s raised", run.exercise.id, check.id)
        raise Broken() from error
    run.acted = True


def _js_value(value: Any) -> str:
    """A value from the page, written as JavaScript would show it."""
    if value is None:
        return "undefined"
    try:
        return json.dumps(value, ensure_ascii=False)
    except (TypeError, ValueError):
        return str(value)


def _is_block(source: str) -> bool:
    """A JavaScript check is a block of statements (with `return`) or else one expression."""
    return bool(
        re.search(r"\breturn\b", source) or re.match(r"\s*(throw|const|let|var|if|for|while)\b", source)
    )


def run_js(run: Run, check: Check) -> None:
    run_actions(run, check)
    source = check.js or ""
    body = source if _is_block(source) else f"return ({source});"
    try:
        ok = run.page.evaluate(f"async (files) => {{ {body}\n}}", dict(run.files))
    except PlaywrightError as error:
        if run.remaining_ms() <= 0:
            raise OutOfTime() from error
        message = str(error).splitlines()[0].removeprefix("Page.evaluate: ")
        raise Failed(
            run.gettext("This check stopped with an error: %(error)s") % {"error": _quote(message)},
            None,
            message,
        ) from error
    run.acted = True
    if not ok:
        actual = _js_value(ok)
        raise Failed(
            run.gettext("This check did not pass: it expected true, but got %(actual)s.")
            % {"actual": actual},
            "true",
            actual,
        )


CHECK_KINDS: dict[str, Callable[[Run, Check], None]] = {
    "expect": run_expect,
    "python": run_python,
    "js": run_js,
}


def is_read_only(check: Check) -> bool:
    """True if a check only reads the page, so several can share one fresh load."""
    return check.kind == "expect" and not check.actions


def run_check(run: Run, check: Check, language: str) -> CheckResult:
    """Run one check and return its result; a failure is a result, not an exception."""
    name = check.name.get(language)
    hint = check.hint.get(language) if check.hint else None
    try:
        CHECK_KINDS[check.kind](run, check)
    except Failed as failed:
        return CheckResult(
            check.id,
            name,
            "fail",
            failed.message,
            hint,
            failed.expected,
            failed.actual,
            failed.file,
            failed.line,
        )
    except Broken:
        message = run.gettext(
            "This check could not run because of a mistake in the exercise, not in your code. "
            "Tell your trainer."
        )
        return CheckResult(check.id, name, "error", message, None)
    return CheckResult(check.id, name, "pass")
