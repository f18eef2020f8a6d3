"""Submissions and their grading results.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-29
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "submissions",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("learner_id", sa.Integer, sa.ForeignKey("learners.id", ondelete="CASCADE"), nullable=False),
        sa.Column("exercise_id", sa.String(64), nullable=False),
        sa.Column("step_id", sa.String(64), nullable=False),
        sa.Column("files", sa.Text, nullable=False),
        sa.Column("language", sa.String(8), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("result", sa.Text),
        sa.Column("created_at", sa.DateTime, nullable=False),
        sa.Column("graded_at", sa.DateTime),
    )
    op.create_index("ix_submissions_learner_id", "submissions", ["learner_id"])
    op.create_index("ix_submissions_exercise_id", "submissions", ["exercise_id"])


def downgrade() -> None:
    op.drop_table("submissions")
