"""Persistence: learners and their work. Takes and returns plain values and dataclasses."""

from __future__ import annotations

import functools
import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import bindparam, create_engine, event, exists, func, insert, select, update
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import sessionmaker

from .activity import Activity, ActivityStore, Attempt, WorkMark
from .classroom import Classroom, ClassroomStore, Learner, Message, Trainer
from .coedit import CoeditStore, StoredDocument
from .mentors import Comment, Mentor, MentorStore, NameTaken, Reply
from .models import (
    LearnerRow,
    SubmissionRow,
    VersionRow,
    WorkCommentRow,
    WorkHistoryRow,
    WorkRow,
    utcnow,
)
from .phone import PhoneLink, PhoneLinkStore
from .project_assets import AssetLimit, ProjectAssetStore
from .project_timeline import ProjectTimelineStore
from .projects import Project, ProjectStore, Sprint, StaleCopy, Story
from .published import PublishedApp, PublishedAppStore
from .timeline import TimelineStore, Version
from .work_comments import WorkComment, WorkCommentStore
from .writers import serialize_writes

__all__ = [
    "StaleRevision",
    "AssetLimit",
    "Activity",
    "Attempt",
    "Classroom",
    "Comment",
    "Mentor",
    "NameTaken",
    "Reply",
    "Learner",
    "Message",
    "PhoneLink",
    "Project",
    "Sprint",
    "StaleCopy",
    "Story",
    "StoredDocument",
    "PublishedApp",
    "Version",
    "Saved",
    "Store",
    "StoredSubmission",
    "Trainer",
    "Work",
    "WorkComment",
    "WorkMark",
]

MIGRATIONS = Path(__file__).resolve().parent.parent / "migrations"


@dataclass(frozen=True)
class Work:
    """A learner's files for one exercise and where they are in it."""

    exercise_id: str
    step_id: str | None
    files: dict[str, str]
    revision: int
    updated_at: datetime


@dataclass(frozen=True)
class StoredSubmission:
    """A submission as stored: its files, and the grading result once there is one."""

    id: int
    learner_id: int
    exercise_id: str
    step_id: str
    files: dict[str, str]
    language: str
    status: str
    result: dict | None
    created_at: datetime
    graded_at: datetime | None


class StaleRevision(Exception):
    """A save based on a revision that is not the stored one; `work` is the stored copy."""

    def __init__(self, work: Work | None):
        super().__init__("stale revision")
        self.work = work


@dataclass(frozen=True)
class Saved:
    """What a save did: the new revision, and whether it replaced a newer copy (kept in history)."""

    revision: int
    conflict: bool


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    # WAL lets readers go on while a learner's save is written; busy_timeout makes
    # concurrent writers wait instead of failing with "database is locked".
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def make_engine(url: str) -> Engine:
    """Create the engine, with SQLite tuned for many small concurrent saves."""
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 5})
        event.listen(engine, "connect", _sqlite_pragmas)
        serialize_writes(engine)  # this process's writers take turns instead of polling (writers.py)
        return engine
    return create_engine(url, pool_pre_ping=True)


@functools.cache
def _newest_revisions() -> frozenset[str]:
    """The head revision(s) of the migrations shipped with this code, read once per process."""
    return frozenset(ScriptDirectory(str(MIGRATIONS)).get_heads())


