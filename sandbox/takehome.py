"""Take it home: the learner's app as a zip that works when index.html is opened from the disk.

The zip holds the learner's own files exactly as they wrote them (index.html links style.css and
app.js by relative paths, which a browser follows from a file:// URL too), the exercise's assets
that those files mention (under assets/, where the preview serves them), and a README in the
learner's language. Nothing else: no other learner's work, no solutions, no checks.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

from flask_babel import gettext as _

from .exercises import Exercise
from .names import latin

# Zip entry names come from the exercise's own file and asset names, which the loader already
# limits; this is a second fence, so no entry can climb out of the folder it is unpacked into.
_SAFE_PART = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9_.-]{0,99}$")


def safe_entry(name: str) -> bool:
    """True when `name` is a relative path of plain parts (no '..', no absolute path, no backslash)."""
    parts = name.split("/")
    return bool(parts) and all(_SAFE_PART.match(part) and part not in (".", "..") for part in parts)


def app_files(
    exercise: Exercise, files: Mapping[str, str] | None, language: str | None = None
) -> dict[str, str]:
    """The learner's files in the exercise's order; any file they never saved is the starter's
    (in `language`, when given)."""
    files = files or {}
    starter = exercise.in_language(language).starter
    return {name: files.get(name, starter.get(name, "")) for name in exercise.files}


def used_assets(exercise: Exercise, files: Mapping[str, str]) -> list[str]:
    """The names of the exercise's assets that the learner's files mention (as assets/<name>)."""
    text = "\n".join(files.values())
    return [name for name in exercise.assets if f"assets/{name}" in text and safe_entry(name)]


def readme(exercise: Exercise, language: str, files: Mapping[str, str], assets: list[str]) -> str:
    """A short README in the learner's language: what this is and how to open and change it."""
    title = exercise.title.get(language)
    lines = [
        title,
        "=" * max(3, len(title)),
        "",
        _("This is the app you made in the exercise “%(title)s”.", title=title),
        "",
        _("How to open it"),
        "",
        "1. " + _("Unpack this zip file (on Windows: right-click it and choose “Extract all”)."),
        "2. " + _("Open the folder and double-click index.html: your app opens in the web browser."),
        "3. " + _("It works without the internet."),
        "",
        _("How to change it"),
        "",
        _(
            "Open a file in any text editor (Notepad, TextEdit, or a code editor), change it, save it, "
            "and reload the page in the browser."
        ),
        "",
        _("Your files"),
        "",
    ]
    descriptions = {
        ".html": _("the page: what is on the screen"),
        ".css": _("the style: colours, sizes, layout"),
        ".js": _("the script: what happens when someone taps or types"),
    }
    for name in files:
        suffix = name[name.rfind(".") :] if "." in name else ""
        described = descriptions.get(suffix)
        lines.append(f"- {name}" + (f": {described}" if described else ""))
    if assets:
        lines.append("- assets/: " + _("pictures and other files the exercise gave you"))
    lines.append("")
    return "\n".join(lines)


def _write_zip(folder: str, entries: Mapping[str, bytes | str], saved_at: datetime | None) -> bytes:
    """A zip of one folder holding `entries` (name -> bytes or text, written as UTF-8)."""
    stamp = (saved_at or datetime(2026, 1, 1)).timetuple()[:6]
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries.items():
            if not safe_entry(name):
                continue
            info = zipfile.ZipInfo(f"{folder}/{name}", date_time=max(stamp, (1980, 1, 1, 0, 0, 0)))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, data.encode("utf-8") if isinstance(data, str) else data)
    return out.getvalue()


def windows_text(text: str) -> str:
    """CRLF and a byte-order mark: old Windows editors then show the lines, and Russian or Tajik text."""
    return "\ufeff" + text.replace("\n", "\r\n")


