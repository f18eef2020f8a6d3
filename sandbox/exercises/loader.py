"""Load exercises from folders on disk and say precisely what is wrong with a broken one."""

from __future__ import annotations

import difflib
import logging
import re
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import yaml

from . import vocabulary
from .model import (
    DEFAULT_LANGUAGE,
    DEVICES,
    Catalog,
    Check,
    Device,
    Exercise,
    Problem,
    Step,
    Text,
    WrongCase,
    frozen,
)

log = logging.getLogger(__name__)

ID = re.compile(r"^[a-z0-9][a-z0-9-]{0,62}$")
FILE_NAME = re.compile(r"^[A-Za-z0-9_-][A-Za-z0-9_.-]{0,62}\.(html|css|js|json|txt|svg|md)$")
MAX_TEXT_FILE = 256 * 1024


class ExerciseInvalid(Exception):
    """The exercise folder has problems; `problems` lists each with file and field."""

    def __init__(self, exercise_id: str, problems: list[Problem]):
        super().__init__(f"{exercise_id}: " + "; ".join(map(str, problems)))
        self.exercise_id = exercise_id
        self.problems = problems


def _unknown_words(found, file: Path, field: str, unknown, known, what: str = "checks") -> set:
    """Name each word that is not understood, with the known word it was probably meant to be.
    Returns the known words suggested."""
    suggested = set()
    for word in sorted(map(str, unknown)):
        close = difflib.get_close_matches(word, sorted(known), n=1, cutoff=0.6)
        if close:
            suggested.add(close[0])
            found.add(file, field, f"{word}: is not a word {what} understand; did you mean {close[0]}?")
        else:
            found.add(
                file, field, f"{word}: is not a word {what} understand (they are: {', '.join(sorted(known))})"
            )
    return suggested


# What a YAML parser says, in words a trainer can act on.
_YAML_PROBLEMS = (
    ("found character '\\t'", "uses a tab to indent: indent with spaces only"),
    (
        "mapping values are not allowed",
        "has a colon where YAML does not expect one: put text that holds "
        "“: ” in quotes, or check that this line is indented like the lines around it",
    ),
    ("expected <block end>", "is indented differently from the lines around it"),
    ("did not find expected key", "is indented differently from the lines around it"),
    ("could not find expected ':'", "needs a colon after its key (key: value), or its indentation is off"),
    ("expected ',' or ']'", "opens a list with [ that is never closed with ] (or its items lack commas)"),
    ("expected ',' or '}'", "opens a mapping with { that is never closed with } (or its items lack commas)"),
    ("scanning a quoted scalar", "opens a quote that is never closed"),
    ("found unknown escape character", "has a backslash in double quotes: use single quotes around it"),
    ("found undefined alias", "uses * (an alias in YAML): put text that starts with * in quotes"),
    ("found character '@'", "starts a value with @ or `: put it in quotes"),
    ("found character '`'", "starts a value with @ or `: put it in quotes"),
)


def _plain_yaml_problem(error: Exception) -> str:
    said = " ".join(str(getattr(error, attribute, "") or "") for attribute in ("context", "problem"))
    for words, plain in _YAML_PROBLEMS:
        if words in said:
            return plain
    return f"is not valid YAML ({getattr(error, 'problem', None) or error})"


class _Collector:
    """Gathers problems so a trainer sees all of them at once, not one per try."""

    def __init__(self, root: Path):
        self.root = root
        self.problems: list[Problem] = []

    def add(self, file: Path | str, field: str, message: str) -> None:
        name = str(file.relative_to(self.root.parent)) if isinstance(file, Path) else file
        self.problems.append(Problem(name, field, message))

    def text(self, value: Any, file: Path, field: str, languages: Iterable[str], required: bool = True):
        """Return a Text from a string or {lang: string}; note what is missing."""
        if value is None:
            if required:
                self.add(file, field, "is required")
            return None
        if isinstance(value, str):
            values = {DEFAULT_LANGUAGE: value}
        elif (
            isinstance(value, Mapping)
            and value
            and all(isinstance(k, str) and isinstance(v, str) for k, v in value.items())
        ):
            values = dict(value)
        else:
            self.add(file, field, "must be text, or a mapping of language to text like {en: ..., ru: ...}")
            return None
        for language in languages:
            if language not in values:
                self.add(file, field, f"has no '{language}' text, but the exercise declares that language")
        return Text(frozen(values))


