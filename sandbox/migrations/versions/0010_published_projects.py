"""Published apps of group projects: a published app belongs to a learner's exercise or to a project.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-01
"""

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None

# Exactly one owner: a learner and an exercise, or a project (then neither of the others).
OWNER = (
    "(project_id IS NULL AND learner_id IS NOT NULL AND exercise_id IS NOT NULL)"
    " OR (project_id IS NOT NULL AND learner_id IS NULL AND exercise_id IS NULL)"
)


def upgrade() -> None:
    # Batch mode: SQLite changes a column's NOT NULL only by copying the table (rows are kept).
    with op.batch_alter_table("published_apps") as batch:
        batch.alter_column("learner_id", existing_type=sa.Integer, nullable=True)
        batch.alter_column("exercise_id", existing_type=sa.String(64), nullable=True)
        batch.add_column(sa.Column("project_id", sa.Integer, nullable=True))
        batch.create_foreign_key(
            "fk_published_apps_project_id", "projects", ["project_id"], ["id"], ondelete="CASCADE"
        )
        batch.create_unique_constraint("uq_published_apps_project_id", ["project_id"])
        batch.create_check_constraint("ck_published_apps_owner", OWNER)


def downgrade() -> None:
    op.execute("DELETE FROM published_apps WHERE project_id IS NOT NULL")
    with op.batch_alter_table("published_apps") as batch:
        batch.drop_constraint("ck_published_apps_owner", type_="check")
        batch.drop_constraint("uq_published_apps_project_id", type_="unique")
        batch.drop_constraint("fk_published_apps_project_id", type_="foreignkey")
        batch.drop_column("project_id")
        batch.alter_column("exercise_id", existing_type=sa.String(64), nullable=False)
        batch.alter_column("learner_id", existing_type=sa.Integer, nullable=False)
