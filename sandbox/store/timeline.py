"""How an app was built: every saved version of a learner's exercise work, kept compactly (mixed into
Store; docs/history.md).

Each save that changes the files adds a version: every KEYFRAME_EVERY-th one holds the files whole,
the others only what changed since the version before, as line operations per file. Replaying
applies them in order (the page does it in static/js/history.js, this module in `files_at`); both
give back exactly the text that was saved, byte for byte.

A delta of one file is a list of operations on its lines (each line with its own line ending):
a positive whole number keeps that many lines, a negative one drops that many, and a list of
strings puts those lines in. A file that a version no longer has is null.
"""

from __future__ import annotations

import difflib
import json
import re
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, insert, select

from .models import VersionRow

KEYFRAME_EVERY = 40
LINE = re.compile(r"[^\n]*\n|[^\n]+$")
MAX_VERSIONS_SHOWN = 20_000  # a timeline longer than this shows its newest versions
_INSERT_VERSION = insert(VersionRow)


Delta = dict[str, list | None]


def lines(text: str) -> list[str]:
    """The lines of a text, each with its "\\n" (the last one may have none): the page splits alike."""
    return LINE.findall(text)


def file_delta(old: str, new: str) -> list:
    """The operations that turn `old` into `new`."""
    before, after = lines(old), lines(new)
    operations: list = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, before, after, autojunk=False).get_opcodes():
        if op == "equal":
            operations.append(i2 - i1)
            continue
        if i2 > i1:
            operations.append(-(i2 - i1))
        if j2 > j1:
            operations.append(after[j1:j2])
    return operations


def apply_file(old: str, operations: list) -> str:
    before, at, out = lines(old), 0, []
    for operation in operations:
        if isinstance(operation, list):
            out.extend(operation)
        elif operation > 0:
            out.extend(before[at : at + operation])
            at += operation
        else:
            at -= operation
    return "".join(out)


def delta(old: dict[str, str], new: dict[str, str]) -> Delta:
    """What changed from one version's files to the next: only the files that did."""
    changed: Delta = {name: None for name in old if name not in new}
    for name, text in new.items():
        if old.get(name) != text:
            changed[name] = file_delta(old.get(name, ""), text)
    return changed


def apply(files: dict[str, str], changed: Delta) -> dict[str, str]:
    out = dict(files)
    for name, operations in changed.items():
        if operations is None:
            out.pop(name, None)
        else:
            out[name] = apply_file(files.get(name, ""), operations)
    return out


@dataclass(frozen=True)
class Version:
    """One saved version as stored: whole files, or what changed since the version before."""

    number: int  # 1, 2, ... in the order they were saved
    saved_at: datetime
    step_id: str | None  # (a project's versions have no step)
    files: dict[str, str] | None
    delta: Delta | None


def encode(payload) -> str:
    return json.dumps(payload, ensure_ascii=False, separators=(",", ":"))


def next_payload(previous: dict[str, str] | None, files: dict[str, str], number: int) -> tuple[bool, str]:
    """(whole, payload) of version `number` with these files, after one with `previous` (None: the first)."""
    whole = previous is None or number % KEYFRAME_EVERY == 1
    return whole, encode(files if whole else delta(previous, files))


def newest_number(db, model, where) -> int:
    """The number of the newest version of one timeline (0 before the first)."""
    return db.scalar(select(func.max(model.number)).where(*where)) or 0


def files_at(db, model, where, number: int) -> dict[str, str] | None:
    """The files of version `number` of one timeline (rows of `model` matching `where`), replayed
    from the keyframe at or before it; None if there is no such version."""
    start = db.scalar(select(func.max(model.number)).where(*where, model.whole, model.number <= number))
    if start is None:
        return None
    rows = db.scalars(
        select(model).where(*where, model.number >= start, model.number <= number).order_by(model.number)
    ).all()
    files: dict[str, str] = {}
    for row in rows:
        payload = json.loads(row.payload)
        files = payload if row.whole else apply(files, payload)
    return files if rows and rows[-1].number == number else None


def shown(db, model, where) -> list[Version]:
    """Every version of one timeline, oldest first, as stored (from a keyframe, when there are too
    many to show)."""
    last = newest_number(db, model, where)
    first = db.scalar(
        select(func.max(model.number)).where(
            *where, model.whole, model.number <= max(1, last - MAX_VERSIONS_SHOWN + 1)
        )
    )
    rows = db.scalars(select(model).where(*where, model.number >= (first or 1)).order_by(model.number)).all()
    out = []
    for row in rows:
        payload = json.loads(row.payload)
        out.append(
            Version(
                row.number,
                row.saved_at,
                getattr(row, "step_id", None),
                payload if row.whole else None,
                None if row.whole else payload,
            )
        )
    return out


class TimelineStore:
    """Methods of Store for versions; `self.session` is the Store's sessionmaker."""

    def _add_version(
        self,
        db,
        learner_id: int,
        exercise_id: str,
        files: dict,
        step_id: str | None,
        stored: dict | None,
        newest: int | None = None,
    ) -> None:
        """Add a version in the caller's transaction, so a save and its version are stored together.

        `stored` is the work's files before this save: every save adds a version, so they are the
        newest version's files whenever there is one (work saved before versions were kept has none,
        and its first version is whole). `newest` is the newest version's number, when the caller
        has read it already (the save does, in its one SELECT).
        """
        if newest is None:
            where = (VersionRow.learner_id == learner_id, VersionRow.exercise_id == exercise_id)
            newest = newest_number(db, VersionRow, where)
        previous = stored if newest else None
        if previous == files:
            return  # nothing changed (a save that only moved to another step)
        whole, payload = next_payload(previous, files, newest + 1)
        row = {
            "learner_id": learner_id,
            "exercise_id": exercise_id,
            "number": newest + 1,
            "step_id": step_id,
            "whole": whole,
            "payload": payload,
        }
        # Built once, run without the ORM: _SaveStatements (store/__init__.py) says why.
        db.connection().execute(_INSERT_VERSION, row)

    def files_at(self, learner_id: int, exercise_id: str, number: int) -> dict[str, str] | None:
        """The files of version `number` exactly as they were saved, or None if there is no such one."""
        where = (VersionRow.learner_id == learner_id, VersionRow.exercise_id == exercise_id)
        with self.session() as db:
            return files_at(db, VersionRow, where, number)

    def versions(self, learner_id: int, exercise_id: str) -> list[Version]:
        """Every version, oldest first, as stored (from a keyframe, when there are too many to show)."""
        where = (VersionRow.learner_id == learner_id, VersionRow.exercise_id == exercise_id)
        with self.session() as db:
            return shown(db, VersionRow, where)
