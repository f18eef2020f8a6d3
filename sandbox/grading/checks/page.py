"""Whole-page checks ({page: ...}): no sideways scrolling, the viewport tag, tap targets, errors, title."""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from typing import Any

from playwright.sync_api import Error as PlaywrightError

from .causes import describe_error
from .run import ACTION_MS, MIN_TAP_PX, Broken, Failed, Run, Stuck, quote, responsive, stuck_or

log = logging.getLogger(__name__)


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
    try:
        found = meta.count() > 0
        content = meta.first.get_attribute("content", timeout=run.timeout(ACTION_MS)) if found else None
    except PlaywrightError as error:
        stuck_or(run, error)
        content = None  # it went away meanwhile
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
        # Each element is asked with the time a click would have: a busy machine answers slowly, and
        # an element that went away meanwhile is simply not on the page any more.
        try:
            box = element.bounding_box(timeout=run.timeout(ACTION_MS))
            if box is None or box["width"] == 0 or box["height"] == 0:
                continue  # not shown
            if box["width"] >= MIN_TAP_PX - 0.5 and box["height"] >= MIN_TAP_PX - 0.5:
                continue
            label = quote(
                element.inner_text(timeout=run.timeout(ACTION_MS))
                or element.get_attribute("id", timeout=run.timeout(ACTION_MS))
                or ""
            )
            tag = element.evaluate("e => e.tagName.toLowerCase()") if not label else None
        except PlaywrightError as error:
            stuck_or(run, error)  # out of time, or a page that stopped answering: not a verdict
            continue
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
        raise Failed(
            _("Your app has an error: %(error)s") % {"error": quote(describe_error(run, first))},
            _("no errors"),
            first.text,
            first.file,
            first.line,
        )


def _title_text(run: Run, title: str, wanted: Any) -> None:
    if " ".join(title.split()) != str(wanted):
        raise Failed(
            run.gettext("The page title should be “%(expected)s”, but it is “%(actual)s”.")
            % {"expected": wanted, "actual": title},
            wanted,
            title,
        )


def _title_contains(run: Run, title: str, wanted: Any) -> None:
    if str(wanted) not in title:
        raise Failed(
            run.gettext("The page title should contain “%(expected)s”, but it is “%(actual)s”.")
            % {"expected": wanted, "actual": title},
            wanted,
            title,
        )


TITLE_ASSERTIONS: dict[str, Callable[[Run, str, Any], None]] = {
    "text": _title_text,
    "contains": _title_contains,
}


def page_title(run: Run, spec) -> None:
    title = run.quick.title() if run.quick is not None else None
    if title is None:
        title = run.page.title()
    for name, check in TITLE_ASSERTIONS.items():
        if name in spec:
            check(run, title, spec[name])


PAGE_CHECKS: dict[str, Callable[[Run, Mapping[str, Any]], None]] = {
    "no-horizontal-scroll": page_no_horizontal_scroll,
    "viewport-meta": page_viewport_meta,
    "tap-targets": page_tap_targets,
    "no-console-errors": page_no_console_errors,
    "title": page_title,
}

# What each page check can assert besides `page` (the others take nothing).
PAGE_ASSERTIONS: dict[str, Mapping[str, Callable]] = {"title": TITLE_ASSERTIONS}


def run_page_check(run: Run, spec: Mapping[str, Any]) -> None:
    """Run a whole-page check; refuse one this path has no handler for rather than pass it."""
    name = spec["page"]
    known = PAGE_ASSERTIONS.get(name, {})
    unknown = [key for key in spec if key != "page" and key not in known]
    if name not in PAGE_CHECKS or unknown:
        log.error("no handler for page check %s", dict(spec))
        raise Broken()
    PAGE_CHECKS[name](run, spec)
