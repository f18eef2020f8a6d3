"""Courses (a folder with course.yaml ordering its exercise folders into sections) and the catalog:
every exercise and course in the exercises folder."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from .loader import ID, ExerciseInvalid, load_exercise
from .model import DEFAULT_LANGUAGE, N_, Catalog, Course, Exercise, Problem, Section, Text, frozen
from .problems import Collector, read_yaml, unknown_words

log = logging.getLogger(__name__)

COURSE_FILE = "course.yaml"
COURSE_WORDS = {"id", "title", "summary", "languages", "order", "sections"}
SECTION_WORDS = {"id", "title", "summary", "exercises"}


class CourseInvalid(Exception):
    """course.yaml has problems; `problems` lists each with file and field."""

    def __init__(self, course_id: str, problems: list[Problem]):
        super().__init__(f"{course_id}: " + "; ".join(map(str, problems)))
        self.course_id = course_id
        self.problems = problems


def is_course(folder: Path) -> bool:
    """True for a folder holding course.yaml."""
    return (folder / COURSE_FILE).is_file()


def _sections(raw: Any, root: Path, file: Path, languages, found: Collector) -> tuple[Section, ...]:
    if not isinstance(raw, list) or not raw:
        found.add(file, "sections", N_("must be a list with at least one section"))
        return ()
    sections, seen, used = [], set(), set()
    for number, item in enumerate(raw, start=1):
        field = f"section {number}"
        if not isinstance(item, Mapping) or not isinstance(item.get("id"), str) or not ID.match(item["id"]):
            found.add(
                file, f"{field}, id", N_("every section needs an id of lowercase letters, digits and hyphens")
            )
            continue
        if item["id"] in seen:
            found.add(file, f"{field}, id", N_("'%(section)s' is used twice"), section=item["id"])
        seen.add(item["id"])
        strangers = set(item) - SECTION_WORDS
        if strangers:
            unknown_words(found, file, f"{field} ({item['id']})", strangers, SECTION_WORDS, N_("sections"))
        title = found.text(item.get("title"), file, f"{field}, title", languages)
        summary = found.text(item.get("summary"), file, f"{field}, summary", languages, required=False)
        exercises = item.get("exercises")
        if not isinstance(exercises, list) or not exercises or not all(isinstance(e, str) for e in exercises):
            found.add(file, f"{field}, exercises", N_("must list the ids of exercise folders in the course"))
            exercises = []
        for exercise_id in exercises:
            if not (root / exercise_id / "exercise.yaml").is_file() or not ID.match(exercise_id):
                found.add(
                    file,
                    f"{field}, exercises",
                    N_("'%(exercise)s' is not an exercise folder of this course"),
                    exercise=exercise_id,
                )
            elif exercise_id in used:
                found.add(
                    file, f"{field}, exercises", N_("'%(exercise)s' is listed twice"), exercise=exercise_id
                )
            used.add(exercise_id)
        sections.append(Section(item["id"], title or Text(frozen({})), summary, tuple(exercises)))
    for folder in sorted(p.name for p in root.iterdir() if (p / "exercise.yaml").is_file()):
        if folder not in used:
            found.add(root / folder, "", N_("is an exercise of the course that no section lists"))
    return tuple(sections)


def load_course(root: Path) -> Course:
    """Read a course folder's course.yaml (not its exercises); raise CourseInvalid listing every problem."""
    root = Path(root)
    found = Collector(root)
    file = root / COURSE_FILE
    raw = read_yaml(file, found)
    if not isinstance(raw, Mapping):
        if not found.problems:
            found.add(file, "", N_("must be a mapping with id, title and sections"))
        raise CourseInvalid(root.name, found.problems)
    course_id = raw.get("id")
    if course_id != root.name or not ID.match(str(course_id)):
        found.add(
            file,
            "id",
            N_("must equal the folder name '%(folder)s' (lowercase letters, digits, hyphens)"),
            folder=root.name,
        )
    languages = raw.get("languages", [DEFAULT_LANGUAGE])
    if not isinstance(languages, list) or DEFAULT_LANGUAGE not in languages:
        found.add(file, "languages", N_("must be a list that includes 'en', like [en, ru, tg]"))
        languages = [DEFAULT_LANGUAGE]
    title = found.text(raw.get("title"), file, "title", languages)
    summary = found.text(raw.get("summary"), file, "summary", languages, required=False)
    order = raw.get("order", 100)
    if not isinstance(order, int):
        found.add(file, "order", N_("must be a whole number (lower comes first in the list)"))
        order = 100
    unknown = set(raw) - COURSE_WORDS
    if unknown:
        unknown_words(found, file, "", unknown, COURSE_WORDS, N_("course.yaml files"))
    sections = _sections(raw.get("sections"), root, file, languages, found)
    if found.problems:
        raise CourseInvalid(root.name, found.problems)
    return Course(course_id, title, summary, tuple(languages), sections, root, order)


