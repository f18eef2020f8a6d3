"""Group projects: projects of a class, their members, their user stories (the board), and sprints.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-05
"""

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("classrooms") as batch:
        batch.add_column(sa.Column("learner_projects", sa.Boolean, nullable=False, server_default=sa.false()))
    op.create_table(
        "projects",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column(
            "classroom_id", sa.Integer, sa.ForeignKey("classrooms.id", ondelete="CASCADE"), nullable=False
        ),
        sa.Column("name", sa.String(80), nullable=False),
        sa.Column("problem", sa.String(16), nullable=False),
        sa.Column("problem_text", sa.String(200), nullable=False, server_default=""),
        sa.Column("code", sa.String(16), nullable=False, unique=True),
        sa.Column("template", sa.String(80), nullable=False),
        sa.Column("files", sa.Text, nullable=False),
        sa.Column("revision", sa.Integer, nullable=False, server_default="1"),
        sa.Column("assignment", sa.Text, nullable=False),
        sa.Column("assignment_revision", sa.Integer, nullable=False, server_default="0"),
        sa.Column("created_at", sa.DateTime, nullable=False),
        sa.Column("updated_at", sa.DateTime, nullable=False),
    )
    op.create_index("ix_projects_classroom_id", "projects", ["classroom_id"])
    op.create_table(
        "project_members",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("project_id", sa.Integer, sa.ForeignKey("projects.id", ondelete="CASCADE"), nullable=False),
        sa.Column("learner_id", sa.Integer, sa.ForeignKey("learners.id", ondelete="CASCADE"), nullable=False),
        sa.Column("joined_at", sa.DateTime, nullable=False),
        sa.UniqueConstraint("project_id", "learner_id"),
    )
    op.create_index("ix_project_members_project_id", "project_members", ["project_id"])
    op.create_index("ix_project_members_learner_id", "project_members", ["learner_id"])
    op.create_table(
        "project_stories",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("project_id", sa.Integer, sa.ForeignKey("projects.id", ondelete="CASCADE"), nullable=False),
        sa.Column("role", sa.String(80), nullable=False),
        sa.Column("action", sa.String(240), nullable=False),
        sa.Column("status", sa.String(8), nullable=False, server_default="todo"),
        sa.Column("position", sa.Integer, nullable=False, server_default="0"),
        sa.Column("created_at", sa.DateTime, nullable=False),
    )
    op.create_index("ix_project_stories_project_id", "project_stories", ["project_id"])
    op.create_table(
        "sprints",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column(
            "classroom_id", sa.Integer, sa.ForeignKey("classrooms.id", ondelete="CASCADE"), nullable=False
        ),
        sa.Column("minutes", sa.Integer, nullable=False),
        sa.Column("started_at", sa.DateTime, nullable=False),
        sa.Column("ends_at", sa.DateTime, nullable=False),
        sa.Column("ended_at", sa.DateTime, nullable=True),
    )
    op.create_index("ix_sprints_classroom_id", "sprints", ["classroom_id"])


def downgrade() -> None:
    op.drop_index("ix_sprints_classroom_id", "sprints")
    op.drop_table("sprints")
    op.drop_index("ix_project_stories_project_id", "project_stories")
    op.drop_table("project_stories")
    op.drop_index("ix_project_members_learner_id", "project_members")
    op.drop_index("ix_project_members_project_id", "project_members")
    op.drop_table("project_members")
    op.drop_index("ix_projects_classroom_id", "projects")
    op.drop_table("projects")
    with op.batch_alter_table("classrooms") as batch:
        batch.drop_column("learner_projects")
