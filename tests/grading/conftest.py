"""Fixtures for grader tests: one real grader for the session, and throwaway exercises written in a few lines.

The grader runs its own threads with their own Playwright, as it does in the server. A test states a page
(the body, the CSS, the JavaScript) and the checks; `make_exercise` writes them as a real exercise folder
and loads it with the real loader, so every check a test uses is one a trainer could write.
"""

from __future__ import annotations

import itertools
from pathlib import Path
from typing import Any

import pytest
import yaml

from sandbox.exercises import Exercise, load_exercise
from sandbox.grading.result import GradeResult
from sandbox.grading.runner import Grader, Submission

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
    languages: tuple[str, ...] = ("en",),
    solution: dict[str, str] | None = None,
) -> Exercise:
    """Write an exercise folder under `folder` and load it with the real loader.

    `checks` is the one step's checks (or `steps` maps step ids to checks); every check gets an id, a
    name and a hint when it has none. `checks_py` is the text of checks.py, `helpers` maps helper file
    names to their text, `solution` is the file set of the starter and every step's solution.
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
    _write_files(root / "starter", files)
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
        raw["helpers"] = list(helpers)
        for name, source in helpers.items():
            (root / name).write_text(source)
    (root / "exercise.yaml").write_text(yaml.safe_dump(raw, allow_unicode=True, sort_keys=False))
    return load_exercise(root)


@pytest.fixture(scope="session")
def grader(tmp_path_factory):
    """The grader the server would run, with a short deadline so hostile cases end quickly.

    Both workers start their browsers before the first test, so no test pays for that.
    """
    grader = Grader(workers=2, deadline_s=DEADLINE_S, load_ms=LOAD_MS)
    warm_up = write_exercise(
        tmp_path_factory.mktemp("warm-up"), [{"expect": {"role": "heading", "count": 1}}]
    )
    for _attempt in range(3):  # a cold start on a busy machine may miss the short load timeout
        results = grader.grade_many([Submission(warm_up, "only", page("<h1>Hello</h1>"))] * 2)
        if [r.status for r in results] == ["pass", "pass"]:
            break
    assert [r.status for r in results] == ["pass", "pass"], [r.to_dict() for r in results]
    yield grader
    grader.close()


@pytest.fixture(scope="session")
def one_worker():
    """A grader with one worker: each submission runs in the page the one before it used."""
    grader = Grader(workers=1, deadline_s=DEADLINE_S, load_ms=LOAD_MS)
    yield grader
    grader.close()


@pytest.fixture
def make_exercise(tmp_path):
    """Write a throwaway exercise and load it: `make_exercise([check, ...], **options)`.

    The options are write_exercise's.
    """

    def make(checks: list[dict[str, Any]] | None = None, **options: Any) -> Exercise:
        return write_exercise(tmp_path, checks, **options)

    return make


def _write_files(folder: Path, files: dict[str, str]) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for name, content in files.items():
        (folder / name).write_text(content)


@pytest.fixture
def grade(grader):
    """Grade files against an exercise's step (its last step unless named): `grade(exercise, files)`."""

    def run(
        exercise: Exercise,
        files: dict[str, str],
        *,
        step: str | None = None,
        language: str = "en",
        submission: int | None = None,
    ) -> GradeResult:
        return grader.grade(
            Submission(exercise, step or exercise.steps[-1].id, files, language=language, id=submission)
        )

    return run