class Store(
    ClassroomStore,
    ActivityStore,
    PhoneLinkStore,
    PublishedAppStore,
    ProjectStore,
    CoeditStore,
    TimelineStore,
    ProjectTimelineStore,
    MentorStore,
    WorkCommentStore,
    ProjectAssetStore,
):
    """The database behind one app; every method uses a short session of its own."""

    def __init__(self, url: str, password_hash: str = "scrypt"):
        self.url = url
        self.password_hash = password_hash  # werkzeug's method for new trainer passwords
        self.engine = make_engine(url)
        self.session = sessionmaker(self.engine, expire_on_commit=False)

    def upgrade(self) -> None:
        """Bring the schema to the newest migration; a database already there is only looked at."""
        with self.engine.connect() as connection:
            if set(MigrationContext.configure(connection).get_current_heads()) == _newest_revisions():
                return
        config = Config()
        config.set_main_option("script_location", str(MIGRATIONS))
        with self.engine.begin() as connection:
            config.attributes["connection"] = connection
            command.upgrade(config, "head")

    def dispose(self) -> None:
        """Close every pooled connection."""
        self.engine.dispose()

    def ping(self) -> None:
        """Ask the database something trivial; raises when it does not answer (for /readyz)."""
        with self.engine.connect() as connection:
            connection.exec_driver_sql("SELECT 1")

    # learners

    def create_learner(self, name: str | None = None) -> int:
        """Create a learner and return their id."""
        with self.session() as db, db.begin():
            row = LearnerRow(name=name)
            db.add(row)
            db.flush()
            return row.id

    def learner_exists(self, learner_id: int) -> bool:
        with self.engine.connect() as connection:  # every learner request asks (_SaveStatements: why no ORM)
            removed = connection.execute(_LEARNER_REMOVED, {"id": learner_id}).scalar()
        return removed is not None and not removed

    # work

    def get_work(self, learner_id: int, exercise_id: str) -> Work | None:
        """Return the learner's latest files for an exercise, or None if they never saved."""
        with self.session() as db:
            row = db.scalar(
                select(WorkRow).where(WorkRow.learner_id == learner_id, WorkRow.exercise_id == exercise_id)
            )
            return _work(row) if row else None

    def all_work(self, learner_id: int) -> dict[str, Work]:
        """Return the learner's work on every exercise they opened, by exercise id."""
        with self.session() as db:
            rows = db.scalars(select(WorkRow).where(WorkRow.learner_id == learner_id)).all()
            return {row.exercise_id: _work(row) for row in rows}

    def save_work(
        self,
        learner_id: int,
        exercise_id: str,
        files: dict[str, str],
        base_revision: int,
        step_id: str | None = None,
        reason: str = "conflict",
    ) -> Saved:
        """Store the learner's files as the newest revision, if they were based on the stored one.

        A save based on another revision (another tab or device saved meanwhile) is refused
        with StaleRevision, which carries the stored copy, so the learner can choose. The check
        and the write are one conditional UPDATE (`... WHERE revision = base`), atomic on SQLite
        and PostgreSQL alike: of two saves based on the same revision, exactly one wins. When
        two tabs make the first save at once, the second one's INSERT fails on the unique key
        and it is answered as stale too. A save that replaces a copy on purpose (`reason`
        other than "conflict": a reset to the starter, a learner choosing their version) keeps
        the replaced copy in history first.
        """
        try:
            try:
                return self._save_work(learner_id, exercise_id, files, base_revision, step_id, reason)
            except IntegrityError:
                raise StaleRevision(None) from None  # the other tab's first save came first
        except StaleRevision as stale:
            if stale.work is None:
                stale.work = self.get_work(learner_id, exercise_id)
            raise

    def _save_work(self, learner_id, exercise_id, files, base_revision, step_id, reason) -> Saved:
        text = json.dumps(files, ensure_ascii=False)
        keys = {"learner": learner_id, "exercise": exercise_id}
        with self.session() as db, db.begin():
            connection = db.connection()
            now = connection.execute(_SAVE.now, keys).first()
            if now is None:  # nothing stored to lose, whatever the save was based on
                db.add(
                    WorkRow(
                        learner_id=learner_id,
                        exercise_id=exercise_id,
                        files=text,
                        revision=1,
                        step_id=step_id,
                        updated_at=utcnow(),
                    )
                )
                db.flush()  # a concurrent first save makes this fail on the unique key
                self._add_version(db, learner_id, exercise_id, files, step_id, None, newest=0)
                return Saved(1, False)
            stored_text, revision, stored_step, updated_at, newest, commented = now
            if revision != base_revision:
                stored_work = Work(exercise_id, stored_step, json.loads(stored_text), revision, updated_at)
                raise StaleRevision(stored_work)
            stored = json.loads(stored_text)
            if reason != "conflict":
                connection.execute(
                    insert(WorkHistoryRow),
                    {
                        "learner_id": learner_id,
                        "exercise_id": exercise_id,
                        "revision": revision,
                        "files": stored_text,
                        "reason": reason,
                    },
                )
            changes = {"base": base_revision, "text": text, "now": utcnow(), "step": step_id or None}
            done = connection.execute(_SAVE.update, {**keys, **changes})
            if done.rowcount != 1:
                raise StaleRevision(None)  # another save won meanwhile: undo, say what is stored now
            self._add_version(db, learner_id, exercise_id, files, step_id or stored_step, stored, newest or 0)
            if commented:  # the trainer's open comments follow the lines the save moved
                self._follow_save(db, learner_id, exercise_id, stored, files)
            return Saved(base_revision + 1, False)

    def history(
        self, learner_id: int, exercise_id: str, reasons: tuple[str, ...] | None = None
    ) -> list[Work]:
        """Return earlier versions kept for this learner and exercise (those kept for one of
        `reasons` alone, when given), newest first."""
        where = [WorkHistoryRow.learner_id == learner_id, WorkHistoryRow.exercise_id == exercise_id]
        if reasons is not None:
            where.append(WorkHistoryRow.reason.in_(reasons))
        with self.session() as db:
            rows = db.scalars(select(WorkHistoryRow).where(*where).order_by(WorkHistoryRow.id.desc())).all()
        return [Work(r.exercise_id, None, json.loads(r.files), r.revision, r.saved_at) for r in rows]

    # submissions

    def create_submission(
        self,
        learner_id: int,
        exercise_id: str,
        step_id: str,
        files: dict[str, str],
        language: str,
        result: dict | None = None,
    ) -> StoredSubmission:
        """Store files a learner wants checked, as queued; or, with the `result` the grader gave the
        same files already (grading/shared.py), as graded, the result naming this submission."""
        with self.session() as db, db.begin():
            row = SubmissionRow(
                learner_id=learner_id,
                exercise_id=exercise_id,
                step_id=step_id,
                files=json.dumps(files, ensure_ascii=False),
                language=language,
                status="queued",
            )
            db.add(row)
            db.flush()
            if result is not None:
                row.status = result["status"]
                row.result = json.dumps({**result, "submission": row.id}, ensure_ascii=False)
                row.graded_at = utcnow()
            return _submission(row)

    def get_submission(self, submission_id: int) -> StoredSubmission | None:
        with self.session() as db:
            row = db.get(SubmissionRow, submission_id)
            return _submission(row) if row else None

    def save_result(self, submission_id: int, status: str, result: dict) -> None:
        """Store the grader's result with its submission."""
        with self.session() as db, db.begin():
            row = db.get(SubmissionRow, submission_id)
            if row is not None:
                row.status = status
                row.result = json.dumps(result, ensure_ascii=False)
                row.graded_at = utcnow()

    def save_grade(self, submission_id: int, status: str, result: dict) -> bool:
        """Store a grading job's result, unless the submission is graded already (a job run twice,
        by two workers after one seemed lost); True when this result is the one stored."""
        with self.session() as db, db.begin():
            done = db.execute(
                update(SubmissionRow)
                .where(SubmissionRow.id == submission_id, SubmissionRow.status == "queued")
                .values(status=status, result=json.dumps(result, ensure_ascii=False), graded_at=utcnow())
            )
            return done.rowcount == 1

    def submissions(
        self, learner_id: int | None = None, exercise_id: str | None = None, status: str | None = None
    ) -> list[StoredSubmission]:
        """Return submissions, newest first, filtered by learner, exercise and status."""
        query = select(SubmissionRow).order_by(SubmissionRow.id.desc())
        if learner_id is not None:
            query = query.where(SubmissionRow.learner_id == learner_id)
        if exercise_id is not None:
            query = query.where(SubmissionRow.exercise_id == exercise_id)
        if status is not None:
            query = query.where(SubmissionRow.status == status)
        with self.session() as db:
            return [_submission(row) for row in db.scalars(query).all()]

    def queued(self) -> list[tuple[int, int]]:
        """The submissions waiting to be graded, oldest first: (submission id, learner id) only (the
        queue is told to its learners on every change: no files, no results read)."""
        query = (
            select(SubmissionRow.id, SubmissionRow.learner_id)
            .where(SubmissionRow.status == "queued")
            .order_by(SubmissionRow.id)
        )
        with self.session() as db:
            return [(row.id, row.learner_id) for row in db.execute(query)]

    def class_submissions(self, classroom_id: int, exercise_id: str | None = None) -> list[StoredSubmission]:
        """Return the submissions of a class's learners (removed ones too), oldest first."""
        query = (
            select(SubmissionRow)
            .join(LearnerRow, LearnerRow.id == SubmissionRow.learner_id)
            .where(LearnerRow.classroom_id == classroom_id)
            .order_by(SubmissionRow.id)
        )
        if exercise_id is not None:
            query = query.where(SubmissionRow.exercise_id == exercise_id)
        with self.session() as db:
            return [_submission(row) for row in db.scalars(query).all()]

    def mark_queued(self, submission_ids: Iterable[int]) -> None:
        """Mark submissions as waiting for the grader; their previous result stays until the new one."""
        ids = list(submission_ids)
        with self.session() as db, db.begin():
            for start in range(0, len(ids), 500):  # SQLite caps the parameters of one statement
                chunk = ids[start : start + 500]
                db.execute(update(SubmissionRow).where(SubmissionRow.id.in_(chunk)).values(status="queued"))

    def passed_steps(self, learner_id: int, exercise_id: str) -> set[str]:
        """Return the ids of the steps this learner has passed in an exercise."""
        query = select(SubmissionRow.step_id).where(
            SubmissionRow.learner_id == learner_id,
            SubmissionRow.exercise_id == exercise_id,
            SubmissionRow.status == "pass",
        )
        with self.session() as db:
            return set(db.scalars(query).all())

    def passed_steps_by_exercise(self, learner_id: int) -> dict[str, set[str]]:
        query = select(SubmissionRow.exercise_id, SubmissionRow.step_id).where(
            SubmissionRow.learner_id == learner_id, SubmissionRow.status == "pass"
        )
        found: dict[str, set[str]] = {}
        with self.session() as db:
            for exercise_id, step_id in db.execute(query).all():
                found.setdefault(exercise_id, set()).add(step_id)
        return found


