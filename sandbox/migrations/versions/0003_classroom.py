"""Trainers, classes, assignments, messages; learners belong to a class.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-29
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "trainers",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("name", sa.String(80), nullable=False, unique=True),
        sa.Column("password_hash", sa.String(255), nullable=False),
        sa.Column("api_token_hash", sa.String(128), unique=True),
        sa.Column("created_at", sa.DateTime, nullable=False),
    )
    op.create_table(
        "classrooms",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("trainer_id", sa.Integer, sa.ForeignKey("trainers.id", ondelete="CASCADE"), nullable=False),
        sa.Column("name", sa.String(120), nullable=False),
        sa.Column("join_code", sa.String(16), nullable=False, unique=True),
        sa.Column("archived", sa.Boolean, nullable=False, server_default=sa.false()),
        sa.Column("stuck_minutes", sa.Integer, nullable=False, server_default="10"),
        sa.Column("push", sa.Text),
        sa.Column("created_at", sa.DateTime, nullable=False),
    )
    op.create_index("ix_classrooms_trainer_id", "classrooms", ["trainer_id"])
    op.create_table(
        "assignments",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column(
            "classroom_id", sa.Integer, sa.ForeignKey("classrooms.id", ondelete="CASCADE"), nullable=False
        ),
        sa.Column("exercise_id", sa.String(64), nullable=False),
        sa.Column("position", sa.Integer, nullable=False),
        sa.UniqueConstraint("classroom_id", "exercise_id"),
    )
    op.create_index("ix_assignments_classroom_id", "assignments", ["classroom_id"])
    op.create_table(
        "messages",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column(
            "classroom_id", sa.Integer, sa.ForeignKey("classrooms.id", ondelete="CASCADE"), nullable=False
        ),
        sa.Column("learner_id", sa.Integer, sa.ForeignKey("learners.id", ondelete="CASCADE")),
        sa.Column("text", sa.String(500), nullable=False),
        sa.Column("created_at", sa.DateTime, nullable=False),
    )
    op.create_index("ix_messages_classroom_id", "messages", ["classroom_id"])
    with op.batch_alter_table("learners") as batch:
        batch.add_column(sa.Column("classroom_id", sa.Integer))
        batch.add_column(sa.Column("resume_code", sa.String(16)))
        batch.add_column(sa.Column("removed", sa.Boolean, nullable=False, server_default=sa.false()))
        batch.create_foreign_key(
            "fk_learners_classroom", "classrooms", ["classroom_id"], ["id"], ondelete="SET NULL"
        )
        batch.create_unique_constraint("uq_learners_resume_code", ["resume_code"])


def downgrade() -> None:
    with op.batch_alter_table("learners") as batch:
        batch.drop_constraint("uq_learners_resume_code", type_="unique")
        batch.drop_constraint("fk_learners_classroom", type_="foreignkey")
        batch.drop_column("removed")
        batch.drop_column("resume_code")
        batch.drop_column("classroom_id")
    op.drop_table("messages")
    op.drop_table("assignments")
    op.drop_table("classrooms")
    op.drop_table("trainers")
