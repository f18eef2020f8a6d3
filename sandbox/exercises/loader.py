"""Load exercises from folders on disk and say precisely what is wrong with a broken one."""

from __future__ import annotations

import logging
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from . import vocabulary
from .app_texts import app_languages, complete_translations, in_language, localized_parts
from .file_sets import read_file_set, read_starters, read_wrong_cases
from .model import (
    DEFAULT_LANGUAGE,
    DEVICES,
    HELPER_TIMES,
    N_,
    Check,
    Device,
    Exercise,
    Helper,
    Problem,
    Step,
    Text,
    frozen,
)
from .problems import Collector, inside, read_text, read_yaml, unknown_words

log = logging.getLogger(__name__)

ID = re.compile(r"^[a-z0-9][a-z0-9-]{0,62}$")
FILE_NAME = re.compile(r"^[A-Za-z0-9_-][A-Za-z0-9_.-]{0,62}\.(html|css|js|json|txt|svg|md)$")


class ExerciseInvalid(Exception):
    """The exercise folder has problems; `problems` lists each with file and field."""

    def __init__(self, exercise_id: str, problems: list[Problem]):
        super().__init__(f"{exercise_id}: " + "; ".join(map(str, problems)))
        self.exercise_id = exercise_id
        self.problems = problems


def _device(value: Any, file: Path, found: Collector) -> Device:
    if value is None:
        return DEVICES["phone"]
    if isinstance(value, str):
        if value in DEVICES:
            return DEVICES[value]
        found.add(
            file,
            "device",
            N_("'%(value)s' is not a device preset (%(presets)s)"),
            value=value,
            presets=", ".join(DEVICES),
        )
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
    found.add(file, "device", N_("must be a preset name or {width: 360, height: 640}"))
    return DEVICES["phone"]


def _target_ok(value: Any) -> bool:
    if isinstance(value, str):
        return bool(value.strip())
    return isinstance(value, Mapping) and any(
        key in value for key in ("role", "locator", "label", "placeholder")
    )


def _actions(value: Any, file: Path, field: str, found: Collector) -> tuple[Mapping[str, Any], ...]:
    if value is None:
        return ()
    if not isinstance(value, list):
        found.add(file, field, N_('must be a list of actions like [{click: "#add"}]'))
        return ()
    actions = []
    for number, action in enumerate(value, start=1):
        where = f"{field}, action {number}"
        if not isinstance(action, Mapping):
            found.add(file, where, N_('must be a mapping like {click: "#add"}'))
            continue
        verbs = [key for key in action if key in vocabulary.ACTIONS]
        if len(verbs) != 1:
            takes = {key for verb in vocabulary.ACTIONS for key in vocabulary.ACTIONS[verb]}
            strangers = set(map(str, action)) - set(vocabulary.ACTIONS) - takes
            if not verbs and strangers:
                unknown_words(found, file, where, strangers, vocabulary.ACTIONS, N_("actions"))
            found.add(
                file,
                where,
                N_("must name exactly one action of: %(actions)s"),
                actions=", ".join(vocabulary.ACTIONS),
            )
            continue
        verb = verbs[0]
        extra = set(action) - {verb, *vocabulary.ACTIONS[verb]}
        if extra:
            unknown_words(found, file, where, extra, {verb, *vocabulary.ACTIONS[verb]}, f"'{verb}' can")
        if verb == "wait":
            if not isinstance(action[verb], int) or not 0 <= action[verb] <= 5000:
                found.add(file, where, N_("wait takes milliseconds between 0 and 5000"))
        elif verb != "reload" and not _target_ok(action[verb]):
            found.add(
                file,
                where,
                N_("'%(verb)s' needs a CSS selector or a target like {role: button, name: OK}"),
                verb=verb,
            )
        for needed in vocabulary.ACTIONS[verb]:
            if needed not in action:
                found.add(file, where, N_("'%(verb)s' needs '%(needed)s'"), verb=verb, needed=needed)
        actions.append(frozen(action))
    return tuple(actions)


