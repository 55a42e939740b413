"""corpus statistics for matching: document counts per term, term counts per document

Existing public entries get a search event each, so the indexer adds their opaque term ids to
the index and records their statistics: an upgraded platform matches without a manual reindex.

Revision ID: 0018_corpus_statistics
Revises: 0014_search_vocabulary
Create Date: 2026-11-26 11:19:23.227985+00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0018_corpus_statistics"
down_revision: str | None = "0014_search_vocabulary"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "corpus_document",
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("entry_id", sa.Uuid(), nullable=False),
        sa.Column("length", sa.Integer(), nullable=False),
        sa.Column("term_counts", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.PrimaryKeyConstraint("kind", "entry_id", name=op.f("pk_corpus_document")),
    )
    op.create_table(
        "corpus_size",
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("documents", sa.Integer(), nullable=False),
        sa.Column("total_length", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("kind", name=op.f("pk_corpus_size")),
    )
    op.create_table(
        "corpus_term",
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("term", sa.String(length=100), nullable=False),
        sa.Column("document_count", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("kind", "term", name=op.f("pk_corpus_term")),
    )
    for statement in (
        "INSERT INTO outbox_event (topic, payload) SELECT 'search', "
        "jsonb_build_object('entity_type', 'demand', 'id', id::text) FROM demand",
        "INSERT INTO outbox_event (topic, payload) SELECT 'search', "
        "jsonb_build_object('entity_type', 'achievement', 'id', id::text) FROM achievement",
        "INSERT INTO outbox_event (topic, payload) SELECT 'search', "
        "jsonb_build_object('entity_type', 'project', 'id', id::text) FROM project",
    ):
        op.execute(statement + " WHERE published_at IS NOT NULL")


def downgrade() -> None:
    op.drop_table("corpus_term")
    op.drop_table("corpus_size")
    op.drop_table("corpus_document")
