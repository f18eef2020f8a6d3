"""Exercises: the model, the loader, structural validation, and the folder the catalog is loaded from.

No Flask and no grader here: `sandbox.authoring` installs uploads, `sandbox.grading` runs checks.
"""

from .courses import CourseInvalid, load_catalog, load_course
from .folder import CatalogFolder
from .loader import ExerciseInvalid, load_exercise
from .model import (
    DEVICES,
    Catalog,
    Check,
    Course,
    Device,
    Exercise,
    Finding,
    Helper,
    Problem,
    Section,
    Step,
    Text,
    WrongCase,
)

__all__ = [
    "DEVICES",
    "Catalog",
    "CatalogFolder",
    "Check",
    "Course",
    "CourseInvalid",
    "Device",
    "Exercise",
    "ExerciseInvalid",
    "Finding",
    "Helper",
    "Problem",
    "Section",
    "Step",
    "Text",
    "WrongCase",
    "load_catalog",
    "load_course",
    "load_exercise",
]