def _expect(value: Any, file: Path, field: str, found: Collector) -> Mapping[str, Any] | None:
    if not isinstance(value, Mapping):
        found.add(file, field, N_('must be a mapping like {locator: "#count", text: "2"}'))
        return None
    targets = [key for key in vocabulary.TARGETS if key in value]
    if len(targets) != 1:
        words = {*vocabulary.TARGETS, *vocabulary.TARGET_OPTIONS, *vocabulary.ASSERTIONS}
        if not targets and set(value) - words:
            unknown_words(found, file, field, set(value) - words, words)
        found.add(
            file,
            field,
            N_("must have exactly one target of: %(targets)s"),
            targets=", ".join(vocabulary.TARGETS),
        )
        return None
    target = targets[0]
    if target == "page":
        page = value["page"]
        if page not in vocabulary.PAGE_CHECKS:
            found.add(
                file,
                field,
                N_("page check '%(page)s' is unknown (%(known)s)"),
                page=page,
                known=", ".join(vocabulary.PAGE_CHECKS),
            )
            return None
        allowed = {"page", *vocabulary.PAGE_CHECKS[page]}
        if "rules" in value:
            _accessibility_rules(value["rules"], file, f"{field}.rules", found)
    else:
        allowed = {target, *vocabulary.TARGET_OPTIONS, *vocabulary.ASSERTIONS}
        if not any(key in value for key in vocabulary.ASSERTIONS):
            found.add(
                file,
                field,
                N_("says nothing to check: add one of %(assertions)s"),
                assertions=", ".join(vocabulary.ASSERTIONS),
            )
    unknown = set(value) - allowed
    if unknown:
        unknown_words(found, file, field, unknown, allowed)
    for key in ("attribute", "css"):
        if key in value and not isinstance(value[key], Mapping):
            found.add(file, f"{field}, {key}", N_("must be a mapping like {name: value}"))
    return frozen(value)


def _accessibility_rules(value: Any, file: Path, field: str, found: Collector) -> None:
    known = vocabulary.ACCESSIBILITY_RULES
    if not isinstance(value, list) or not value or not all(isinstance(rule, str) for rule in value):
        found.add(
            file,
            field,
            N_("must be a list of rules like [image-alt, button-name] (%(known)s)"),
            known=", ".join(known),
        )
        return
    unknown = [rule for rule in value if rule not in known]
    if unknown:
        found.add(
            file,
            field,
            N_("unknown rule: %(unknown)s (known: %(known)s)"),
            unknown=", ".join(unknown),
            known=", ".join(known),
        )


def _check(raw: Any, file: Path, field: str, languages, seen: set[str], root: Path, found) -> Check | None:
    if not isinstance(raw, Mapping):
        found.add(file, field, N_("must be a mapping with id, name and expect (or python, or js)"))
        return None
    check_id = raw.get("id")
    if not isinstance(check_id, str) or not ID.match(check_id):
        found.add(file, f"{field}, id", N_("must be lowercase letters, digits and hyphens"))
        return None
    field = f"{field} ({check_id})"
    if check_id in seen:
        found.add(file, field, N_("check ids must be unique in the exercise"))
    seen.add(check_id)
    known = {"id", "name", "hint", "do", "expect", "python", "js", "read_only"}
    unknown = set(raw) - known
    suggested = unknown_words(found, file, field, unknown, known) if unknown else set()
    kinds = [key for key in ("expect", "python", "js") if key in raw]
    if len(kinds) != 1:
        if not (suggested & {"expect", "python", "js"}):
            found.add(file, field, N_("needs exactly one of expect, python or js"))
        return None
    name = found.text(raw.get("name"), file, f"{field}, name", languages)
    hint = found.text(raw.get("hint"), file, f"{field}, hint", languages, required=False)
    words: dict[str, list[str]] = {}
    english = in_language(raw.get("do"), DEFAULT_LANGUAGE, words, languages, file, field, found)
    actions = _actions(english, file, f"{field}, do", found)
    expect = python = js = None
    if kinds[0] == "expect":
        spoken = in_language(raw["expect"], DEFAULT_LANGUAGE, words, languages, file, field, found)
        expect = _expect(spoken, file, f"{field}, expect", found)
    elif kinds[0] == "python":
        python = raw["python"]
        module, _, function = str(python).partition(":")
        if not function or not inside(root, module):
            found.add(
                file, f"{field}, python", N_("must be 'checks.py:function' naming a file in the exercise")
            )
    else:
        js = raw["js"]
        if not isinstance(js, str) or not js.strip():
            found.add(file, f"{field}, js", N_("must be a JavaScript expression or block"))
    read_only = raw.get("read_only", False)
    if read_only is not False and (kinds[0] != "js" or read_only is not True or actions):
        found.add(
            file,
            f"{field}, read_only",
            N_("read_only: true is for a js: check without do (one that only reads the page)"),
        )
        read_only = False
    localized, texts = localized_parts(raw, words, actions, expect)
    name = name or Text(frozen({}))
    return Check(check_id, name, hint, actions, expect, python, js, read_only, localized, texts)


