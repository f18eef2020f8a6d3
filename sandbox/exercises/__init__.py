"""Exercises: the model, the loader, and structural validation."""

from .loader import ExerciseInvalid, load_catalog, load_exercise
from .model import DEVICES, Catalog, Check, Device, Exercise, Problem, Step, Text, WrongCase

__all__ = [
    "DEVICES",
    "Catalog",
    "Check",
    "Device",
    "Exercise",
    "ExerciseInvalid",
    "Problem",
    "Step",
    "Text",
    "WrongCase",
    "load_catalog",
    "load_exercise",
]
