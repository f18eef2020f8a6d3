"""The accessibility check ({page: accessible}): axe-core runs on the learner's app, and each problem
it finds is told in a beginner's words, with what to change.

axe-core (vendor/axe.min.js, see vendor/README.md) is evaluated in a DevTools isolated world of the
page, as the quick look is (quick.py): it shares the page's document but not its JavaScript, so an app
that redefines `axe`, `getAttribute` or `getComputedStyle` in its own world changes nothing axe reads.
It is injected only into documents that this check looks at, once per document.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from playwright.sync_api import Error as PlaywrightError

from ...exercises.vocabulary import ACCESSIBILITY_RULES
from .run import Failed, Run, Stuck, quote, responsive

AXE = Path(__file__).resolve().parents[1] / "vendor" / "axe.min.js"
WORLD = "sandbox-axe"
# axe reads the whole page; a page that keeps the browser busy longer than this is stuck.
AXE_S = 5.0
ELEMENTS_SHOWN = 2  # elements named in a message; `actual` counts them all


def _(text: str) -> str:
    """Marks a message for extraction; it is translated when the check runs (run.gettext)."""
    return text


@dataclass(frozen=True)
class Rule:
    message: str  # may use %(elements)s, %(expected)s and %(actual)s
    hint: str
    # (expected, actual) from what axe measured on the first element, for messages and the export.
    measured: Callable[[Mapping[str, Any]], tuple[str, str]] | None = None


def _contrast(data: Mapping[str, Any]) -> tuple[str, str]:
    return str(data.get("expectedContrastRatio", "4.5:1")), f"{data.get('contrastRatio', '?')}:1"


def _size(data: Mapping[str, Any]) -> tuple[str, str]:
    least = data.get("minSize", 24)
    if "width" in data and "height" in data:
        return f"{least}×{least}", f"{round(data['width'])}×{round(data['height'])}"
    return f"{least}×{least}", "?"


# One entry per rule of vocabulary.ACCESSIBILITY_RULES (tests/grading/test_vocabulary.py holds them
# together). The words are for someone writing their first page: what is wrong, for whom, and what to
# type.
RULES: dict[str, Rule] = {
    "html-has-lang": Rule(
        _(
            "The page does not say which language it is written in, so a screen reader may read it "
            "aloud in the wrong voice."
        ),
        _('Add lang to the <html> tag, for example <html lang="en"> (ru for Russian, tg for Tajik).'),
    ),
    "html-lang-valid": Rule(
        _("The language named in the <html> tag is not a code browsers know: %(elements)s."),
        _('Use a language code such as en, ru or tg: <html lang="ru">.'),
    ),
    "image-alt": Rule(
        _(
            "A picture has no alt text, so someone who cannot see it will not know what it shows: "
            "%(elements)s."
        ),
        _('Add alt="…" to the <img> with a few words about the picture, or alt="" if it is only decoration.'),
    ),
    "button-name": Rule(
        _("A button has no name, so a screen reader only says “button”: %(elements)s."),
        _('Put words inside the <button>, or add aria-label="…" to a button that shows only an icon.'),
    ),
    "input-button-name": Rule(
        _("A button made with <input> has no name, so a screen reader only says “button”: %(elements)s."),
        _('Give the <input> a value="…" with the words the button should show.'),
    ),
    "link-name": Rule(
        _("A link has no words, so nobody can tell where it leads: %(elements)s."),
        _('Put words inside the <a>, or add aria-label="…" to a link that shows only an icon.'),
    ),
    "label": Rule(
        _("A form field has no label, so a screen reader cannot say what to type in it: %(elements)s."),
        _('Add <label for="the-field-id">…</label> next to the field, or put the field inside a <label>.'),
    ),
    "select-name": Rule(
        _("A list to choose from has no label: %(elements)s."),
        _('Add <label for="the-list-id">…</label> next to the <select>.'),
    ),
    "color-contrast": Rule(
        _(
            "Some text is hard to read: its colour is too close to the background (contrast "
            "%(actual)s, it needs at least %(expected)s): %(elements)s."
        ),
        _("Make the text darker or its background lighter (or the other way round)."),
        _contrast,
    ),
    "target-size": Rule(
        _(
            "Something to tap is too small or too close to its neighbour, so a finger easily misses it "
            "(%(actual)s pixels, at least %(expected)s): %(elements)s."
        ),
        _(
            "Make buttons and links at least 24×24 pixels (44×44 is better on a phone), with some space "
            "between them."
        ),
        _size,
    ),
}

# What to say when more than one rule found something: one problem at a time, but not a surprise.
MORE = _("When this is fixed, check again: something else needs fixing too.")


@cache
def axe_source() -> str:
    return AXE.read_text(encoding="utf-8")


def rules_of(spec: Mapping[str, Any]) -> tuple[str, ...]:
    """The rules a check runs: those it names (the loader knows them), else all, in the told order."""
    chosen = spec.get("rules") or ACCESSIBILITY_RULES
    return tuple(rule for rule in ACCESSIBILITY_RULES if rule in chosen)


def _run_axe(run: Run, rules: tuple[str, ...]) -> list[dict[str, Any]]:
    """axe's violations for these rules: [{id, nodes: [{html, data}]}] (DevTools calls, isolated world)."""
    # A DevTools call waits forever on a page stuck in a loop: under the runner's limit for such
    # calls when it has one (the quick look's), else after making sure the page still answers.
    if run.quick is not None:
        with run.quick.within(min(AXE_S, max(0.0, run.remaining_ms()) / 1000)):
            return _axe_violations(run.cdp, rules)
    if not responsive(run):
        raise Stuck()
    if run.cdp is not None:
        return _axe_violations(run.cdp, rules)
    cdp = run.page.context.new_cdp_session(run.page)
    try:
        return _axe_violations(cdp, rules)
    finally:
        cdp.detach()


