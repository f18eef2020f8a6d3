"""Install a course pack (a zip of a course folder: course.yaml and its exercises) as an exercise
upload is installed: every exercise of it proved by structure and in the real grader first, then
the whole folder renamed into place under the catalog's lock (docs/courses.md)."""

from __future__ import annotations

import json
import os
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

from flask_babel import gettext as _

from ..exercises import CatalogFolder, CourseInvalid, ExerciseInvalid, Problem, load_course, load_exercise
from ..exercises.model import N_
from .behaviour import BehaviourCache, Validate, fingerprint
from .install import ExerciseRefused, Installed, Report, exercise_counts, not_yours, upload_problems
from .status import OWNER_FILE, may_replace

TAKEN = N_("another exercise on this server has this id: give this one another id")


def install_course(
    root: Path,
    exercises: CatalogFolder,
    trainer_id: int,
    trainer_name: str,
    validate: Validate,
    cache: BehaviourCache,
    staging: Path,
    allow_python: bool = False,
) -> Installed:
    """Prove the unpacked course at `root` and move it into the exercises folder."""
    course_id = root.name
    problems: list[Problem] = []
    loaded = []
    try:
        course = load_course(root)
    except CourseInvalid as error:
        course, problems = None, list(error.problems)
    catalog = exercises.catalog
    for exercise_id in course.exercise_ids if course else ():
        try:
            exercise = load_exercise(root / exercise_id, root, course_id)
        except ExerciseInvalid as error:
            exercise = None
            problems += [replace(p, file=f"{course_id}/{p.file}") for p in error.problems]
        problems += upload_problems(root / exercise_id, exercise, allow_python)
        other = catalog.get(exercise_id)
        if other is not None and other.course != course_id:
            problems.append(Problem(f"{course_id}/{exercise_id}", "", TAKEN))
        if exercise is not None:
            loaded.append(exercise)
    if (exercises.path / course_id / "exercise.yaml").is_file():  # an exercise's folder, not a course's
        problems.append(Problem(f"{course_id}/course.yaml", "id", TAKEN))
    if problems:
        message = _("“%(id)s” was not installed: fix the problems below and upload it again.", id=course_id)
        raise ExerciseRefused(message, Report(course_id, tuple(problems)))
    target = exercises.path / course_id
    if not may_replace(target, trainer_id):
        raise not_yours(course_id)

    prints = {e.id: fingerprint(e.path) for e in loaded}
    findings_of = {e.id: tuple(validate(e)) for e in loaded}
    findings = tuple(
        replace(f, case=f"{exercise_id}: {f.case}") for exercise_id, fs in findings_of.items() for f in fs
    )
    counts = {key: sum(exercise_counts(e)[key] for e in loaded) for key in ("steps", "checks", "wrong")}
    report = Report(course_id, (), findings, counts)
    if not report.ok:
        bad = sum(not f.ok for f in findings)
        raise ExerciseRefused(
            _(
                "“%(id)s” was not installed: %(bad)d of %(total)d cases do not behave as declared.",
                id=course_id,
                bad=bad,
                total=len(findings),
            ),
            report,
        )
    owner = {"trainer_id": trainer_id, "trainer": trainer_name, "at": datetime.now(UTC).isoformat()}
    (root / OWNER_FILE).write_text(json.dumps(owner, ensure_ascii=False), encoding="utf-8")
    with exercises.lock:
        if not may_replace(target, trainer_id):  # someone else installed it while we validated
            raise not_yours(course_id)
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
        for exercise_id, found in findings_of.items():
            cache.put(exercise_id, prints[exercise_id], found)
        exercises.reload()
    return Installed(course_id, replaced, report)
