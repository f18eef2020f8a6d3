"""Trainer pages for exercises (validation status, upload) and class results (export, re-grade)."""

from __future__ import annotations

from functools import partial
from pathlib import Path

from flask import Blueprint, Response, current_app, flash, redirect, render_template, request, url_for
from flask_babel import get_locale, ngettext
from flask_babel import gettext as _
from werkzeug.exceptions import RequestEntityTooLarge

from .. import auth, results
from ..authoring import (
    MAX_ZIP_BYTES,
    ExerciseRefused,
    Installed,
    Limits,
    Validate,
    ZipTooLarge,
    check_behaviour,
    exercise_statuses,
    fingerprint,
    human_size,
    install_exercise,
    zip_too_large,
)
from ..errors import SandboxError
from ..exercises import Exercise
from ..exercises.loader import ID
from ..grading.validate import validate_behaviour
from . import get_exercise, services
from .trainer import own_classroom

bp = Blueprint("trainer_exercises", __name__)

UPLOADS = {"trainer_exercises.upload", "trainer_exercises.push"}
MULTIPART_SLACK = 64 * 1024  # the form's own fields and boundaries around the zip


def _limits() -> Limits:
    return Limits(zip_bytes=int(current_app.config.get("EXERCISE_UPLOAD_BYTES") or MAX_ZIP_BYTES))


def _too_big() -> ZipTooLarge:
    return zip_too_large(_limits())


@bp.url_value_preprocessor
def allow_exercise_zips(endpoint: str | None, _values: dict | None) -> None:
    """Let exercise zips be bigger than a learner's request, and refuse bigger ones with a clear message.

    This runs before the app's CSRF check, which reads the form and so the whole body.
    """
    if endpoint not in UPLOADS:
        return
    allowed = _limits().zip_bytes + MULTIPART_SLACK
    request.max_content_length = allowed
    if request.content_length is not None and request.content_length > allowed:
        raise _too_big()


def exercises_dir() -> Path:
    return services().exercises.path


def _validate() -> Validate:
    """Prove an exercise with this app's grader (the authoring code is given it, never imports it),
    the grader speaking the trainer's language (its check messages inside the findings)."""
    return partial(validate_behaviour, grader=services().grading.grader, language=str(get_locale()))


def _current_exercise(exercise_id: str) -> Exercise | None:
    """The exercise as its folder is now: a trainer may have changed its checks since the server started.

    Returns None (and the exercises page lists its problems) when the folder no longer loads.
    """
    if exercise_id in services().exercises.reload().problems:
        return None
    return get_exercise(exercise_id)


# ---- class results


def _download(body: str, classroom, extension: str, mimetype: str) -> Response:
    response = Response(body, mimetype=mimetype)
    filename = f"class-{classroom.id}-{classroom.join_code}-results.{extension}"
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.get("/trainer/classes/<int:classroom_id>/export.csv")
@auth.trainer_required
def export_csv(classroom_id: int):
    """One row per learner, exercise and step: status, attempts, time of the first pass."""
    classroom = own_classroom(classroom_id)
    collected = results.collect(services().store, services().catalog, classroom)
    # The byte order mark makes Excel read the file as UTF-8 (names in Cyrillic stay readable).
    return _download("\ufeff" + results.to_csv(collected), classroom, "csv", "text/csv")


@bp.get("/trainer/classes/<int:classroom_id>/export.json")
@auth.trainer_required
def export_json(classroom_id: int):
    """Every submission's full check results, grouped by learner."""
    classroom = own_classroom(classroom_id)
    collected = results.collect(services().store, services().catalog, classroom)
    return _download(results.to_json_text(collected), classroom, "json", "application/json")


@bp.post("/trainer/classes/<int:classroom_id>/regrade")
@auth.trainer_required
def regrade(classroom_id: int):
    """Check this class's submissions to an exercise again, with its checks as its folder has them now."""
    classroom = own_classroom(classroom_id)
    exercise_id = request.form.get("exercise", "")
    exercise = _current_exercise(exercise_id)
    if exercise is None:
        flash(_broken_message(exercise_id), "results")
        return redirect(url_for("trainer.classroom", classroom_id=classroom.id) + "#results")
    count = results.regrade(services().store, classroom.id, exercise.id, services().grading.enqueue)
    flash(
        ngettext(
            "%(num)d try at “%(title)s” is being checked again. Results arrive as usual.",
            "%(num)d tries at “%(title)s” are being checked again. Results arrive as usual.",
            count,
            title=exercise.title.get(),
        )
        if count
        else _("Nobody in this class has tried “%(title)s” yet.", title=exercise.title.get()),
        "results",
    )
    return redirect(url_for("trainer.classroom", classroom_id=classroom.id) + "#results")