def _inside(root: Path, name: str) -> bool:
    """True if `name` is a file inside the exercise folder (no absolute paths, no way out with ..)."""
    path = (root / name).resolve()
    return path.is_file() and path.is_relative_to(root.resolve())


def _read_text(path: Path, found: _Collector) -> str | None:
    if path.stat().st_size > MAX_TEXT_FILE:
        found.add(path, "", f"is larger than {MAX_TEXT_FILE // 1024} KB")
        return None
    try:
        return path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        found.add(path, "", "is not UTF-8 text")
        return None


def _read_yaml(path: Path, found: _Collector) -> Any:
    if not path.is_file():
        found.add(path, "", "is missing")
        return None
    text = _read_text(path, found)
    if text is None:
        return None
    try:
        return yaml.safe_load(text)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        context = str(getattr(error, "context", "") or "")
        if "quoted scalar" in context or "flow" in context:
            # An unclosed quote or bracket is found at the end: the line that opened it is the one.
            mark = getattr(error, "context_mark", None) or mark
        where = f"line {mark.line + 1}" if mark else ""
        plain = _plain_yaml_problem(error)
        if not plain.startswith("is not valid YAML"):
            plain = f"is not valid YAML: this line {plain}"
        found.add(path, where, plain)
        return None


def _read_file_set(folder: Path, names: tuple[str, ...], found: _Collector) -> dict[str, str] | None:
    """Read exactly the exercise's files from a folder."""
    if not folder.is_dir():
        found.add(folder, "", "is missing")
        return None
    files: dict[str, str] = {}
    for name in names:
        path = folder / name
        if not path.is_file():
            found.add(path, "", "is missing (every file the exercise lists must be here)")
            continue
        text = _read_text(path, found)
        if text is not None:
            files[name] = text
    for extra in sorted(p.name for p in folder.iterdir() if p.name not in names and p.name != "expect.yaml"):
        found.add(folder / extra, "", "is not one of the exercise's files: add it to `files` or remove it")
    return files


def _device(value: Any, file: Path, found: _Collector) -> Device:
    if value is None:
        return DEVICES["phone"]
    if isinstance(value, str):
        if value in DEVICES:
            return DEVICES[value]
        found.add(file, "device", f"'{value}' is not a device preset ({', '.join(DEVICES)})")
        return DEVICES["phone"]
    if isinstance(value, Mapping):
        width, height = value.get("width"), value.get("height")
        if (
            isinstance(width, int)
            and isinstance(height, int)
            and 200 <= width <= 2000
            and 200 <= height <= 3000
        ):
            return Device("custom", width, height)
    found.add(file, "device", "must be a preset name or {width: 360, height: 640}")
    return DEVICES["phone"]


def _target_ok(value: Any) -> bool:
    if isinstance(value, str):
        return bool(value.strip())
    return isinstance(value, Mapping) and any(
        key in value for key in ("role", "locator", "label", "placeholder")
    )


def _actions(value: Any, file: Path, field: str, found: _Collector) -> tuple[Mapping[str, Any], ...]:
    if value is None:
        return ()
    if not isinstance(value, list):
        found.add(file, field, 'must be a list of actions like [{click: "#add"}]')
        return ()
    actions = []
    for number, action in enumerate(value, start=1):
        where = f"{field}, action {number}"
        if not isinstance(action, Mapping):
            found.add(file, where, 'must be a mapping like {click: "#add"}')
            continue
        verbs = [key for key in action if key in vocabulary.ACTIONS]
        if len(verbs) != 1:
            takes = {key for verb in vocabulary.ACTIONS for key in vocabulary.ACTIONS[verb]}
            strangers = set(map(str, action)) - set(vocabulary.ACTIONS) - takes
            if not verbs and strangers:
                _unknown_words(found, file, where, strangers, vocabulary.ACTIONS, "actions")
            found.add(file, where, f"must name exactly one action of: {', '.join(vocabulary.ACTIONS)}")
            continue
        verb = verbs[0]
        extra = set(action) - {verb, *vocabulary.ACTIONS[verb]}
        if extra:
            _unknown_words(found, file, where, extra, {verb, *vocabulary.ACTIONS[verb]}, f"'{verb}' can")
        if verb == "wait":
            if not isinstance(action[verb], int) or not 0 <= action[verb] <= 5000:
                found.add(file, where, "wait takes milliseconds between 0 and 5000")
        elif verb != "reload" and not _target_ok(action[verb]):
            found.add(
                file, where, f"'{verb}' needs a CSS selector or a target like {{role: button, name: OK}}"
            )
        for needed in vocabulary.ACTIONS[verb]:
            if needed not in action:
                found.add(file, where, f"'{verb}' needs '{needed}'")
        actions.append(frozen(action))
    return tuple(actions)


