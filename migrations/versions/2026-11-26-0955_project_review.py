"""projects and reviews: calls 申报批次, innovation projects 科技创新项目, review rounds 评审

Tables project_call (a window or rolling 常态制), project (an entry with status, code given on
approval, budgets, period, origin), and the generic review tables: review_round (a subject's
review, with a copy of its organisation, field and keywords), review_criterion (weights summing to
100), review_assignment (one per expert and round) and review_score (one per criterion).

A sibling of 0006/0008 (achievements, connections, attachments) from 0005_demand; the merge
revision joins them.

Revision ID: 0007_project_review
Revises: 0005_demand
Create Date: 2026-11-26 09:19:30.214628+00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0007_project_review"
down_revision: str | None = "0005_demand"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "project_call",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("kinds", postgresql.ARRAY(sa.String(length=50)), nullable=False),
        sa.Column("fields", postgresql.ARRAY(sa.String(length=50)), nullable=False),
        sa.Column("description", sa.Text(), nullable=True),
        sa.Column("rolling", sa.Boolean(), nullable=False),
        sa.Column("opens_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("closes_at", sa.DateTime(timezone=True), nullable=True),
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
            "(rolling AND opens_at IS NULL AND closes_at IS NULL) OR "
            "(NOT rolling AND opens_at IS NOT NULL AND closes_at > opens_at)",
            name=op.f("ck_project_call_window"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_project_call")),
    )
    op.create_index(
        op.f("ix_project_call_created_at"), "project_call", ["created_at"], unique=False
    )
    op.create_index(op.f("ix_project_call_year"), "project_call", ["year"], unique=False)
    op.create_table(
        "project",
        sa.Column(
            "status",
            sa.Enum(
                "draft",
                "submitted",
                "formal_check",
                "expert_review",
                "approved",
                "rejected",
                "in_progress",
                "midterm",
                "acceptance",
                "completed",
                "terminated",
                name="project_status",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("code", sa.String(length=40), nullable=True),
        sa.Column("leader_name", sa.String(length=100), nullable=False),
        sa.Column("kind", sa.String(length=50), nullable=False),
        sa.Column(
            "origin",
            sa.Enum(
                "call",
                "challenge",
                "directed",
                name="project_origin",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("call_id", sa.Uuid(), nullable=True),
        sa.Column("budget_requested", sa.Numeric(precision=14, scale=2), nullable=False),
        sa.Column("budget_granted", sa.Numeric(precision=14, scale=2), nullable=True),
        sa.Column("start_date", sa.Date(), nullable=False),
        sa.Column("end_date", sa.Date(), nullable=False),
        sa.Column("objectives", sa.Text(), nullable=False),
        sa.Column("termination_reason", sa.Text(), nullable=True),
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
            "origin <> 'call' OR call_id IS NOT NULL", name=op.f("ck_project_origin_call")
        ),
        sa.CheckConstraint(
            "budget_granted IS NULL OR (budget_granted > 0 AND budget_granted <= budget_requested)",
            name=op.f("ck_project_budget_granted_within_request"),
        ),
        sa.CheckConstraint(
            "budget_requested > 0", name=op.f("ck_project_budget_requested_positive")
        ),
        sa.CheckConstraint("end_date > start_date", name=op.f("ck_project_period")),
        sa.ForeignKeyConstraint(
            ["author_id"],
            ["app_user.id"],
            name=op.f("fk_project_author_id_app_user"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["call_id"],
            ["project_call.id"],
            name=op.f("fk_project_call_id_project_call"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organization.id"],
            name=op.f("fk_project_organization_id_organization"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_project")),
        sa.UniqueConstraint("code", name=op.f("uq_project_code")),
    )
    op.create_index(op.f("ix_project_call_id"), "project", ["call_id"], unique=False)
    op.create_index(op.f("ix_project_created_at"), "project", ["created_at"], unique=False)
    op.create_index(op.f("ix_project_field"), "project", ["field"], unique=False)
    op.create_index(op.f("ix_project_kind"), "project", ["kind"], unique=False)
    op.create_index(
        op.f("ix_project_organization_id"), "project", ["organization_id"], unique=False
    )
    op.create_index(op.f("ix_project_published_at"), "project", ["published_at"], unique=False)
    op.create_index(op.f("ix_project_region"), "project", ["region"], unique=False)
    op.create_index(op.f("ix_project_status"), "project", ["status"], unique=False)
    op.create_table(
        "review_round",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column(
            "subject_type",
            sa.Enum(
                "project",
                "bid",
                name="review_subject_type",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("subject_id", sa.Uuid(), nullable=False),
        sa.Column("subject_title", sa.String(length=200), nullable=False),
        sa.Column("subject_organization_id", sa.Uuid(), nullable=False),
        sa.Column("subject_field", sa.String(length=50), nullable=False),
        sa.Column("subject_keywords", postgresql.ARRAY(sa.String(length=50)), nullable=False),
        sa.Column("created_by_id", sa.Uuid(), nullable=True),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.Column("closed_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["created_by_id"],
            ["app_user.id"],
            name=op.f("fk_review_round_created_by_id_app_user"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["subject_organization_id"],
            ["organization.id"],
            name=op.f("fk_review_round_subject_organization_id_organization"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_review_round")),
    )
    op.create_index(
        "ix_review_round_subject", "review_round", ["subject_type", "subject_id"], unique=False
    )
    op.create_table(
        "review_assignment",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("round_id", sa.Uuid(), nullable=False),
        sa.Column("expert_id", sa.Uuid(), nullable=False),
        sa.Column(
            "status",
            sa.Enum(
                "assigned",
                "submitted",
                name="review_assignment_status",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("comment", sa.Text(), nullable=True),
        sa.Column("assigned_by_id", sa.Uuid(), nullable=True),
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
        sa.Column("submitted_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["assigned_by_id"],
            ["app_user.id"],
            name=op.f("fk_review_assignment_assigned_by_id_app_user"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["expert_id"],
            ["app_user.id"],
            name=op.f("fk_review_assignment_expert_id_app_user"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["round_id"],
            ["review_round.id"],
            name=op.f("fk_review_assignment_round_id_review_round"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_review_assignment")),
        sa.UniqueConstraint("round_id", "expert_id", name=op.f("uq_review_assignment_round_id")),
    )
    op.create_index(
        op.f("ix_review_assignment_expert_id"), "review_assignment", ["expert_id"], unique=False
    )
    op.create_index(
        op.f("ix_review_assignment_round_id"), "review_assignment", ["round_id"], unique=False
    )
    op.create_table(
        "review_criterion",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("round_id", sa.Uuid(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("weight", sa.Numeric(precision=5, scale=2), nullable=False),
        sa.Column("max_score", sa.Numeric(precision=6, scale=2), nullable=False),
        sa.CheckConstraint("max_score > 0", name=op.f("ck_review_criterion_max_score_positive")),
        sa.CheckConstraint("weight > 0", name=op.f("ck_review_criterion_weight_positive")),
        sa.ForeignKeyConstraint(
            ["round_id"],
            ["review_round.id"],
            name=op.f("fk_review_criterion_round_id_review_round"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_review_criterion")),
        sa.UniqueConstraint("round_id", "position", name=op.f("uq_review_criterion_round_id")),
    )
    op.create_index(
        op.f("ix_review_criterion_round_id"), "review_criterion", ["round_id"], unique=False
    )
    op.create_table(
        "review_score",
        sa.Column("assignment_id", sa.Uuid(), nullable=False),
        sa.Column("criterion_id", sa.Uuid(), nullable=False),
        sa.Column("score", sa.Numeric(precision=6, scale=2), nullable=False),
        sa.CheckConstraint("score >= 0", name=op.f("ck_review_score_score_not_negative")),
        sa.ForeignKeyConstraint(
            ["assignment_id"],
            ["review_assignment.id"],
            name=op.f("fk_review_score_assignment_id_review_assignment"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["criterion_id"],
            ["review_criterion.id"],
            name=op.f("fk_review_score_criterion_id_review_criterion"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("assignment_id", "criterion_id", name=op.f("pk_review_score")),
    )


def downgrade() -> None:
    op.drop_table("review_score")
    op.drop_index(op.f("ix_review_criterion_round_id"), table_name="review_criterion")
    op.drop_table("review_criterion")
    op.drop_index(op.f("ix_review_assignment_round_id"), table_name="review_assignment")
    op.drop_index(op.f("ix_review_assignment_expert_id"), table_name="review_assignment")
    op.drop_table("review_assignment")
    op.drop_index("ix_review_round_subject", table_name="review_round")
    op.drop_table("review_round")
    op.drop_index(op.f("ix_project_status"), table_name="project")
    op.drop_index(op.f("ix_project_region"), table_name="project")
    op.drop_index(op.f("ix_project_published_at"), table_name="project")
    op.drop_index(op.f("ix_project_organization_id"), table_name="project")
    op.drop_index(op.f("ix_project_kind"), table_name="project")
    op.drop_index(op.f("ix_project_field"), table_name="project")
    op.drop_index(op.f("ix_project_created_at"), table_name="project")
    op.drop_index(op.f("ix_project_call_id"), table_name="project")
    op.drop_table("project")
    op.drop_index(op.f("ix_project_call_year"), table_name="project_call")
    op.drop_index(op.f("ix_project_call_created_at"), table_name="project_call")
    op.drop_table("project_call")
