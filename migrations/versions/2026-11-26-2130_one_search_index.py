"""one search index for the four collections: queue every published entry once

Search reads one Meilisearch index, `entries`, instead of one per collection (decision 0011).
The indexer fills it from the outbox, so an upgraded platform gets one search event per entry
that has ever been published and needs no manual reindex; the old indexes are deleted when the
platform applies its index settings. The database schema does not change.

Revision ID: 0022_one_search_index
Revises: 0021_matching_indexes
Create Date: 2026-11-26 21:30:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0022_one_search_index"
down_revision: str | None = "0021_matching_indexes"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

COLLECTIONS = ("demand", "achievement", "project", "challenge")


def upgrade() -> None:
    for table in COLLECTIONS:  # names from the tuple above, never input
        payload = f"jsonb_build_object('entity_type', '{table}', 'id', id::text)"
        op.execute(
            f"INSERT INTO outbox_event (topic, payload) SELECT 'search', {payload} "  # noqa: S608
            f"FROM {table} WHERE published_at IS NOT NULL"
        )


def downgrade() -> None:
    pass
