"""Database tables (SQLAlchemy 2 declarative); the schema itself is owned by Alembic migrations."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import CheckConstraint, ForeignKey, Integer, LargeBinary, String, Text, UniqueConstraint
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

# Our ids are SQLite's (and PostgreSQL's bigint) 64-bit signed rows: a larger number from outside
# (a URL, a JSON body, a socket message) is no row of ours, and asking the database for it raises.
MAX_ROW_ID = 2**63 - 1


def is_row_id(value: object) -> bool:
    """A value from outside that can be one of our ids: a whole number (not a bool) in range."""
    return isinstance(value, int) and not isinstance(value, bool) and 0 < value <= MAX_ROW_ID


def utcnow() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


class Base(DeclarativeBase):
    pass


class LearnerRow(Base):
    __tablename__ = "learners"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str | None] = mapped_column(String(80))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_seen: Mapped[datetime] = mapped_column(default=utcnow)
    # Set when the learner joined a class by its code; None for someone just trying exercises.
    classroom_id: Mapped[int | None] = mapped_column(ForeignKey("classrooms.id", ondelete="SET NULL"))
    resume_code: Mapped[str | None] = mapped_column(String(16), unique=True)
    removed: Mapped[bool] = mapped_column(default=False)
    # The language the learner chose (None: the class's default, else the browser's).
    language: Mapped[str | None] = mapped_column(String(8))


class WorkRow(Base):
    """The latest files a learner has for one exercise; one row per learner and exercise."""

    __tablename__ = "work"
    __table_args__ = (UniqueConstraint("learner_id", "exercise_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    learner_id: Mapped[int] = mapped_column(ForeignKey("learners.id", ondelete="CASCADE"), index=True)
    exercise_id: Mapped[str] = mapped_column(String(64))
    step_id: Mapped[str | None] = mapped_column(String(64))
    files: Mapped[str] = mapped_column(Text)  # JSON {name: text}
    revision: Mapped[int] = mapped_column(Integer, default=0)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)


class WorkHistoryRow(Base):
    """Earlier versions kept whenever a save would replace something the learner might want back."""

    __tablename__ = "work_history"

    id: Mapped[int] = mapped_column(primary_key=True)
    learner_id: Mapped[int] = mapped_column(ForeignKey("learners.id", ondelete="CASCADE"), index=True)
    exercise_id: Mapped[str] = mapped_column(String(64))
    revision: Mapped[int] = mapped_column(Integer)
    files: Mapped[str] = mapped_column(Text)
    reason: Mapped[str] = mapped_column(String(32))
    saved_at: Mapped[datetime] = mapped_column(default=utcnow)


class VersionRow(Base):
    """One saved version of a learner's work on an exercise: the files whole, or what changed since
    the version before (store/timeline.py says how)."""

    __tablename__ = "versions"
    __table_args__ = (UniqueConstraint("learner_id", "exercise_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    learner_id: Mapped[int] = mapped_column(ForeignKey("learners.id", ondelete="CASCADE"))
    exercise_id: Mapped[str] = mapped_column(String(64))
    number: Mapped[int] = mapped_column(Integer)
    step_id: Mapped[str | None] = mapped_column(String(64))
    whole: Mapped[bool] = mapped_column(default=False)
    payload: Mapped[str] = mapped_column(Text)  # JSON: {name: text} when whole, else a delta
    saved_at: Mapped[datetime] = mapped_column(default=utcnow)


class ProjectVersionRow(Base):
    """One version of a group project's files, taken from its co-edited document every few seconds
    while the group types (store/project_timeline.py): whole, or what changed since the one before."""

    __tablename__ = "project_versions"
    __table_args__ = (UniqueConstraint("project_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id", ondelete="CASCADE"))
    number: Mapped[int] = mapped_column(Integer)
    whole: Mapped[bool] = mapped_column(default=False)
    payload: Mapped[str] = mapped_column(Text)  # JSON: {name: text} when whole, else a delta
    saved_at: Mapped[datetime] = mapped_column(default=utcnow)


class SubmissionRow(Base):
    """Files a learner pressed Check on, and what the grader said."""

    __tablename__ = "submissions"

    id: Mapped[int] = mapped_column(primary_key=True)
    learner_id: Mapped[int] = mapped_column(ForeignKey("learners.id", ondelete="CASCADE"), index=True)
    exercise_id: Mapped[str] = mapped_column(String(64), index=True)
    step_id: Mapped[str] = mapped_column(String(64))
    files: Mapped[str] = mapped_column(Text)  # JSON {name: text}
    language: Mapped[str] = mapped_column(String(8), default="en")
    status: Mapped[str] = mapped_column(String(16), default="queued")  # queued, pass, fail, error
    result: Mapped[str | None] = mapped_column(Text)  # JSON, the grading result contract
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    graded_at: Mapped[datetime | None] = mapped_column()


class TrainerRow(Base):
    """A trainer account, made with `sandbox trainer create`."""

    __tablename__ = "trainers"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(80), unique=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    api_token_hash: Mapped[str | None] = mapped_column(String(128), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    language: Mapped[str | None] = mapped_column(String(8))  # None: the browser's


class ClassroomRow(Base):
    """A class a trainer runs; learners join it with its code."""

    __tablename__ = "classrooms"

    id: Mapped[int] = mapped_column(primary_key=True)
    trainer_id: Mapped[int] = mapped_column(ForeignKey("trainers.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(120))
    join_code: Mapped[str] = mapped_column(String(16), unique=True)
    archived: Mapped[bool] = mapped_column(default=False)
    stuck_minutes: Mapped[int] = mapped_column(Integer, default=10)
    push: Mapped[str | None] = mapped_column(Text)  # JSON {exercise, step, at}: the last "open this"
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # For learners who chose none; None: each learner's browser decides.
    language: Mapped[str | None] = mapped_column(String(8))
    # Whether learners may start group projects themselves (else only the trainer does).
    learner_projects: Mapped[bool] = mapped_column(default=False)


class AssignmentRow(Base):
    """An exercise assigned to a class, in order."""

    __tablename__ = "assignments"
    __table_args__ = (UniqueConstraint("classroom_id", "exercise_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    classroom_id: Mapped[int] = mapped_column(ForeignKey("classrooms.id", ondelete="CASCADE"), index=True)
    exercise_id: Mapped[str] = mapped_column(String(64))
    position: Mapped[int] = mapped_column(Integer, default=0)


class MessageRow(Base):
    """A broadcast to a class, or a note from the trainer to one learner."""

    __tablename__ = "messages"

    id: Mapped[int] = mapped_column(primary_key=True)
    classroom_id: Mapped[int] = mapped_column(ForeignKey("classrooms.id", ondelete="CASCADE"), index=True)
    learner_id: Mapped[int | None] = mapped_column(ForeignKey("learners.id", ondelete="CASCADE"))
    text: Mapped[str] = mapped_column(String(500))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class PhoneLinkRow(Base):
    """A link that shows one learner's app for one exercise on a phone, until it is revoked.

    The token is kept as it is (like join and resume codes) so the learner's dialog can show the
    same link again after a reload; it grants only reading that one app.
    """

    __tablename__ = "phone_links"

    id: Mapped[int] = mapped_column(primary_key=True)
    token: Mapped[str] = mapped_column(String(64), unique=True)
    learner_id: Mapped[int] = mapped_column(ForeignKey("learners.id", ondelete="CASCADE"), index=True)
    exercise_id: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    revoked_at: Mapped[datetime | None] = mapped_column()


class PublishedAppRow(Base):
    """A snapshot of an app, served as an installable web app on the publish origin.

    It belongs either to a learner and an exercise (one per pair) or to a group project (one per
    project; migration 0010): publishing again replaces the snapshot and keeps the address;
    unpublishing deletes the row, so the address stops working for good.
    """

    __tablename__ = "published_apps"
    __table_args__ = (
        UniqueConstraint("learner_id", "exercise_id"),
        UniqueConstraint("project_id", name="uq_published_apps_project_id"),
        CheckConstraint(
            "(project_id IS NULL AND learner_id IS NOT NULL AND exercise_id IS NOT NULL)"
            " OR (project_id IS NOT NULL AND learner_id IS NULL AND exercise_id IS NULL)",
            name="ck_published_apps_owner",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(32), unique=True)
    learner_id: Mapped[int | None] = mapped_column(ForeignKey("learners.id", ondelete="CASCADE"), index=True)
    exercise_id: Mapped[str | None] = mapped_column(String(64))
    project_id: Mapped[int | None] = mapped_column(
        ForeignKey("projects.id", ondelete="CASCADE", name="fk_published_apps_project_id")
    )
    name: Mapped[str] = mapped_column(String(80))
    theme_color: Mapped[str] = mapped_column(String(7))
    files: Mapped[str] = mapped_column(Text)  # JSON {name: text}
    version: Mapped[int] = mapped_column(Integer, default=1)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)


class ProjectRow(Base):
    """A group project of a class: its app's files and its technical assignment (docs/projects.md).

    The files JSON (and its revision) is derived from the project's co-edited document
    (ProjectDocRow), in the transaction that stores each update. The assignment's texts have a
    revision of their own.
    """

    __tablename__ = "projects"

    id: Mapped[int] = mapped_column(primary_key=True)
    classroom_id: Mapped[int] = mapped_column(ForeignKey("classrooms.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(80))
    problem: Mapped[str] = mapped_column(String(16))  # one of projects.PROBLEMS
    problem_text: Mapped[str] = mapped_column(String(200), default="")  # the group's own words
    code: Mapped[str] = mapped_column(String(16), unique=True)  # the group code members join with
    template: Mapped[str] = mapped_column(String(80))
    files: Mapped[str] = mapped_column(Text)  # JSON {name: text}
    revision: Mapped[int] = mapped_column(Integer, default=1)
    assignment: Mapped[str] = mapped_column(Text)  # JSON {field: text}
    assignment_revision: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)


class ProjectDocRow(Base):
    """A project's co-edited document (docs/projects.md): its compacted state, up to an update.

    The state holds every update up to `through`; later ones are rows of `project_updates`,
    folded in (and deleted) now and then. `key` names this document in browsers' own copies.
    """

    __tablename__ = "project_docs"

    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id", ondelete="CASCADE"), primary_key=True)
    key: Mapped[str] = mapped_column(String(32))
    state: Mapped[bytes] = mapped_column(LargeBinary)
    through: Mapped[int] = mapped_column(Integer, default=0)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)


class ProjectUpdateRow(Base):
    """One stored update of a project's document (a member's typing, acknowledged once stored)."""

    __tablename__ = "project_updates"
    # Ids must only grow (they order the log, and compaction deletes the oldest): without
    # AUTOINCREMENT, SQLite would give an emptied table's next row id 1 again.
    __table_args__ = {"sqlite_autoincrement": True}

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id", ondelete="CASCADE"), index=True)
    data: Mapped[bytes] = mapped_column(LargeBinary)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class ProjectMemberRow(Base):
    """A learner in a project's group."""

    __tablename__ = "project_members"
    __table_args__ = (UniqueConstraint("project_id", "learner_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id", ondelete="CASCADE"), index=True)
    learner_id: Mapped[int] = mapped_column(ForeignKey("learners.id", ondelete="CASCADE"), index=True)
    joined_at: Mapped[datetime] = mapped_column(default=utcnow)


