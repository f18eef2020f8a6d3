"""Trainers, classes, learners in classes, assignments and messages (mixed into Store)."""

from __future__ import annotations

import hashlib
import json
import secrets
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import delete, func, select
from sqlalchemy.exc import IntegrityError
from werkzeug.security import check_password_hash, generate_password_hash

from .models import AssignmentRow, ClassroomRow, LearnerRow, MessageRow, TrainerRow, utcnow

# Codes people read off a projector or a phone and type: no 0/O, 1/I/L, 2/Z, 5/S, 8/B.
CODE_ALPHABET = "ACDEFGHJKMNPQRTUVWXY34679"


def make_code(length: int) -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(length))


def normalise_code(code: str) -> str:
    """Accept codes typed in lower case, with spaces or dashes."""
    return "".join(ch for ch in code.upper() if ch.isalnum())


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@dataclass(frozen=True)
class Trainer:
    id: int
    name: str
    language: str | None = None  # the language they chose; None: their browser's


@dataclass(frozen=True)
class Classroom:
    id: int
    trainer_id: int
    name: str
    join_code: str
    archived: bool
    stuck_minutes: int
    push: dict | None
    created_at: datetime
    language: str | None = None  # the default for learners who chose none
    learner_projects: bool = False  # learners may start group projects themselves


@dataclass(frozen=True)
class Learner:
    id: int
    name: str | None
    classroom_id: int | None
    resume_code: str | None
    last_seen: datetime
    removed: bool
    language: str | None = None  # the language they chose, on any device


@dataclass(frozen=True)
class Message:
    id: int
    classroom_id: int
    learner_id: int | None
    text: str
    created_at: datetime


def _classroom(row: ClassroomRow) -> Classroom:
    return Classroom(
        row.id,
        row.trainer_id,
        row.name,
        row.join_code,
        row.archived,
        row.stuck_minutes,
        json.loads(row.push) if row.push else None,
        row.created_at,
        row.language,
        bool(row.learner_projects),
    )


def _learner(row: LearnerRow) -> Learner:
    return Learner(
        row.id, row.name, row.classroom_id, row.resume_code, row.last_seen, row.removed, row.language
    )


def _trainer(row: TrainerRow) -> Trainer:
    return Trainer(row.id, row.name, row.language)


def _message(row: MessageRow) -> Message:
    return Message(row.id, row.classroom_id, row.learner_id, row.text, row.created_at)


