"""title trigrams: pg_trgm indexes on the titles of demands, achievements and projects

Revision ID: 0013_title_trigrams
Revises: 0012_achievement_project
Create Date: 2026-11-26 10:50:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0013_title_trigrams"
down_revision: str | None = "0012_achievement_project"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TABLES = ("demand", "achievement", "project")


def upgrade() -> None:
    # A trusted extension: the database's owner may create it, no superuser needed.
    op.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for table in TABLES:
        op.create_index(
            f"ix_{table}_title_trgm",
            table,
            ["title"],
            postgresql_using="gin",
            postgresql_ops={"title": "gin_trgm_ops"},
        )


def downgrade() -> None:
    for table in TABLES:
        op.drop_index(f"ix_{table}_title_trgm", table_name=table)
