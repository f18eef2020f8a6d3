"""The exercise's code folders: the starter, each step's own starter, each step's solution and each
wrong case (docs/exercise-format.md). A wrong case holds only the files that differ from the
solution of the step it names; the loader fills in the rest from that solution."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from pathlib import Path
from typing import Any

from .app_texts import translation_of
from .model import N_, Step, WrongCase, frozen, graded_steps
from .problems import Collector, read_text, read_yaml


def read_file_set(
    folder: Path,
    names: tuple[str, ...],
    found: Collector,
    folders: frozenset[str] = frozenset(),
    case: str | None = None,
    some: bool = False,
) -> dict[str, str] | None:
    """Read the exercise's files from a folder (which may also hold the named `folders`): exactly
    those, or with `some` (a wrong case) those of them it holds.

    A file's translations beside it (index.ru.html, for a language of `languages`) go into
    found.overlays[language][case] (each frozen), and the English files into found.english[case]."""
    if not folder.is_dir():
        found.add(folder, "", N_("is missing"))
        return None
    files: dict[str, str] = {}
    for name in names:
        path = folder / name
        if not path.is_file():
            if not some:
                found.add(path, "", N_("is missing (every file the exercise lists must be here)"))
            continue
        text = read_text(path, found)
        if text is not None:
            files[name] = text
    others = {*names, *folders, "expect.yaml"}
    for extra in sorted(p.name for p in folder.iterdir() if p.name not in others):
        if case is not None and (translation := translation_of(extra, names, found.languages)):
            name, language = translation
            text = read_text(folder / extra, found)
            if text is not None:
                overlay = found.overlays.setdefault(language, {})
                overlay[case] = frozen({**overlay.get(case, {}), name: text})
            continue
        found.add(
            folder / extra,
            "",
            N_(
                "is not one of the exercise's files, nor one's translation into a language of "
                "`languages` (index.ru.html): add it to `files` or remove it"
            ),
        )
    if case is not None:
        found.english[case] = frozen(files)
    return files


def read_wrong_cases(
    root: Path,
    names: tuple[str, ...],
    steps: tuple[Step, ...],
    solutions: Mapping[str, Mapping[str, str]],
    found: Collector,
) -> tuple[WrongCase, ...]:
    """Read each wrong/<case>/: its expect.yaml and the files that differ from solutions/<step>/
    (the step expect.yaml names), the others filled in from that solution."""
    folder = root / "wrong"
    if not folder.is_dir():
        return ()
    cases = []
    order = [s.id for s in steps]
    for case in sorted(p for p in folder.iterdir() if p.is_dir()):
        expect_file = case / "expect.yaml"
        expect = read_yaml(expect_file, found)
        files = read_file_set(case, names, found, case=f"wrong/{case.name}", some=True)
        if not isinstance(expect, Mapping):
            if expect is not None:
                found.add(expect_file, "", N_("must be a mapping with step and fails"))
            continue
        step_id, fails = expect.get("step"), expect.get("fails")
        if step_id not in order:
            found.add(expect_file, "step", N_("'%(step)s' is not a step of this exercise"), step=step_id)
            continue
        reachable = {c.id for s in graded_steps(steps, step_id) for c in s.checks}
        if not isinstance(fails, list) or not fails:
            found.add(expect_file, "fails", N_("must list the check ids this case fails"))
            continue
        for check_id in fails:
            if check_id not in reachable:
                found.add(
                    expect_file,
                    "fails",
                    N_("'%(check)s' is not a check that grades step '%(step)s'"),
                    check=check_id,
                    step=step_id,
                )
        if files is not None and not files and names:
            found.add(
                case,
                "",
                N_(
                    "holds none of the exercise's files: a wrong case holds the files that differ "
                    "from solutions/%(step)s/ (the others are taken from there)"
                ),
                step=step_id,
            )
        elif files is not None and step_id in solutions:
            found.bases[f"wrong/{case.name}"] = f"solutions/{step_id}"
            cases.append(WrongCase(case.name, step_id, tuple(fails), frozen({**solutions[step_id], **files})))
    return tuple(cases)


def read_starters(root: Path, names: tuple[str, ...], steps: tuple[Step, ...], found: Collector):
    """Read starter/ (the first step's files) and each starter/<step>/ (that step's own);
    return the first step's starter and the steps with their own starters set."""
    folder = root / "starter"
    ids = frozenset(step.id for step in steps)
    own: dict[str, Any] = {}
    if folder.is_dir():
        for sub in sorted(p for p in folder.iterdir() if p.is_dir()):
            if sub.name not in ids:
                found.add(
                    sub, "", N_("is not a step of this exercise (a step's own starter is starter/<step>/)")
                )
                continue
            files = read_file_set(sub, names, found, case=f"starter/{sub.name}")
            if files is not None:
                own[sub.name] = frozen(files)
    first = steps[0].id if steps else None
    plain = folder.is_dir() and any(p.is_file() for p in folder.iterdir())
    if first in own and plain:
        found.add(folder, "", N_("holds files and starter/%(step)s/: keep one of them"), step=first)
    if first in own:
        starter = own.pop(first)
        # starter/<first step>/ is the starter
        for cases in (*found.overlays.values(), found.english):
            if f"starter/{first}" in cases:
                cases["starter"] = cases.pop(f"starter/{first}")
    else:
        subfolders = frozenset(p.name for p in folder.iterdir() if p.is_dir()) if folder.is_dir() else ids
        starter = read_file_set(folder, names, found, subfolders, "starter") or {}
    steps = tuple(replace(step, starter=own.get(step.id)) for step in steps)
    return starter, steps