def _load_course_into(catalog: Catalog, root: Path) -> None:
    """Load a course and its exercises; a broken exercise is left out of it, a broken course.yaml
    leaves the whole course out (its exercises would have no order)."""
    try:
        course = load_course(root)
    except CourseInvalid as error:
        catalog.problems[root.name] = error.problems
        for problem in error.problems:
            log.error("course %s not loaded: %s", root.name, problem)
        return
    loaded = []
    for section in course.sections:
        for exercise_id in section.exercises:
            if exercise_id in catalog.exercises or exercise_id in catalog.courses:
                problem = Problem(f"{root.name}/{exercise_id}", "", N_("another exercise has this id"))
                catalog.problems[exercise_id] = [problem]
                continue
            try:
                exercise = load_exercise(root / exercise_id, course=root, course_id=course.id)
            except ExerciseInvalid as error:
                catalog.problems[exercise_id] = error.problems
                for problem in error.problems:
                    log.error("exercise %s of course %s not loaded: %s", exercise_id, course.id, problem)
            else:
                catalog.exercises[exercise.id] = exercise
                loaded.append(exercise.id)
    sections = tuple(
        Section(s.id, s.title, s.summary, tuple(e for e in s.exercises if e in loaded))
        for s in course.sections
    )
    catalog.courses[course.id] = Course(
        course.id, course.title, course.summary, course.languages, sections, course.path, course.order
    )


def load_catalog(folder: Path) -> Catalog:
    """Load every exercise and course folder under `folder`; broken ones are logged and left out."""
    catalog = Catalog()
    folder = Path(folder)
    if not folder.is_dir():
        log.warning("exercise folder %s does not exist", folder)
        return catalog
    roots = sorted(p for p in folder.iterdir() if p.is_dir() and not p.name.startswith((".", "_")))
    for root in roots:
        if is_course(root):
            continue
        try:
            exercise = load_exercise(root)
        except ExerciseInvalid as error:
            catalog.problems[root.name] = error.problems
            for problem in error.problems:
                log.error("exercise %s not loaded: %s", root.name, problem)
        else:
            catalog.exercises[exercise.id] = exercise
    for root in roots:
        if is_course(root):
            _load_course_into(catalog, root)
    # Exercises outside courses by order, then each course's, in the course's order.
    courses = sorted(catalog.courses.values(), key=lambda c: (c.order, c.id))
    catalog.courses = {c.id: c for c in courses}
    position = {e: n for n, e in enumerate(e for c in courses for e in c.exercise_ids)}
    ordered = sorted(
        catalog.exercises.values(),
        key=lambda e: (e.course is not None, position.get(e.id, 0), e.order, e.id),
    )
    catalog.exercises = {e.id: e for e in ordered}
    return catalog


def list_groups(exercises: list[Exercise], catalog: Catalog, passed: Mapping[str, set[str]]) -> list[dict]:
    """The exercises as the list shows them: a run of exercises outside courses together, each
    course's together by section, with how many of its exercises the learner finished."""
    groups: list[dict] = []
    courses: dict[str, dict] = {}
    for exercise in exercises:
        course = catalog.courses.get(exercise.course) if exercise.course else None
        if course is None:
            if not groups or groups[-1]["course"] is not None:
                groups.append({"course": None, "exercises": []})
            groups[-1]["exercises"].append(exercise)
        elif course.id not in courses:
            courses[course.id] = {"course": course, "members": set()}
            groups.append(courses[course.id])
        if course is not None:
            courses[course.id]["members"].add(exercise.id)
    for group in courses.values():
        members = group.pop("members")
        group["sections"] = [
            (section, [catalog.get(e) for e in section.exercises if e in members])
            for section in group["course"].sections
            if members & set(section.exercises)
        ]
        group["total"] = len(members)
        group["finished"] = sum(
            1 for e in members if {s.id for s in catalog.get(e).steps} <= set(passed.get(e, ()))
        )
    return groups
