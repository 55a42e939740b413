"""achievement and connection: technology achievements (科技成果), connections (对接) to contract

Revision ID: 0006_achievement_connection
Revises: 0005_demand
Create Date: 2026-11-26 09:19:11.490426+00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0006_achievement_connection"
down_revision: str | None = "0005_demand"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "achievement",
        sa.Column(
            "status",
            sa.Enum(
                "draft",
                "pending_review",
                "rejected",
                "published",
                "transferred",
                "withdrawn",
                name="achievement_status",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("abstract", sa.Text(), nullable=False),
        sa.Column("maturity", sa.String(length=50), nullable=True),
        sa.Column("trl", sa.SmallInteger(), nullable=True),
        sa.Column("ip_type", sa.String(length=50), nullable=True),
        sa.Column("ip_numbers", postgresql.ARRAY(sa.String(length=50)), nullable=False),
        sa.Column("transfer_modes", postgresql.ARRAY(sa.String(length=50)), nullable=False),
        sa.Column("asking_price", sa.Numeric(precision=14, scale=2), nullable=True),
        sa.Column("price_negotiable", sa.Boolean(), nullable=False),
        sa.Column("inventors", postgresql.ARRAY(sa.String(length=50)), nullable=False),
        sa.Column("registration_number", sa.String(length=50), nullable=True),
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
            "asking_price >= 0", name=op.f("ck_achievement_asking_price_not_negative")
        ),
        sa.CheckConstraint(
            "cardinality(transfer_modes) >= 1", name=op.f("ck_achievement_transfer_mode_given")
        ),
        sa.CheckConstraint("trl BETWEEN 1 AND 9", name=op.f("ck_achievement_trl_range")),
        sa.ForeignKeyConstraint(
            ["author_id"],
            ["app_user.id"],
            name=op.f("fk_achievement_author_id_app_user"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organization.id"],
            name=op.f("fk_achievement_organization_id_organization"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_achievement")),
    )
    op.create_index(
        op.f("ix_achievement_asking_price"), "achievement", ["asking_price"], unique=False
    )
    op.create_index(op.f("ix_achievement_created_at"), "achievement", ["created_at"], unique=False)
    op.create_index(op.f("ix_achievement_field"), "achievement", ["field"], unique=False)
    op.create_index(op.f("ix_achievement_maturity"), "achievement", ["maturity"], unique=False)
    op.create_index(
        op.f("ix_achievement_organization_id"), "achievement", ["organization_id"], unique=False
    )
    op.create_index(
        op.f("ix_achievement_published_at"), "achievement", ["published_at"], unique=False
    )
    op.create_index(op.f("ix_achievement_region"), "achievement", ["region"], unique=False)
    op.create_index(op.f("ix_achievement_status"), "achievement", ["status"], unique=False)
    op.create_index(
        "ix_achievement_transfer_modes",
        "achievement",
        ["transfer_modes"],
        unique=False,
        postgresql_using="gin",
    )
    op.create_table(
        "connection",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column(
            "status",
            sa.Enum(
                "requested",
                "accepted",
                "negotiating",
                "contracted",
                "closed",
                name="connection_status",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column(
            "target_type",
            sa.Enum(
                "demand",
                "achievement",
                name="connection_target",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("demand_id", sa.Uuid(), nullable=True),
        sa.Column("achievement_id", sa.Uuid(), nullable=True),
        sa.Column("requester_organization_id", sa.Uuid(), nullable=False),
        sa.Column("requester_user_id", sa.Uuid(), nullable=True),
        sa.Column("owner_organization_id", sa.Uuid(), nullable=False),
        sa.Column("message", sa.Text(), nullable=False),
        sa.Column("close_reason", sa.Text(), nullable=True),
        sa.Column("contract_amount", sa.Numeric(precision=14, scale=2), nullable=True),
        sa.Column("contract_date", sa.Date(), nullable=True),
        sa.Column("accepted_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("contracted_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("closed_at", sa.DateTime(timezone=True), nullable=True),
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
        sa.CheckConstraint(
            "(target_type = 'demand') = (demand_id IS NOT NULL)"
            " AND (target_type = 'achievement') = (achievement_id IS NOT NULL)",
            name=op.f("ck_connection_one_target"),
        ),
        sa.CheckConstraint(
            "contract_amount > 0", name=op.f("ck_connection_contract_amount_positive")
        ),
        sa.CheckConstraint(
            "requester_organization_id <> owner_organization_id", name=op.f("ck_connection_not_own")
        ),
        sa.ForeignKeyConstraint(
            ["achievement_id"],
            ["achievement.id"],
            name=op.f("fk_connection_achievement_id_achievement"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["demand_id"],
            ["demand.id"],
            name=op.f("fk_connection_demand_id_demand"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["owner_organization_id"],
            ["organization.id"],
            name=op.f("fk_connection_owner_organization_id_organization"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["requester_organization_id"],
            ["organization.id"],
            name=op.f("fk_connection_requester_organization_id_organization"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["requester_user_id"],
            ["app_user.id"],
            name=op.f("fk_connection_requester_user_id_app_user"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_connection")),
    )
    op.create_index(
        op.f("ix_connection_achievement_id"), "connection", ["achievement_id"], unique=False
    )
    op.create_index(
        op.f("ix_connection_contract_date"), "connection", ["contract_date"], unique=False
    )
    op.create_index(op.f("ix_connection_created_at"), "connection", ["created_at"], unique=False)
    op.create_index(op.f("ix_connection_demand_id"), "connection", ["demand_id"], unique=False)
    op.create_index(
        op.f("ix_connection_owner_organization_id"),
        "connection",
        ["owner_organization_id"],
        unique=False,
    )
    op.create_index(
        op.f("ix_connection_requester_organization_id"),
        "connection",
        ["requester_organization_id"],
        unique=False,
    )
    op.create_index(op.f("ix_connection_status"), "connection", ["status"], unique=False)
    op.create_index(
        "uq_connection_open_achievement",
        "connection",
        ["requester_organization_id", "achievement_id"],
        unique=True,
        postgresql_where=sa.text("status IN ('requested', 'accepted', 'negotiating')"),
    )
    op.create_index(
        "uq_connection_open_demand",
        "connection",
        ["requester_organization_id", "demand_id"],
        unique=True,
        postgresql_where=sa.text("status IN ('requested', 'accepted', 'negotiating')"),
    )


def downgrade() -> None:
    op.drop_index("uq_connection_open_demand", table_name="connection")
    op.drop_index("uq_connection_open_achievement", table_name="connection")
    op.drop_index(op.f("ix_connection_status"), table_name="connection")
    op.drop_index(op.f("ix_connection_requester_organization_id"), table_name="connection")
    op.drop_index(op.f("ix_connection_owner_organization_id"), table_name="connection")
    op.drop_index(op.f("ix_connection_demand_id"), table_name="connection")
    op.drop_index(op.f("ix_connection_created_at"), table_name="connection")
    op.drop_index(op.f("ix_connection_contract_date"), table_name="connection")
    op.drop_index(op.f("ix_connection_achievement_id"), table_name="connection")
    op.drop_table("connection")
    op.drop_index("ix_achievement_transfer_modes", table_name="achievement", postgresql_using="gin")
    op.drop_index(op.f("ix_achievement_status"), table_name="achievement")
    op.drop_index(op.f("ix_achievement_region"), table_name="achievement")
    op.drop_index(op.f("ix_achievement_published_at"), table_name="achievement")
    op.drop_index(op.f("ix_achievement_organization_id"), table_name="achievement")
    op.drop_index(op.f("ix_achievement_maturity"), table_name="achievement")
    op.drop_index(op.f("ix_achievement_field"), table_name="achievement")
    op.drop_index(op.f("ix_achievement_created_at"), table_name="achievement")
    op.drop_index(op.f("ix_achievement_asking_price"), table_name="achievement")
    op.drop_table("achievement")
