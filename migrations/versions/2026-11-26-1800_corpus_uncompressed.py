"""corpus_document keeps term counts uncompressed, so matching reads each candidate once

Matching looks up a few query terms in the term counts of ~200 candidates per request.
PostgreSQL compressed the counts of rows wider than 2 kB (over half of them) and decompressed
the whole value again for every term looked up: 8–19 ms a match at 100,000 documents, against
2.6–4.1 ms uncompressed (measured on PostgreSQL 15, 10 and 64 query terms). Rows up to 8 kB
now stay as they are; the existing rows are rewritten once.

Revision ID: 0020_corpus_uncompressed
Revises: 0019_merge
Create Date: 2026-11-26 18:00:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0020_corpus_uncompressed"
down_revision: str | None = "0019_merge"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.execute("ALTER TABLE corpus_document SET (toast_tuple_target = 8160)")
    op.execute("UPDATE corpus_document SET term_counts = term_counts::text::jsonb")


def downgrade() -> None:
    op.execute("ALTER TABLE corpus_document RESET (toast_tuple_target)")