def _expect(value: Any, file: Path, field: str, found: _Collector) -> Mapping[str, Any] | None:
    if not isinstance(value, Mapping):
        found.add(file, field, 'must be a mapping like {locator: "#count", text: "2"}')
        return None
    targets = [key for key in vocabulary.TARGETS if key in value]
    if len(targets) != 1:
        words = {*vocabulary.TARGETS, *vocabulary.TARGET_OPTIONS, *vocabulary.ASSERTIONS}
        if not targets and set(value) - words:
            _unknown_words(found, file, field, set(value) - words, words)
        found.add(file, field, f"must have exactly one target of: {', '.join(vocabulary.TARGETS)}")
        return None
    target = targets[0]
    if target == "page":
        page = value["page"]
        if page not in vocabulary.PAGE_CHECKS:
            found.add(file, field, f"page check '{page}' is unknown ({', '.join(vocabulary.PAGE_CHECKS)})")
            return None
        allowed = {"page", *vocabulary.PAGE_CHECKS[page]}
    else:
        allowed = {target, *vocabulary.TARGET_OPTIONS, *vocabulary.ASSERTIONS}
        if not any(key in value for key in vocabulary.ASSERTIONS):
            found.add(file, field, f"says nothing to check: add one of {', '.join(vocabulary.ASSERTIONS)}")
    unknown = set(value) - allowed
    if unknown:
        _unknown_words(found, file, field, unknown, allowed)
    for key in ("attribute", "css"):
        if key in value and not isinstance(value[key], Mapping):
            found.add(file, f"{field}, {key}", "must be a mapping like {name: value}")
    return frozen(value)


def _check(raw: Any, file: Path, field: str, languages, seen: set[str], root: Path, found) -> Check | None:
    if not isinstance(raw, Mapping):
        found.add(file, field, "must be a mapping with id, name and expect (or python, or js)")
        return None
    check_id = raw.get("id")
    if not isinstance(check_id, str) or not ID.match(check_id):
        found.add(file, f"{field}, id", "must be lowercase letters, digits and hyphens")
        return None
    field = f"{field} ({check_id})"
    if check_id in seen:
        found.add(file, field, "check ids must be unique in the exercise")
    seen.add(check_id)
    known = {"id", "name", "hint", "do", "expect", "python", "js"}
    unknown = set(raw) - known
    suggested = _unknown_words(found, file, field, unknown, known) if unknown else set()
    kinds = [key for key in ("expect", "python", "js") if key in raw]
    if len(kinds) != 1:
        if not (suggested & {"expect", "python", "js"}):
            found.add(file, field, "needs exactly one of expect, python or js")
        return None
    name = found.text(raw.get("name"), file, f"{field}, name", languages)
    hint = found.text(raw.get("hint"), file, f"{field}, hint", languages, required=False)
    actions = _actions(raw.get("do"), file, f"{field}, do", found)
    expect = python = js = None
    if kinds[0] == "expect":
        expect = _expect(raw["expect"], file, f"{field}, expect", found)
    elif kinds[0] == "python":
        python = raw["python"]
        module, _, function = str(python).partition(":")
        if not function or not _inside(root, module):
            found.add(file, f"{field}, python", "must be 'checks.py:function' naming a file in the exercise")
    else:
        js = raw["js"]
        if not isinstance(js, str) or not js.strip():
            found.add(file, f"{field}, js", "must be a JavaScript expression or block")
    return Check(check_id, name or Text(frozen({})), hint, actions, expect, python, js)


