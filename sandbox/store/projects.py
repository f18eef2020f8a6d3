"""Group projects, their members, their user stories (the board) and class sprints (mixed into Store)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, func, select, update
from sqlalchemy.exc import IntegrityError

from .classroom import make_code, normalise_code
from .models import LearnerRow, ProjectMemberRow, ProjectRow, SprintRow, StoryRow, utcnow


@dataclass(frozen=True)
class Project:
    id: int
    classroom_id: int
    name: str
    problem: str
    problem_text: str
    code: str
    template: str
    files: dict[str, str]
    revision: int
    assignment: dict[str, str]
    assignment_revision: int
    updated_at: datetime
    members: tuple[int, ...]  # learner ids, in the order they joined


@dataclass(frozen=True)
class Story:
    id: int
    project_id: int
    role: str
    action: str
    status: str
    position: int


@dataclass(frozen=True)
class Sprint:
    id: int
    classroom_id: int
    minutes: int
    started_at: datetime
    ends_at: datetime
    ended_at: datetime | None


class StaleCopy(Exception):
    """A save based on a revision that is not the stored one; carries the stored copy."""

    def __init__(self, revision: int, value: dict):
        super().__init__("stale revision")
        self.revision = revision
        self.value = value


def _members(db, project_id: int) -> tuple[int, ...]:
    query = (
        select(ProjectMemberRow.learner_id)
        .join(LearnerRow, LearnerRow.id == ProjectMemberRow.learner_id)
        .where(ProjectMemberRow.project_id == project_id, LearnerRow.removed.is_(False))
        .order_by(ProjectMemberRow.id)
    )
    return tuple(db.scalars(query).all())


def _project(db, row: ProjectRow) -> Project:
    return Project(
        row.id,
        row.classroom_id,
        row.name,
        row.problem,
        row.problem_text,
        row.code,
        row.template,
        json.loads(row.files),
        row.revision,
        json.loads(row.assignment),
        row.assignment_revision,
        row.updated_at,
        _members(db, row.id),
    )


def _story(row: StoryRow) -> Story:
    return Story(row.id, row.project_id, row.role, row.action, row.status, row.position)


def _sprint(row: SprintRow) -> Sprint:
    return Sprint(row.id, row.classroom_id, row.minutes, row.started_at, row.ends_at, row.ended_at)


class ProjectStore:
    """Methods of Store for group projects; `self.session` is the Store's sessionmaker."""

    # projects

    def create_project(
        self,
        classroom_id: int,
        name: str,
        problem: str,
        problem_text: str,
        template: str,
        files: dict[str, str],
        assignment: dict[str, str],
        members: list[int] | tuple[int, ...] = (),
    ) -> Project:
        """Make a project with a fresh group code (the first revision of its files), and its members."""
        for _attempt in range(20):
            try:
                with self.session() as db, db.begin():
                    row = ProjectRow(
                        classroom_id=classroom_id,
                        name=name,
                        problem=problem,
                        problem_text=problem_text,
                        code=make_code(6),
                        template=template,
                        files=json.dumps(files, ensure_ascii=False),
                        revision=1,
                        assignment=json.dumps(assignment, ensure_ascii=False),
                        assignment_revision=0,
                    )
                    db.add(row)
                    db.flush()
                    for learner_id in dict.fromkeys(members):
                        db.add(ProjectMemberRow(project_id=row.id, learner_id=learner_id))
                    db.flush()
                    return _project(db, row)
            except IntegrityError:
                continue  # the code was taken: draw another
        raise RuntimeError("could not find a free group code")

    def get_project(self, project_id: int) -> Project | None:
        with self.session() as db:
            row = db.get(ProjectRow, project_id)
            return _project(db, row) if row else None

    def project_by_code(self, code: str) -> Project | None:
        with self.session() as db:
            row = db.scalar(select(ProjectRow).where(ProjectRow.code == normalise_code(code)))
            return _project(db, row) if row else None

    def projects_of(self, classroom_id: int) -> list[Project]:
        """The class's projects, oldest first (the order the review shows them in)."""
        with self.session() as db:
            rows = db.scalars(
                select(ProjectRow).where(ProjectRow.classroom_id == classroom_id).order_by(ProjectRow.id)
            ).all()
            return [_project(db, row) for row in rows]

    def projects_of_learner(self, learner_id: int) -> list[Project]:
        query = (
            select(ProjectRow)
            .join(ProjectMemberRow, ProjectMemberRow.project_id == ProjectRow.id)
            .join(LearnerRow, LearnerRow.id == ProjectMemberRow.learner_id)
            .where(
                ProjectMemberRow.learner_id == learner_id,
                LearnerRow.classroom_id == ProjectRow.classroom_id,
            )
            .order_by(ProjectRow.id)
        )
        with self.session() as db:
            return [_project(db, row) for row in db.scalars(query).all()]

    def add_member(self, project_id: int, learner_id: int) -> None:
        """Put a learner in a project's group (already in it: nothing changes)."""
        try:
            with self.session() as db, db.begin():
                where = (ProjectMemberRow.project_id == project_id, ProjectMemberRow.learner_id == learner_id)
                if db.scalar(select(ProjectMemberRow.id).where(*where)) is None:
                    db.add(ProjectMemberRow(project_id=project_id, learner_id=learner_id))
        except IntegrityError:
            pass  # the same learner joined twice at once: once is enough

    def set_members(self, project_id: int, learner_ids: list[int]) -> None:
        """Make exactly these learners the group (members kept keep their place)."""
        wanted = list(dict.fromkeys(learner_ids))
        with self.session() as db, db.begin():
            db.execute(
                delete(ProjectMemberRow).where(
                    ProjectMemberRow.project_id == project_id, ProjectMemberRow.learner_id.not_in(wanted)
                )
            )
            have = set(
                db.scalars(
                    select(ProjectMemberRow.learner_id).where(ProjectMemberRow.project_id == project_id)
                ).all()
            )
            for learner_id in wanted:
                if learner_id not in have:
                    db.add(ProjectMemberRow(project_id=project_id, learner_id=learner_id))

    def rename_project(self, project_id: int, name: str) -> None:
        with self.session() as db, db.begin():
            db.get(ProjectRow, project_id).name = name

    def delete_project(self, project_id: int) -> None:
        with self.session() as db, db.begin():
            db.execute(delete(ProjectRow).where(ProjectRow.id == project_id))

    def save_assignment(self, project_id: int, assignment: dict[str, str], base_revision: int) -> int:
        """Store the assignment's texts as the next revision if based on the stored one (else StaleCopy)."""
        text = json.dumps(assignment, ensure_ascii=False)
        with self.session() as db, db.begin():
            done = db.execute(
                update(ProjectRow)
                .where(ProjectRow.id == project_id, ProjectRow.assignment_revision == base_revision)
                .values(assignment=text, assignment_revision=ProjectRow.assignment_revision + 1)
            )
            if done.rowcount == 1:
                return base_revision + 1
            row = db.get(ProjectRow, project_id)
            raise StaleCopy(row.assignment_revision, json.loads(row.assignment))

    # stories: the assignment's checklist and the board's cards

    def stories(self, project_id: int) -> list[Story]:
        query = select(StoryRow).where(StoryRow.project_id == project_id)
        with self.session() as db:
            return [_story(r) for r in db.scalars(query.order_by(StoryRow.position, StoryRow.id)).all()]

    def add_story(self, project_id: int, role: str, action: str) -> Story:
        with self.session() as db, db.begin():
            last = db.scalar(select(func.max(StoryRow.position)).where(StoryRow.project_id == project_id))
            row = StoryRow(project_id=project_id, role=role, action=action, position=(last or 0) + 1)
            db.add(row)
            db.flush()
            return _story(row)

    def update_story(self, project_id: int, story_id: int, **changes) -> Story | None:
        """Change a story's role, action or status; None when the project has no such story."""
        with self.session() as db, db.begin():
            row = db.get(StoryRow, story_id)
            if row is None or row.project_id != project_id:
                return None
            for key in ("role", "action", "status"):
                if key in changes:
                    setattr(row, key, changes[key])
            db.flush()
            return _story(row)

    def delete_story(self, project_id: int, story_id: int) -> bool:
        with self.session() as db, db.begin():
            done = db.execute(
                delete(StoryRow).where(StoryRow.id == story_id, StoryRow.project_id == project_id)
            )
            return done.rowcount == 1

    # sprints of a class

    def start_sprint(self, classroom_id: int, minutes: int) -> Sprint:
        """Start a sprint of the whole class now; a sprint still running ends."""
        now = utcnow()
        with self.session() as db, db.begin():
            db.execute(
                update(SprintRow)
                .where(SprintRow.classroom_id == classroom_id, SprintRow.ended_at.is_(None))
                .values(ended_at=now)
            )
            row = SprintRow(
                classroom_id=classroom_id,
                minutes=minutes,
                started_at=now,
                ends_at=now + timedelta(minutes=minutes),
            )
            db.add(row)
            db.flush()
            return _sprint(row)

    def end_sprint(self, classroom_id: int) -> Sprint | None:
        """End the class's running sprint; None when none was running."""
        with self.session() as db, db.begin():
            row = db.scalar(
                select(SprintRow)
                .where(SprintRow.classroom_id == classroom_id, SprintRow.ended_at.is_(None))
                .order_by(SprintRow.id.desc())
            )
            if row is None:
                return None
            row.ended_at = utcnow()
            return _sprint(row)

    def current_sprint(self, classroom_id: int) -> Sprint | None:
        """The class's sprint that its trainer has not ended (its time may be up)."""
        with self.session() as db:
            row = db.scalar(
                select(SprintRow)
                .where(SprintRow.classroom_id == classroom_id, SprintRow.ended_at.is_(None))
                .order_by(SprintRow.id.desc())
            )
            return _sprint(row) if row else None
