"""Exercises: the model, the loader, structural validation, and the folder the catalog is loaded from.

No Flask and no grader here: `sandbox.authoring` installs uploads, `sandbox.grading` runs checks.
"""

from .folder import CatalogFolder
from .loader import ExerciseInvalid, load_catalog, load_exercise
from .model import (
    DEVICES,
    Catalog,
    Check,
    Device,
    Exercise,
    Finding,
    Helper,
    Problem,
    Step,
    Text,
    WrongCase,
)

__all__ = [
    "DEVICES",
    "Catalog",
    "CatalogFolder",
    "Check",
    "Device",
    "Exercise",
    "ExerciseInvalid",
    "Finding",
    "Helper",
    "Problem",
    "Step",
    "Text",
    "WrongCase",
    "load_catalog",
    "load_exercise",
]