def _steps(raw: Any, root: Path, file: Path, languages, found: _Collector) -> tuple[Step, ...]:
    if not isinstance(raw, list) or not raw:
        found.add(file, "steps", "must be a list with at least one step")
        return ()
    steps: list[Step] = []
    step_ids: set[str] = set()
    check_ids: set[str] = set()
    for number, item in enumerate(raw, start=1):
        field = f"step {number}"
        if not isinstance(item, Mapping) or not isinstance(item.get("id"), str) or not ID.match(item["id"]):
            found.add(file, f"{field}, id", "every step needs an id of lowercase letters, digits and hyphens")
            continue
        step_id = item["id"]
        if step_id in step_ids:
            found.add(file, f"{field}, id", f"'{step_id}' is used twice")
        step_ids.add(step_id)
        title = found.text(item.get("title"), file, f"{field}, title", languages)
        strangers = set(item) - {"id", "title", "checks"}
        if strangers:
            _unknown_words(found, file, f"{field} ({step_id})", strangers, {"id", "title", "checks"}, "steps")
        instructions = _instructions(root, number, step_id, languages, found)
        raw_checks = item.get("checks")
        if not isinstance(raw_checks, list) or not raw_checks:
            found.add(file, f"{field}, checks", "every step needs at least one check")
            raw_checks = []
        checks = [
            _check(c, file, f"{field}, check {number}", languages, check_ids, root, found)
            for number, c in enumerate(raw_checks, start=1)
        ]
        steps.append(
            Step(number, step_id, title or Text(frozen({})), instructions, tuple(c for c in checks if c))
        )
    return tuple(steps)


def _instructions(root: Path, number: int, step_id: str, languages, found: _Collector) -> Text:
    """Read steps/<n>-<id>.md and its translations <n>-<id>.<lang>.md."""
    values: dict[str, str] = {}
    source = root / "steps" / f"{number}-{step_id}.md"
    if source.is_file():
        values[DEFAULT_LANGUAGE] = _read_text(source, found) or ""
    else:
        found.add(source, "", "is missing (each step needs its instructions)")
    for language in languages:
        if language == DEFAULT_LANGUAGE:
            continue
        path = root / "steps" / f"{number}-{step_id}.{language}.md"
        if path.is_file():
            values[language] = _read_text(path, found) or ""
        else:
            found.add(path, "", f"is missing, but the exercise declares '{language}'")
    return Text(frozen(values))


def _wrong_cases(root: Path, exercise_files, steps: tuple[Step, ...], found) -> tuple[WrongCase, ...]:
    folder = root / "wrong"
    if not folder.is_dir():
        return ()
    cases = []
    order = [s.id for s in steps]
    for case in sorted(p for p in folder.iterdir() if p.is_dir()):
        expect_file = case / "expect.yaml"
        expect = _read_yaml(expect_file, found)
        files = _read_file_set(case, exercise_files, found)
        if not isinstance(expect, Mapping):
            if expect is not None:
                found.add(expect_file, "", "must be a mapping with step and fails")
            continue
        step_id, fails = expect.get("step"), expect.get("fails")
        if step_id not in order:
            found.add(expect_file, "step", f"'{step_id}' is not a step of this exercise")
            continue
        reachable = {c.id for s in steps[: order.index(step_id) + 1] for c in s.checks}
        if not isinstance(fails, list) or not fails:
            found.add(expect_file, "fails", "must list the check ids this case fails")
            continue
        for check_id in fails:
            if check_id not in reachable:
                found.add(expect_file, "fails", f"'{check_id}' is not a check of step '{step_id}' or before")
        if files is not None:
            cases.append(WrongCase(case.name, step_id, tuple(fails), frozen(files)))
    return tuple(cases)


