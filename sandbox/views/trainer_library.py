"""The exercise library: every installed course and exercise, with its languages, steps, validation
state and a preview of the finished app, from which a trainer adds it to a class."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _

from .. import auth
from ..authoring import exercise_statuses
from ..errors import NotFound
from ..exercises import Exercise
from . import services
from .trainer import assign_course, own_classroom
from .trainer_exercises import exercises_dir

bp = Blueprint("trainer_library", __name__)


def _languages(exercise: Exercise) -> list[dict]:
    """Each language of an exercise, and for a partial one how many of its texts it has."""
    return [
        {"code": code, "partial": code in exercise.partial_languages, "coverage": exercise.coverage.get(code)}
        for code in exercise.languages
    ]


def _finished_app(exercise: Exercise) -> dict[str, str]:
    """The last step's solution: the finished app the preview shows (in the trainer's language)."""
    translated = exercise.in_language(str(get_locale()))
    return dict(translated.solutions.get(exercise.steps[-1].id, translated.starter))


@bp.get("/trainer/library")
@auth.trainer_required
def library():
    """Every course and exercise on the server, to look at and add to a class."""
    store, catalog = services().store, services().catalog
    classrooms = store.classrooms_of(auth.current_trainer().id)
    chosen = request.args.get("class", "")
    target = next((c for c in classrooms if str(c.id) == chosen), classrooms[0] if classrooms else None)
    statuses = {row.id: row for row in exercise_statuses(catalog, exercises_dir(), services().behaviour)}
    in_courses = {e for course in catalog.courses.values() for e in course.exercise_ids}
    return render_template(
        "trainer/library.html",
        courses=list(catalog.courses.values()),
        alone=[e for e in catalog.exercises.values() if e.id not in in_courses],
        catalog=catalog,
        statuses=statuses,
        languages=_languages,
        classrooms=classrooms,
        target=target,
        assigned=set(store.assignments(target.id)) if target else set(),
        previews={
            e.id: {"files": _finished_app(e), "frameUrl": url_for("preview.frame", exercise_id=e.id)}
            for e in catalog.exercises.values()
        },
    )


@bp.post("/trainer/classes/<int:classroom_id>/library")
@auth.trainer_required
def add_to_class(classroom_id: int):
    """Add an exercise, or a whole course, from the library to a class (or take an exercise out)."""
    classroom = own_classroom(classroom_id)
    store, catalog = services().store, services().catalog
    language = str(get_locale())
    if "course" in request.form:
        assign_course(classroom.id, request.form["course"])
        title = catalog.courses[request.form["course"]].title.get(language)
        said = _("“%(title)s” is in the class “%(class)s” now.", title=title, **{"class": classroom.name})
    else:
        exercise = catalog.get(request.form.get("exercise", ""))
        if exercise is None:
            raise NotFound(_("There is no such exercise."))
        current = store.assignments(classroom.id)
        title = exercise.title.get(language)
        if request.form.get("action") == "remove":
            store.set_assignments(classroom.id, [e for e in current if e != exercise.id])
            said = _(
                "“%(title)s” is no longer in the class “%(class)s”.", title=title, **{"class": classroom.name}
            )
        else:
            if exercise.id not in current:
                store.set_assignments(classroom.id, [*current, exercise.id])
            said = _("“%(title)s” is in the class “%(class)s” now.", title=title, **{"class": classroom.name})
    flash(said, "library")
    return redirect(url_for("trainer_library.library", **{"class": classroom.id}))
