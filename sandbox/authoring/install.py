"""Install an exercise a trainer uploads as a zip: unpack it safely, prove it, then put it in place.

The zip is unpacked into a staging folder beside the exercises (a dot-folder, which the catalog
never reads), loaded with the same loader the server uses at start, and run through the
validation function the caller passes (the real grader: the starter fails step 1, each solution
passes, each wrong case fails as declared). Only then is it moved into the exercises folder with
a rename, under the catalog's lock, so a class never sees half an exercise, and the catalog is
reloaded so classes see it at once.
"""

from __future__ import annotations

import json
import os
import shutil
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from flask_babel import gettext as _
from flask_babel import ngettext

from ..errors import Conflict, SandboxError
from ..exercises import CatalogFolder, Exercise, ExerciseInvalid, Finding, Problem, load_exercise
from ..exercises.courses import is_course
from ..exercises.model import N_
from .behaviour import BehaviourCache, Validate, fingerprint
from .status import OWNER_FILE, may_replace
from .unpack import Limits, junk, unpack, zip_too_large

STAGING = ".incoming"


COUNTS = N_("%(steps)d steps, %(checks)d checks, %(wrong)d wrong cases")
COVERAGE = N_("%(language)s: %(present)d of %(total)d texts (the others are shown in English)")


def exercise_counts(exercise: Exercise) -> dict[str, int]:
    """The numbers the report's first line gives (COUNTS says them)."""
    checks = sum(len(s.checks) for s in exercise.steps)
    return {"steps": len(exercise.steps), "checks": checks, "wrong": len(exercise.wrong)}


@dataclass(frozen=True)
class Report:
    """What the validator found: structural problems, then how each case behaved in the grader."""

    exercise_id: str
    problems: tuple[Problem, ...] = ()
    findings: tuple[Finding, ...] = ()
    counts: Mapping[str, int] = field(default_factory=dict)  # exercise_counts(), once the structure is sound
    coverage: Mapping[str, tuple[int, int]] = field(default_factory=dict)  # Exercise.coverage

    @property
    def ok(self) -> bool:
        return not self.problems and bool(self.findings) and all(f.ok for f in self.findings)

    def lines(self, gettext: Callable[..., str] = _, ngettext: Callable[..., str] = ngettext) -> list[str]:
        """The report as `sandbox exercises validate` prints it, in the language of `gettext`/`ngettext`
        (the request's by default; the command line passes its own)."""
        if self.problems:
            head = gettext("FAIL %(id)s: %(num)d problem(s)", id=self.exercise_id, num=len(self.problems))
            return [head] + [f"  - {problem.said(gettext)}" for problem in self.problems]
        counts = gettext(COUNTS, **self.counts) if self.counts else ""
        # A partial language is no problem: how much of it there is, is said under the first line.
        coverage = [
            "  " + gettext(COVERAGE, language=language, present=present, total=total)
            for language, (present, total) in self.coverage.items()
        ]
        if not self.findings:  # the structure only: the grader was not asked
            return [gettext("ok   %(id)s: %(counts)s", id=self.exercise_id, counts=counts), *coverage]
        bad = [f for f in self.findings if not f.ok]
        values = {"id": self.exercise_id, "counts": counts, "good": len(self.findings) - len(bad)}
        if bad:
            head = ngettext(
                "FAIL %(id)s: %(counts)s; %(good)d of %(num)d case behaves as declared",
                "FAIL %(id)s: %(counts)s; %(good)d of %(num)d cases behave as declared",
                len(self.findings),
                **values,
            )
        else:
            head = ngettext(
                "ok   %(id)s: %(counts)s; %(good)d of %(num)d case behaves as declared",
                "ok   %(id)s: %(counts)s; %(good)d of %(num)d cases behave as declared",
                len(self.findings),
                **values,
            )
        return [head, *coverage] + ["  - " + finding_line(f, gettext) for f in bad]

    def to_dict(self) -> dict[str, Any]:
        """The JSON answer to an upload, in the request's language."""
        return {
            "exercise": self.exercise_id,
            "ok": self.ok,
            "problems": [p.said(_) for p in self.problems],
            "findings": [f.to_dict(_) for f in self.findings],
            "report": self.lines(),
        }


