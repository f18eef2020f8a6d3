"""Live co-editing: each group project's CRDT document (compacted state) and its update log.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-06
"""

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "project_docs",
        sa.Column(
            "project_id", sa.Integer, sa.ForeignKey("projects.id", ondelete="CASCADE"), primary_key=True
        ),
        sa.Column("key", sa.String(32), nullable=False),
        sa.Column("state", sa.LargeBinary, nullable=False),
        sa.Column("through", sa.Integer, nullable=False, server_default="0"),
        sa.Column("updated_at", sa.DateTime, nullable=False),
    )
    op.create_table(
        "project_updates",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("project_id", sa.Integer, sa.ForeignKey("projects.id", ondelete="CASCADE"), nullable=False),
        sa.Column("data", sa.LargeBinary, nullable=False),
        sa.Column("created_at", sa.DateTime, nullable=False),
        # Ids only grow, also after compaction emptied the table (SQLite would reuse them).
        sqlite_autoincrement=True,
    )
    op.create_index("ix_project_updates_project_id", "project_updates", ["project_id"])


def downgrade() -> None:
    op.drop_index("ix_project_updates_project_id", "project_updates")
    op.drop_table("project_updates")
    op.drop_table("project_docs")