def build_zip(
    exercise: Exercise, files: Mapping[str, str], language: str, saved_at: datetime | None = None
) -> bytes:
    """Return the zip: <exercise id>/ with the learner's files, the assets they use, and README.txt."""
    files = app_files(exercise, files, language)
    assets = used_assets(exercise, files)
    entries: dict[str, bytes | str] = dict(files)
    for name in assets:
        entries[f"assets/{name}"] = exercise.assets[name].read_bytes()
    entries["README.txt"] = windows_text(readme(exercise, language, files, assets))
    return _write_zip(exercise.id, entries, saved_at)


# ---- a group project's app with its technical assignment (docs/projects.md, "Show and share")


def folder_name(name: str, fallback: str) -> str:
    """A plain ASCII name for the project's folder and zip: "Чистая вода" -> "chistaya-voda"."""
    words = re.findall(r"[a-z0-9]+", latin(name.lower()))
    slug = "-".join(words)[:40].strip("-")
    return slug or fallback


@dataclass(frozen=True)
class AssignmentSheet:
    """The technical assignment as the zip writes it: every label already in the member's language."""

    title: str  # "Technical assignment: <name>"
    facts: str  # the problem, the members, the group code, in one line
    fields: tuple[tuple[str, str], ...]  # (label, what the group wrote)
    stories_title: str
    stories: tuple[tuple[bool, str], ...]  # (done, "As a … I can … (Doing)")


def assignment_markdown(sheet: AssignmentSheet) -> str:
    """The assignment as Markdown: a heading, each field, the user stories as a checklist."""
    lines = [f"# {sheet.title}", "", sheet.facts, ""]
    for label, text in sheet.fields:
        lines += [f"## {label}", "", text.strip() or "—", ""]
    lines += [f"## {sheet.stories_title}", ""]
    lines += [f"- [{'x' if done else ' '}] {text}" for done, text in sheet.stories] or ["—"]
    lines.append("")
    return "\n".join(lines)


def project_readme(name: str, files: Mapping[str, str], pictures: bool = False) -> str:
    """A short README in the member's language: what is in the folder, how to open and change it."""
    lines = [
        name,
        "=" * max(3, len(name)),
        "",
        _(
            "This is the app your group made in the project “%(name)s”, with its technical assignment.",
            name=name,
        ),
        "",
        _("How to open it"),
        "",
        "1. " + _("Unpack this zip file (on Windows: right-click it and choose “Extract all”)."),
        "2. " + _("Open the folder and double-click index.html: your app opens in the web browser."),
        "3. " + _("It works without the internet."),
        "",
        _("How to change it"),
        "",
        _(
            "Open a file in any text editor (Notepad, TextEdit, or a code editor), change it, save it, "
            "and reload the page in the browser."
        ),
        "",
        _("In this folder"),
        "",
    ]
    descriptions = {
        ".html": _("the page: what is on the screen"),
        ".css": _("the style: colours, sizes, layout"),
        ".js": _("the script: what happens when someone taps or types"),
    }
    for file_name in files:
        described = descriptions.get(file_name[file_name.rfind(".") :])
        lines.append(f"- {file_name}" + (f": {described}" if described else ""))
    if pictures:
        lines.append("- assets/: " + _("the pictures your group uploaded for the app"))
    lines.append("- assignment.html: " + _("the technical assignment, to open in the browser and print"))
    lines.append("- assignment.md: " + _("the technical assignment as plain text (Markdown)"))
    lines.append("")
    return "\n".join(lines)


def build_project_zip(
    folder: str,
    name: str,
    files: Mapping[str, str],
    sheet: AssignmentSheet,
    sheet_html: str,
    saved_at: datetime | None = None,
    assets: Mapping[str, bytes] | None = None,
) -> bytes:
    """Return the zip: <folder>/ with the project's files, its pictures under assets/, README.txt and
    the assignment (.md, .html)."""
    entries: dict[str, bytes | str] = dict(files)
    for asset, data in (assets or {}).items():
        if safe_entry(asset):
            entries[f"assets/{asset}"] = data
    entries["README.txt"] = windows_text(project_readme(name, files, bool(assets)))
    entries["assignment.md"] = assignment_markdown(sheet)
    entries["assignment.html"] = sheet_html
    return _write_zip(folder, entries, saved_at)
