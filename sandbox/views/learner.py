"""Learner pages: the list of exercises and the exercise page with editor and preview."""

from __future__ import annotations

from flask import Blueprint, current_app, redirect, render_template, request, url_for
from flask_babel import get_locale

from .. import auth
from ..exercises.courses import list_groups
from ..live import MAX_TYPING_BYTES
from ..sanitize import markdown_to_html
from . import get_exercise, get_step, services
from .api import STEP_STARTER
from .static import static_url
from .work_comments import review_data as work_review

bp = Blueprint("learner", __name__)


@bp.get("/")
def index():
    """List the exercises with this learner's progress in each."""
    catalog = services().catalog
    store = services().store
    learner_id = auth.current_learner()
    work = store.all_work(learner_id) if learner_id else {}
    passed = store.passed_steps_by_exercise(learner_id) if learner_id else {}
    learner = store.get_learner(learner_id) if learner_id else None
    classroom = store.get_classroom(learner.classroom_id) if learner and learner.classroom_id else None
    if classroom:
        # A class sees what its trainer assigned, in the trainer's order.
        exercises = [catalog.get(e) for e in store.assignments(classroom.id) if catalog.get(e)]
    else:
        exercises = list(catalog.exercises.values())
    return render_template(
        "learner/index.html",
        exercises=exercises,
        groups=list_groups(exercises, catalog, passed),
        work=work,
        passed=passed,
        learner=learner,
        classroom=classroom,
        joined=request.args.get("joined") == "1",
        **_projects_of(learner, classroom),
    )


def _projects_of(learner, classroom) -> dict:
    """The learner's group projects, and what they may start one from (docs/projects.md)."""
    if classroom is None:
        return {"my_projects": [], "finished": []}
    from .projects import PROBLEM_NAMES, TEMPLATE_NAMES, finished_exercises

    return {
        "my_projects": services().store.projects_of_learner(learner.id),
        "finished": finished_exercises(learner.id) if classroom.learner_projects else [],
        "problem_names": PROBLEM_NAMES,
        "template_names": TEMPLATE_NAMES,
    }


def _step_start(learner_id: int | None, exercise, step, language: str) -> dict | None:
    """For a step with its own starting code: that code, and the copy the learner last swapped
    for it (kept in the work history), so they may go back to it."""
    if step.starter is None or step.number == 1:
        return None
    # (the step's code is also where "Start again" goes back to, keeping the code it replaced)
    kept = (
        services().store.history(learner_id, exercise.id, (STEP_STARTER, "reset"))[:1] if learner_id else []
    )
    own = exercise.in_language(language).step(step.id).starter  # in the learner's language
    return {"files": dict(own), "carried": kept[0].files if kept else None}


@bp.get("/exercises/<exercise_id>")
def exercise(exercise_id: str):
    """Open the exercise at the step the learner was last on, if they may open it."""
    found = get_exercise(exercise_id)
    learner_id = auth.current_learner()
    store = services().store
    work = store.get_work(learner_id, found.id) if learner_id else None
    reachable = found.reachable_steps(store.passed_steps(learner_id, found.id) if learner_id else set())
    step_id = work.step_id if work and work.step_id in {s.id for s in reachable} else reachable[-1].id
    return redirect(url_for("learner.step", exercise_id=found.id, step_id=step_id))


@bp.get("/exercises/<exercise_id>/<step_id>")
def step(exercise_id: str, step_id: str):
    """Show one step: instructions, editor and phone preview."""
    found = get_exercise(exercise_id)
    current = get_step(found, step_id)
    learner_id = auth.current_learner(create=True)
    kept = {key: value for key, value in request.args.items() if key != "c"}  # ?lang= and the like
    if learner_id is None and not request.args.get("c"):
        # A first visit: give this browser its session, and ask it to come back with it. Only a
        # browser that keeps our cookie becomes a learner (a crawler, or a script asking again
        # and again without cookies, makes no learner rows); "c" stops a cookie-less loop.
        auth.csrf_token()
        return redirect(url_for("learner.step", exercise_id=found.id, step_id=current.id, c=1, **kept))
    if learner_id is not None and request.args.get("c"):
        # Back to the address without the mark.
        return redirect(url_for("learner.step", exercise_id=found.id, step_id=current.id, **kept))
    store = services().store
    passed = store.passed_steps(learner_id, found.id) if learner_id else set()
    reachable = found.reachable_steps(passed)
    if current not in reachable:
        # Steps open one at a time: passing a step unlocks the next.
        return redirect(url_for("learner.step", exercise_id=found.id, step_id=reachable[-1].id))
    work = store.get_work(learner_id, found.id) if learner_id else None
    language = str(get_locale())
    next_step = found.steps[current.number] if current.number < len(found.steps) else None
    assets_url = url_for("preview.asset", exercise_id=found.id, filename="")
    page_data = {
        "exercise": found.id,
        "learner": learner_id,
        "editorUrl": static_url("vendor/editor.js"),
        "checkerUrl": static_url("vendor/checker.js"),
        "step": current.id,
        "files": list(found.files),
        "starter": dict(found.starter_for(current.id, language)),
        "stepStart": _step_start(learner_id, found, current, language),
        "work": {"files": work.files, "revision": work.revision} if work else None,
        "device": {"width": found.device.width, "height": found.device.height},
        "frameUrl": url_for("preview.frame", exercise_id=found.id),
        "saveUrl": url_for("api.save_work", exercise_id=found.id),
        "versionsUrl": url_for("history.own_versions", exercise_id=found.id),
        "maxFileBytes": current_app.config["MAX_FILE_BYTES"],
        "passed": current.id in passed,
        "submitUrl": url_for("api.create_submission"),
        "attemptsUrl": url_for("api.list_submissions", exercise_id=found.id),
        "liveUrl": "/live",
        "phoneLinksUrl": "/api/phone-links",
        "phoneLink": bool(learner_id) and store.active_phone_link(learner_id, found.id) is not None,
        "maxTypingBytes": MAX_TYPING_BYTES,
        "nextUrl": url_for("learner.step", exercise_id=found.id, step_id=next_step.id) if next_step else None,
        # The trainer's comments on this work (docs/mentors.md), for a learner of a class.
        "review": work_review(store.get_learner(learner_id) if learner_id else None, found),
        "reviewUrl": static_url("vendor/review.js"),
    }
    return render_template(
        "learner/exercise.html",
        exercise=found,
        step=current,
        passed=passed,
        reachable={s.id for s in reachable},
        next_step=next_step,
        instructions=markdown_to_html(current.instructions.get(language), assets_url),
        credit=markdown_to_html(found.credit.get(language)) if found.credit else None,
        page_data=page_data,
    )
