"""Throwaway exercises written in a few lines, for the grader tests and any test that grades.

A test states a page (the body, the CSS, the JavaScript) and the checks; `write_exercise` writes them
as a real exercise folder and loads it with the real loader, so every check a test uses is one a
trainer could write.
"""

from __future__ import annotations

import itertools
from pathlib import Path
from typing import Any

import yaml

from sandbox.exercises import Exercise, load_exercise

DEADLINE_S = 6
LOAD_MS = 2500

VIEWPORT = '<meta name="viewport" content="width=device-width, initial-scale=1">'

PAGE = """<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
{viewport}
<title>{title}</title>
<link rel="stylesheet" href="style.css">
{head}
</head>
<body>
{body}
<script src="app.js"></script>
</body>
</html>
"""


def page(
    body: str = "",
    *,
    css: str = "",
    js: str = "",
    head: str = "",
    title: str = "Test app",
    viewport: bool = True,
) -> dict[str, str]:
    """The three files of a small app: `body` goes inside <body>, `app.js` loads at the end of it.

    index.html has 10 lines before `body`, so the body starts on line 11.
    """
    return {
        "index.html": PAGE.format(title=title, head=head, body=body, viewport=VIEWPORT if viewport else ""),
        "style.css": css,
        "app.js": js,
    }


_numbers = itertools.count(1)


def write_exercise(
    folder: Path,
    checks: list[dict[str, Any]] | None = None,
    *,
    steps: dict[str, list[dict[str, Any]]] | None = None,
    device: str | dict[str, int] = "phone",
    checks_py: str | None = None,
    helpers: dict[str, str] | None = None,
    helpers_at: dict[str, str] | None = None,
    languages: tuple[str, ...] = ("en",),
    solution: dict[str, str] | None = None,
    starter: dict[str, str] | None = None,
) -> Exercise:
    """Write an exercise folder under `folder` and load it with the real loader.

    `checks` is the one step's checks (or `steps` maps step ids to checks); every check gets an id, a
    name and a hint when it has none. `checks_py` is the text of checks.py, `helpers` maps helper file
    names to their text (`helpers_at` maps some of them to when they run), `solution` is the file
    set of every step's solution (and of the starter, unless `starter` gives one).
    """
    if steps is None:
        steps = {"only": checks or []}
    exercise_id = f"ex-{next(_numbers)}"
    root = folder / exercise_id
    files = solution or page("<h1>Hello</h1>")

    def text(words: str) -> Any:
        return {language: words for language in languages}

    raw_steps = []
    for number, (step_id, step_checks) in enumerate(steps.items(), start=1):
        named = []
        for index, check in enumerate(step_checks):
            check = dict(check)
            check.setdefault("id", f"{step_id}-{index + 1}")
            check.setdefault("name", text(f"Check {check['id']}"))
            check.setdefault("hint", text(f"Hint for {check['id']}"))
            named.append(check)
        raw_steps.append({"id": step_id, "title": text(f"Step {step_id}"), "checks": named})
        (root / "steps").mkdir(parents=True, exist_ok=True)
        for language in languages:
            suffix = "" if language == "en" else f".{language}"
            (root / "steps" / f"{number}-{step_id}{suffix}.md").write_text(f"Do step {step_id}.\n")
        _write_files(root / "solutions" / step_id, files)
    _write_files(root / "starter", starter or files)
    raw = {
        "id": exercise_id,
        "title": text("A test exercise"),
        "languages": list(languages),
        "device": device,
        "files": list(files),
        "steps": raw_steps,
    }
    if checks_py is not None:
        (root / "checks.py").write_text(checks_py)
    if helpers:
        at = helpers_at or {}
        raw["helpers"] = [{"file": name, "at": at[name]} if name in at else name for name in helpers]
        for name, source in helpers.items():
            (root / name).write_text(source)
    (root / "exercise.yaml").write_text(yaml.safe_dump(raw, allow_unicode=True, sort_keys=False))
    return load_exercise(root)


def _write_files(folder: Path, files: dict[str, str]) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for name, content in files.items():
        (folder / name).write_text(content)