def _assets(root: Path) -> dict[str, Path]:
    folder = root / "assets"
    if not folder.is_dir():
        return {}
    return {
        str(path.relative_to(folder)): path
        for path in sorted(folder.rglob("*"))
        if path.is_file() and not path.name.startswith(".")
    }


def load_exercise(root: Path) -> Exercise:
    """Load one exercise folder; raise ExerciseInvalid listing every problem found."""
    root = Path(root)
    found = _Collector(root)
    file = root / "exercise.yaml"
    raw = _read_yaml(file, found)
    if raw is not None and not isinstance(raw, Mapping):
        found.add(file, "", "must be a mapping with id, title, files and steps")
        raw = None
    if raw is None:
        raise ExerciseInvalid(root.name, found.problems)

    exercise_id = raw.get("id")
    if exercise_id != root.name or not ID.match(str(exercise_id)):
        found.add(
            file, "id", f"must equal the folder name '{root.name}' (lowercase letters, digits, hyphens)"
        )
    languages = raw.get("languages", [DEFAULT_LANGUAGE])
    if not isinstance(languages, list) or DEFAULT_LANGUAGE not in languages:
        found.add(file, "languages", "must be a list that includes 'en', like [en, ru, tg]")
        languages = [DEFAULT_LANGUAGE]
    title = found.text(raw.get("title"), file, "title", languages)
    summary = found.text(raw.get("summary"), file, "summary", languages, required=False)
    device = _device(raw.get("device"), file, found)

    names = raw.get("files")
    if not isinstance(names, list) or not names or not all(isinstance(n, str) for n in names):
        found.add(file, "files", "must list the learner's files, like [index.html, style.css, app.js]")
        names = []
    for name in names:
        if not FILE_NAME.match(name):
            found.add(file, "files", f"'{name}' is not a plain file name ending .html, .css, .js, ...")
    if names and "index.html" not in names:
        found.add(file, "files", "must include index.html (the page the preview opens)")
    names = tuple(names)

    helpers = raw.get("helpers", [])
    if not isinstance(helpers, list) or not all(isinstance(h, str) and _inside(root, h) for h in helpers):
        found.add(file, "helpers", "must list script files in the exercise folder")
        helpers = []

    steps = _steps(raw.get("steps"), root, file, languages, found)
    starter = _read_file_set(root / "starter", names, found) or {}
    solutions = {}
    for step in steps:
        files = _read_file_set(root / "solutions" / step.id, names, found)
        if files is not None:
            solutions[step.id] = frozen(files)
    wrong = _wrong_cases(root, names, steps, found)

    order = raw.get("order", 100)
    if not isinstance(order, int):
        found.add(file, "order", "must be a whole number (lower comes first in the list)")
        order = 100
    known = {"id", "title", "summary", "languages", "device", "files", "steps", "helpers", "order"}
    unknown = set(raw) - known
    if unknown:
        _unknown_words(found, file, "", unknown, known, "exercise.yaml files")
    if found.problems:
        raise ExerciseInvalid(root.name, found.problems)
    return Exercise(
        id=exercise_id,
        title=title,
        summary=summary,
        languages=tuple(languages),
        device=device,
        files=names,
        steps=steps,
        starter=frozen(starter),
        solutions=frozen(solutions),
        wrong=wrong,
        assets=frozen(_assets(root)),
        path=root,
        helpers=tuple(helpers),
        order=order,
    )


def load_catalog(folder: Path) -> Catalog:
    """Load every exercise folder under `folder`; broken ones are logged and left out."""
    catalog = Catalog()
    folder = Path(folder)
    if not folder.is_dir():
        log.warning("exercise folder %s does not exist", folder)
        return catalog
    for root in sorted(p for p in folder.iterdir() if p.is_dir() and not p.name.startswith((".", "_"))):
        try:
            exercise = load_exercise(root)
        except ExerciseInvalid as error:
            catalog.problems[root.name] = error.problems
            for problem in error.problems:
                log.error("exercise %s not loaded: %s", root.name, problem)
        else:
            catalog.exercises[exercise.id] = exercise
    ordered = sorted(catalog.exercises.values(), key=lambda e: (e.order, e.id))
    catalog.exercises = {e.id: e for e in ordered}
    return catalog
