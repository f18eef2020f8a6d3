"""The app's own texts in other languages (docs/exercise-format.md, "Texts inside the app").

A table of the lines to translate in every case (app-texts.ru.yaml), whole files beside the English
ones (starter/index.ru.html), and the texts checks look for given per language ({en: Reset, ru:
Сбросить}); what the loader gathers of them, and what it says when a language lacks some.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from .model import DEFAULT_LANGUAGE, N_, Check, frozen
from .problems import Collector, read_yaml

# A translation of one of the exercise's files sits beside it: index.ru.html beside index.html.
LANGUAGE_CODE = re.compile(r"^[a-z]{2,3}$")


def translated_name(name: str, language: str) -> str:
    """The name of a file's translation: index.html in Russian is index.ru.html."""
    stem, dot, extension = name.rpartition(".")
    return f"{stem}.{language}.{extension}" if dot else f"{name}.{language}"


def translation_of(file_name: str, names, languages) -> tuple[str, str] | None:
    """(the exercise's file, the language) if `file_name` is one's translation: index.ru.html."""
    for name in names:
        for language in languages:
            if language != DEFAULT_LANGUAGE and translated_name(name, language) == file_name:
                return name, language
    return None


# The lines of the app's files in one language, for every case at once: app-texts.ru.yaml, at the top
# of the exercise folder beside exercise.yaml.
LINE_TABLE = re.compile(r"^app-texts\.([^.]+)\.yaml$")


def complete_translations(root: Path, names, found: Collector) -> None:
    """Fill in found.overlays: each file a language's table (app-texts.<language>.yaml) has lines for,
    in every case that holds its English file and no whole translation of it; then each file a
    wrong case takes from its solution, in each language the solution has it in."""
    for language, table in _line_tables(root, names, found).items():
        overlay = found.overlays.setdefault(language, {})
        matched: set[tuple[str, str]] = set()
        for case, english in found.english.items():
            made = {}
            for name, lines in table.items():
                if name in english:
                    made[name] = replace_lines(english[name], lines, name, matched)
            given = overlay.get(case, {})
            if set(made) - set(given):
                overlay[case] = frozen({**made, **given})
        for name, lines in table.items():
            for line in lines:
                if (name, line) not in matched:
                    found.add(
                        root / f"app-texts.{language}.yaml",
                        f"{name}: {line[:40]}",
                        N_(
                            "matches no line of %(name)s in any starter, solution or wrong case "
                            "(has the English line changed?)"
                        ),
                        name=name,
                    )
    for case, base in found.bases.items():
        own = found.english.get(case, {})
        for overlay in found.overlays.values():
            taken = {name: text for name, text in overlay.get(base, {}).items() if name not in own}
            if set(taken) - set(overlay.get(case, {})):
                overlay[case] = frozen({**taken, **overlay.get(case, {})})


def replace_lines(text: str, lines: Mapping[str, str], name: str = "", matched: set | None = None) -> str:
    """`text` with each line that reads as one of `lines` (without its indent and the spaces after
    it) replaced by that line's translation, keeping the indent and the line ending."""
    out = []
    for line in text.splitlines(keepends=True):
        words = line.strip()
        if words and words in lines:
            if matched is not None:
                matched.add((name, words))
            indent, after = line[: len(line) - len(line.lstrip())], line[len(line.rstrip()) :]
            line = indent + lines[words] + after
        out.append(line)
    return "".join(out)


def _line_tables(root: Path, names, found: Collector) -> dict[str, dict[str, dict[str, str]]]:
    """Read each app-texts.<language>.yaml: {file name: {English line: its translation}}."""
    tables = {}
    paths = sorted(p for p in root.iterdir() if LINE_TABLE.match(p.name)) if root.is_dir() else []
    for path in paths:
        language = LINE_TABLE.match(path.name)[1]
        if language == DEFAULT_LANGUAGE or language not in found.languages:
            found.add(
                path, "", N_("names no language of `languages` but English (app-texts.ru.yaml is Russian)")
            )
            continue
        raw = read_yaml(path, found)
        if not isinstance(raw, Mapping):
            found.add(
                path,
                "",
                N_("must list the exercise's files, each with its English lines and their translations"),
            )
            continue
        table = {}
        for name, lines in raw.items():
            if name not in names:
                found.add(path, str(name), N_("is not one of the exercise's files (`files`)"))
            elif not isinstance(lines, Mapping) or not all(
                isinstance(line, str) and isinstance(said, str) for line, said in lines.items()
            ):
                found.add(
                    path,
                    name,
                    N_("must map each English line to its translation, both text (in quotes if need be)"),
                )
            else:
                table[name] = {line.strip(): said.strip() for line, said in lines.items()}
        tables[language] = table
    return tables