class StoryRow(Base):
    """A user story of a project's assignment ("As a ... I can ..."), and its card on the board."""

    __tablename__ = "project_stories"

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id", ondelete="CASCADE"), index=True)
    role: Mapped[str] = mapped_column(String(80))
    action: Mapped[str] = mapped_column(String(240))
    status: Mapped[str] = mapped_column(String(8), default="todo")  # todo, doing, done
    position: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class SprintRow(Base):
    """A timed sprint of a whole class, started and ended by its trainer."""

    __tablename__ = "sprints"

    id: Mapped[int] = mapped_column(primary_key=True)
    classroom_id: Mapped[int] = mapped_column(ForeignKey("classrooms.id", ondelete="CASCADE"), index=True)
    minutes: Mapped[int] = mapped_column(Integer)
    started_at: Mapped[datetime] = mapped_column(default=utcnow)
    ends_at: Mapped[datetime] = mapped_column()
    ended_at: Mapped[datetime | None] = mapped_column()


class MentorRow(Base):
    """A mentor a trainer invited (docs/mentors.md): signs in with their own name and password,
    sees only the projects shared with them. The invite code is kept hashed until it is used."""

    __tablename__ = "mentors"

    id: Mapped[int] = mapped_column(primary_key=True)
    trainer_id: Mapped[int] = mapped_column(ForeignKey("trainers.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(80), unique=True)
    password_hash: Mapped[str | None] = mapped_column(String(255))  # None until the invite is used
    invite_hash: Mapped[str | None] = mapped_column(String(128), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    language: Mapped[str | None] = mapped_column(String(8))


class MentorProjectRow(Base):
    """A project its class's trainer shared with a mentor."""

    __tablename__ = "mentor_projects"
    __table_args__ = (UniqueConstraint("mentor_id", "project_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    mentor_id: Mapped[int] = mapped_column(ForeignKey("mentors.id", ondelete="CASCADE"), index=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id", ondelete="CASCADE"), index=True)


class CommentRow(Base):
    """A reviewer's comment on a range of lines of a project's file, and its thread's state.

    `start` and `end` are sticky indexes in the file's Y.Text (store/review.py): they stay on the
    same code whatever is typed around it. `line`/`end_line` are where it was made."""

    __tablename__ = "review_comments"

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id", ondelete="CASCADE"), index=True)
    file: Mapped[str] = mapped_column(String(80))
    start: Mapped[bytes] = mapped_column(LargeBinary)
    end: Mapped[bytes] = mapped_column(LargeBinary)
    line: Mapped[int] = mapped_column(Integer)
    end_line: Mapped[int] = mapped_column(Integer)
    quote: Mapped[str] = mapped_column(Text)  # the lines' text when it was made
    author_role: Mapped[str] = mapped_column(String(8))  # trainer, mentor, learner
    author_name: Mapped[str] = mapped_column(String(80))
    text: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    resolved_at: Mapped[datetime | None] = mapped_column()
    resolved_by: Mapped[str | None] = mapped_column(String(80))


class ReplyRow(Base):
    """An answer in a comment's thread."""

    __tablename__ = "review_replies"

    id: Mapped[int] = mapped_column(primary_key=True)
    comment_id: Mapped[int] = mapped_column(ForeignKey("review_comments.id", ondelete="CASCADE"), index=True)
    author_role: Mapped[str] = mapped_column(String(8))
    author_name: Mapped[str] = mapped_column(String(80))
    text: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class WorkCommentRow(Base):
    """The trainer's comment on a range of lines of a learner's own exercise work (store/work_comments.py).

    Exercise work is saved whole, not co-edited: `line`/`end_line` follow each save's line changes,
    and `quote` (the lines' text when it was made) finds them again (coedit/anchors.py `lines_now`)."""

    __tablename__ = "work_comments"

    id: Mapped[int] = mapped_column(primary_key=True)
    learner_id: Mapped[int] = mapped_column(ForeignKey("learners.id", ondelete="CASCADE"))
    exercise_id: Mapped[str] = mapped_column(String(64))
    file: Mapped[str] = mapped_column(String(80))
    line: Mapped[int] = mapped_column(Integer)
    end_line: Mapped[int] = mapped_column(Integer)
    quote: Mapped[str] = mapped_column(Text)
    author_role: Mapped[str] = mapped_column(String(8))  # trainer, learner
    author_name: Mapped[str] = mapped_column(String(80))
    text: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    resolved_at: Mapped[datetime | None] = mapped_column()
    resolved_by: Mapped[str | None] = mapped_column(String(80))


class WorkReplyRow(Base):
    """An answer in the thread of a comment on exercise work."""

    __tablename__ = "work_replies"

    id: Mapped[int] = mapped_column(primary_key=True)
    comment_id: Mapped[int] = mapped_column(ForeignKey("work_comments.id", ondelete="CASCADE"), index=True)
    author_role: Mapped[str] = mapped_column(String(8))
    author_name: Mapped[str] = mapped_column(String(80))
    text: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class ProjectAssetRow(Base):
    """A picture of a group project (migration 0014): uploaded by a member, used by the app as
    `assets/<name>`. The bytes live here, so a project is whole in its database, as its files are."""

    __tablename__ = "project_assets"
    __table_args__ = (UniqueConstraint("project_id", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(80))  # projects.assets.NAME
    mimetype: Mapped[str] = mapped_column(String(32))  # sniffed from the bytes
    size: Mapped[int] = mapped_column(Integer)
    digest: Mapped[str] = mapped_column(String(64))  # sha256, hex
    data: Mapped[bytes] = mapped_column(LargeBinary)
    uploaded_by: Mapped[str] = mapped_column(String(80), default="")
    uploaded_at: Mapped[datetime] = mapped_column(default=utcnow)


class PublishedAssetRow(Base):
    """A picture in a published project's snapshot (migration 0014): copied from the project's when
    it is published, so the published app keeps working whatever the group deletes afterwards."""

    __tablename__ = "published_assets"
    __table_args__ = (UniqueConstraint("published_id", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    published_id: Mapped[int] = mapped_column(ForeignKey("published_apps.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(80))
    mimetype: Mapped[str] = mapped_column(String(32))
    digest: Mapped[str] = mapped_column(String(64))
    data: Mapped[bytes] = mapped_column(LargeBinary)
