"""The trainer's comments on lines of a learner's own exercise work, with their threads (mixed into Store).

Exercise work is not co-edited (no Yjs): a comment holds the lines it covers and their text as it
was made. Each save moves its lines with the save's line changes (`follow_save`, on the same
line operations as the timeline's deltas), so the stored figure stays near the code; the lines
shown come from finding that text again there (coedit/anchors.py `lines_now`, in the view), and
the page's own editor maps them exactly between saves (docs/mentors.md).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from .mentors import Reply
from .models import WorkCommentRow, WorkReplyRow, utcnow
from .timeline import file_delta


@dataclass(frozen=True)
class WorkComment:
    """A thread on a learner's work: the comment on a range of lines, and its answers, oldest first."""

    id: int
    learner_id: int
    exercise_id: str
    file: str
    line: int  # where it is as of the last save (the view finds its text again from there)
    end_line: int
    quote: str
    author_role: str
    author_name: str
    text: str
    created_at: datetime
    resolved_at: datetime | None
    resolved_by: str | None
    replies: tuple[Reply, ...]


def _comment(db, row: WorkCommentRow) -> WorkComment:
    replies = db.scalars(
        select(WorkReplyRow).where(WorkReplyRow.comment_id == row.id).order_by(WorkReplyRow.id)
    ).all()
    return WorkComment(
        row.id,
        row.learner_id,
        row.exercise_id,
        row.file,
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


def moved_line(operations: list, line: int) -> int:
    """Where line `line` (from 1) of a file is after a save's line operations (timeline.file_delta):
    the same line when it was kept; where it was when it was dropped or replaced."""
    old = new = 0  # lines of the old and the new text passed so far
    for operation in operations:
        if isinstance(operation, list):
            new += len(operation)
        elif operation > 0:
            if old < line <= old + operation:
                return new + line - old
            old += operation
            new += operation
        else:
            if old < line <= old - operation:
                return new + 1
            old -= operation
    return max(1, new + line - old)


class WorkCommentStore:
    """Methods of Store for comments on exercise work; `self.session` is the Store's sessionmaker."""

    def add_work_comment(
        self,
        learner_id: int,
        exercise_id: str,
        file: str,
        lines: tuple[int, int],
        quote: str,
        author_role: str,
        author_name: str,
        text: str,
    ) -> WorkComment:
        with self.session() as db, db.begin():
            row = WorkCommentRow(
                learner_id=learner_id,
                exercise_id=exercise_id,
                file=file,
                line=lines[0],
                end_line=lines[1],
                quote=quote,
                author_role=author_role,
                author_name=author_name,
                text=text,
            )
            db.add(row)
            db.flush()
            return _comment(db, row)

    def work_comments(self, learner_id: int, exercise_id: str) -> list[WorkComment]:
        """The threads on a learner's work on an exercise, oldest first."""
        query = (
            select(WorkCommentRow)
            .where(WorkCommentRow.learner_id == learner_id, WorkCommentRow.exercise_id == exercise_id)
            .order_by(WorkCommentRow.id)
        )
        with self.session() as db:
            return [_comment(db, row) for row in db.scalars(query).all()]

    def _work_comment_row(self, db, learner_id: int, exercise_id: str, comment_id: int):
        row = db.get(WorkCommentRow, comment_id)
        if row is None or row.learner_id != learner_id or row.exercise_id != exercise_id:
            return None
        return row

    def get_work_comment(self, learner_id: int, exercise_id: str, comment_id: int) -> WorkComment | None:
        with self.session() as db:
            row = self._work_comment_row(db, learner_id, exercise_id, comment_id)
            return _comment(db, row) if row else None

    def add_work_reply(
        self,
        learner_id: int,
        exercise_id: str,
        comment_id: int,
        author_role: str,
        author_name: str,
        text: str,
    ) -> WorkComment | None:
        """Answer in a thread; the thread, or None when this work has no such comment."""
        with self.session() as db, db.begin():
            row = self._work_comment_row(db, learner_id, exercise_id, comment_id)
            if row is None:
                return None
            db.add(
                WorkReplyRow(comment_id=row.id, author_role=author_role, author_name=author_name, text=text)
            )
            db.flush()
            return _comment(db, row)

    def resolve_work_comment(
        self, learner_id: int, exercise_id: str, comment_id: int, resolved: bool, by: str
    ) -> WorkComment | None:
        """Mark a thread resolved (by whom) or open again; None when this work has no such comment."""
        with self.session() as db, db.begin():
            row = self._work_comment_row(db, learner_id, exercise_id, comment_id)
            if row is None:
                return None
            row.resolved_at = utcnow() if resolved else None
            row.resolved_by = by if resolved else None
            db.flush()
            return _comment(db, row)

    def _follow_save(self, db, learner_id: int, exercise_id: str, before: dict, after: dict) -> None:
        """In a save's transaction: move each open thread's lines with the lines the save changed."""
        rows = db.scalars(
            select(WorkCommentRow).where(
                WorkCommentRow.learner_id == learner_id,
                WorkCommentRow.exercise_id == exercise_id,
                WorkCommentRow.resolved_at.is_(None),
            )
        ).all()
        deltas: dict[str, list] = {}
        for row in rows:
            old, new = before.get(row.file), after.get(row.file)
            if old is None or new is None or old == new:
                continue
            if row.file not in deltas:
                deltas[row.file] = file_delta(old, new)
            line = moved_line(deltas[row.file], row.line)
            end_line = max(line, moved_line(deltas[row.file], row.end_line))
            if (line, end_line) != (row.line, row.end_line):
                row.line, row.end_line = line, end_line