def _steps(raw: Any, root: Path, file: Path, languages, found: Collector) -> tuple[Step, ...]:
    if not isinstance(raw, list) or not raw:
        found.add(file, "steps", N_("must be a list with at least one step"))
        return ()
    steps: list[Step] = []
    step_ids: set[str] = set()
    check_ids: set[str] = set()
    for number, item in enumerate(raw, start=1):
        field = f"step {number}"
        if not isinstance(item, Mapping) or not isinstance(item.get("id"), str) or not ID.match(item["id"]):
            found.add(
                file, f"{field}, id", N_("every step needs an id of lowercase letters, digits and hyphens")
            )
            continue
        step_id = item["id"]
        if step_id in step_ids:
            found.add(file, f"{field}, id", N_("'%(step)s' is used twice"), step=step_id)
        step_ids.add(step_id)
        title = found.text(item.get("title"), file, f"{field}, title", languages)
        words = {"id", "title", "checks", "cumulative"}
        strangers = set(item) - words
        if strangers:
            unknown_words(found, file, f"{field} ({step_id})", strangers, words, N_("steps"))
        cumulative = item.get("cumulative", True)
        if not isinstance(cumulative, bool):
            found.add(file, f"{field}, cumulative", N_("must be true or false"))
            cumulative = True
        instructions = _instructions(root, number, step_id, languages, found)
        raw_checks = item.get("checks")
        if not isinstance(raw_checks, list) or not raw_checks:
            found.add(file, f"{field}, checks", N_("every step needs at least one check"))
            raw_checks = []
        checks = [
            _check(c, file, f"{field}, check {number}", languages, check_ids, root, found)
            for number, c in enumerate(raw_checks, start=1)
        ]
        checks = tuple(c for c in checks if c)
        steps.append(Step(number, step_id, title or Text(frozen({})), instructions, checks, None, cumulative))
    return tuple(steps)


def _instructions(root: Path, number: int, step_id: str, languages, found: Collector) -> Text:
    """Read steps/<n>-<id>.md and its translations <n>-<id>.<lang>.md."""
    values: dict[str, str] = {}
    source = root / "steps" / f"{number}-{step_id}.md"
    if source.is_file():
        values[DEFAULT_LANGUAGE] = read_text(source, found) or ""
    else:
        found.add(source, "", N_("is missing (each step needs its instructions)"))
    for language in languages:
        if language == DEFAULT_LANGUAGE:
            continue
        path = root / "steps" / f"{number}-{step_id}.{language}.md"
        if path.is_file():
            values[language] = read_text(path, found) or ""
        elif language not in found.partial:
            found.add(path, "", N_("is missing, but the exercise declares '%(language)s'"), language=language)
    found.count(values)
    return Text(frozen(values))


def _partial_languages(raw: Any, languages: list[str], file: Path, found: Collector) -> tuple[str, ...]:
    """`partial_languages:` names declared languages whose texts may be missing (they fall back to
    English, and the validator says how many there are)."""
    if (
        not isinstance(raw, list)
        or not all(isinstance(language, str) and language in languages for language in raw)
        or DEFAULT_LANGUAGE in raw
    ):
        found.add(
            file,
            "partial_languages",
            N_("must list languages of `languages` other than 'en', like [ru]"),
        )
        return ()
    return tuple(raw)


# A helper named course:<path> is a file of the course folder the exercise is in (docs/courses.md).
COURSE_HELPER = "course:"


def _helpers(raw: Any, root: Path, file: Path, found: Collector, course: Path | None) -> tuple[Helper, ...]:
    """`helpers:` lists script files: a name (run before the app's scripts), or {file, at}."""
    if not isinstance(raw, list):
        found.add(file, "helpers", N_("must list script files in the exercise folder"))
        return ()
    helpers = []
    for number, item in enumerate(raw, start=1):
        name, at = (item, "start") if isinstance(item, str) else (None, None)
        if isinstance(item, Mapping):
            name, at = item.get("file"), item.get("at", "start")
            strangers = set(item) - {"file", "at"}
            if strangers:
                unknown_words(found, file, f"helpers, {number}", strangers, {"file", "at"}, N_("helpers"))
        shared = isinstance(name, str) and name.startswith(COURSE_HELPER)
        if shared and (course is None or not inside(course, name[len(COURSE_HELPER) :])):
            found.add(file, "helpers", N_("'%(name)s' is not a file of this exercise's course"), name=name)
            continue
        if not shared and (not isinstance(name, str) or not inside(root, name)):
            found.add(file, "helpers", N_("must list script files in the exercise folder"))
            continue
        if at not in HELPER_TIMES:
            found.add(
                file,
                f"helpers, {number}",
                N_("'at' is when the helper runs: %(times)s"),
                times=", ".join(HELPER_TIMES),
            )
            continue
        path = course / name[len(COURSE_HELPER) :] if shared and course else None
        helpers.append(Helper(name, at, path))
    return tuple(helpers)


