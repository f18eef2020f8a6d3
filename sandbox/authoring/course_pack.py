"""Install a course pack (a zip of a course folder: course.yaml and its exercises) as an exercise
upload is installed: every exercise of it proved by structure and in the real grader first, then
the whole folder renamed into place under the catalog's lock (docs/courses.md)."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from ..exercises import CatalogFolder, CourseInvalid, ExerciseInvalid, Problem, load_course, load_exercise
from ..exercises.model import N_
from .behaviour import BehaviourCache, Validate, fingerprint
from .install import (
    Installed,
    Report,
    exercise_counts,
    move_into_place,
    not_yours,
    refuse_behaviour,
    refuse_structure,
    upload_problems,
)
from .status import may_replace

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
        raise refuse_structure(course_id, problems)
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
        raise refuse_behaviour(course_id, report)

    def remember() -> None:
        for exercise_id, found in findings_of.items():
            cache.put(exercise_id, prints[exercise_id], found)

    replaced = move_into_place(root, exercises, staging, trainer_id, trainer_name, remember)
    return Installed(course_id, replaced, report)
