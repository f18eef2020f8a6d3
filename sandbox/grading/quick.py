"""The quick look: decide the simple checks that pass in one DevTools call, before asking Playwright.

Playwright's locators run in a JavaScript world of their own that the learner's code cannot patch,
but the first locator call on each new document injects Playwright's whole selector engine there,
and that costs more CPU than loading the page (measured in docs/grading.md). Most checks of most
submissions simply pass. So the grader first reads the page once, in an isolated world of its own
(quick.js, the same protection: the learner's code lives in the main world and cannot reach it),
and asks one question per check: does it certainly pass? Only a sure "yes" is taken. Every other
answer (a failure, a wait for the page to settle, an accessible name with several sources, shadow
DOM, any selector syntax that is Playwright's own) goes to the Playwright path in checks/, which
also words every failure. tests/grading/test_quick.py holds the two paths to the same answers.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any

from playwright.sync_api import Error as PlaywrightError

from ..exercises import Check
from .checks import ACTION_MS, ASSERTIONS, RESPONSIVE_MS, needs_element

log = logging.getLogger(__name__)

SOURCE = Path(__file__).with_name("quick.js").read_text(encoding="utf-8").strip().removesuffix(";")
WORLD = "sandbox-grader"
FUNCTION = "sandboxQuickLook"
CLICK_S = ACTION_MS / 1000  # as long as Playwright's own click may take
# How long the browser may take to report a page's layout: a page stuck in a loop never lets it,
# a slow machine may need more than Playwright's RESPONSIVE_MS.
LAYOUT_S = max(1.0, RESPONSIVE_MS / 1000)
TARGET_KEYS = {"locator", "role", "name", "exact"}
# The page checks quick.js can decide, and what it is asked for each.
PAGE_PROBES: dict[str, Callable[[str, int], dict]] = {
    "viewport-meta": lambda tappable, min_tap_px: {"page": "viewport-meta"},
    "tap-targets": lambda tappable, min_tap_px: {
        "page": "tap-targets",
        "tappable": tappable,
        "min": min_tap_px,
    },
}
# How each assertion's wanted value is read from exercise.yaml (as checks/elements.py reads it).
ASSERTION_VALUES = {
    "count": int,
    "min_count": int,
    "visible": bool,
    "text": str,
    "contains": str,
    "not_contains": str,
    "value": str,
    "attribute": lambda wanted: {str(k): str(v) for k, v in dict(wanted).items()},
    "css": lambda wanted: {str(k): str(v) for k, v in dict(wanted).items()},
    "checked": bool,
    "enabled": bool,
}


def target_of(spec: Mapping[str, Any] | str) -> dict | None:
    """The target of a check or an action, in quick.js's terms, or None if only Playwright can find it."""
    if isinstance(spec, str):
        return {"css": spec}
    if not isinstance(spec, Mapping):
        return None
    if "locator" in spec:
        return {"css": str(spec["locator"])}
    if "role" in spec:
        name = spec.get("name")
        return {
            "role": str(spec["role"]),
            "name": None if name is None else str(name),
            "exact": bool(spec.get("exact", False)),
        }
    return None


def probe_for(check: Check, tappable: str, min_tap_px: int) -> dict | None:
    """What quick.js should look at for this check's `expect`, or None if it cannot judge it."""
    if check.kind != "expect":
        return None
    spec = check.expect or {}
    if "page" in spec:
        # The others are cheap already, or read what only the runner knows (`title` is read by
        # QuickLook.title(), for checks/page.py).
        probe = PAGE_PROBES.get(spec["page"])
        return None if probe is None else probe(tappable, min_tap_px)
    target = target_of(spec)
    names = [key for key in spec if key not in TARGET_KEYS]
    if target is None or not names or any(name not in ASSERTION_VALUES for name in names):
        return None
    try:
        # In the order checks/elements.py tries them, so the first failure is the same one.
        wanted = [[name, ASSERTION_VALUES[name](spec[name])] for name in ASSERTIONS if name in spec]
    except (TypeError, ValueError):
        return None  # checks/elements.py reports the mistake
    return {"target": target, "expect": wanted, "needs": needs_element(spec)}


