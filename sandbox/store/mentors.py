"""Mentors, the projects shared with them, and review comments with their threads (mixed into Store).

A mentor is invited by a trainer (a name and a one-time invite code, with which they choose their
password) and sees only the projects that trainer shared with them (docs/mentors.md). A comment
is anchored to lines of a project's file by two sticky indexes of its co-edited document
(coedit/anchors.py); answers are rows of their own, and a thread is resolved or open.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError
from werkzeug.security import check_password_hash, generate_password_hash

from .models import CommentRow, MentorProjectRow, MentorRow, ProjectRow, ReplyRow, utcnow


def _code_hash(code: str) -> str:
    return hashlib.sha256(code.encode()).hexdigest()


@dataclass(frozen=True)
class Mentor:
    id: int
    trainer_id: int
    name: str
    invited: bool  # the invite is not used yet (no password chosen, or a new invite since)
    language: str | None = None


@dataclass(frozen=True)
class Reply:
    id: int
    author_role: str
    author_name: str
    text: str
    created_at: datetime


@dataclass(frozen=True)
class Comment:
    """A thread: the comment on a range of lines of a file, and its answers, oldest first."""

    id: int
    project_id: int
    file: str
    start: bytes
    end: bytes
    line: int  # where it was made; where it is now comes from the document
    end_line: int
    quote: str
    author_role: str
    author_name: str
    text: str
    created_at: datetime
    resolved_at: datetime | None
    resolved_by: str | None
    replies: tuple[Reply, ...]


class NameTaken(ValueError):
    """Another trainer's mentor (or one of the same trainer's) already has this name."""


def _mentor(row: MentorRow) -> Mentor:
    return Mentor(row.id, row.trainer_id, row.name, row.invite_hash is not None, row.language)


def _comment(db, row: CommentRow) -> Comment:
    replies = db.scalars(select(ReplyRow).where(ReplyRow.comment_id == row.id).order_by(ReplyRow.id)).all()
    return Comment(
        row.id,
        row.project_id,
        row.file,
        bytes(row.start),
        bytes(row.end),
        row.line,
        row.end_line,
        row.quote,
        row.author_role,
        row.author_name,
        row.text,
        row.created_at,
        row.resolved_at,
        row.resolved_by,
        tuple(Reply(r.id, r.author_role, r.author_name, r.text, r.created_at) for r in replies),
    )


class MentorStore:
    """Methods of Store for mentors and review comments; `self.session` is the Store's sessionmaker."""

    # mentors

    def invite_mentor(self, trainer_id: int, name: str) -> tuple[Mentor, str]:
        """Make a mentor of this trainer (or a new invite for one of theirs); (mentor, invite code).

        The code is shown once. A mentor who already chose a password keeps it until the new
        invite is used (a forgotten password is a new invite). NameTaken when the name is another
        trainer's mentor's."""
        code = secrets.token_urlsafe(18)
        try:
            with self.session() as db, db.begin():
                row = db.scalar(select(MentorRow).where(MentorRow.name == name))
                if row is not None and row.trainer_id != trainer_id:
                    raise NameTaken(name)
                if row is None:
                    row = MentorRow(trainer_id=trainer_id, name=name)
                    db.add(row)
                row.invite_hash = _code_hash(code)
                db.flush()
                return _mentor(row), code
        except IntegrityError as error:  # the same name invited twice at once
            raise NameTaken(name) from error

    def mentor_by_invite(self, code: str) -> Mentor | None:
        if not code:
            return None
        with self.session() as db:
            row = db.scalar(select(MentorRow).where(MentorRow.invite_hash == _code_hash(code)))
            return _mentor(row) if row else None

    def accept_invite(self, code: str, password: str) -> Mentor | None:
        """Set the mentor's password with their invite code, which then stops working."""
        if not code:
            return None
        with self.session() as db, db.begin():
            row = db.scalar(select(MentorRow).where(MentorRow.invite_hash == _code_hash(code)))
            if row is None:
                return None
            row.password_hash = generate_password_hash(password, self.password_hash)
            row.invite_hash = None
            return _mentor(row)

    def check_mentor(self, name: str, password: str) -> Mentor | None:
        with self.session() as db:
            row = db.scalar(select(MentorRow).where(MentorRow.name == name))
            if (
                row is None
                or row.password_hash is None
                or not check_password_hash(row.password_hash, password)
            ):
                return None
            return _mentor(row)

    def get_mentor(self, mentor_id: int) -> Mentor | None:
        with self.session() as db:
            row = db.get(MentorRow, mentor_id)
            return _mentor(row) if row else None

    def mentors_of(self, trainer_id: int) -> list[Mentor]:
        with self.session() as db:
            rows = db.scalars(
                select(MentorRow).where(MentorRow.trainer_id == trainer_id).order_by(MentorRow.name)
            )
            return [_mentor(row) for row in rows.all()]

    def remove_mentor(self, mentor_id: int) -> None:
        with self.session() as db, db.begin():
            db.execute(delete(MentorRow).where(MentorRow.id == mentor_id))

    def set_mentor_language(self, mentor_id: int, language: str | None) -> None:
        with self.session() as db, db.begin():
            row = db.get(MentorRow, mentor_id)
            if row is not None:
                row.language = language

    def share_projects(self, mentor_id: int, among: list[int], chosen: list[int]) -> None:
        """Share exactly `chosen` of the projects `among` (one class's) with a mentor."""
        wanted = [project for project in dict.fromkeys(chosen) if project in among]
        with self.session() as db, db.begin():
            db.execute(
                delete(MentorProjectRow).where(
                    MentorProjectRow.mentor_id == mentor_id,
                    MentorProjectRow.project_id.in_(among),
                    MentorProjectRow.project_id.not_in(wanted),
                )
            )
            have = set(
                db.scalars(
                    select(MentorProjectRow.project_id).where(MentorProjectRow.mentor_id == mentor_id)
                ).all()
            )
            for project_id in wanted:
                if project_id not in have:
                    db.add(MentorProjectRow(mentor_id=mentor_id, project_id=project_id))

    def shared_with(self, mentor_id: int) -> list[int]:
        """The ids of the projects shared with a mentor, oldest project first."""
        query = (
            select(MentorProjectRow.project_id)
            .join(ProjectRow, ProjectRow.id == MentorProjectRow.project_id)
            .where(MentorProjectRow.mentor_id == mentor_id)
            .order_by(ProjectRow.id)
        )
        with self.session() as db:
            return list(db.scalars(query).all())

    def is_shared(self, mentor_id: int, project_id: int) -> bool:
        query = select(MentorProjectRow.id).where(
            MentorProjectRow.mentor_id == mentor_id, MentorProjectRow.project_id == project_id
        )
        with self.session() as db:
            return db.scalar(query) is not None

    # comments

    def add_comment(
        self,
        project_id: int,
        file: str,
        anchor,  # coedit.anchors.Anchor
        author_role: str,
        author_name: str,
        text: str,
    ) -> Comment:
        with self.session() as db, db.begin():
            row = CommentRow(
                project_id=project_id,
                file=file,
                start=anchor.start,
                end=anchor.end,
                line=anchor.line,
                end_line=anchor.end_line,
                quote=anchor.quote,
                author_role=author_role,
                author_name=author_name,
                text=text,
            )
            db.add(row)
            db.flush()
            return _comment(db, row)

    def comments_of(self, project_id: int) -> list[Comment]:
        """A project's threads, oldest first."""
        with self.session() as db:
            rows = db.scalars(
                select(CommentRow).where(CommentRow.project_id == project_id).order_by(CommentRow.id)
            ).all()
            return [_comment(db, row) for row in rows]

    def get_comment(self, project_id: int, comment_id: int) -> Comment | None:
        with self.session() as db:
            row = db.get(CommentRow, comment_id)
            return _comment(db, row) if row and row.project_id == project_id else None

    def add_reply(self, project_id: int, comment_id: int, author_role: str, author_name: str, text: str):
        """Answer in a thread; the thread, or None when the project has no such comment."""
        with self.session() as db, db.begin():
            row = db.get(CommentRow, comment_id)
            if row is None or row.project_id != project_id:
                return None
            db.add(ReplyRow(comment_id=row.id, author_role=author_role, author_name=author_name, text=text))
            db.flush()
            return _comment(db, row)

    def resolve_comment(self, project_id: int, comment_id: int, resolved: bool, by: str) -> Comment | None:
        """Mark a thread resolved (by whom) or open again; None when the project has no such comment."""
        with self.session() as db, db.begin():
            row = db.get(CommentRow, comment_id)
            if row is None or row.project_id != project_id:
                return None
            row.resolved_at = utcnow() if resolved else None
            row.resolved_by = by if resolved else None
            db.flush()
            return _comment(db, row)
