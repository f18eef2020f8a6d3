"""Python checks (a function in the exercise's checks.py) and JavaScript checks (run in the page)."""

from __future__ import annotations

import importlib.util
import logging
import re
import sys
import threading
from pathlib import Path
from typing import Any

from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import expect

from ...exercises import Check
from ...exercises.model import DEFAULT_LANGUAGE
from ..helper_scripts import HELPER_URL
from ..lockdown import GRADER_DOMAIN
from .actions import run_actions
from .run import (
    PYTHON_EXPECT_MS,
    Broken,
    Failed,
    OutOfTime,
    Run,
    actual_from,
    capitalised,
    quote,
    stuck_or,
)

log = logging.getLogger(__name__)


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
    actual = actual_from(error)
    if actual in ("None", "<element(s) not found>", ""):
        actual = None
    custom = re.search(r"^Expected value: '(.*)'$", text, re.M)
    default = re.match(r"^(Locator|Page) expected (?:not )?to (?:.*?)(?: '(.*)')?$", first)
    expected = custom.group(1) if custom else default.group(2) if default else None
    if first and not default:
        return Failed(first, expected, actual)
    if expected is not None and actual is not None:
        message = _("This check expected “%(expected)s”, but found “%(actual)s”.") % {
            "expected": quote(expected),
            "actual": quote(actual),
        }
    elif expected is not None:
        message = _("This check expected “%(expected)s”, but did not find it on the page.") % {
            "expected": quote(expected)
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
        raise Broken(f"cannot load {check.python}: {type(error).__name__}: {error}") from error
    short_expect._timeout = run.timeout(PYTHON_EXPECT_MS)
    try:
        function(run.page, dict(run.files))
    except AssertionError as error:
        raise _python_failure(run, error) from error
    except PlaywrightError as error:
        stuck_or(run, error)
        raise Failed(
            _("This check could not use your page: something it looks for may be missing, hidden or covered.")
        ) from error
    except (OutOfTime, Failed):
        raise
    except Exception as error:
        log.exception("exercise %s: check %s raised", run.exercise.id, check.id)
        raise Broken(f"{type(error).__name__}: {error}") from error
    run.acted = True


_STRINGS_AND_COMMENTS = re.compile(
    r"""//[^\n]*|/\*[\s\S]*?\*/|"(?:\\.|[^"\\\n])*"|'(?:\\.|[^'\\\n])*'|`(?:\\.|[^`\\])*`"""
)
_STATEMENT_START = re.compile(r"\s*(throw|const|let|var|if|for|while|do|try|switch|function|class)\b")


def _is_block(source: str) -> bool:
    """A JavaScript check is a block of statements (with `return`) or else one expression.

    Only what stands at the top level counts: a `return` or `;` inside a function in the expression
    (`items.every((item) => { return item.done; })`) leaves it an expression (docs/checks.md).
    """
    if _STATEMENT_START.match(source):
        return True
    code = _STRINGS_AND_COMMENTS.sub('""', source)
    depth = 0
    for match in re.finditer(r"[(){}\[\]]|;|\breturn\b", code):
        token = match.group()
        if token in "([{":
            depth += 1
        elif token in ")]}":
            depth -= 1
        elif depth == 0 and (token == "return" or code[match.end() :].strip()):
            return True  # a top-level return, or a `;` with more code after it
    return False


# The check runs inside this function in the page (docs/checks.md, "JavaScript checks"). What it
# throws is caught here, in the page, and read as plain values: Playwright keeps only the class name
# of a thrown object that is not a native Error (an assertion library's AssertionError), and the
# message is what the check's author wrote for the learner. Only `files` and two names no check uses
# are in the check's scope. A read_only check that awaits nothing runs in one task, so any change
# to the document meanwhile is its own doing: it is watched for (%(watch)s is true for those).
_JS_WRAPPER = """async (files) => {
  let __sandboxValue, __sandboxChanges = 0;
  // (Records reach the callback at the await below; takeRecords() has those still queued.)
  const __sandboxWatch = %(watch)s
    ? new MutationObserver((records) => (__sandboxChanges += records.length)) : null;
  __sandboxWatch?.observe(document, {subtree: true, childList: true, attributes: true, characterData: true});
  try {
    __sandboxValue = await (async () => {
%(body)s
    })();
  } catch (__sandboxThrown) {
    __sandboxWatch?.disconnect();
    return ((thrown) => {
      const shown = (value) => {
        try {
          if (value === undefined) return null;
          return typeof value === "string" ? value : JSON.stringify(value);
        } catch (_) {
          return String(value);
        }
      };
      try {
        if (thrown !== null && (typeof thrown === "object" || typeof thrown === "function")) {
          return {thrown: {
            name: String(thrown.name ?? ""), message: String(thrown.message ?? ""),
            stack: String(thrown.stack ?? ""),
            expected: shown(thrown.expected), actual: shown(thrown.actual),
            dom: typeof DOMException === "function" && thrown instanceof DOMException,
          }};
        }
        const message = String(thrown);
        return {thrown: {name: "", message, stack: "", expected: null, actual: null, dom: false}};
      } catch (_) {
        return {thrown: {name: "", message: "", stack: "", expected: null, actual: null, dom: false}};
      }
    })(__sandboxThrown);
  }
  if (__sandboxWatch) {
    __sandboxChanges += __sandboxWatch.takeRecords().length;
    __sandboxWatch.disconnect();
    if (__sandboxChanges > 0) return {changed: true};
  }
  return ((value) => {
    if (value !== null && typeof value === "object" && "pass" in value) {
      const text = (field) => {
        const said = value[field];
        if (said === undefined || said === null) return null;
        if (typeof said !== "object") return String(said);
        // {en: "...", ru: "..."}: the learner's language is picked by the grader.
        return Object.fromEntries(Object.entries(said).map(([language, words]) => [language, String(words)]));
      };
      const pass = Boolean(value.pass);
      return {pass, message: text("message"), expected: text("expected"), actual: text("actual")};
    }
    const shown = value === undefined ? "undefined"
      : typeof value === "string" ? JSON.stringify(value) : String(value);
    return {pass: Boolean(value), shown: value ? null : shown};
  })(__sandboxValue);
}"""

# How long an author's message may be before it is cut (a result's message is a sentence or two).
AUTHOR_MESSAGE_CHARS = 200


def _author_words(text: str | None) -> str | None:
    """What a check's author wrote for the learner, as one line (None when it says nothing)."""
    words = " ".join((text or "").split())
    if not words:
        return None
    if len(words) > AUTHOR_MESSAGE_CHARS:
        words = words[: AUTHOR_MESSAGE_CHARS - 1] + "…"
    return capitalised(words)


def _in_language(said: str | dict | None, language: str) -> str | None:
    """A message as a check returned it: text, or {language: text} (then the learner's, or English)."""
    if not isinstance(said, dict):
        return said
    return said.get(language) or said.get(DEFAULT_LANGUAGE) or next(iter(said.values()), None)


def _wrapped(source: str, read_only: bool) -> str:
    body = source if _is_block(source) else f"return (\n{source.strip().rstrip(';')}\n);"
    watch = read_only and not re.search(r"\bawait\b", source)
    return _JS_WRAPPER % {"body": body, "watch": "true" if watch else "false"}


# Errors the JavaScript engine and the DOM throw by themselves. Anything else a check throws (Error,
# an AssertionError, a string) was thrown on purpose, and its message is the author's.
_ENGINE_ERRORS = {"EvalError", "RangeError", "ReferenceError", "SyntaxError", "TypeError", "URIError"}
_FRAME = re.compile(r"^\s*at (?:.*? \()?(.+?):(\d+):\d+\)?$")
_NOT_DEFINED = re.compile(r"^(\S+) is not defined$")


def _thrower(run: Run, stack: str) -> tuple[str, str | None, int | None]:
    """Whose code threw: "app" (a learner's file, with its name and line), "helper" or "check".

    The first frame with a place in it says (a frame inside the engine, like JSON.parse, has none).
    The check's own code runs inside Playwright's evaluate, and helpers have their own source URL
    (helper_scripts.HELPER_URL), so only the learner's files are named as themselves.
    """
    for line in stack.splitlines()[1:]:
        frame = _FRAME.match(line)
        if frame is None:
            continue
        place = frame.group(1)
        if place.startswith(HELPER_URL):
            return "helper", None, None
        for name in run.exercise.files:
            if place == name or (place.endswith(f"/{name}") and f".{GRADER_DOMAIN}/" in place):
                return "app", name, int(frame.group(2))
        return "check", None, None
    return "check", None, None


def _in_solutions(exercise, name: str) -> bool:
    """True if the name appears in any of the exercise's solutions: something the learner writes."""
    word = re.compile(rf"(?<![\w$]){re.escape(name)}(?![\w$])")
    return any(word.search(text) for files in exercise.solutions.values() for text in files.values())


def _judge_thrown(run: Run, thrown: dict[str, Any]) -> Exception:
    """What a thrown error means (docs/checks.md, "Whose mistake is it"): Failed, or Broken."""
    _ = run.gettext
    name, message = thrown["name"], thrown["message"]
    said = f"{name}: {message}" if name else message
    whose, file, line = _thrower(run, thrown["stack"])
    if whose == "app":
        return Failed(
            _("Your code stopped with an error while this check used it: %(error)s") % {"error": quote(said)},
            file=file,
            line=line,
        )
    if name == "ReferenceError":
        missing = _NOT_DEFINED.match(message)
        if missing is None or not _in_solutions(run.exercise, missing.group(1)):
            # No solution writes this name: a helper should have made it, or the check misspelt it.
            return Broken(f"{said} (no solution of the exercise defines it)")
        return Failed(
            _("This check needs “%(name)s” from your code, but your code does not define it.")
            % {"name": missing.group(1)}
        )
    if name == "SyntaxError" and "not a valid selector" in message:
        return Broken(said)  # the check's own CSS selector
    if name in _ENGINE_ERRORS or thrown["dom"]:
        return Failed(
            _(
                "Something this check looks for is not on your page yet, or is not what it expects "
                "(%(error)s)."
            )
            % {"error": quote(said)}
        )
    said = _author_words(message) or _("This check did not pass.")
    return Failed(said, thrown["expected"], thrown["actual"])


def run_js(run: Run, check: Check) -> None:
    run_actions(run, check)
    if run.helper_errors:
        raise Broken(f"a helper stopped with an error: {run.helper_errors[0]}")
    source = check.js or ""
    try:
        answer = run.page.evaluate(_wrapped(source, check.read_only), dict(run.files))
    except PlaywrightError as error:
        if run.remaining_ms() <= 0:
            raise OutOfTime() from error
        message = str(error).splitlines()[0].removeprefix("Page.evaluate: ")
        if message.startswith("SyntaxError"):
            # The wrapper catches whatever the check throws: this is its source not compiling.
            raise Broken(f"the check is not valid JavaScript: {message}") from error
        raise Failed(
            run.gettext("This check stopped with an error: %(error)s") % {"error": quote(message)},
            None,
            message,
        ) from error
    if not run.read_only:
        run.acted = True
    if "thrown" in answer:
        raise _judge_thrown(run, answer["thrown"])
    if answer.get("changed"):
        # The checks after it on the same load would see what it did.
        raise Broken(
            "it is read_only, but it changed the page: remove read_only to give it a load of its own"
        )
    if answer["pass"]:
        return
    if "shown" not in answer:  # {pass: false, message: ...}
        said = _author_words(_in_language(answer["message"], run.language)) or run.gettext(
            "This check did not pass."
        )
        raise Failed(said, answer["expected"], answer["actual"])
    actual = answer["shown"]
    code = " ".join(source.split())
    if len(code) <= 80 and not _is_block(source):
        message = run.gettext(
            "This check tested “%(code)s” on your page, and it came out %(actual)s, not true."
        ) % {"code": code, "actual": actual}
    else:
        message = run.gettext(
            "This check tested your page with its own JavaScript, and the answer was %(actual)s, not true."
        ) % {"actual": actual}
    raise Failed(message, "true", actual)
