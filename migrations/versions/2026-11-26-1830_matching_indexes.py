"""matching reads candidates from indexes of its own: queue every published entry once

Each collection now has a second Meilisearch index holding only its entries' term ids
(decision 0010). The indexer fills both indexes from the outbox, so an upgraded platform gets
one search event per entry that has ever been published and needs no manual reindex. The
database schema does not change.

Revision ID: 0021_matching_indexes
Revises: 0020_corpus_uncompressed
Create Date: 2026-11-26 18:30:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0021_matching_indexes"
down_revision: str | None = "0020_corpus_uncompressed"
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
