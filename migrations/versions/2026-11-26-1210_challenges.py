"""challenges, bids, objections, milestones; project.challenge_id; review round conflicts

Revision ID: 0015_challenges
Revises: 0014_search_vocabulary
Create Date: 2026-11-26 11:23:11.070350+00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0015_challenges"
down_revision: str | None = "0014_search_vocabulary"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "challenge",
        sa.Column(
            "status",
            sa.Enum(
                "draft",
                "pending_review",
                "published",
                "closed",
                "reviewing",
                "publicity",
                "awarded",
                "in_progress",
                "accepted",
                "failed",
                "cancelled",
                "unawarded",
                name="challenge_status",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("indicators", sa.Text(), nullable=False),
        sa.Column(
            "board",
            sa.Enum(
                "government",
                "enterprise",
                name="challenge_board",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column(
            "mode",
            sa.Enum(
                "open_call",
                "competitive",
                "directed",
                name="challenge_mode",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("min_valid_bids", sa.Integer(), nullable=True),
        sa.Column("justification", sa.Text(), nullable=True),
        sa.Column(
            "invited_organization_ids",
            postgresql.ARRAY(sa.Uuid()),
            server_default="{}",
            nullable=False,
        ),
        sa.Column("bounty", sa.Numeric(precision=14, scale=2), nullable=False),
        sa.Column("payer", sa.String(length=200), nullable=False),
        sa.Column("criteria", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.Column(
            "eligible_kinds",
            postgresql.ARRAY(sa.String(length=32)),
            server_default="{}",
            nullable=False,
        ),
        sa.Column(
            "eligible_regions",
            postgresql.ARRAY(sa.String(length=50)),
            server_default="{}",
            nullable=False,
        ),
        sa.Column("verified_required", sa.Boolean(), server_default="true", nullable=False),
        sa.Column("deadline", sa.DateTime(timezone=True), nullable=False),
        sa.Column("duration_months", sa.Integer(), nullable=False),
        sa.Column("publicity_days", sa.Integer(), server_default="5", nullable=False),
        sa.Column("origin_demand_id", sa.Uuid(), nullable=True),
        sa.Column("closed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("publicity_ends_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("winner_bid_id", sa.Uuid(), nullable=True),
        sa.Column("winner_organization_id", sa.Uuid(), nullable=True),
        sa.Column("award_reason", sa.Text(), nullable=True),
        sa.Column("awarded_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("project_id", sa.Uuid(), nullable=True),
        sa.Column("outcome_reason", sa.Text(), nullable=True),
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
            "(mode = 'competitive') = (min_valid_bids IS NOT NULL)",
            name=op.f("ck_challenge_competitive_minimum"),
        ),
        sa.CheckConstraint(
            "mode <> 'directed' OR justification IS NOT NULL",
            name=op.f("ck_challenge_directed_justification"),
        ),
        sa.CheckConstraint("bounty >= 0", name=op.f("ck_challenge_bounty_not_negative")),
        sa.CheckConstraint("duration_months > 0", name=op.f("ck_challenge_duration_positive")),
        sa.CheckConstraint(
            "min_valid_bids IS NULL OR min_valid_bids >= 1",
            name=op.f("ck_challenge_minimum_positive"),
        ),
        sa.CheckConstraint("publicity_days > 0", name=op.f("ck_challenge_publicity_positive")),
        sa.ForeignKeyConstraint(
            ["author_id"],
            ["app_user.id"],
            name=op.f("fk_challenge_author_id_app_user"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organization.id"],
            name=op.f("fk_challenge_organization_id_organization"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["origin_demand_id"],
            ["demand.id"],
            name=op.f("fk_challenge_origin_demand_id_demand"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["project_id"],
            ["project.id"],
            name=op.f("fk_challenge_project_id_project"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["winner_organization_id"],
            ["organization.id"],
            name=op.f("fk_challenge_winner_organization_id_organization"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_challenge")),
    )
    op.create_index(op.f("ix_challenge_created_at"), "challenge", ["created_at"], unique=False)
    op.create_index(op.f("ix_challenge_deadline"), "challenge", ["deadline"], unique=False)
    op.create_index(op.f("ix_challenge_field"), "challenge", ["field"], unique=False)
    op.create_index(
        op.f("ix_challenge_organization_id"), "challenge", ["organization_id"], unique=False
    )
    op.create_index(
        op.f("ix_challenge_origin_demand_id"), "challenge", ["origin_demand_id"], unique=False
    )
    op.create_index(op.f("ix_challenge_published_at"), "challenge", ["published_at"], unique=False)
    op.create_index(op.f("ix_challenge_region"), "challenge", ["region"], unique=False)
    op.create_index(op.f("ix_challenge_status"), "challenge", ["status"], unique=False)
    op.create_index(
        op.f("ix_challenge_winner_organization_id"),
        "challenge",
        ["winner_organization_id"],
        unique=False,
    )
    op.create_table(
        "challenge_bid",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("challenge_id", sa.Uuid(), nullable=False),
        sa.Column("organization_id", sa.Uuid(), nullable=False),
        sa.Column("author_id", sa.Uuid(), nullable=True),
        sa.Column(
            "status",
            sa.Enum(
                "draft",
                "submitted",
                "withdrawn",
                "needs_reconfirmation",
                "eligible",
                "ineligible",
                "scored",
                "awarded",
                "not_awarded",
                name="bid_status",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("leader_name", sa.String(length=100), nullable=False),
        sa.Column("team", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.Column("approach", sa.Text(), nullable=False),
        sa.Column("milestones", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.Column("price", sa.Numeric(precision=14, scale=2), nullable=False),
        sa.Column("receipt_sha256", sa.String(length=64), nullable=True),
        sa.Column("submitted_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("eligibility_reason", sa.Text(), nullable=True),
        sa.Column("score", sa.Numeric(precision=6, scale=2), nullable=True),
        sa.Column("rank", sa.Integer(), nullable=True),
        sa.Column("decision_reason", sa.Text(), nullable=True),
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
            "(receipt_sha256 IS NULL) = (submitted_at IS NULL)",
            name=op.f("ck_challenge_bid_receipt_complete"),
        ),
        sa.CheckConstraint("price > 0", name=op.f("ck_challenge_bid_price_positive")),
        sa.ForeignKeyConstraint(
            ["author_id"],
            ["app_user.id"],
            name=op.f("fk_challenge_bid_author_id_app_user"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["challenge_id"],
            ["challenge.id"],
            name=op.f("fk_challenge_bid_challenge_id_challenge"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organization.id"],
            name=op.f("fk_challenge_bid_organization_id_organization"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_challenge_bid")),
    )
    op.create_index(
        op.f("ix_challenge_bid_challenge_id"), "challenge_bid", ["challenge_id"], unique=False
    )
    op.create_index(
        op.f("ix_challenge_bid_organization_id"), "challenge_bid", ["organization_id"], unique=False
    )
    op.create_index(op.f("ix_challenge_bid_status"), "challenge_bid", ["status"], unique=False)
    op.create_index(
        "uq_challenge_bid_active",
        "challenge_bid",
        ["challenge_id", "organization_id"],
        unique=True,
        postgresql_where=sa.text("status <> 'withdrawn'"),
    )
    op.create_table(
        "challenge_milestone",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("challenge_id", sa.Uuid(), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("report", sa.Text(), nullable=False),
        sa.Column(
            "status",
            sa.Enum(
                "reported",
                "accepted",
                "returned",
                name="milestone_status",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("review_reason", sa.Text(), nullable=True),
        sa.Column("reported_by_id", sa.Uuid(), nullable=True),
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
        sa.ForeignKeyConstraint(
            ["challenge_id"],
            ["challenge.id"],
            name=op.f("fk_challenge_milestone_challenge_id_challenge"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["reported_by_id"],
            ["app_user.id"],
            name=op.f("fk_challenge_milestone_reported_by_id_app_user"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_challenge_milestone")),
    )
    op.create_index(
        op.f("ix_challenge_milestone_challenge_id"),
        "challenge_milestone",
        ["challenge_id"],
        unique=False,
    )
    op.create_table(
        "challenge_objection",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("challenge_id", sa.Uuid(), nullable=False),
        sa.Column("organization_id", sa.Uuid(), nullable=False),
        sa.Column("author_id", sa.Uuid(), nullable=True),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column(
            "status",
            sa.Enum(
                "open",
                "upheld",
                "dismissed",
                name="objection_status",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("resolution", sa.Text(), nullable=True),
        sa.Column("resolved_by_id", sa.Uuid(), nullable=True),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.Column("resolved_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["author_id"],
            ["app_user.id"],
            name=op.f("fk_challenge_objection_author_id_app_user"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["challenge_id"],
            ["challenge.id"],
            name=op.f("fk_challenge_objection_challenge_id_challenge"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organization.id"],
            name=op.f("fk_challenge_objection_organization_id_organization"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["resolved_by_id"],
            ["app_user.id"],
            name=op.f("fk_challenge_objection_resolved_by_id_app_user"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_challenge_objection")),
    )
    op.create_index(
        op.f("ix_challenge_objection_challenge_id"),
        "challenge_objection",
        ["challenge_id"],
        unique=False,
    )
    op.add_column("project", sa.Column("challenge_id", sa.Uuid(), nullable=True))
    op.create_index(op.f("ix_project_challenge_id"), "project", ["challenge_id"], unique=False)
    op.create_foreign_key(
        op.f("fk_project_challenge_id_challenge"),
        "project",
        "challenge",
        ["challenge_id"],
        ["id"],
        ondelete="RESTRICT",
    )
    # A project of origin challenge names its challenge; no other does.
    op.create_check_constraint(
        op.f("ck_project_origin_challenge"),
        "project",
        "(origin = 'challenge') = (challenge_id IS NOT NULL)",
    )
    op.add_column(
        "review_round",
        sa.Column(
            "conflict_organization_ids",
            postgresql.ARRAY(sa.Uuid()),
            server_default="{}",
            nullable=False,
        ),
    )
    op.add_column(
        "review_round",
        sa.Column(
            "conflict_emails",
            postgresql.ARRAY(sa.String(length=254)),
            server_default="{}",
            nullable=False,
        ),
    )
    # Experts accept or decline what they are assigned.
    op.add_column("review_assignment", sa.Column("decline_reason", sa.Text(), nullable=True))
    op.drop_constraint(
        op.f("ck_review_assignment_review_assignment_status"), "review_assignment", type_="check"
    )
    op.create_check_constraint(
        op.f("ck_review_assignment_review_assignment_status"),
        "review_assignment",
        "status IN ('assigned', 'accepted', 'declined', 'submitted')",
    )


def downgrade() -> None:
    op.execute("UPDATE review_assignment SET status = 'assigned' WHERE status = 'accepted'")
    op.execute("DELETE FROM review_assignment WHERE status = 'declined'")
    op.drop_constraint(
        op.f("ck_review_assignment_review_assignment_status"), "review_assignment", type_="check"
    )
    op.create_check_constraint(
        op.f("ck_review_assignment_review_assignment_status"),
        "review_assignment",
        "status IN ('assigned', 'submitted')",
    )
    op.drop_column("review_assignment", "decline_reason")
    op.drop_column("review_round", "conflict_emails")
    op.drop_column("review_round", "conflict_organization_ids")
    op.drop_constraint(op.f("ck_project_origin_challenge"), "project", type_="check")
    op.drop_constraint(op.f("fk_project_challenge_id_challenge"), "project", type_="foreignkey")
    op.drop_index(op.f("ix_project_challenge_id"), table_name="project")
    op.drop_column("project", "challenge_id")
    op.drop_index(op.f("ix_challenge_objection_challenge_id"), table_name="challenge_objection")
    op.drop_table("challenge_objection")
    op.drop_index(op.f("ix_challenge_milestone_challenge_id"), table_name="challenge_milestone")
    op.drop_table("challenge_milestone")
    op.drop_index(
        "uq_challenge_bid_active",
        table_name="challenge_bid",
        postgresql_where=sa.text("status <> 'withdrawn'"),
    )
    op.drop_index(op.f("ix_challenge_bid_status"), table_name="challenge_bid")
    op.drop_index(op.f("ix_challenge_bid_organization_id"), table_name="challenge_bid")
    op.drop_index(op.f("ix_challenge_bid_challenge_id"), table_name="challenge_bid")
    op.drop_table("challenge_bid")
    op.drop_index(op.f("ix_challenge_winner_organization_id"), table_name="challenge")
    op.drop_index(op.f("ix_challenge_status"), table_name="challenge")
    op.drop_index(op.f("ix_challenge_region"), table_name="challenge")
    op.drop_index(op.f("ix_challenge_published_at"), table_name="challenge")
    op.drop_index(op.f("ix_challenge_origin_demand_id"), table_name="challenge")
    op.drop_index(op.f("ix_challenge_organization_id"), table_name="challenge")
    op.drop_index(op.f("ix_challenge_field"), table_name="challenge")
    op.drop_index(op.f("ix_challenge_deadline"), table_name="challenge")
    op.drop_index(op.f("ix_challenge_created_at"), table_name="challenge")
    op.drop_table("challenge")
