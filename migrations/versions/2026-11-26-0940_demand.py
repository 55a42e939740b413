"""demand: enterprises' technology demands (技术需求)

Revision ID: 0005_demand
Revises: 0004_taxonomies
Create Date: 2026-11-26 09:12:42.154813+00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0005_demand"
down_revision: str | None = "0004_taxonomies"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "demand",
        sa.Column(
            "status",
            sa.Enum(
                "draft",
                "pending_review",
                "rejected",
                "published",
                "in_progress",
                "resolved",
                "closed",
                name="demand_status",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("indicators", sa.Text(), nullable=True),
        sa.Column("demand_type", sa.String(length=50), nullable=False),
        sa.Column("cooperation_mode", sa.String(length=50), nullable=True),
        sa.Column("budget_min", sa.Numeric(precision=14, scale=2), nullable=True),
        sa.Column("budget_max", sa.Numeric(precision=14, scale=2), nullable=True),
        sa.Column("budget_negotiable", sa.Boolean(), nullable=False),
        sa.Column("deadline", sa.Date(), nullable=True),
        sa.Column("valid_until", sa.Date(), nullable=False),
        sa.Column("contact_name", sa.String(length=100), nullable=True),
        sa.Column("contact_phone", sa.String(length=30), nullable=True),
        sa.Column("contact_email", sa.String(length=254), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("field", sa.String(length=50), nullable=False),
        sa.Column("region", sa.String(length=50), nullable=False),
        sa.Column("keywords", postgresql.ARRAY(sa.String(length=50)), nullable=False),
        sa.Column("rejection_reason", sa.Text(), nullable=True),
        sa.Column("published_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.Column(
            "updated_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("organization_id", sa.Uuid(), nullable=False),
        sa.Column("author_id", sa.Uuid(), nullable=True),
        sa.CheckConstraint(
            "budget_min IS NULL OR budget_max IS NULL OR budget_min <= budget_max",
            name=op.f("ck_demand_budget_range"),
        ),
        sa.ForeignKeyConstraint(
            ["author_id"],
            ["app_user.id"],
            name=op.f("fk_demand_author_id_app_user"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organization.id"],
            name=op.f("fk_demand_organization_id_organization"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_demand")),
    )
    op.create_index(op.f("ix_demand_budget_max"), "demand", ["budget_max"], unique=False)
    op.create_index(op.f("ix_demand_created_at"), "demand", ["created_at"], unique=False)
    op.create_index(op.f("ix_demand_demand_type"), "demand", ["demand_type"], unique=False)
    op.create_index(op.f("ix_demand_field"), "demand", ["field"], unique=False)
    op.create_index(op.f("ix_demand_organization_id"), "demand", ["organization_id"], unique=False)
    op.create_index(op.f("ix_demand_published_at"), "demand", ["published_at"], unique=False)
    op.create_index(op.f("ix_demand_region"), "demand", ["region"], unique=False)
    op.create_index(op.f("ix_demand_status"), "demand", ["status"], unique=False)
    op.create_index(op.f("ix_demand_valid_until"), "demand", ["valid_until"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_demand_valid_until"), table_name="demand")
    op.drop_index(op.f("ix_demand_status"), table_name="demand")
    op.drop_index(op.f("ix_demand_region"), table_name="demand")
    op.drop_index(op.f("ix_demand_published_at"), table_name="demand")
    op.drop_index(op.f("ix_demand_organization_id"), table_name="demand")
    op.drop_index(op.f("ix_demand_field"), table_name="demand")
    op.drop_index(op.f("ix_demand_demand_type"), table_name="demand")
    op.drop_index(op.f("ix_demand_created_at"), table_name="demand")
    op.drop_index(op.f("ix_demand_budget_max"), table_name="demand")
    op.drop_table("demand")