class QuickLook:
    """One page's quick look; forget() whenever the page may have changed under it."""

    def __init__(self, cdp, tappable: str, min_tap_px: int, within: Callable[[float], Any]):
        self.cdp = cdp
        self.within = within  # the runner's limit for a call that may never return
        self.tappable = tappable
        self.min_tap_px = min_tap_px
        self.frame_id: str | None = None
        self.world: int | None = None
        self.known: dict[str, Any] = {}

    def new_document(self) -> None:
        """A new document was loaded: its world is gone, and nothing about it is known yet."""
        self.world = None
        self.known = {}

    def forget(self) -> None:
        """The page was acted on: what was seen before may no longer hold."""
        self.known = {}

    def prefetch(self, checks: Iterable[Check]) -> None:
        """Look at several read-only checks in one call; look() then answers from memory."""
        wanted = [(check.id, self.probe(check)) for check in checks]
        wanted = [(identifier, probe) for identifier, probe in wanted if probe is not None]
        answers = self.evaluate([probe for _, probe in wanted])
        for (identifier, _probe), answer in zip(wanted, answers, strict=True):
            self.known[identifier] = answer

    def look(self, check: Check) -> bool | str | dict:
        """True if the check certainly passes now; "missing" if its target is certainly not on the
        page; {"fail": assertion, "actual": value} if that assertion certainly fails now; False
        if only Playwright can tell."""
        answer = self.known.pop(check.id) if check.id in self.known else None
        if answer is None:
            probe = self.probe(check)
            answer = self.evaluate([probe])[0] if probe is not None else False
        if answer is True or answer == "missing":
            return answer
        if isinstance(answer, dict) and answer.get("fail") in ASSERTIONS:
            return answer
        return False

    def click(self, spec: Mapping[str, Any] | str) -> bool | str:
        """Click the target as Playwright would, if it certainly can at once (True); "missing" if it
        is certainly not on the page; False: let Playwright try."""
        target = target_of(spec)
        if target is None:
            return False
        point = self.evaluate([{"click": target}])[0]
        if point == "missing":
            return point
        if not isinstance(point, dict):
            return False
        self.forget()
        x, y = point["x"], point["y"]
        # The events Playwright's click sends. Each waits for the app's handlers; one that never
        # returns gets the page stopped, and the PlaywrightError tells the caller so.
        with self.within(CLICK_S):
            self.cdp.send("Input.dispatchMouseEvent", {"type": "mouseMoved", "x": x, "y": y, "buttons": 0})
            for kind, buttons in (("mousePressed", 1), ("mouseReleased", 0)):
                self.cdp.send(
                    "Input.dispatchMouseEvent",
                    {"type": kind, "x": x, "y": y, "button": "left", "buttons": buttons, "clickCount": 1},
                )
        return True

    def title(self) -> str | None:
        """The document's title, as Playwright's page.title() reads it (None: ask Playwright)."""
        answer = self.evaluate([{"page": "title"}])[0]
        return answer["title"] if isinstance(answer, dict) and isinstance(answer.get("title"), str) else None

    def layout_width(self) -> float:
        """The width of the page's content, from the browser's layout (not from script in the page).
        Raises PlaywrightError if the page is stuck (the watchdog stops it)."""
        with self.within(LAYOUT_S):
            return self.cdp.send("Page.getLayoutMetrics")["cssContentSize"]["width"]

    def probe(self, check: Check) -> dict | None:
        return probe_for(check, self.tappable, self.min_tap_px)

    def evaluate(self, probes: list[dict]) -> list:
        """quick.js's answers, one per probe (False for all if the page could not be asked)."""
        if not probes:
            return []
        try:
            if self.world is None:
                if self.frame_id is None:
                    self.frame_id = self.cdp.send("Page.getFrameTree")["frameTree"]["frame"]["id"]
                self.world = self.cdp.send(
                    "Page.createIsolatedWorld",
                    {"frameId": self.frame_id, "worldName": WORLD},
                )["executionContextId"]
                # Defined once per document, in the world's own global object (the app cannot see it).
                probes_call = f"(globalThis.{FUNCTION} = ({SOURCE}))({json.dumps(probes)})"
            else:
                probes_call = f"globalThis.{FUNCTION}({json.dumps(probes)})"
            reply = self.cdp.send(
                "Runtime.evaluate",
                {"expression": probes_call, "contextId": self.world, "returnByValue": True},
            )
        except PlaywrightError as error:
            # The document changed meanwhile (the app navigated), or the page is gone: Playwright's
            # path decides, and reports a page that stopped.
            log.debug("quick look unavailable: %s", error)
            self.world = None
            return [False] * len(probes)
        answers = (reply.get("result") or {}).get("value")
        if "exceptionDetails" in reply or not isinstance(answers, list) or len(answers) != len(probes):
            self.world = None  # start afresh next time
            return [False] * len(probes)
        return answers