def finding_line(finding: Finding, gettext: Callable[..., str] = _) -> str:
    """One case, its step and what the grader found, in the language of `gettext`."""
    return gettext(
        "%(case)s (step %(step)s): %(detail)s",
        case=finding.case,
        step=finding.step,
        detail=finding.said(gettext),
    )


class ExerciseRefused(SandboxError):
    """The exercise did not pass the validator; `report` says what is wrong."""

    status = 422

    def __init__(self, message: str, report: Report):
        super().__init__(message)
        self.report = report


class NotYours(Conflict):
    """An exercise of that id is installed and this trainer may not replace it."""


@dataclass(frozen=True)
class Installed:
    """An exercise that is now in the exercises folder and in the catalog."""

    exercise_id: str
    replaced: bool
    report: Report


TAKEN_BY_COURSE = N_("the course '%(course)s' or an exercise of it has this id: give this one another id")
PYTHON_REFUSED = N_(
    "Python checks run on the server with all its rights, so this server does not accept them in "
    "uploads: use expect or js checks, or ask whoever runs the server to copy the folder into its "
    "exercises folder."
)


def upload_problems(root: Path, exercise: Exercise | None, allow_python: bool) -> list[Problem]:
    """What an uploaded exercise may not do that a folder on the server may: run Python, reach outside.

    A folder on the server was put there by whoever runs it; an upload comes from any trainer account
    (or anyone holding its API token), so it must not run code on the server or read its files.
    """
    problems = []
    name = root.name
    if not allow_python:
        for path in sorted(root.rglob("*.py")):
            if not junk(list(path.relative_to(root).parts)):
                problems.append(Problem(f"{name}/{path.relative_to(root).as_posix()}", "", PYTHON_REFUSED))
        uses = [c for s in exercise.steps for c in s.checks if c.python] if exercise else []
        if uses and not problems:  # a check naming Python outside the folder, without a checks.py
            problems.append(Problem(f"{name}/exercise.yaml", f"{uses[0].id}.python", PYTHON_REFUSED))
    if exercise is not None:
        inside = root.resolve()
        for helper in exercise.helpers:
            if not (root / helper.file).resolve().is_relative_to(inside):
                problems.append(
                    Problem(
                        f"{name}/exercise.yaml",
                        "helpers",
                        N_("'%(helper)s' is outside the exercise folder"),
                        {"helper": helper.file},
                    )
                )
        for step in exercise.steps:
            for check in step.checks:
                module = (check.python or "").partition(":")[0]
                if module and not (root / module).resolve().is_relative_to(inside):
                    problems.append(
                        Problem(
                            f"{name}/exercise.yaml",
                            f"{check.id}.python",
                            N_("is outside the exercise folder"),
                        )
                    )
    return problems


def not_yours(exercise_id: str) -> NotYours:
    return NotYours(
        _(
            "There is already an exercise called “%(id)s”, and only the trainer who uploaded it "
            "may replace it. Give yours another id (in exercise.yaml) and upload it again.",
            id=exercise_id,
        )
    )


def refuse_structure(folder_id: str, problems: list[Problem]) -> ExerciseRefused:
    """The upload's files are not a sound exercise (or course): the problems, to fix and upload again."""
    message = _("“%(id)s” was not installed: fix the problems below and upload it again.", id=folder_id)
    return ExerciseRefused(message, Report(folder_id, tuple(problems)))


def refuse_behaviour(folder_id: str, report: Report) -> ExerciseRefused:
    """The grader found cases that do not behave as declared (`report.findings` says which)."""
    bad = sum(not f.ok for f in report.findings)
    message = _(
        "“%(id)s” was not installed: %(bad)d of %(total)d cases do not behave as declared.",
        id=folder_id,
        bad=bad,
        total=len(report.findings),
    )
    return ExerciseRefused(message, report)


