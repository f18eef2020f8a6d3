"""Trainer pages for exercises (validation status, upload) and class results (export, re-grade)."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("trainer_exercises", __name__)