def _assets(root: Path) -> dict[str, Path]:
    folder = root / "assets"
    if not folder.is_dir():
        return {}
    return {
        str(path.relative_to(folder)): path
        for path in sorted(folder.rglob("*"))
        if path.is_file() and not path.name.startswith(".")
    }


def load_exercise(root: Path, course: Path | None = None, course_id: str | None = None) -> Exercise:
    """Load one exercise folder (in the folder of the course `course_id`, when given); raise
    ExerciseInvalid listing every problem found."""
    root = Path(root)
    found = Collector(root)
    file = root / "exercise.yaml"
    raw = read_yaml(file, found)
    if (raw is None and not found.problems) or (raw is not None and not isinstance(raw, Mapping)):
        # (None with no problem noted: the file is empty, or holds only comments)
        found.add(file, "", N_("must be a mapping with id, title, files and steps"))
        raw = None
    if raw is None:
        raise ExerciseInvalid(root.name, found.problems)

    exercise_id = raw.get("id")
    if exercise_id != root.name or not ID.match(str(exercise_id)):
        found.add(
            file,
            "id",
            N_("must equal the folder name '%(folder)s' (lowercase letters, digits, hyphens)"),
            folder=root.name,
        )
    languages = raw.get("languages", [DEFAULT_LANGUAGE])
    if (
        not isinstance(languages, list)
        or not all(isinstance(language, str) for language in languages)
        or DEFAULT_LANGUAGE not in languages
    ):
        found.add(file, "languages", N_("must be a list that includes 'en', like [en, ru, tg]"))
        languages = [DEFAULT_LANGUAGE]
    found.partial = _partial_languages(raw.get("partial_languages", []), languages, file, found)
    found.languages = tuple(languages)
    title = found.text(raw.get("title"), file, "title", languages)
    summary = found.text(raw.get("summary"), file, "summary", languages, required=False)
    credit = found.text(raw.get("credit"), file, "credit", languages, required=False)
    device = _device(raw.get("device"), file, found)

    names = raw.get("files")
    if not isinstance(names, list) or not names or not all(isinstance(n, str) for n in names):
        found.add(file, "files", N_("must list the learner's files, like [index.html, style.css, app.js]"))
        names = []
    for name in names:
        if not FILE_NAME.match(name) or len(name) > 100:  # (a longer name is no file a system can hold)
            found.add(
                file,
                "files",
                N_("'%(name)s' is not a plain file name ending .html, .css, .js, ..."),
                name=name,
            )
    if names and "index.html" not in names:
        found.add(file, "files", N_("must include index.html (the page the preview opens)"))
    names = tuple(name for name in names if FILE_NAME.match(name) and len(name) <= 100)

    helpers = _helpers(raw.get("helpers", []), root, file, found, course)

    steps = _steps(raw.get("steps"), root, file, languages, found)
    starter, steps = read_starters(root, names, steps, found)
    solutions = {}
    for step in steps:
        files = read_file_set(root / "solutions" / step.id, names, found, case=f"solutions/{step.id}")
        if files is not None:
            solutions[step.id] = frozen(files)
    wrong = read_wrong_cases(root, names, steps, solutions, found)
    complete_translations(root, names, found)
    cases = ["starter", *(f"starter/{s.id}" for s in steps if s.starter is not None)]
    cases += [f"solutions/{step}" for step in solutions] + [f"wrong/{case.name}" for case in wrong]
    into = app_languages([c for s in steps for c in s.checks], languages, cases, file, found)

    order = raw.get("order", 100)
    if not isinstance(order, int):
        found.add(file, "order", N_("must be a whole number (lower comes first in the list)"))
        order = 100
    known = {
        "id",
        "title",
        "summary",
        "languages",
        "partial_languages",
        "device",
        "files",
        "steps",
        "helpers",
        "order",
        "credit",
    }
    unknown = set(raw) - known
    if unknown:
        unknown_words(found, file, "", unknown, known, N_("exercise.yaml files"))
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
        helpers=helpers,
        order=order,
        partial_languages=found.partial,
        coverage=frozen(
            {language: (present, total) for language, (present, total) in found.coverage.items()}
        ),
        course=course_id,
        credit=credit,
        overlays=frozen({language: frozen(cases) for language, cases in found.overlays.items()}),
        app_languages=into,
    )
