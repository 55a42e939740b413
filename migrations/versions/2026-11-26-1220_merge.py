"""merge: challenges, webhooks and idempotency keys, corpus statistics for matching

Revision ID: 0019_merge
Revises: 0015_challenges, 0017_webhooks, 0018_corpus_statistics
Create Date: 2026-11-26 12:20:00
"""

from collections.abc import Sequence

revision: str = "0019_merge"
down_revision: str | Sequence[str] | None = (
    "0015_challenges",
    "0017_webhooks",
    "0018_corpus_statistics",
)
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
