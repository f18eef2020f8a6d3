"""How a group's app was built: versions of a project's co-edited files (mixed into Store;
docs/history.md "Group projects").

With five members typing, an update is stored many times a second; a version per update would
make a 3-hour class tens of thousands of points, most a keystroke apart. So a version is taken
when an update changes the files and the project's newest version is at least VERSION_EVERY old,
in the transaction that stores that update (store/coedit.py, DocumentWrite.set_files). The
first update a project's document ever stores first keeps the files it started from, and
bringing a version back always makes a version (after one of the files it replaced, if they
were not one yet), so a restore is on the timeline and can be undone. The format, the keyframes
and the replay are the learners' (store/timeline.py).
"""

from __future__ import annotations

import json
from datetime import timedelta

from sqlalchemy import select

from . import models
from .models import ProjectVersionRow
from .timeline import Version, files_at, next_payload, shown

# How far apart versions are, at least, while a group types (docs/history.md says why 5 s).
VERSION_EVERY = timedelta(seconds=5)


def clock():
    """Now, as the database stores it (tests move it on)."""
    return models.utcnow()


def record(db, project_id: int, files: dict[str, str], restoring: bool = False) -> None:
    """Take a version of `files` (the project's after this update) if it is time to, in `db`'s
    transaction, before the project's row has them; `restoring`: a version brought back."""
    where = (ProjectVersionRow.project_id == project_id,)
    newest = db.execute(
        select(ProjectVersionRow.number, ProjectVersionRow.saved_at)
        .where(*where)
        .order_by(ProjectVersionRow.number.desc())
        .limit(1)
    ).first()
    now = clock()
    number = newest.number if newest else 0
    previous: dict[str, str] | None = None

    def add(version_files: dict[str, str]) -> None:
        nonlocal number, previous
        number += 1
        whole, payload = next_payload(previous, version_files, number)
        db.add(
            ProjectVersionRow(
                project_id=project_id, number=number, whole=whole, payload=payload, saved_at=now
            )
        )
        previous = version_files

    if newest is None:
        present = _stored_files(db, project_id)
        add(present)  # what the group started from: the template, or the files before versions were kept
        if restoring and files != present:
            add(files)
        return
    if not restoring and now - newest.saved_at < VERSION_EVERY:
        return  # the newest version is recent: the live files are the dialog's newest point meanwhile
    previous = files_at(db, ProjectVersionRow, where, number)
    if restoring and (present := _stored_files(db, project_id)) != previous:
        add(present)  # what was there before the restore, kept
    if files != previous:
        add(files)


def _stored_files(db, project_id: int) -> dict[str, str]:
    """The project's files before this update (the row is written after the version)."""
    return json.loads(db.scalar(select(models.ProjectRow.files).where(models.ProjectRow.id == project_id)))


class ProjectTimelineStore:
    """Methods of Store for project versions; `self.session` is the Store's sessionmaker."""

    def project_versions(self, project_id: int) -> list[Version]:
        """Every version of a project's files, oldest first, as stored (whole or a delta)."""
        with self.session() as db:
            return shown(db, ProjectVersionRow, (ProjectVersionRow.project_id == project_id,))

    def project_files_at(self, project_id: int, number: int) -> dict[str, str] | None:
        """The project's files at version `number`, exactly as taken; None if there is no such one."""
        with self.session() as db:
            return files_at(db, ProjectVersionRow, (ProjectVersionRow.project_id == project_id,), number)
