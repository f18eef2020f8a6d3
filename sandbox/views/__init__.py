"""Blueprints: HTTP at the edge. Each view parses, calls the domain, renders."""

from __future__ import annotations

from flask_babel import gettext as _

from ..errors import NotFound
from ..exercises import Exercise, Step
from ..services import Services, services

__all__ = ["Services", "get_exercise", "get_step", "services"]


def get_exercise(exercise_id: str) -> Exercise:
    """Return a loaded exercise or raise a friendly 404."""
    exercise = services().catalog.get(exercise_id)
    if exercise is None:
        raise NotFound(_("There is no exercise called “%(id)s”. Pick one from the list.", id=exercise_id))
    return exercise


def get_step(exercise: Exercise, step_id: str) -> Step:
    """Return a step of the exercise or raise a friendly 404."""
    step = exercise.step(step_id)
    if step is None:
        raise NotFound(_("This exercise has no step called “%(id)s”.", id=step_id))
    return step
