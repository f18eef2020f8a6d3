"""Group projects: the social problems a project may address, its starting templates, and the
shape of its technical assignment and board. Plain values only: no Flask, no database.

A project is an app like an exercise's (index.html, style.css, app.js), started from one of the
template folders beside this file (or from a member's finished exercise app). Its technical
assignment is a few texts (the problem, who the app is for, its screens, the data it keeps) and a
checklist of user stories ("As a … I can …"), which are also the cards of its board.
"""

from __future__ import annotations

import html
import json
import re
from functools import cache
from pathlib import Path

TEMPLATES_DIR = Path(__file__).parent / "templates"

# The problems the Dushanbe bootcamp's groups chose; "own" means the group's own words.
PROBLEMS = ("corruption", "unemployment", "poverty", "environment", "healthcare", "own")
# The apps a project can start from (folders in templates/), in the order they are offered.
TEMPLATES = ("blank", "reports", "tabs", "directory")
TEMPLATE_FILES = ("index.html", "style.css", "app.js")

# The texts of the technical assignment, in the order of its form and of its printed page.
ASSIGNMENT_FIELDS = ("problem", "audience", "screens", "data")
MAX_ASSIGNMENT_CHARS = 2000
# A story: "As a <role> I can <action>"; its place on the board.
STATUSES = ("todo", "doing", "done")
MAX_ROLE_CHARS = 80
MAX_ACTION_CHARS = 240
MAX_STORIES = 60
MAX_PROJECT_FILES = 12
# A file of a project: a plain name such as "app.js" or "form-page.html".
FILE_NAME = re.compile(r"[a-z0-9][a-z0-9_-]{0,40}\.(html|css|js)")
# A sprint lasts at least a minute and at most a long afternoon.
SPRINT_MINUTES = (1, 240)


@cache
def _texts(template_id: str) -> dict[str, dict[str, str]]:
    return json.loads((TEMPLATES_DIR / template_id / "texts.json").read_text(encoding="utf-8"))


def template_files(template_id: str, name: str, language: str) -> dict[str, str]:
    """The files of a template app, its texts in `language` (English when it has none) and the
    project's name filled in (escaped for HTML and for a JavaScript string)."""
    if template_id not in TEMPLATES:
        raise KeyError(template_id)
    texts = _texts(template_id)
    values = {**texts["en"], **texts.get(language, {})}
    values.update(
        {
            "name": html.escape(name),
            "name_js": json.dumps(name, ensure_ascii=False)[1:-1].replace("<", "\\u003c"),
            "lang": language if language in texts else "en",
        }
    )
    files = {}
    for file_name in TEMPLATE_FILES:
        text = (TEMPLATES_DIR / template_id / file_name).read_text(encoding="utf-8")
        files[file_name] = re.sub(r"\{\{(\w+)\}\}", lambda m: values.get(m.group(1), m.group(0)), text)
    return files


def empty_assignment() -> dict[str, str]:
    return {field: "" for field in ASSIGNMENT_FIELDS}
