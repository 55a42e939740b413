"""Review rounds 评审: criteria, the experts assigned and the scores they give.

A round describes its subject with a copy of what the review needs (organisation for conflicts,
field and keywords for suggestions), so that this package never imports the collections it
serves: projects now, challenge bids later.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from decimal import Decimal
from enum import StrEnum

from sqlalchemy import (
    CheckConstraint,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    Numeric,
    String,
    Text,
    UniqueConstraint,
    Uuid,
)
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.orm import Mapped, mapped_column

from techmarket.db import Base, str_enum, utcnow_column


class ReviewSubjectType(StrEnum):
    PROJECT = "project"
    BID = "bid"  # 揭榜申请


class AssignmentStatus(StrEnum):
    ASSIGNED = "assigned"
    ACCEPTED = "accepted"  # the expert took it on
    DECLINED = "declined"  # the expert will not review it (with a reason); it does not count
    SUBMITTED = "submitted"  # the scores are final


class ReviewRound(Base):
    __tablename__ = "review_round"
    __table_args__ = (Index("ix_review_round_subject", "subject_type", "subject_id"),)

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    subject_type: Mapped[ReviewSubjectType] = mapped_column(
        str_enum(ReviewSubjectType, "review_subject_type")
    )
    subject_id: Mapped[uuid.UUID] = mapped_column(Uuid)
    subject_title: Mapped[str] = mapped_column(String(200))
    subject_organization_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("organization.id", ondelete="RESTRICT")
    )
    subject_field: Mapped[str] = mapped_column(String(50))
    subject_keywords: Mapped[list[str]] = mapped_column(ARRAY(String(50)), default=list)
    # Besides the subject's own organisation, who must not review it: for a bid, the issuer and
    # the other bidders; and the people of the subject (a bidding team), by email.
    conflict_organization_ids: Mapped[list[uuid.UUID]] = mapped_column(
        ARRAY(Uuid), default=list, server_default="{}"
    )
    conflict_emails: Mapped[list[str]] = mapped_column(
        ARRAY(String(254)), default=list, server_default="{}"
    )
    created_by_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("app_user.id", ondelete="SET NULL")
    )
    created_at: Mapped[datetime] = utcnow_column()
    closed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class ReviewCriterion(Base):
    """One criterion 评审标准 with its weight; the weights of a round sum to 100."""

    __tablename__ = "review_criterion"
    __table_args__ = (
        UniqueConstraint("round_id", "position"),
        CheckConstraint("weight > 0", name="weight_positive"),
        CheckConstraint("max_score > 0", name="max_score_positive"),
    )

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    round_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("review_round.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(String(100))
    weight: Mapped[Decimal] = mapped_column(Numeric(5, 2))
    max_score: Mapped[Decimal] = mapped_column(Numeric(6, 2))


class ReviewAssignment(Base):
    """An expert asked to review a round's subject; one per expert and round."""

    __tablename__ = "review_assignment"
    __table_args__ = (UniqueConstraint("round_id", "expert_id"),)

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    round_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("review_round.id", ondelete="CASCADE"), index=True
    )
    expert_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("app_user.id", ondelete="RESTRICT"), index=True
    )
    status: Mapped[AssignmentStatus] = mapped_column(
        str_enum(AssignmentStatus, "review_assignment_status")
    )
    comment: Mapped[str | None] = mapped_column(Text)
    decline_reason: Mapped[str | None] = mapped_column(Text)
    assigned_by_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("app_user.id", ondelete="SET NULL")
    )
    created_at: Mapped[datetime] = utcnow_column()
    updated_at: Mapped[datetime] = utcnow_column()
    submitted_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class ReviewScore(Base):
    __tablename__ = "review_score"
    __table_args__ = (CheckConstraint("score >= 0", name="score_not_negative"),)

    assignment_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("review_assignment.id", ondelete="CASCADE"), primary_key=True
    )
    criterion_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("review_criterion.id", ondelete="CASCADE"), primary_key=True
    )
    score: Mapped[Decimal] = mapped_column(Numeric(6, 2))
