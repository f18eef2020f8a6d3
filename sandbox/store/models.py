"""Database tables (SQLAlchemy 2 declarative); the schema itself is owned by Alembic migrations."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


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
