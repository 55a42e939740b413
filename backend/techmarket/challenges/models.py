"""Challenges 揭榜挂帅, their sealed bids 揭榜申请, objections 异议 and milestones."""

from __future__ import annotations

import uuid
from datetime import datetime
from decimal import Decimal
from enum import StrEnum
from typing import Any

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    Numeric,
    String,
    Text,
    Uuid,
    text,
)
from sqlalchemy.dialects.postgresql import ARRAY, JSONB
from sqlalchemy.orm import Mapped, mapped_column

from techmarket.core.entries import EntryColumns
from techmarket.db import Base, str_enum, utcnow_column


class ChallengeStatus(StrEnum):
    DRAFT = "draft"
    PENDING_REVIEW = "pending_review"
    PUBLISHED = "published"  # 张榜: open for bids until the deadline
    CLOSED = "closed"  # the deadline passed
    REVIEWING = "reviewing"  # 专家评审
    PUBLICITY = "publicity"  # 公示: the proposed result is public, objections accepted
    AWARDED = "awarded"  # 挂帅
    IN_PROGRESS = "in_progress"  # 攻关
    ACCEPTED = "accepted"  # 验收通过
    FAILED = "failed"
    CANCELLED = "cancelled"  # 撤榜
    UNAWARDED = "unawarded"  # 流榜


# Everything once published stays on the record: the board is the bureau's public account.
PUBLIC_STATUSES = frozenset(
    set(ChallengeStatus) - {ChallengeStatus.DRAFT, ChallengeStatus.PENDING_REVIEW}
)


class ChallengeBoard(StrEnum):
    GOVERNMENT = "government"  # 政府榜
    ENTERPRISE = "enterprise"  # 企业榜


class ChallengeMode(StrEnum):
    OPEN_CALL = "open_call"  # 揭榜挂帅
    COMPETITIVE = "competitive"  # 竞争择优: a minimum number of valid bids
    DIRECTED = "directed"  # 定向委托: invited organisations only, with a written justification


class Challenge(EntryColumns, Base):
    """A key technical problem published with a bounty; ``organization_id`` is the issuer 发榜方."""

    __tablename__ = "challenge"
    __table_args__ = (
        CheckConstraint("bounty >= 0", name="bounty_not_negative"),
        CheckConstraint(
            "(mode = 'competitive') = (min_valid_bids IS NOT NULL)", name="competitive_minimum"
        ),
        CheckConstraint("min_valid_bids IS NULL OR min_valid_bids >= 1", name="minimum_positive"),
        CheckConstraint(
            "mode <> 'directed' OR justification IS NOT NULL", name="directed_justification"
        ),
        CheckConstraint("duration_months > 0", name="duration_positive"),
        CheckConstraint("publicity_days > 0", name="publicity_positive"),
    )

    status: Mapped[ChallengeStatus] = mapped_column(
        str_enum(ChallengeStatus, "challenge_status"), index=True
    )
    description: Mapped[str] = mapped_column(Text)  # the problem 攻关目标
    indicators: Mapped[str] = mapped_column(Text)  # 技术指标 to reach
    board: Mapped[ChallengeBoard] = mapped_column(str_enum(ChallengeBoard, "challenge_board"))
    mode: Mapped[ChallengeMode] = mapped_column(str_enum(ChallengeMode, "challenge_mode"))
    min_valid_bids: Mapped[int | None] = mapped_column(Integer)
    justification: Mapped[str | None] = mapped_column(Text)  # 定向委托 needs one
    invited_organization_ids: Mapped[list[uuid.UUID]] = mapped_column(
        ARRAY(Uuid), default=list, server_default="{}"
    )
    bounty: Mapped[Decimal] = mapped_column(Numeric(14, 2))  # 榜额 CNY; 0 = 面议
    payer: Mapped[str] = mapped_column(String(200))  # who pays the bounty
    criteria: Mapped[list[dict[str, Any]]] = mapped_column(JSONB)  # 评审标准, weights sum to 100
    eligible_kinds: Mapped[list[str]] = mapped_column(
        ARRAY(String(32)), default=list, server_default="{}"
    )  # organisation kinds allowed to bid; empty: any
    eligible_regions: Mapped[list[str]] = mapped_column(
        ARRAY(String(50)), default=list, server_default="{}"
    )  # empty: any region
    verified_required: Mapped[bool] = mapped_column(Boolean, default=True, server_default="true")
    deadline: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)
    duration_months: Mapped[int] = mapped_column(Integer)  # duration of the work
    publicity_days: Mapped[int] = mapped_column(Integer, default=5, server_default="5")
    origin_demand_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("demand.id", ondelete="RESTRICT"), index=True
    )
    closed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    publicity_ends_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # The proposed winner from publicity (公示), then the winner 挂帅.
    winner_bid_id: Mapped[uuid.UUID | None] = mapped_column(Uuid)
    winner_organization_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("organization.id", ondelete="RESTRICT"), index=True
    )
    award_reason: Mapped[str | None] = mapped_column(Text)
    awarded_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    project_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("project.id", ondelete="SET NULL")
    )
    outcome_reason: Mapped[str | None] = mapped_column(Text)  # cancelled, unawarded, failed


