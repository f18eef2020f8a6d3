"""Group projects' pictures (assets), and the copies a published project's snapshot keeps.

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-02
"""

import sqlalchemy as sa
from alembic import op

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "project_assets",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("project_id", sa.Integer, sa.ForeignKey("projects.id", ondelete="CASCADE"), nullable=False),
        sa.Column("name", sa.String(80), nullable=False),
        sa.Column("mimetype", sa.String(32), nullable=False),
        sa.Column("size", sa.Integer, nullable=False),
        sa.Column("digest", sa.String(64), nullable=False),
        sa.Column("data", sa.LargeBinary, nullable=False),
        sa.Column("uploaded_by", sa.String(80), nullable=False),
        sa.Column("uploaded_at", sa.DateTime, nullable=False),
        sa.UniqueConstraint("project_id", "name"),
    )
    op.create_index("ix_project_assets_project_id", "project_assets", ["project_id"])
    op.create_table(
        "published_assets",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column(
            "published_id", sa.Integer, sa.ForeignKey("published_apps.id", ondelete="CASCADE"), nullable=False
        ),
        sa.Column("name", sa.String(80), nullable=False),
        sa.Column("mimetype", sa.String(32), nullable=False),
        sa.Column("digest", sa.String(64), nullable=False),
        sa.Column("data", sa.LargeBinary, nullable=False),
        sa.UniqueConstraint("published_id", "name"),
    )
    op.create_index("ix_published_assets_published_id", "published_assets", ["published_id"])


def downgrade() -> None:
    op.drop_table("published_assets")
    op.drop_table("project_assets")
