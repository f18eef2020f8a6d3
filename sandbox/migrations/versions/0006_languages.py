"""The language a person chose, kept with them; and a class's default language.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-01
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

TABLES = ("learners", "trainers", "classrooms")


def upgrade() -> None:
    # batch mode: SQLite cannot alter a table in place; other databases get plain ALTER TABLE.
    for table in TABLES:
        with op.batch_alter_table(table) as batch:
            batch.add_column(sa.Column("language", sa.String(8), nullable=True))


def downgrade() -> None:
    for table in TABLES:
        with op.batch_alter_table(table) as batch:
            batch.drop_column("language")