def _axe_violations(cdp, rules: tuple[str, ...]) -> list[dict[str, Any]]:
    frame = cdp.send("Page.getFrameTree")["frameTree"]["frame"]["id"]
    # The same name gives the same world again within one document: axe is injected once in it.
    world = cdp.send("Page.createIsolatedWorld", {"frameId": frame, "worldName": WORLD})["executionContextId"]
    ready = cdp.send(
        "Runtime.evaluate",
        {"expression": "typeof axe === 'object'", "contextId": world, "returnByValue": True},
    )
    if not (ready.get("result") or {}).get("value"):
        cdp.send("Runtime.evaluate", {"expression": axe_source(), "contextId": world})
    # Without the unique CSS selector axe would work out for every element (nothing here reads it).
    options = {
        "runOnly": {"type": "rule", "values": list(rules)},
        "resultTypes": ["violations"],
        "iframes": False,
        "selectors": False,
    }
    # Only what the message needs crosses back: each element's markup and what axe measured.
    expression = (
        f"axe.run(document, {json.dumps(options)}).then((found) => found.violations.map((v) => ("
        "{id: v.id, nodes: v.nodes.map((n) => ({html: n.html, "
        "data: [...n.any, ...n.all, ...n.none].map((c) => c.data).find((d) => d && typeof d === 'object')"
        " || {}}))})))"
    )
    reply = cdp.send(
        "Runtime.evaluate",
        {"expression": expression, "contextId": world, "returnByValue": True, "awaitPromise": True},
    )
    if "exceptionDetails" in reply:
        raise PlaywrightError(f"axe failed: {reply['exceptionDetails'].get('text')}")
    return reply["result"]["value"]


def _element(html: str) -> str:
    """An element as the learner wrote it: its opening tag, shortened."""
    match = re.match(r"\s*(<[^>]*>)", html or "")
    return quote(match.group(1) if match else html or "?")


def page_accessible(run: Run, spec: Mapping[str, Any]) -> None:
    found = {violation["id"]: violation for violation in _run_axe(run, rules_of(spec))}
    failed = [rule for rule in rules_of(spec) if found.get(rule, {}).get("nodes")]
    if not failed:
        return
    first = failed[0]
    rule, nodes = RULES[first], found[first]["nodes"]
    expected, actual = rule.measured(nodes[0]["data"]) if rule.measured else (None, None)
    shown = ", ".join(_element(node["html"]) for node in nodes[:ELEMENTS_SHOWN])
    if len(nodes) > ELEMENTS_SHOWN:
        shown += ", …"
    message = run.gettext(rule.message) % {"elements": shown, "expected": expected, "actual": actual}
    if len(failed) > 1:
        message += " " + run.gettext(MORE)
    # `actual` says everything axe found, rule by rule, for the trainer's export.
    everything = ", ".join(f"{name} ({len(found[name]['nodes'])})" for name in failed)
    raise Failed(
        message, expected, f"{actual}; {everything}" if actual else everything, hint=run.gettext(rule.hint)
    )


# What {page: accessible} takes besides `page` (checks/page.py's PAGE_ASSERTIONS).
OPTIONS: dict[str, Callable[[Mapping[str, Any]], tuple[str, ...]]] = {"rules": rules_of}