class ClassroomStore:
    """Methods of Store for the classroom; `self.session` is the Store's sessionmaker, `self.password_hash`
    its method for new passwords."""

    # trainers

    def create_trainer(self, name: str, password: str) -> Trainer:
        """Create a trainer account; raise ValueError if the name is taken."""
        try:
            with self.session() as db, db.begin():
                row = TrainerRow(
                    name=name, password_hash=generate_password_hash(password, self.password_hash)
                )
                db.add(row)
                db.flush()
                return _trainer(row)
        except IntegrityError as error:
            raise ValueError(f"there is already a trainer called {name!r}") from error

    def set_trainer_password(self, name: str, password: str) -> bool:
        with self.session() as db, db.begin():
            row = db.scalar(select(TrainerRow).where(TrainerRow.name == name))
            if row is None:
                return False
            row.password_hash = generate_password_hash(password, self.password_hash)
            return True

    def check_trainer(self, name: str, password: str) -> Trainer | None:
        """Return the trainer if the name and password match."""
        with self.session() as db:
            row = db.scalar(select(TrainerRow).where(TrainerRow.name == name))
            if row is None or not check_password_hash(row.password_hash, password):
                return None
            return _trainer(row)

    def get_trainer(self, trainer_id: int) -> Trainer | None:
        with self.session() as db:
            row = db.get(TrainerRow, trainer_id)
            return _trainer(row) if row else None

    def trainer_by_name(self, name: str) -> Trainer | None:
        with self.session() as db:
            row = db.scalar(select(TrainerRow).where(TrainerRow.name == name))
            return _trainer(row) if row else None

    def set_trainer_language(self, trainer_id: int, language: str | None) -> None:
        """Remember the language a trainer chose (None: follow their browser)."""
        with self.session() as db, db.begin():
            row = db.get(TrainerRow, trainer_id)
            if row is not None:
                row.language = language

    def new_api_token(self, trainer_id: int) -> str:
        """Make a new API token for the trainer (the old one stops working); return it once."""
        token = "sbx_" + secrets.token_urlsafe(32)
        with self.session() as db, db.begin():
            db.get(TrainerRow, trainer_id).api_token_hash = _token_hash(token)
        return token

    def trainer_by_token(self, token: str) -> Trainer | None:
        if not token:
            return None
        with self.session() as db:
            row = db.scalar(select(TrainerRow).where(TrainerRow.api_token_hash == _token_hash(token)))
            return _trainer(row) if row else None

    # classes

    def create_classroom(self, trainer_id: int, name: str) -> Classroom:
        for _attempt in range(20):
            try:
                with self.session() as db, db.begin():
                    row = ClassroomRow(trainer_id=trainer_id, name=name, join_code=make_code(6))
                    db.add(row)
                    db.flush()
                    return _classroom(row)
            except IntegrityError:
                continue  # the code was taken: draw another
        raise RuntimeError("could not find a free join code")

    def get_classroom(self, classroom_id: int) -> Classroom | None:
        with self.session() as db:
            row = db.get(ClassroomRow, classroom_id)
            return _classroom(row) if row else None

    def classroom_by_code(self, code: str) -> Classroom | None:
        with self.session() as db:
            row = db.scalar(select(ClassroomRow).where(ClassroomRow.join_code == normalise_code(code)))
            return _classroom(row) if row else None

    def classrooms_of(self, trainer_id: int, archived: bool = False) -> list[Classroom]:
        query = select(ClassroomRow).where(ClassroomRow.trainer_id == trainer_id)
        if not archived:
            query = query.where(ClassroomRow.archived.is_(False))
        with self.session() as db:
            return [_classroom(r) for r in db.scalars(query.order_by(ClassroomRow.id.desc())).all()]

    def update_classroom(self, classroom_id: int, **changes) -> Classroom:
        """Change name, archived, stuck_minutes, language (the default language of its learners) or
        learner_projects (whether learners may start group projects)."""
        with self.session() as db, db.begin():
            row = db.get(ClassroomRow, classroom_id)
            for key in ("name", "archived", "stuck_minutes", "language", "learner_projects"):
                if key in changes:
                    setattr(row, key, changes[key])
            db.flush()
            return _classroom(row)

    def set_push(self, classroom_id: int, exercise_id: str, step_id: str | None) -> dict:
        push = {"exercise": exercise_id, "step": step_id, "at": utcnow().isoformat() + "Z"}
        with self.session() as db, db.begin():
            db.get(ClassroomRow, classroom_id).push = json.dumps(push)
        return push

    def clear_push(self, classroom_id: int) -> None:
        """Stop asking the class to open an exercise."""
        with self.session() as db, db.begin():
            row = db.get(ClassroomRow, classroom_id)
            if row is not None:
                row.push = None

    # assignments

    def assignments(self, classroom_id: int) -> list[str]:
        query = select(AssignmentRow.exercise_id).where(AssignmentRow.classroom_id == classroom_id)
        with self.session() as db:
            return list(db.scalars(query.order_by(AssignmentRow.position, AssignmentRow.id)).all())

    def set_assignments(self, classroom_id: int, exercise_ids: list[str]) -> None:
        """Assign exactly these exercises, in this order."""
        with self.session() as db, db.begin():
            db.execute(delete(AssignmentRow).where(AssignmentRow.classroom_id == classroom_id))
            for position, exercise_id in enumerate(dict.fromkeys(exercise_ids)):
                db.add(AssignmentRow(classroom_id=classroom_id, exercise_id=exercise_id, position=position))

    # learners in classes

    def join_classroom(self, classroom_id: int, name: str, language: str | None = None) -> Learner:
        """Add a learner to a class, with a resume code for their other devices.

        `language`: the one they chose before joining, if they did; without it the class's default
        applies to them.
        """
        for _attempt in range(20):
            try:
                with self.session() as db, db.begin():
                    row = LearnerRow(
                        name=name, classroom_id=classroom_id, resume_code=make_code(8), language=language
                    )
                    db.add(row)
                    db.flush()
                    return _learner(row)
            except IntegrityError:
                continue
        raise RuntimeError("could not find a free resume code")

    def get_learner(self, learner_id: int) -> Learner | None:
        with self.session() as db:
            row = db.get(LearnerRow, learner_id)
            return _learner(row) if row else None

    def learner_by_resume_code(self, code: str) -> Learner | None:
        with self.session() as db:
            row = db.scalar(select(LearnerRow).where(LearnerRow.resume_code == normalise_code(code)))
            return _learner(row) if row and not row.removed else None

    def learners_of(self, classroom_id: int) -> list[Learner]:
        query = select(LearnerRow).where(
            LearnerRow.classroom_id == classroom_id, LearnerRow.removed.is_(False)
        )
        with self.session() as db:
            return [
                _learner(r)
                for r in db.scalars(query.order_by(func.lower(LearnerRow.name), LearnerRow.id)).all()
            ]

    def update_learner(self, learner_id: int, **changes) -> Learner:
        """Change a learner's name, or remove them from their class (their work is kept)."""
        with self.session() as db, db.begin():
            row = db.get(LearnerRow, learner_id)
            for key in ("name", "removed"):
                if key in changes:
                    setattr(row, key, changes[key])
            db.flush()
            return _learner(row)

    def set_learner_language(self, learner_id: int, language: str | None) -> None:
        """Remember the language a learner chose; it follows them to their other devices."""
        with self.session() as db, db.begin():
            row = db.get(LearnerRow, learner_id)
            if row is not None:
                row.language = language

    def learner_languages(self, learner_id: int) -> tuple[str | None, str | None]:
        """Return the learner's own language choice and their class's default (None where unset)."""
        query = (
            select(LearnerRow.language, ClassroomRow.language)
            .outerjoin(ClassroomRow, ClassroomRow.id == LearnerRow.classroom_id)
            .where(LearnerRow.id == learner_id)
        )
        with self.session() as db:
            found = db.execute(query).first()
        return (found[0], found[1]) if found else (None, None)

    def touch_learner(self, learner_id: int) -> None:
        """Note that the learner was just seen."""
        with self.session() as db, db.begin():
            row = db.get(LearnerRow, learner_id)
            if row is not None:
                row.last_seen = utcnow()

    # messages

    def add_message(self, classroom_id: int, text: str, learner_id: int | None = None) -> Message:
        with self.session() as db, db.begin():
            row = MessageRow(classroom_id=classroom_id, learner_id=learner_id, text=text)
            db.add(row)
            db.flush()
            return _message(row)

    def messages_for(
        self, classroom_id: int, learner_id: int | None = None, limit: int = 20
    ) -> list[Message]:
        """Return the class's broadcasts, and notes to this learner, newest first."""
        query = select(MessageRow).where(MessageRow.classroom_id == classroom_id)
        if learner_id is None:
            query = query.where(MessageRow.learner_id.is_(None))
        else:
            query = query.where((MessageRow.learner_id.is_(None)) | (MessageRow.learner_id == learner_id))
        with self.session() as db:
            return [_message(r) for r in db.scalars(query.order_by(MessageRow.id.desc()).limit(limit)).all()]