class BidStatus(StrEnum):
    DRAFT = "draft"
    SUBMITTED = "submitted"
    WITHDRAWN = "withdrawn"
    NEEDS_RECONFIRMATION = "needs_reconfirmation"  # the challenge's terms changed
    ELIGIBLE = "eligible"  # 资格审查 passed
    INELIGIBLE = "ineligible"
    SCORED = "scored"
    AWARDED = "awarded"
    NOT_AWARDED = "not_awarded"


# Bids that were in at the deadline: the receipts published, the number of bids.
COUNTED_BID_STATUSES = frozenset(
    {
        BidStatus.SUBMITTED,
        BidStatus.ELIGIBLE,
        BidStatus.INELIGIBLE,
        BidStatus.SCORED,
        BidStatus.AWARDED,
        BidStatus.NOT_AWARDED,
    }
)


class ChallengeBid(Base):
    """A bid 揭榜申请: sealed until the deadline (see ``bids.py`` for who reads what)."""

    __tablename__ = "challenge_bid"
    __table_args__ = (
        # One active bid per organisation and challenge; a withdrawn one makes room for a new one.
        Index(
            "uq_challenge_bid_active",
            "challenge_id",
            "organization_id",
            unique=True,
            postgresql_where=text("status <> 'withdrawn'"),
        ),
        CheckConstraint("price > 0", name="price_positive"),
        CheckConstraint(
            "(receipt_sha256 IS NULL) = (submitted_at IS NULL)", name="receipt_complete"
        ),
    )

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    challenge_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("challenge.id", ondelete="RESTRICT"), index=True
    )
    organization_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("organization.id", ondelete="RESTRICT"), index=True
    )
    author_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("app_user.id", ondelete="SET NULL")
    )
    status: Mapped[BidStatus] = mapped_column(str_enum(BidStatus, "bid_status"), index=True)
    leader_name: Mapped[str] = mapped_column(String(100))  # 负责人
    team: Mapped[list[dict[str, Any]]] = mapped_column(JSONB)  # name, title, organization, email
    approach: Mapped[str] = mapped_column(Text)  # 技术方案
    milestones: Mapped[list[dict[str, Any]]] = mapped_column(JSONB)  # title, month, deliverable
    price: Mapped[Decimal] = mapped_column(Numeric(14, 2))  # price asked, CNY
    receipt_sha256: Mapped[str | None] = mapped_column(String(64))
    submitted_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    eligibility_reason: Mapped[str | None] = mapped_column(Text)
    score: Mapped[Decimal | None] = mapped_column(Numeric(6, 2))  # the aggregate, 0..100
    rank: Mapped[int | None] = mapped_column(Integer)
    decision_reason: Mapped[str | None] = mapped_column(Text)  # award, or why not any more
    created_at: Mapped[datetime] = utcnow_column()
    updated_at: Mapped[datetime] = utcnow_column()
    version: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012


class ObjectionStatus(StrEnum):
    OPEN = "open"
    UPHELD = "upheld"
    DISMISSED = "dismissed"


class ChallengeObjection(Base):
    """An objection 异议 to the result under publicity, filed by an organisation."""

    __tablename__ = "challenge_objection"

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    challenge_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("challenge.id", ondelete="RESTRICT"), index=True
    )
    organization_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("organization.id", ondelete="RESTRICT")
    )
    author_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("app_user.id", ondelete="SET NULL")
    )
    reason: Mapped[str] = mapped_column(Text)
    status: Mapped[ObjectionStatus] = mapped_column(str_enum(ObjectionStatus, "objection_status"))
    resolution: Mapped[str | None] = mapped_column(Text)
    resolved_by_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("app_user.id", ondelete="SET NULL")
    )
    created_at: Mapped[datetime] = utcnow_column()
    resolved_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class MilestoneStatus(StrEnum):
    REPORTED = "reported"
    ACCEPTED = "accepted"
    RETURNED = "returned"  # back to the winner with the reason


class ChallengeMilestone(Base):
    """A milestone the winner reports during the work; the issuer or staff accept or return it."""

    __tablename__ = "challenge_milestone"

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    challenge_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("challenge.id", ondelete="RESTRICT"), index=True
    )
    title: Mapped[str] = mapped_column(String(200))
    report: Mapped[str] = mapped_column(Text)
    status: Mapped[MilestoneStatus] = mapped_column(str_enum(MilestoneStatus, "milestone_status"))
    review_reason: Mapped[str | None] = mapped_column(Text)
    reported_by_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("app_user.id", ondelete="SET NULL")
    )
    created_at: Mapped[datetime] = utcnow_column()
    updated_at: Mapped[datetime] = utcnow_column()
