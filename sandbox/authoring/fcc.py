"""Import freeCodeCamp's 2018 curriculum challenge files (CC BY-SA 4.0), which a trainer provides,
as a course: each file (a block of challenges) one exercise of its own section, each challenge a
step with its own starting code (the challenge's seed) graded by its own tests alone, the tests
run unchanged by the project's own small assert and $() helper (fcc_helper.js). Every exercise
carries the attribution and the licence, shown to learners (docs/courses.md)."""

from __future__ import annotations

import html
import json
import re
import shutil
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from ..exercises.model import N_

HELPER = Path(__file__).with_name("fcc_helper.js")
CREDIT = {
    "en": (
        "Adapted from the [freeCodeCamp](https://www.freecodecamp.org) curriculum (2018), "
        "© freeCodeCamp.org, under the [CC BY-SA 4.0](https://creativecommons.org/licenses/by-sa/4.0/) "
        "licence; changed into this exercise's steps and checks. "
        "This exercise is shared under the same licence."
    ),
    "ru": (
        "По материалам учебной программы [freeCodeCamp](https://www.freecodecamp.org) (2018), "
        "© freeCodeCamp.org, по лицензии [CC BY-SA 4.0](https://creativecommons.org/licenses/by-sa/4.0/); "
        "переделано в шаги и проверки этого упражнения. Это упражнение распространяется по той же лицензии."
    ),
    "tg": (
        "Аз рӯи барномаи таълимии [freeCodeCamp](https://www.freecodecamp.org) (2018), "
        "© freeCodeCamp.org, бо литсензияи [CC BY-SA 4.0](https://creativecommons.org/licenses/by-sa/4.0/); "
        "ба қадамҳо ва санҷишҳои ин машқ табдил дода шудааст. Ин машқ бо ҳамон литсензия паҳн карда мешавад."
    ),
}
ATTRIBUTION = """# Attribution

This exercise was made by `sandbox import fcc` from freeCodeCamp's curriculum challenge files
(2018), © freeCodeCamp.org (https://www.freecodecamp.org), licensed under the Creative Commons
Attribution-ShareAlike 4.0 International licence (CC BY-SA 4.0,
https://creativecommons.org/licenses/by-sa/4.0/). The challenges' descriptions, seeds, tests and
solutions were changed into this project's format (steps, starters, checks and solutions).
This exercise is shared under the same licence.

Challenges: {challenges}
"""
SKIPPED = N_("%(file)s: “%(title)s” was left out: %(why)s")
NO_SOLUTION = N_("it has no solution")
NO_TESTS = N_("it has no tests")


class ImportRefused(Exception):
    """A file that is not a freeCodeCamp challenge file; `message` says which and why."""


@dataclass
class Imported:
    """What an import wrote: the course folder, its exercises, and each challenge left out (why)."""

    course: Path
    exercises: list[str] = field(default_factory=list)
    steps: int = 0
    skipped: list[tuple[str, dict[str, str]]] = field(default_factory=list)  # (SKIPPED, values)


def slug(text: str, limit: int = 50) -> str:
    words = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    return (words[:limit].rstrip("-") or "challenge") if words else "challenge"


def plain(fragment: str) -> str:
    """A test's text (HTML) as a check name: <code> becomes backticks, other tags go."""
    text = re.sub(r"</?code>", "`", fragment)
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", "", text))).strip()


def _seed(challenge: Mapping[str, Any]) -> str:
    seed = challenge.get("challengeSeed")
    if isinstance(seed, list):
        return "\n".join(map(str, seed)) + "\n"
    files = challenge.get("files")
    if isinstance(files, Mapping):
        for item in files.values():
            if isinstance(item, Mapping) and item.get("ext") == "html":
                contents = item.get("contents")
                return ("\n".join(contents) if isinstance(contents, list) else str(contents or "")) + "\n"
    return str(seed or "") + "\n"


def _description(value: Any) -> str:
    return "\n\n".join(map(str, value)) if isinstance(value, list) else str(value or "")


def read_block(path: Path) -> tuple[str, list[Mapping[str, Any]]]:
    """A challenge file: a block {name, challenges: [...]}, a list of challenges, or one challenge."""
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise ImportRefused(f"{path}: not a JSON file ({error})") from error
    if isinstance(raw, Mapping) and isinstance(raw.get("challenges"), list):
        name, challenges = str(raw.get("name") or path.stem), raw["challenges"]
    elif isinstance(raw, list):
        name, challenges = path.stem, raw
    elif isinstance(raw, Mapping) and "tests" in raw:
        name, challenges = path.stem, [raw]
    else:
        raise ImportRefused(f"{path}: not a freeCodeCamp challenge file (no challenges, no tests)")
    if not all(isinstance(c, Mapping) and isinstance(c.get("title"), str) for c in challenges):
        raise ImportRefused(f"{path}: every challenge needs a title")
    return name, challenges