def localized_parts(raw: Mapping, words: Mapping[str, list[str]], actions, expect):
    """A check's `do` and `expect` in each other language its texts are given in (Check.localized),
    and the texts it looks for by language (Check.words)."""
    localized = {}
    for language in words:
        if language != DEFAULT_LANGUAGE:
            do = in_language(raw.get("do"), language)
            localized[language] = (
                tuple(frozen(action) for action in do or ()) if isinstance(do, list) else actions,
                frozen(in_language(raw["expect"], language)) if expect is not None else None,
            )
    return frozen(localized), frozen({language: tuple(texts) for language, texts in words.items()})


def app_languages(
    checks: list[Check], languages: list[str], cases: list[str], file: Path, found: Collector
) -> tuple[str, ...]:
    """The languages the app itself is translated into (files of their own, or check texts), and
    a problem for each text one of them lacks: a language that has some has all of them. A file
    translated anywhere (index.html) is translated in every case (`cases`: the starter, each step's
    own starter, each solution, each wrong case) into each such language; a partial language may
    lack some, and its learners get the English ones."""
    having = {language for language in found.overlays}
    having |= {language for check in checks for language in check.words if language != DEFAULT_LANGUAGE}
    app = tuple(language for language in languages if language in having)
    complete = [language for language in app if language not in found.partial]
    names = sorted({name for o in found.overlays.values() for f in o.values() for name in f})
    for case in cases:
        for name in names:
            for language in complete:
                if name not in found.overlays.get(language, {}).get(case, {}):
                    found.add(
                        found.root / case / translated_name(name, language),
                        "",
                        N_(
                            "is missing: the app has its texts in '%(language)s', and %(name)s is "
                            "translated elsewhere, so each starter, solution and wrong case needs it"
                        ),
                        language=language,
                        name=name,
                    )
    for check in checks:
        for language in complete:
            if check.words and language not in check.words:
                found.add(
                    file,
                    f"check {check.id}",
                    N_(
                        "a text it looks for has no '%(language)s' version, but the app has texts "
                        "in that language"
                    ),
                    language=language,
                )
    return app


def is_language_map(value: Any) -> bool:
    """{en: Reset, ru: Сбросить}: a text the check looks for, given per language."""
    return (
        isinstance(value, Mapping)
        and DEFAULT_LANGUAGE in value
        and all(isinstance(key, str) and LANGUAGE_CODE.match(key) for key in value)
        and all(isinstance(text, str | int | float) and not isinstance(text, bool) for text in value.values())
    )


def in_language(
    value: Any,
    language: str,
    words: dict[str, list[str]] | None = None,
    languages=(),
    file: Path | None = None,
    field: str = "",
    found: Collector | None = None,
) -> Any:
    """A check's `do` or `expect` with each per-language text in `language` (English where it has
    none). With `words`, gathers each language's texts into it and notes a language not declared."""
    if is_language_map(value):
        if words is not None and found is not None:
            for key, text in value.items():
                if key not in languages:
                    found.add(
                        file or "",
                        field,
                        N_("'%(language)s' is not a language of `languages`"),
                        language=key,
                    )
                words.setdefault(key, []).append(str(text))
        return value.get(language, value[DEFAULT_LANGUAGE])
    if isinstance(value, Mapping):
        return {
            key: in_language(item, language, words, languages, file, field, found)
            for key, item in value.items()
        }
    if isinstance(value, list):
        return [in_language(item, language, words, languages, file, field, found) for item in value]
    return value
