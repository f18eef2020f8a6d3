"""The stored CRDT documents of group projects: compacted state and update log (mixed into Store).

Every change of a project's document is one transaction that first takes the project's write
lock (an UPDATE of its row: a row lock on PostgreSQL, the database's write lock on SQLite), so
the updates of one project are stored one after another, from any number of web processes, and
the files JSON derived from the document (what the preview, the review, publish and the zip
read) is written in the same transaction as the update it follows.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from sqlalchemy import delete, func, select, update
from sqlalchemy.exc import IntegrityError

from . import project_timeline
from .models import ProjectDocRow, ProjectRow, ProjectUpdateRow, utcnow
from .projects import StaleCopy


@dataclass(frozen=True)
class StoredDocument:
    """A project's document as stored: its compacted state and the updates after it, in order."""

    key: str
    state: bytes
    through: int
    updates: tuple[tuple[int, bytes], ...]


class DocumentWrite:
    """One transaction on a project's document, with its write lock held (see the module doc)."""

    def __init__(self, db, project_id: int, revision: int):
        self.db = db
        self.project_id = project_id
        self.revision = revision  # the project's revision after this write

    def append(self, data: bytes) -> int:
        """Store one update; its id (ids grow: they order the log)."""
        row = ProjectUpdateRow(project_id=self.project_id, data=bytes(data))
        self.db.add(row)
        self.db.flush()
        return row.id

    def since(self, through: int) -> tuple[bytes | None, list[tuple[int, bytes]]]:
        """What a copy that has everything up to update `through` lacks: the compacted state, if
        it was compacted past `through` since (the rows in between are gone), and later updates."""
        compacted = self.db.scalar(
            select(ProjectDocRow.through).where(ProjectDocRow.project_id == self.project_id)
        )
        state = None
        if compacted is not None and compacted > through:
            state = bytes(
                self.db.scalar(select(ProjectDocRow.state).where(ProjectDocRow.project_id == self.project_id))
            )
        after = max(through, compacted or 0)
        rows = self.db.execute(
            select(ProjectUpdateRow.id, ProjectUpdateRow.data)
            .where(ProjectUpdateRow.project_id == self.project_id, ProjectUpdateRow.id > after)
            .order_by(ProjectUpdateRow.id)
        ).all()
        return state, [(row.id, bytes(row.data)) for row in rows]

    def set_files(self, files: dict[str, str], restoring: bool = False) -> None:
        """Write the files derived from the document, and take a version of them if it is time to
        (store/project_timeline.py); `restoring`: a version brought back, always a version itself."""
        project_timeline.record(self.db, self.project_id, files, restoring)
        self.db.execute(
            update(ProjectRow)
            .where(ProjectRow.id == self.project_id)
            .values(files=json.dumps(files, ensure_ascii=False))
        )

    def logged(self) -> int:
        """How many updates wait in the log to be folded into the state."""
        return self.db.scalar(select(func.count()).where(ProjectUpdateRow.project_id == self.project_id))

    def compact(self, state: bytes, through: int) -> None:
        """Fold every update up to `through` into `state` (which must hold them all)."""
        self.db.execute(
            update(ProjectDocRow)
            .where(ProjectDocRow.project_id == self.project_id)
            .values(state=bytes(state), through=through, updated_at=utcnow())
        )
        self.db.execute(
            delete(ProjectUpdateRow).where(
                ProjectUpdateRow.project_id == self.project_id, ProjectUpdateRow.id <= through
            )
        )


class CoeditStore:
    """Methods of Store for co-edited project documents; `self.session` is the Store's sessionmaker."""

    def project_document(self, project_id: int, after: int = 0) -> StoredDocument | None:
        """The stored document (None before its first use), with the updates after `after`.

        With `after` (a copy that holds everything up to that update), the compacted state is
        read only if it was compacted past `after`; otherwise `state` is empty.
        """
        with self.session() as db:
            found = db.execute(
                select(ProjectDocRow.key, ProjectDocRow.through).where(ProjectDocRow.project_id == project_id)
            ).first()
            if found is None:
                return None
            state = b""
            if not after or found.through > after:
                state = bytes(
                    db.scalar(select(ProjectDocRow.state).where(ProjectDocRow.project_id == project_id))
                )
            rows = db.execute(
                select(ProjectUpdateRow.id, ProjectUpdateRow.data)
                .where(
                    ProjectUpdateRow.project_id == project_id, ProjectUpdateRow.id > max(after, found.through)
                )
                .order_by(ProjectUpdateRow.id)
            ).all()
            return StoredDocument(
                found.key, state, found.through, tuple((row.id, bytes(row.data)) for row in rows)
            )

    def create_project_document(self, project_id: int, key: str, state: bytes) -> bool:
        """Store a project's first document; False when another thread or process did first."""
        try:
            with self.session() as db, db.begin():
                db.add(ProjectDocRow(project_id=project_id, key=key, state=bytes(state), through=0))
            return True
        except IntegrityError:
            return False

    @contextmanager
    def project_document_write(
        self, project_id: int, base_revision: int | None = None
    ) -> Iterator[DocumentWrite]:
        """A transaction on the project's document, holding its write lock; it bumps the revision.

        With `base_revision`, only if that is the stored revision (else StaleCopy with the files).
        Raises LookupError when the project is gone. Anything raised inside rolls it all back.
        """
        with self.session() as db, db.begin():
            where = [ProjectRow.id == project_id]
            if base_revision is not None:
                where.append(ProjectRow.revision == base_revision)
            done = db.execute(
                update(ProjectRow).where(*where).values(revision=ProjectRow.revision + 1, updated_at=utcnow())
            )
            if done.rowcount != 1:
                row = db.get(ProjectRow, project_id)
                if row is None:
                    raise LookupError(project_id)
                raise StaleCopy(row.revision, json.loads(row.files))
            revision = db.scalar(select(ProjectRow.revision).where(ProjectRow.id == project_id))
            yield DocumentWrite(db, project_id, revision)
