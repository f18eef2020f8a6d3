"""Published apps: snapshots of learners' apps and of group projects' apps, served on the publish
origin (mixed into Store). A published app belongs to a learner and an exercise, or to a project."""

from __future__ import annotations

import json
import secrets
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import delete, or_, select, update

from .models import LearnerRow, ProjectRow, PublishedAppRow, utcnow


@dataclass(frozen=True)
class PublishedApp:
    id: int
    slug: str
    learner_id: int | None  # None for a project's app
    exercise_id: str | None
    name: str
    theme_color: str
    files: dict[str, str]
    version: int
    created_at: datetime
    updated_at: datetime
    project_id: int | None = None


def _published(row: PublishedAppRow) -> PublishedApp:
    return PublishedApp(
        row.id,
        row.slug,
        row.learner_id,
        row.exercise_id,
        row.name,
        row.theme_color,
        json.loads(row.files),
        row.version,
        row.created_at,
        row.updated_at,
        row.project_id,
    )


class PublishedAppStore:
    """Methods for published apps; mixed into Store, which provides `session`."""

    def publish_app(
        self, learner_id: int, exercise_id: str, files: dict[str, str], name: str, theme_color: str
    ) -> PublishedApp:
        """Publish the learner's app, or replace the published snapshot (the address stays the same)."""
        with self.session() as db, db.begin():
            row = db.scalar(
                select(PublishedAppRow).where(
                    PublishedAppRow.learner_id == learner_id, PublishedAppRow.exercise_id == exercise_id
                )
            )
            if row is None:
                # 12 random bytes: unguessable, short enough to type from a projector if need be.
                row = PublishedAppRow(
                    slug=secrets.token_urlsafe(12), learner_id=learner_id, exercise_id=exercise_id, version=0
                )
                db.add(row)
            row.files = json.dumps(files, ensure_ascii=False)
            row.name = name
            row.theme_color = theme_color
            row.version = (row.version or 0) + 1
            row.updated_at = utcnow()
            db.flush()
            return _published(row)

    def published_app(self, learner_id: int, exercise_id: str) -> PublishedApp | None:
        """Return this learner's published app for the exercise, if there is one."""
        with self.session() as db:
            row = db.scalar(
                select(PublishedAppRow).where(
                    PublishedAppRow.learner_id == learner_id, PublishedAppRow.exercise_id == exercise_id
                )
            )
            return _published(row) if row else None

    def published_by_slug(self, slug: str) -> PublishedApp | None:
        """Return the published app at this address (None once unpublished, or its learner removed)."""
        if not slug or len(slug) > 32:
            return None
        with self.session() as db:
            # A project's app lives as long as its project (the row goes with it, ON DELETE CASCADE).
            row = db.scalar(
                select(PublishedAppRow)
                .outerjoin(LearnerRow, LearnerRow.id == PublishedAppRow.learner_id)
                .where(
                    PublishedAppRow.slug == slug,
                    or_(PublishedAppRow.project_id.is_not(None), LearnerRow.removed.is_(False)),
                )
            )
            return _published(row) if row else None

    def unpublish_app(self, learner_id: int, exercise_id: str) -> bool:
        """Take the learner's app offline; its address stops working. False when it was not published."""
        with self.session() as db, db.begin():
            result = db.execute(
                delete(PublishedAppRow).where(
                    PublishedAppRow.learner_id == learner_id, PublishedAppRow.exercise_id == exercise_id
                )
            )
            return result.rowcount > 0

    def publish_project(
        self, project_id: int, files: dict[str, str], name: str, theme_color: str
    ) -> PublishedApp:
        """Publish the group project's app, or replace its snapshot (the address stays the same).

        Raises LookupError when the project is gone (deleted meanwhile)."""
        with self.session() as db, db.begin():
            # The project's write lock first (a no-op UPDATE of its row: a row lock on PostgreSQL, the
            # write lock on SQLite), so two members pressing Publish at once make one row, not two.
            locked = db.execute(
                update(ProjectRow).where(ProjectRow.id == project_id).values(updated_at=ProjectRow.updated_at)
            )
            if locked.rowcount != 1:
                raise LookupError(project_id)
            row = db.scalar(select(PublishedAppRow).where(PublishedAppRow.project_id == project_id))
            if row is None:
                row = PublishedAppRow(slug=secrets.token_urlsafe(12), project_id=project_id, version=0)
                db.add(row)
            row.files = json.dumps(files, ensure_ascii=False)
            row.name = name
            row.theme_color = theme_color
            row.version = (row.version or 0) + 1
            row.updated_at = utcnow()
            db.flush()
            self._copy_assets_to_published(db, project_id, row.id)  # its pictures too (project_assets.py)
            return _published(row)

    def published_project(self, project_id: int) -> PublishedApp | None:
        """Return the project's published app, if there is one."""
        with self.session() as db:
            row = db.scalar(select(PublishedAppRow).where(PublishedAppRow.project_id == project_id))
            return _published(row) if row else None

    def unpublish_project(self, project_id: int) -> bool:
        """Take the project's app offline; its address stops working. False when it was not published."""
        with self.session() as db, db.begin():
            result = db.execute(delete(PublishedAppRow).where(PublishedAppRow.project_id == project_id))
            return result.rowcount > 0