def move_into_place(
    root: Path,
    exercises: CatalogFolder,
    staging: Path,
    trainer_id: int,
    trainer_name: str,
    remember: Callable[[], None],
) -> bool:
    """Put the proven folder `root` in the exercises folder under its name; say if it replaced one.

    The owner file is written first; then, under the catalog's lock, the folder is renamed into
    place (the one it replaces kept in `staging` until the rename succeeded), `remember` stores
    the validator's findings, and the catalog is reloaded, so a class never sees half of it.
    """
    owner = {"trainer_id": trainer_id, "trainer": trainer_name, "at": datetime.now(UTC).isoformat()}
    (root / OWNER_FILE).write_text(json.dumps(owner, ensure_ascii=False), encoding="utf-8")
    target = exercises.path / root.name
    with exercises.lock:
        if not may_replace(target, trainer_id):  # someone else installed it while we validated
            raise not_yours(root.name)
        replaced = target.exists()
        previous = staging / "previous"
        if replaced:
            os.rename(target, previous)
        try:
            os.rename(root, target)
        except OSError:
            if replaced:
                os.rename(previous, target)
            raise
        remember()
        exercises.reload()
    return replaced


# ---- installing


def install_exercise(
    data: bytes,
    exercises: CatalogFolder,
    trainer_id: int,
    trainer_name: str,
    validate: Validate,
    cache: BehaviourCache,
    limits: Limits | None = None,
    allow_python: bool = False,
) -> Installed:
    """Validate an uploaded exercise (structure, then behaviour through `validate`) and install it.

    Raises UnsafeZip / ZipTooLarge for a zip that cannot be unpacked safely, NotYours when an
    exercise of that id exists and this trainer did not upload it, and ExerciseRefused with the
    validator's report when the exercise is wrong. Once it is in place the catalog is reloaded.
    """
    limits = limits or Limits()
    if len(data) > limits.zip_bytes:
        raise zip_too_large(limits)
    exercises_dir = exercises.path
    staging = exercises_dir / STAGING / uuid.uuid4().hex
    try:
        staging.mkdir(parents=True)
    except OSError as error:
        raise SandboxError(
            _("The server cannot write to its exercises folder (%(path)s).", path=str(exercises_dir)), 500
        ) from error
    try:
        root = unpack(data, staging, limits)
        if is_course(root):
            from .course_pack import install_course  # (it builds on this module)

            return install_course(
                root, exercises, trainer_id, trainer_name, validate, cache, staging, allow_python
            )
        exercise_id = root.name
        try:
            exercise = load_exercise(root)
        except ExerciseInvalid as error:
            exercise, problems = None, list(error.problems)
        else:
            problems = []
        problems += upload_problems(root, exercise, allow_python)
        if problems:
            raise refuse_structure(exercise_id, problems)
        # The structure is sound, so the folder is named by a valid id: may this trainer use it?
        target = exercises_dir / exercise_id
        if not may_replace(target, trainer_id):
            raise not_yours(exercise_id)
        # A course's folder, or an exercise inside one, has this id (they share the folder's names).
        in_course = exercises.catalog.get(exercise_id)
        if is_course(target) or (in_course is not None and in_course.course is not None):
            course = exercise_id if is_course(target) else in_course.course
            taken = Problem(f"{exercise_id}/exercise.yaml", "id", TAKEN_BY_COURSE, {"course": course})
            raise refuse_structure(exercise_id, [taken])

        counts = exercise_counts(exercise)
        files_fingerprint = fingerprint(root)  # unchanged by the move into place below
        findings = tuple(validate(exercise))
        report = Report(exercise_id, (), findings, counts, exercise.coverage)
        if not report.ok:
            raise refuse_behaviour(exercise_id, report)
        replaced = move_into_place(
            root,
            exercises,
            staging,
            trainer_id,
            trainer_name,
            lambda: cache.put(exercise_id, files_fingerprint, findings),
        )
        return Installed(exercise_id, replaced, report)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
        try:
            staging.parent.rmdir()  # only when no other upload is using it
        except OSError:
            pass
