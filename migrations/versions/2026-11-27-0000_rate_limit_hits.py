"""login limits in the database: one row per counted hit, shared by every API process

Revision ID: 0023_rate_limit_hits
Revises: 0022_one_search_index
Create Date: 2026-11-27 00:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0023_rate_limit_hits"
down_revision: str | None = "0022_one_search_index"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "rate_limit_hit",
        sa.Column("id", sa.BigInteger(), sa.Identity(always=False), nullable=False),
        sa.Column("subject", sa.String(length=400), nullable=False),
        sa.Column(
            "hit_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("clock_timestamp()"),
            nullable=False,
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_rate_limit_hit")),
    )
    op.create_index(
        "ix_rate_limit_hit_subject_hit_at", "rate_limit_hit", ["subject", "hit_at"], unique=False
    )


def downgrade() -> None:
    op.drop_index("ix_rate_limit_hit_subject_hit_at", table_name="rate_limit_hit")
    op.drop_table("rate_limit_hit")