def _submission(row: SubmissionRow) -> StoredSubmission:
    return StoredSubmission(
        row.id,
        row.learner_id,
        row.exercise_id,
        row.step_id,
        json.loads(row.files),
        row.language,
        row.status,
        json.loads(row.result) if row.result else None,
        row.created_at,
        row.graded_at,
    )


def _work(row: WorkRow) -> Work:
    return Work(row.exercise_id, row.step_id, json.loads(row.files), row.revision, row.updated_at)


class _SaveStatements:
    """The save's statements, built once.

    A save is the request a class sends most (200 learners saving every 3 s: about 70 a second),
    and one Python process answers them all. Built per call through the ORM, its five queries cost
    about 10 of a save's 15 ms of CPU here, almost all of it making and keying the statements, not
    running them (docs/durability.md, "A save's cost"). So they are made here once, with bound
    parameters, and run on the session's connection; one SELECT brings the stored copy, the newest
    version's number and whether open comments need moving.
    """

    def __init__(self) -> None:
        learner, exercise = bindparam("learner"), bindparam("exercise")
        work = (WorkRow.learner_id == learner, WorkRow.exercise_id == exercise)
        newest = select(func.max(VersionRow.number)).where(
            VersionRow.learner_id == learner, VersionRow.exercise_id == exercise
        )
        commented = exists().where(
            WorkCommentRow.learner_id == learner,
            WorkCommentRow.exercise_id == exercise,
            WorkCommentRow.resolved_at.is_(None),
        )
        self.now = select(
            WorkRow.files,
            WorkRow.revision,
            WorkRow.step_id,
            WorkRow.updated_at,
            newest.scalar_subquery(),
            commented,
        ).where(*work)
        self.update = (
            update(WorkRow)
            .where(*work, WorkRow.revision == bindparam("base"))
            .values(
                files=bindparam("text"),
                revision=WorkRow.revision + 1,
                updated_at=bindparam("now"),
                step_id=func.coalesce(bindparam("step"), WorkRow.step_id),
            )
        )


_SAVE = _SaveStatements()
_LEARNER_REMOVED = select(LearnerRow.removed).where(LearnerRow.id == bindparam("id"))
