"""What the exercises page shows: each folder, loaded or not, how it behaved, and who uploaded it.

An uploaded exercise remembers who uploaded it (`.uploaded.json` in its folder); only that trainer
may replace it. Exercises that came as folders on disk are never replaced over the web.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..exercises import Catalog, Exercise, Problem
from .behaviour import BehaviourCache, CachedCheck, fingerprint

OWNER_FILE = ".uploaded.json"


def uploaded_by(folder: Path) -> dict[str, Any] | None:
    """Return who uploaded the exercise in this folder ({trainer_id, trainer, at}), or None."""
    try:
        owner = json.loads((folder / OWNER_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return owner if isinstance(owner, dict) else None


def may_replace(folder: Path, trainer_id: int) -> bool:
    """A new id may always be installed; an existing one only by the trainer who uploaded it."""
    if not folder.exists() and not folder.is_symlink():
        return True
    owner = uploaded_by(folder)
    return owner is not None and owner.get("trainer_id") == trainer_id


@dataclass(frozen=True)
class ExerciseStatus:
    """One exercise folder as a trainer sees it: loaded or not, and how it behaved in the grader."""

    id: str
    exercise: Exercise | None
    problems: tuple[Problem, ...]
    behaviour: str  # ok, failing, unchecked, changed (checked, but files changed since), broken
    check: CachedCheck | None
    uploaded_by: str | None

    def to_dict(self, gettext: Callable[[str], str] | None = None) -> dict[str, Any]:
        """The JSON form; problems and findings in the language of `gettext` (English without one)."""
        return {
            "id": self.id,
            "title": self.exercise.title.get() if self.exercise else None,
            "loaded": self.exercise is not None,
            "problems": [p.said(gettext) for p in self.problems],
            "behaviour": self.behaviour,
            "findings": [f.to_dict(gettext or (lambda text: text)) for f in self.check.findings]
            if self.check
            else [],
            "checked_at": self.check.checked_at if self.check else None,
            "uploaded_by": self.uploaded_by,
        }


def exercise_statuses(catalog: Catalog, exercises_dir: Path, cache: BehaviourCache) -> list[ExerciseStatus]:
    """Every exercise in the catalog, then every folder that did not load, with its status."""
    rows = []
    for exercise in catalog.exercises.values():
        cached = cache.get(exercise.id)
        if cached is None:
            behaviour = "unchecked"
        elif cached.fingerprint != fingerprint(exercise.path):
            behaviour = "changed"
        else:
            behaviour = "ok" if cached.ok else "failing"
        # An exercise of an uploaded course: its course folder says who uploaded it.
        owner = uploaded_by(exercise.path) or (uploaded_by(exercise.path.parent) if exercise.course else None)
        rows.append(
            ExerciseStatus(
                exercise.id, exercise, (), behaviour, cached, owner.get("trainer") if owner else None
            )
        )
    for name, problems in sorted(catalog.problems.items()):
        owner = uploaded_by(exercises_dir / name)
        rows.append(
            ExerciseStatus(
                name, None, tuple(problems), "broken", None, owner.get("trainer") if owner else None
            )
        )
    return rows
