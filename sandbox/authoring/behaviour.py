"""What the grader found for each exercise, remembered by the files it was found for.

The authoring code never imports the grader: whoever calls it passes a `Validate` function
(the app passes the grading service's `validate_behaviour` bound to its grader).
"""

from __future__ import annotations

import hashlib
import json
import os
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from ..exercises import Exercise, Finding
from .unpack import junk

# Runs an exercise's starter, solutions and wrong cases and says how each behaved.
Validate = Callable[[Exercise], Iterable[Finding]]


def fingerprint(folder: Path) -> str:
    """A digest of every file's name, size and modification time: it changes when any file does."""
    digest = hashlib.sha256()
    for path in sorted(folder.rglob("*")):
        relative = path.relative_to(folder)
        if junk(list(relative.parts)) or not path.is_file():
            continue
        info = path.stat()
        digest.update(f"{relative.as_posix()}\0{info.st_size}\0{info.st_mtime_ns}\n".encode())
    return digest.hexdigest()


@dataclass(frozen=True)
class CachedCheck:
    """The grader's findings for one exercise, and the files (by fingerprint) they hold for."""

    fingerprint: str
    findings: tuple[Finding, ...]
    checked_at: str

    @property
    def ok(self) -> bool:
        return all(f.ok for f in self.findings)


class BehaviourCache:
    """Findings by exercise id, kept in a JSON file so the exercises page never waits for the grader."""

    def __init__(self, path: Path | None = None):
        self.path = path
        self._lock = threading.Lock()
        self._entries: dict[str, CachedCheck] = {}
        if path is not None and path.exists():
            try:
                raw = json.loads(path.read_text(encoding="utf-8"))
                entries = raw.items()
            except (OSError, ValueError, AttributeError):
                entries = ()  # a damaged cache is only a cache: check again
            for exercise_id, entry in entries:
                try:
                    findings = tuple(Finding.from_dict(f) for f in entry["findings"])
                    self._entries[exercise_id] = CachedCheck(
                        str(entry["fingerprint"]), findings, str(entry["checked_at"])
                    )
                except (KeyError, TypeError, ValueError):
                    pass  # an entry of an older form (English text only): unchecked until checked again

    def get(self, exercise_id: str) -> CachedCheck | None:
        """The last findings for this id, whether or not they still hold for its files."""
        with self._lock:
            return self._entries.get(exercise_id)

    def current(self, exercise_id: str, folder: Path) -> CachedCheck | None:
        """The findings for this id if its files are unchanged since they were found."""
        cached = self.get(exercise_id)
        return cached if cached and cached.fingerprint == fingerprint(folder) else None

    def put(self, exercise_id: str, folder_fingerprint: str, findings: Iterable[Finding]) -> CachedCheck:
        entry = CachedCheck(
            folder_fingerprint, tuple(findings), datetime.now(UTC).isoformat(timespec="seconds")
        )
        with self._lock:
            self._entries[exercise_id] = entry
            self._save()
        return entry

    def _save(self) -> None:
        if self.path is None:
            return
        data = {
            key: {
                "fingerprint": e.fingerprint,
                "checked_at": e.checked_at,
                "findings": [f.to_dict() for f in e.findings],
            }
            for key, e in self._entries.items()
        }
        partial = self.path.with_name(self.path.name + ".tmp")
        partial.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
        os.replace(partial, self.path)


def check_behaviour(
    exercise: Exercise, validate: Validate, cache: BehaviourCache, files_fingerprint: str | None = None
) -> CachedCheck:
    """Run an installed exercise's cases through `validate` (the grader) and remember the findings.

    Pass the fingerprint taken before the exercise was loaded, so that a file changed meanwhile
    shows as changed rather than as checked.
    """
    before = files_fingerprint or fingerprint(exercise.path)
    return cache.put(exercise.id, before, validate(exercise))
