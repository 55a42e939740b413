"""public lists of demands and achievements: an index of public rows by creation

The public list skipped drafts and pending entries one by one through the created_at index when
many lay on top of it (12-23 ms under 18,800 pending demands); this partial index holds only
what the public sees.

Revision ID: 0024_public_list_indexes
Revises: 0023_rate_limit_hits
Create Date: 2026-11-27 00:40:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0024_public_list_indexes"
down_revision: str | None = "0023_rate_limit_hits"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

PUBLIC_STATUSES = {
    "demand": "'in_progress', 'published', 'resolved'",
    "achievement": "'published', 'transferred'",
}


def upgrade() -> None:
    for table, statuses in PUBLIC_STATUSES.items():  # names from the dict above, never input
        op.execute(
            f"CREATE INDEX ix_{table}_public_created_at ON {table} (created_at) "
            f"WHERE status IN ({statuses})"
        )


def downgrade() -> None:
    for table in PUBLIC_STATUSES:
        op.execute(f"DROP INDEX ix_{table}_public_created_at")
