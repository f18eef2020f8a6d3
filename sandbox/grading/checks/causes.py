"""When a check fails and the grader saw a likely cause, say it: an error in the app's code (with
its file and line, and the name it probably meant), a message box that showed what the page should
have, a selector that matches nothing while a near miss exists, or an element that is there but
hidden, off-screen, covered or disabled.

The causes are only ever added to a failure's message: they never change a verdict.
"""

from __future__ import annotations

import difflib
import logging
import re
from collections.abc import Mapping
from typing import Any

from playwright.sync_api import Error as PlaywrightError

from ...exercises import Check
from .run import ACTION_MS, ConsoleError, Failed, Run, locate, quote

log = logging.getLogger(__name__)

# Names a beginner's code uses most, for "did you mean …?" after a name that is not defined.
KNOWN_NAMES = (
    "document",
    "window",
    "console",
    "alert",
    "prompt",
    "confirm",
    "localStorage",
    "sessionStorage",
    "setTimeout",
    "setInterval",
    "clearTimeout",
    "clearInterval",
    "parseInt",
    "parseFloat",
    "Number",
    "String",
    "Boolean",
    "Math",
    "JSON",
    "Date",
    "Array",
    "Object",
    "fetch",
    "navigator",
    "location",
    "event",
    "true",
    "false",
    "null",
    "undefined",
    "function",
    "return",
)
_NOT_DEFINED = re.compile(r"^(?:Uncaught )?ReferenceError: (?P<name>[\w$]+) is not defined")
_IDENTIFIER = re.compile(r"[A-Za-z_$][\w$]*")
_ID_IN_HTML = re.compile(r"""\bid\s*=\s*["']?([\w-]+)""", re.IGNORECASE)
_CLASS_IN_HTML = re.compile(r"""\bclass\s*=\s*["']([^"']*)["']""", re.IGNORECASE)
_NAME_IN_JS = re.compile(
    r"""(?:\.id\s*=|getElementById\(|classList\.add\(|className\s*=)\s*["']([\w -]+)["']"""
)
_SIMPLE_SELECTOR = re.compile(r"^(?P<tag>[a-z][\w-]*)?(?P<kind>[#.])(?P<name>[\w-]+)$", re.IGNORECASE)

# Asked in the page of an element that is there but could not be seen or used: why. Only for the
# message (the verdict is Playwright's); the answer is one of the keys of `_CONDITION_WORDS`.
_DIAGNOSE = """(el, act) => {
  const hidden = (node) => {
    for (let at = node; at && at.nodeType === 1; at = at.parentElement) {
      const style = getComputedStyle(at);
      if (style.display === "none") return "display";
    }
    const style = getComputedStyle(node);
    if (style.visibility !== "visible") return "visibility";
    if (Number(style.opacity) === 0) return "opacity";
    return null;
  };
  const why = hidden(el);
  if (why) return { why };
  let rect = el.getBoundingClientRect();
  if (rect.width === 0 || rect.height === 0) return { why: "size" };
  // Where no scrolling can bring it: above or left of the page, or past its end.
  const page = document.scrollingElement || document.documentElement;
  const x = rect.left + scrollX, y = rect.top + scrollY;
  const beyond = x >= page.scrollWidth || y >= page.scrollHeight;
  if (x + rect.width <= 0 || y + rect.height <= 0 || beyond) {
    return { why: "offscreen" };
  }
  if (el.disabled) return { why: "disabled" };
  if (!act) return { why: null };
  // Only after a failed action (its check's page is not read again): bring it into view to see
  // what lies on top of it.
  el.scrollIntoView({ block: "center", inline: "center" });
  rect = el.getBoundingClientRect();
  const top = document.elementFromPoint(rect.left + rect.width / 2, rect.top + rect.height / 2);
  if (top && top !== el && !el.contains(top) && !top.contains(el)) {
    const text = (top.innerText || "").trim().split("\\n")[0].slice(0, 30);
    const name = top.id ? "#" + top.id : top.classList[0] ? "." + top.classList[0] : "";
    return { why: "covered", by: top.tagName.toLowerCase() + name, text };
  }
  return { why: null };
}"""


def _condition_words(run: Run) -> dict[str, str]:
    _ = run.gettext
    return {
        "display": _("It is hidden: it, or an element around it, has display: none."),
        "visibility": _("It is hidden: it has visibility: hidden."),
        "opacity": _("It cannot be seen: it has opacity: 0."),
        "size": _("It has no size on the screen: it is 0 pixels wide or high."),
        "offscreen": _("It is outside the screen, where nobody can see or tap it."),
        "disabled": _("It is disabled."),
    }


def point_at_cause(run: Run, check: Check, failed: Failed) -> Failed:
    """The failure, with a sentence about its likely cause added when the grader saw one."""
    try:
        cause = (
            _dialog_cause(run, check, failed)
            or _error_cause(run, check, failed)
            or _near_miss_cause(run, check, failed)
            or _condition_cause(run, check, failed)
        )
    except Exception:  # noqa: BLE001 - a cause is a courtesy: never let it cost the verdict
        log.exception("looking for the cause of a failed check")
        cause = None
    if cause is None:
        return failed
    sentence, file, line = cause
    return Failed(
        f"{failed.message} {sentence}",
        failed.expected,
        failed.actual,
        failed.file or file,
        failed.line or line,
    )


# -- a message box


def _wanted_text(check: Check) -> str | None:
    spec = check.expect or {}
    if check.kind != "expect" or "page" in spec:
        return None
    for name in ("text", "contains", "value"):
        if name in spec and str(spec[name]).strip():
            return str(spec[name])
    return None


