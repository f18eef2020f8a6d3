"""The trainer's comments on lines of a learner's own exercise work, and their answers.

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-01
"""

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "work_comments",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("learner_id", sa.Integer, sa.ForeignKey("learners.id", ondelete="CASCADE"), nullable=False),
        sa.Column("exercise_id", sa.String(64), nullable=False),
        sa.Column("file", sa.String(80), nullable=False),
        sa.Column("line", sa.Integer, nullable=False),
        sa.Column("end_line", sa.Integer, nullable=False),
        sa.Column("quote", sa.Text, nullable=False),
        sa.Column("author_role", sa.String(8), nullable=False),
        sa.Column("author_name", sa.String(80), nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("created_at", sa.DateTime, nullable=False),
        sa.Column("resolved_at", sa.DateTime),
        sa.Column("resolved_by", sa.String(80)),
    )
    op.create_index("ix_work_comments_learner_exercise", "work_comments", ["learner_id", "exercise_id"])
    op.create_table(
        "work_replies",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column(
            "comment_id", sa.Integer, sa.ForeignKey("work_comments.id", ondelete="CASCADE"), nullable=False
        ),
        sa.Column("author_role", sa.String(8), nullable=False),
        sa.Column("author_name", sa.String(80), nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("created_at", sa.DateTime, nullable=False),
    )
    op.create_index("ix_work_replies_comment_id", "work_replies", ["comment_id"])


def downgrade() -> None:
    op.drop_table("work_replies")
    op.drop_table("work_comments")
