"""Mentors, the projects shared with them, and review comments on lines of a project's files.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-01
"""

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "mentors",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("trainer_id", sa.Integer, sa.ForeignKey("trainers.id", ondelete="CASCADE"), nullable=False),
        sa.Column("name", sa.String(80), nullable=False, unique=True),
        sa.Column("password_hash", sa.String(255)),
        sa.Column("invite_hash", sa.String(128), unique=True),
        sa.Column("created_at", sa.DateTime, nullable=False),
        sa.Column("language", sa.String(8)),
    )
    op.create_index("ix_mentors_trainer_id", "mentors", ["trainer_id"])
    op.create_table(
        "mentor_projects",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("mentor_id", sa.Integer, sa.ForeignKey("mentors.id", ondelete="CASCADE"), nullable=False),
        sa.Column("project_id", sa.Integer, sa.ForeignKey("projects.id", ondelete="CASCADE"), nullable=False),
        sa.UniqueConstraint("mentor_id", "project_id"),
    )
    op.create_index("ix_mentor_projects_mentor_id", "mentor_projects", ["mentor_id"])
    op.create_index("ix_mentor_projects_project_id", "mentor_projects", ["project_id"])
    op.create_table(
        "review_comments",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("project_id", sa.Integer, sa.ForeignKey("projects.id", ondelete="CASCADE"), nullable=False),
        sa.Column("file", sa.String(80), nullable=False),
        sa.Column("start", sa.LargeBinary, nullable=False),
        sa.Column("end", sa.LargeBinary, nullable=False),
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
    op.create_index("ix_review_comments_project_id", "review_comments", ["project_id"])
    op.create_table(
        "review_replies",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column(
            "comment_id", sa.Integer, sa.ForeignKey("review_comments.id", ondelete="CASCADE"), nullable=False
        ),
        sa.Column("author_role", sa.String(8), nullable=False),
        sa.Column("author_name", sa.String(80), nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("created_at", sa.DateTime, nullable=False),
    )
    op.create_index("ix_review_replies_comment_id", "review_replies", ["comment_id"])


def downgrade() -> None:
    op.drop_table("review_replies")
    op.drop_table("review_comments")
    op.drop_table("mentor_projects")
    op.drop_table("mentors")
