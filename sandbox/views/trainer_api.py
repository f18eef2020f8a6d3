"""Trainer actions on a class as JSON: push, broadcast, notes, the dashboard's data."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("trainer_api", __name__, url_prefix="/api/trainer")
