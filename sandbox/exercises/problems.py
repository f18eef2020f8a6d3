"""Reading an exercise's files and gathering what is wrong with them, in words a trainer can act on."""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import yaml

from .model import DEFAULT_LANGUAGE, N_, Problem, Text, Words, frozen

MAX_TEXT_FILE = 256 * 1024


def unknown_words(found, file: Path, field: str, unknown, known, what: str = N_("checks")) -> set:
    """Name each word that is not understood, with the known word it was probably meant to be.
    Returns the known words suggested. `what` is translated where the problem is shown."""
    suggested = set()
    for word in sorted(map(str, unknown)):
        close = difflib.get_close_matches(word, sorted(known), n=1, cutoff=0.6)
        if close:
            suggested.add(close[0])
            found.add(
                file,
                field,
                N_("%(word)s: is not a word %(what)s understand; did you mean %(close)s?"),
                word=word,
                what=Words(what),
                close=close[0],
            )
        else:
            found.add(
                file,
                field,
                N_("%(word)s: is not a word %(what)s understand (they are: %(known)s)"),
                word=word,
                what=Words(what),
                known=", ".join(sorted(known)),
            )
    return suggested


# What a YAML parser says, in words a trainer can act on.
YAML_PROBLEMS = (
    (
        "found character '\\t'",
        N_("is not valid YAML: this line uses a tab to indent: indent with spaces only"),
    ),
    (
        "mapping values are not allowed",
        N_(
            "is not valid YAML: this line has a colon where YAML does not expect one: put text that holds "
            "“: ” in quotes, or check that this line is indented like the lines around it"
        ),
    ),
    (
        "expected <block end>",
        N_("is not valid YAML: this line is indented differently from the lines around it"),
    ),
    (
        "did not find expected key",
        N_("is not valid YAML: this line is indented differently from the lines around it"),
    ),
    (
        "could not find expected ':'",
        N_(
            "is not valid YAML: this line needs a colon after its key (key: value), or its indentation is off"
        ),
    ),
    (
        "expected ',' or ']'",
        N_(
            "is not valid YAML: this line opens a list with [ that is never closed with ] "
            "(or its items lack commas)"
        ),
    ),
    (
        "expected ',' or '}'",
        N_(
            "is not valid YAML: this line opens a mapping with { that is never closed with } "
            "(or its items lack commas)"
        ),
    ),
    ("scanning a quoted scalar", N_("is not valid YAML: this line opens a quote that is never closed")),
    (
        "found unknown escape character",
        N_("is not valid YAML: this line has a backslash in double quotes: use single quotes around it"),
    ),
    (
        "found undefined alias",
        N_("is not valid YAML: this line uses * (an alias in YAML): put text that starts with * in quotes"),
    ),
    ("found character '@'", N_("is not valid YAML: this line starts a value with @ or `: put it in quotes")),
    ("found character '`'", N_("is not valid YAML: this line starts a value with @ or `: put it in quotes")),
)


def plain_yaml_problem(error: Exception) -> tuple[str, dict]:
    """The message (to translate where shown) and its values, for what the YAML parser said."""
    said = " ".join(str(getattr(error, attribute, "") or "") for attribute in ("context", "problem"))
    for words, plain in YAML_PROBLEMS:
        if words in said:
            return plain, {}
    return N_("is not valid YAML (%(error)s)"), {"error": str(getattr(error, "problem", None) or error)}


class Collector:
    """Gathers problems so a trainer sees all of them at once, not one per try."""

    def __init__(self, root: Path):
        self.root = root
        self.problems: list[Problem] = []
        # Languages declared partial: a text missing in one is no problem, only counted here as
        # {language: [texts present, texts in all]}.
        self.partial: tuple[str, ...] = ()
        self.coverage: dict[str, list[int]] = {}
        # The exercise's languages, and the translations of its files found so far:
        # {language: {case: {file name: text}}} (file_sets.read_file_set, app_texts.complete_translations).
        self.languages: tuple[str, ...] = ()
        self.overlays: dict[str, dict[str, dict[str, str]]] = {}
        # The English files each case holds itself ({case: {file name: text}}; a wrong case holds only
        # those that differ), and the case each wrong case takes the others from: {"wrong/x": "solutions/y"}.
        self.english: dict[str, Mapping[str, str]] = {}
        self.bases: dict[str, str] = {}

    def count(self, present: Iterable[str]) -> None:
        """One more text of the exercise; `present` are the languages it has."""
        for language in self.partial:
            counts = self.coverage.setdefault(language, [0, 0])
            counts[0] += language in present
            counts[1] += 1

    def add(self, file: Path | str, field: str, message: str, **values: object) -> None:
        name = str(file.relative_to(self.root.parent)) if isinstance(file, Path) else file
        self.problems.append(Problem(name, field, message, values))

    def text(self, value: Any, file: Path, field: str, languages: Iterable[str], required: bool = True):
        """Return a Text from a string or {lang: string}; note what is missing."""
        if value is None:
            if required:
                self.add(file, field, N_("is required"))
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
            self.add(
                file, field, N_("must be text, or a mapping of language to text like {en: ..., ru: ...}")
            )
            return None
        for language in languages:
            if language not in values and language not in self.partial:
                self.add(
                    file,
                    field,
                    N_("has no '%(language)s' text, but the exercise declares that language"),
                    language=language,
                )
        self.count(values)
        return Text(frozen(values))


def inside(root: Path, name: str) -> bool:
    """True if `name` is a file inside the exercise folder (no absolute paths, no way out with ..)."""
    path = (root / name).resolve()
    return path.is_file() and path.is_relative_to(root.resolve())


def read_text(path: Path, found: Collector) -> str | None:
    if path.stat().st_size > MAX_TEXT_FILE:
        found.add(path, "", N_("is larger than %(size)d KB"), size=MAX_TEXT_FILE // 1024)
        return None
    try:
        return path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        found.add(path, "", N_("is not UTF-8 text"))
        return None


def read_yaml(path: Path, found: Collector) -> Any:
    if not path.is_file():
        found.add(path, "", N_("is missing"))
        return None
    text = read_text(path, found)
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
        message, values = plain_yaml_problem(error)
        found.add(path, where, message, **values)
        return None
    except RecursionError:
        # Brackets or indents nested about a thousand deep: the parser recurses once per level.
        found.add(path, "", N_("is not valid YAML: it is nested too deeply to read"))
        return None
