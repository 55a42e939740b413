from __future__ import annotations

import uuid
from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    Numeric,
    String,
    Text,
    Uuid,
)
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.orm import Mapped, mapped_column

from techmarket.core.entries import EntryColumns
from techmarket.db import Base, str_enum, utcnow_column


class ProjectCall(Base):
    """A call for applications 申报批次: a window, or rolling 常态制 (always open)."""

    __tablename__ = "project_call"
    __table_args__ = (
        CheckConstraint(
            "(rolling AND opens_at IS NULL AND closes_at IS NULL) OR "
            "(NOT rolling AND opens_at IS NOT NULL AND closes_at > opens_at)",
            name="window",
        ),
    )

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    name: Mapped[str] = mapped_column(String(200))
    year: Mapped[int] = mapped_column(Integer, index=True)
    kinds: Mapped[list[str]] = mapped_column(ARRAY(String(50)))  # project_kind codes allowed
    fields: Mapped[list[str]] = mapped_column(ARRAY(String(50)), default=list)  # empty: any
    description: Mapped[str | None] = mapped_column(Text)  # 申报指南
    rolling: Mapped[bool] = mapped_column(Boolean, default=False)
    opens_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    closes_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    closed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))  # closed early
    created_at: Mapped[datetime] = utcnow_column(index=True)
    updated_at: Mapped[datetime] = utcnow_column()
    version: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012

    def is_open(self, now: datetime) -> bool:
        if self.closed_at is not None:
            return False
        if self.rolling:
            return True
        assert self.opens_at is not None
        assert self.closes_at is not None
        return self.opens_at <= now < self.closes_at

    def is_over(self, now: datetime) -> bool:
        """Closed for good: no application can be prepared for it any more."""
        return self.closed_at is not None or (self.closes_at is not None and self.closes_at <= now)


class ProjectOrigin(StrEnum):
    CALL = "call"  # applied to a call 申报批次
    CHALLENGE = "challenge"  # an awarded challenge 揭榜挂帅
    DIRECTED = "directed"  # 定向委托


class ProjectStatus(StrEnum):
    DRAFT = "draft"
    SUBMITTED = "submitted"
    FORMAL_CHECK = "formal_check"  # 形式审查
    EXPERT_REVIEW = "expert_review"  # 专家评审
    APPROVED = "approved"  # 立项
    REJECTED = "rejected"
    IN_PROGRESS = "in_progress"  # 在研
    MIDTERM = "midterm"  # 中期检查
    ACCEPTANCE = "acceptance"  # 结题验收
    COMPLETED = "completed"
    TERMINATED = "terminated"


# What is 立项 is public; applications are not.
PUBLIC_STATUSES = frozenset(
    {
        ProjectStatus.APPROVED,
        ProjectStatus.IN_PROGRESS,
        ProjectStatus.MIDTERM,
        ProjectStatus.ACCEPTANCE,
        ProjectStatus.COMPLETED,
    }
)


class Project(EntryColumns, Base):
    """An innovation project 科技创新项目: ``title`` is its name, ``organization_id`` the
    applicant, ``region`` its county."""

    __tablename__ = "project"
    __table_args__ = (
        CheckConstraint("origin <> 'call' OR call_id IS NOT NULL", name="origin_call"),
        CheckConstraint(
            "(origin = 'challenge') = (challenge_id IS NOT NULL)", name="origin_challenge"
        ),
        CheckConstraint("budget_requested > 0", name="budget_requested_positive"),
        CheckConstraint(
            "budget_granted IS NULL OR (budget_granted > 0 AND budget_granted <= budget_requested)",
            name="budget_granted_within_request",
        ),
        CheckConstraint("end_date > start_date", name="period"),
    )

    status: Mapped[ProjectStatus] = mapped_column(
        str_enum(ProjectStatus, "project_status"), index=True
    )
    code: Mapped[str | None] = mapped_column(String(40), unique=True)  # 项目编号, on approval
    leader_name: Mapped[str] = mapped_column(String(100))  # 负责人
    kind: Mapped[str] = mapped_column(String(50), index=True)  # project_kind 项目类别
    origin: Mapped[ProjectOrigin] = mapped_column(str_enum(ProjectOrigin, "project_origin"))
    call_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("project_call.id", ondelete="RESTRICT"), index=True
    )
    # The awarded challenge 揭榜挂帅 this project carries out (origin challenge).
    challenge_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("challenge.id", ondelete="RESTRICT", use_alter=True), index=True
    )
    budget_requested: Mapped[Decimal] = mapped_column(Numeric(14, 2))  # 申请经费, CNY
    budget_granted: Mapped[Decimal | None] = mapped_column(Numeric(14, 2))  # 资助经费, CNY
    start_date: Mapped[date] = mapped_column(Date)
    end_date: Mapped[date] = mapped_column(Date)
    objectives: Mapped[str] = mapped_column(Text)  # 考核指标
    termination_reason: Mapped[str | None] = mapped_column(Text)


# Similar titles are found by trigram similarity (search/similar.py).
Index(
    "ix_project_title_trgm",
    Project.title,
    postgresql_using="gin",
    postgresql_ops={"title": "gin_trgm_ops"},
)