# ---- exercises


def _exercises_page(error: str | None = None, report=None, status: int = 200):
    rows = exercise_statuses(services().catalog, exercises_dir(), services().behaviour)
    limit = human_size(_limits().zip_bytes)
    page = render_template("trainer/exercises.html", rows=rows, error=error, report=report, limit=limit)
    return page, status


def _install(data: bytes) -> Installed:
    trainer = auth.current_trainer()
    return install_exercise(
        data,
        services().exercises,
        trainer.id,
        trainer.name,
        _validate(),
        services().behaviour,
        limits=_limits(),
        allow_python=bool(current_app.config.get("ALLOW_UPLOADED_PYTHON")),
    )


def _read(stream_reader) -> bytes:
    try:
        return stream_reader()
    except RequestEntityTooLarge as error:
        raise _too_big() from error


@bp.get("/trainer/exercises")
@auth.trainer_required
def exercises():
    """Every exercise with its validation status, and a form to upload a new one."""
    return _exercises_page()


@bp.post("/trainer/exercises")
@auth.trainer_required
def upload():
    """Install an exercise from a zip, once the validator and the grader say it is right."""
    sent = _read(lambda: request.files.get("zip"))
    if sent is None or not sent.filename:
        return _exercises_page(_("Choose the zip of an exercise first."), status=400)
    try:
        installed = _install(_read(sent.read))
    except ExerciseRefused as refused:
        return _exercises_page(refused.message, refused.report, refused.status)
    except SandboxError as error:
        return _exercises_page(error.message, status=error.status)
    flash(_installed_message(installed), "exercises")
    return redirect(url_for("trainer_exercises.exercises") + f"#exercise-{installed.exercise_id}")


def _broken_message(exercise_id: str) -> str:
    return _(
        "“%(id)s” has problems in its files now, so it was not checked. The exercises page lists them.",
        id=exercise_id,
    )


def _installed_message(installed: Installed) -> str:
    if installed.replaced:
        return _("“%(id)s” was replaced; classes use the new version now.", id=installed.exercise_id)
    return _("“%(id)s” is installed; you can assign it to your classes now.", id=installed.exercise_id)


@bp.post("/trainer/exercises/<exercise_id>/check")
@auth.trainer_required
def check(exercise_id: str):
    """Run an exercise's starter, solutions and wrong cases through the grader now."""
    known = services().catalog.get(exercise_id)  # an exercise of a course is in the course's folder
    folder = known.path if known else exercises_dir() / exercise_id
    files_fingerprint = fingerprint(folder) if ID.match(exercise_id) and folder.is_dir() else None
    exercise = _current_exercise(exercise_id)
    if exercise is None:
        flash(_broken_message(exercise_id), "exercises")
        return redirect(url_for("trainer_exercises.exercises") + f"#exercise-{exercise_id}")
    checked = check_behaviour(exercise, _validate(), services().behaviour, files_fingerprint)
    if checked.ok:
        flash(_("“%(id)s” behaves as declared in the grader.", id=exercise.id), "exercises")
    else:
        flash(_("“%(id)s” does not behave as declared: see below.", id=exercise.id), "exercises")
    return redirect(url_for("trainer_exercises.exercises") + f"#exercise-{exercise.id}")


@bp.get("/api/trainer/exercises")
@auth.trainer_required
def list_exercises():
    """Every exercise with its validation status, as JSON."""
    rows = exercise_statuses(services().catalog, exercises_dir(), services().behaviour)
    return {"exercises": [row.to_dict(_) for row in rows]}


@bp.post("/api/trainer/exercises")
@auth.trainer_required
def push():
    """Install an exercise zip sent as the body (application/zip) or as a multipart file."""
    files = _read(lambda: request.files)
    data = _read(next(iter(files.values())).read) if files else _read(request.get_data)
    if not data:
        raise SandboxError(_("Send the zip of an exercise as the request body."))
    try:
        installed = _install(data)
    except ExerciseRefused as refused:
        return {"error": refused.message, "status": refused.status, **refused.report.to_dict()}, 422
    body = {
        "installed": True,
        "replaced": installed.replaced,
        "message": _installed_message(installed),
        **installed.report.to_dict(),
    }
    return body, 200 if installed.replaced else 201