def _check(step_id: str, number: int, test: Mapping[str, Any], languages: Iterable[str]) -> dict[str, Any]:
    # `code` is the learner's source, as the original tests read it.
    body = "const code = files['index.html'];\n" + str(test.get("testString", "")).strip() + "\nreturn true;"
    name = plain(str(test.get("text") or f"Test {number}"))
    return {"id": f"{step_id}-{number}"[:63], "name": {"en": name}, "js": body, "read_only": True}


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def _exercise(folder: Path, exercise_id: str, name: str, challenges, source: str, imported: Imported) -> bool:
    """Write one block as an exercise; False when no challenge of it could be used."""
    usable = []
    for challenge in challenges:
        why = None if challenge.get("solutions") else NO_SOLUTION
        why = why or (None if challenge.get("tests") else NO_TESTS)
        if why:
            imported.skipped.append((SKIPPED, {"file": source, "title": challenge["title"], "why": why}))
        else:
            usable.append(challenge)
    if not usable:
        return False
    ru = [c for c in usable if isinstance((c.get("translations") or {}).get("ru"), Mapping)]
    languages = ["en", "ru"] if ru else ["en"]
    root = folder / exercise_id
    steps, seen = [], set()
    for number, challenge in enumerate(usable, start=1):
        step_id = slug(challenge["title"])
        while step_id in seen:
            step_id = f"{step_id[:45]}-{number}"
        seen.add(step_id)
        russian = (challenge.get("translations") or {}).get("ru") or {}
        title = {"en": challenge["title"]}
        if isinstance(russian.get("title"), str):
            title["ru"] = russian["title"]
        checks = [_check(step_id, n, t, languages) for n, t in enumerate(challenge["tests"], start=1)]
        steps.append({"id": step_id, "title": title, "cumulative": False, "checks": checks})
        _write(root / "steps" / f"{number}-{step_id}.md", _description(challenge.get("description")) + "\n")
        if russian.get("description"):
            _write(root / "steps" / f"{number}-{step_id}.ru.md", _description(russian["description"]) + "\n")
        starter = root / "starter" if number == 1 else root / "starter" / step_id
        _write(starter / "index.html", _seed(challenge))
        _write(root / "solutions" / step_id / "index.html", str(challenge["solutions"][0]).rstrip() + "\n")
    raw = {
        "id": exercise_id,
        "title": {"en": name},
        "languages": languages,
        **({"partial_languages": ["ru"]} if ru else {}),
        "files": ["index.html"],
        "helpers": ["course:helpers/fcc.js"],
        "credit": dict(CREDIT),  # the project's own words: in every language of the project
        "steps": steps,
    }
    _write(root / "exercise.yaml", yaml.safe_dump(raw, allow_unicode=True, sort_keys=False, width=100))
    listed = ", ".join(f"{c['title']} ({c.get('id', '')})" for c in usable)
    _write(root / "ATTRIBUTION.md", ATTRIBUTION.format(challenges=listed))
    imported.exercises.append(exercise_id)
    imported.steps += len(usable)
    return True


def import_fcc(files: list[Path], into: Path, course_id: str = "freecodecamp-2018") -> Imported:
    """Convert the challenge files into the course folder `into/course_id` (replaced if it is there)."""
    blocks = [(path, *read_block(path)) for path in files]
    target = into / course_id
    staging = into / f".{course_id}.importing"
    shutil.rmtree(staging, ignore_errors=True)
    imported = Imported(target)
    sections = []
    for path, name, challenges in blocks:
        exercise_id = f"fcc-{slug(name, 40)}"
        if exercise_id in imported.exercises:
            exercise_id = f"{exercise_id[:55]}-{len(sections) + 1}"
        if _exercise(staging, exercise_id, name, challenges, path.name, imported):
            sections.append({"id": slug(name, 40), "title": {"en": name}, "exercises": [exercise_id]})
    course = {
        "id": course_id,
        "title": {"en": "freeCodeCamp (2018)"},
        "summary": {"en": "Challenges from freeCodeCamp's 2018 curriculum, CC BY-SA 4.0."},
        "languages": ["en"],
        "sections": sections,
    }
    _write(staging / "course.yaml", yaml.safe_dump(course, allow_unicode=True, sort_keys=False))
    _write(staging / "helpers" / "fcc.js", HELPER.read_text(encoding="utf-8"))
    shutil.rmtree(target, ignore_errors=True)
    staging.rename(target)
    return imported
