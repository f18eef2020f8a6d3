"""Assertions on an element (visible, text, count, css…) through Playwright's `expect`."""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from typing import Any

from playwright.sync_api import Locator, expect

from .run import (
    LOCATORS,
    SETTLE_AFTER_ACTIONS_MS,
    SETTLE_MS,
    TARGET_OPTIONS,
    Broken,
    Failed,
    Run,
    actual_from,
    capitalised,
    locate,
    quote,
    words,
)

log = logging.getLogger(__name__)


def _assert(run: Run, attempt: Callable[[float], None], failure: Callable[[str | None], Failed]) -> None:
    """Run one Playwright assertion; turn its failure into a message for the learner."""
    wait = SETTLE_AFTER_ACTIONS_MS if run.acted else SETTLE_MS
    try:
        attempt(run.timeout(wait))
    except AssertionError as error:
        raise failure(actual_from(error)) from error


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
        % {"what": what, "expected": wanted, "actual": quote(actual or "")},
        wanted,
        words(actual),
    )


def contains_failure(run: Run, what: str, wanted: Any, actual: str | None) -> Failed:
    return Failed(
        run.gettext("%(what)s should contain “%(expected)s”, but it says “%(actual)s”.")
        % {"what": what, "expected": wanted, "actual": quote(actual or "")},
        wanted,
        words(actual),
    )


def not_contains_failure(run: Run, what: str, unwanted: Any, actual: str | None) -> Failed:
    return Failed(
        run.gettext("%(what)s should not contain “%(unwanted)s”, but it says “%(actual)s”.")
        % {"what": what, "unwanted": unwanted, "actual": quote(actual or "")},
        run.gettext("no “%(unwanted)s”") % {"unwanted": unwanted},
        words(actual),
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
        % {"what": what, "expected": wanted, "actual": quote(actual or "")},
        wanted,
        actual,
    )


# How a failed assertion is told, whichever path found it (Playwright's, or the quick look's).
FAILURES: dict[str, Callable[[Run, str, Any, Any], Failed]] = {
    "visible": visible_failure,
    "text": text_failure,
    "contains": contains_failure,
    "not_contains": not_contains_failure,
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


def check_not_contains(run, locator, what, unwanted):
    _assert(
        run,
        lambda t: expect(locator.first).not_to_contain_text(str(unwanted), timeout=t),
        lambda actual: not_contains_failure(run, what, unwanted, actual),
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
                % {"what": what, "name": n, "expected": v, "actual": quote(actual or "")},
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
    "not_contains": check_not_contains,
    "value": check_value,
    "attribute": check_attribute,
    "css": check_css,
    "checked": check_checked,
    "enabled": check_enabled,
}
NEEDS_NO_ELEMENT = {"count", "min_count", "visible"}


def check_element(run: Run, spec: Mapping[str, Any]) -> None:
    _ = run.gettext
    unknown = [
        key for key in spec if key not in ASSERTIONS and key not in LOCATORS and key not in TARGET_OPTIONS
    ]
    if unknown:
        # A word the loader accepted but this path cannot check: refuse it rather than pass.
        log.error("no handler for %s in %s", ", ".join(map(str, unknown)), dict(spec))
        raise Broken()
    locator, what = locate(run, spec)
    names = [name for name in ASSERTIONS if name in spec]
    if needs_element(spec):
        _wait_for_any(run, locator, what)
    for name in names:
        # Counting messages name the target mid-sentence; the others start with it.
        described = what if name in ("count", "min_count") else capitalised(what)
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