def _dialog_cause(run: Run, check: Check, failed: Failed):
    wanted = _wanted_text(check)
    if wanted is None:
        return None
    for shown in run.dialogs:
        if " ".join(wanted.split()) in " ".join(str(shown).split()):
            spec = check.expect or {}
            where = spec.get("locator") or spec.get("label") or spec.get("placeholder") or spec.get("role")
            words = {"text": quote(shown), "where": where}
            return (
                run.gettext(
                    "Your app showed “%(text)s” in a message box; show it on the page instead, in %(where)s."
                )
                % words,
                None,
                None,
            )
    return None


# -- an error in the app's code


def describe_error(run: Run, error: ConsoleError) -> str:
    """An error as a beginner reads it: where, what, and the name it probably meant."""
    _ = run.gettext
    text = error.text.removeprefix("Uncaught ")
    meant = meant_name(run, text)
    missing = _NOT_DEFINED.match(error.text)
    if missing:
        text = _("%(name)s is not defined") % {"name": missing.group("name")}
    if meant:
        text = _("%(error)s — did you mean %(name)s?") % {"error": text, "name": meant}
    if error.file and error.line:
        return _("%(file)s, line %(line)s: %(error)s") % {
            "file": error.file,
            "line": error.line,
            "error": text,
        }
    if error.file:
        return _("%(file)s: %(error)s") % {"file": error.file, "error": text}
    return text


def meant_name(run: Run, text: str) -> str | None:
    """For "x is not defined": the known or declared name closest to x, if one is close."""
    missing = _NOT_DEFINED.match(text) or _NOT_DEFINED.match("ReferenceError: " + text)
    if not missing:
        return None
    name = missing.group("name")
    declared = set()
    for source_name, source in run.files.items():
        if source_name.endswith((".js", ".html")):
            declared.update(_IDENTIFIER.findall(source))
    candidates = [n for n in {*KNOWN_NAMES, *declared} if n != name]
    close = difflib.get_close_matches(name, candidates, n=1, cutoff=0.75)
    return close[0] if close else None


def _error_cause(run: Run, check: Check, failed: Failed):
    if check.kind == "expect" and (check.expect or {}).get("page") == "no-console-errors":
        return None  # that check is about the errors already
    errors = [e for e in run.console_errors if not e.text.startswith("Failed to load resource")]
    if not errors:
        return None
    first = errors[0]
    sentence = run.gettext("Your app stopped with an error first: %(error)s") % {
        "error": describe_error(run, first)
    }
    return sentence, first.file, first.line


# -- a selector that matches nothing


def _names_in_files(files: Mapping[str, str], kind: str) -> set[str]:
    found: set[str] = set()
    for name, source in files.items():
        if name.endswith(".html"):
            if kind == "#":
                found.update(_ID_IN_HTML.findall(source))
            else:
                for classes in _CLASS_IN_HTML.findall(source):
                    found.update(classes.split())
        if name.endswith((".js", ".html")):
            for names in _NAME_IN_JS.findall(source):
                found.update(names.split())
    return found


def _selector_of(check: Check, failed: Failed) -> str | None:
    """The selector the failure is about: an action's target it names, or the check's own."""
    for step in check.actions:
        for target in step.values():
            if isinstance(target, str) and f"“{target}”" in failed.message:
                return target
    spec = check.expect or {}
    if check.kind == "expect" and isinstance(spec.get("locator"), str):
        return spec["locator"]
    return None


def _near_miss_cause(run: Run, check: Check, failed: Failed):
    selector = _selector_of(check, failed)
    match = _SIMPLE_SELECTOR.match(selector or "")
    if not match or "“" + selector + "”" not in failed.message:
        return None
    kind, name = match.group("kind"), match.group("name")
    present = _names_in_files(run.files, kind)
    if name in present:
        return None
    close = difflib.get_close_matches(name, sorted(present), n=1, cutoff=0.6)
    if not close:
        return None
    return (
        run.gettext("Your page has %(near)s: is that the one, spelled differently?")
        % {"near": f"{match.group('tag') or ''}{kind}{close[0]}"},
        None,
        None,
    )


# -- an element that is there but cannot be seen or used


def _condition_cause(run: Run, check: Check, failed: Failed):
    spec = check.expect or {}
    target: Any = None
    act = False
    if check.kind == "expect" and spec.get("visible") is True and failed.expected == "visible":
        target = spec
    else:
        act = True
        for step in check.actions:
            for verb, value in step.items():
                if verb in ("click", "tap", "fill", "check", "uncheck", "select", "press") and (
                    isinstance(value, str) and f"“{value}”" in failed.message
                ):
                    target = value
    if target is None:
        return None
    locator, _what = locate(run, target)
    try:
        if locator.count() == 0:
            return None  # not on the page: nothing hides, covers or disables it (and no wait for it)
        # The first locator call on a document injects Playwright's selector engine: on a busy machine
        # that takes a while.
        answer = locator.first.evaluate(_DIAGNOSE, act, timeout=run.timeout(ACTION_MS))
    except PlaywrightError:
        return None
    why = (answer or {}).get("why")
    if why == "covered":
        covering = answer.get("by", "")
        if answer.get("text"):
            covering = f"{covering} “{quote(answer['text'])}”"
        return (
            run.gettext("%(other)s lies on top of it, so a tap hits that instead.") % {"other": covering},
            None,
            None,
        )
    words = _condition_words(run)
    return (words[why], None, None) if why in words else None
