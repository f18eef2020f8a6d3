"""Exercise authoring: install a trainer's uploaded exercise, and say how each exercise behaves.

Kept out of `sandbox.exercises` (the model and loader, which every part uses) because it needs
the grader and the request's language: the grader comes in as a `Validate` function given by
the caller, so this package imports neither the grader nor Playwright.
"""

from .behaviour import BehaviourCache, CachedCheck, Validate, check_behaviour, fingerprint
from .install import (
    ExerciseRefused,
    Installed,
    NotYours,
    Report,
    exercise_counts,
    finding_line,
    install_exercise,
    upload_problems,
)
from .status import ExerciseStatus, exercise_statuses, may_replace, uploaded_by
from .unpack import MAX_ZIP_BYTES, Limits, UnsafeZip, ZipTooLarge, human_size, unpack, zip_too_large

__all__ = [
    "MAX_ZIP_BYTES",
    "BehaviourCache",
    "CachedCheck",
    "ExerciseRefused",
    "ExerciseStatus",
    "Installed",
    "Limits",
    "NotYours",
    "Report",
    "UnsafeZip",
    "Validate",
    "ZipTooLarge",
    "check_behaviour",
    "exercise_counts",
    "exercise_statuses",
    "finding_line",
    "fingerprint",
    "human_size",
    "install_exercise",
    "may_replace",
    "unpack",
    "upload_problems",
    "uploaded_by",
    "zip_too_large",
]
