"""Phone links: unguessable, revocable links that show one learner's app on a phone (mixed into Store)."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select, update

from .models import LearnerRow, PhoneLinkRow, utcnow


@dataclass(frozen=True)
class PhoneLink:
    id: int
    token: str
    learner_id: int
    exercise_id: str
    created_at: datetime
    revoked_at: datetime | None

    @property
    def active(self) -> bool:
        return self.revoked_at is None


def _link(row: PhoneLinkRow) -> PhoneLink:
    return PhoneLink(row.id, row.token, row.learner_id, row.exercise_id, row.created_at, row.revoked_at)


class PhoneLinkStore:
    """Methods for phone links; mixed into Store, which provides `session`."""

    def create_phone_link(self, learner_id: int, exercise_id: str) -> PhoneLink:
        """Make a new link for this learner and exercise; any link they had for it stops working."""
        with self.session() as db, db.begin():
            db.execute(
                update(PhoneLinkRow)
                .where(
                    PhoneLinkRow.learner_id == learner_id,
                    PhoneLinkRow.exercise_id == exercise_id,
                    PhoneLinkRow.revoked_at.is_(None),
                )
                .values(revoked_at=utcnow())
            )
            # 32 random bytes: unguessable, and short enough for a QR code a cheap camera reads.
            token = secrets.token_urlsafe(32)
            row = PhoneLinkRow(token=token, learner_id=learner_id, exercise_id=exercise_id)
            db.add(row)
            db.flush()
            return _link(row)

    def active_phone_link(self, learner_id: int, exercise_id: str) -> PhoneLink | None:
        """Return the learner's working link for this exercise, if they have one."""
        with self.session() as db:
            row = db.scalar(
                select(PhoneLinkRow)
                .where(
                    PhoneLinkRow.learner_id == learner_id,
                    PhoneLinkRow.exercise_id == exercise_id,
                    PhoneLinkRow.revoked_at.is_(None),
                )
                .order_by(PhoneLinkRow.id.desc())
            )
            return _link(row) if row else None

    def phone_link_by_token(self, token: str) -> PhoneLink | None:
        """Return the link with this token if it still works (not revoked, learner not removed)."""
        if not token or len(token) > 64:
            return None
        with self.session() as db:
            row = db.scalar(
                select(PhoneLinkRow)
                .join(LearnerRow, LearnerRow.id == PhoneLinkRow.learner_id)
                .where(
                    PhoneLinkRow.token == token,
                    PhoneLinkRow.revoked_at.is_(None),
                    LearnerRow.removed.is_(False),
                )
            )
            return _link(row) if row else None

    def revoke_phone_link(self, learner_id: int, link_id: int) -> PhoneLink | None:
        """Stop one of this learner's links from working; None when it is not theirs."""
        with self.session() as db, db.begin():
            row = db.get(PhoneLinkRow, link_id)
            if row is None or row.learner_id != learner_id:
                return None
            if row.revoked_at is None:
                row.revoked_at = utcnow()
            db.flush()
            return _link(row)
