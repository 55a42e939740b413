from __future__ import annotations

from datetime import date
from decimal import Decimal
from enum import StrEnum

from sqlalchemy import Boolean, CheckConstraint, Date, Index, Numeric, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from techmarket.core.entries import EntryColumns, public_list_index
from techmarket.db import Base, str_enum


class DemandStatus(StrEnum):
    DRAFT = "draft"
    PENDING_REVIEW = "pending_review"
    REJECTED = "rejected"  # back to its owner, with the reviewer's reason
    PUBLISHED = "published"
    IN_PROGRESS = "in_progress"  # 对接中
    RESOLVED = "resolved"  # 已解决
    CLOSED = "closed"


PUBLIC_STATUSES = frozenset(
    {DemandStatus.PUBLISHED, DemandStatus.IN_PROGRESS, DemandStatus.RESOLVED}
)


class Demand(EntryColumns, Base):
    """An enterprise's technology demand 技术需求: a problem it wants solved."""

    __tablename__ = "demand"
    __table_args__ = (
        CheckConstraint(
            "budget_min IS NULL OR budget_max IS NULL OR budget_min <= budget_max",
            name="budget_range",
        ),
    )

    status: Mapped[DemandStatus] = mapped_column(
        str_enum(DemandStatus, "demand_status"), index=True
    )
    description: Mapped[str] = mapped_column(Text)
    indicators: Mapped[str | None] = mapped_column(Text)  # 技术指标 wanted
    demand_type: Mapped[str] = mapped_column(String(50), index=True)
    cooperation_mode: Mapped[str | None] = mapped_column(String(50))
    budget_min: Mapped[Decimal | None] = mapped_column(Numeric(14, 2))
    budget_max: Mapped[Decimal | None] = mapped_column(Numeric(14, 2), index=True)
    budget_negotiable: Mapped[bool] = mapped_column(Boolean, default=False)
    deadline: Mapped[date | None] = mapped_column(Date)  # 截止日期 for solutions
    valid_until: Mapped[date] = mapped_column(Date, index=True)  # leaves public lists after
    # The valid_until its owner was last reminded of: a renewed demand that expires again
    # gets a new reminder without anything to reset.
    expiry_reminded_for: Mapped[date | None] = mapped_column(Date)
    contact_name: Mapped[str | None] = mapped_column(String(100))
    contact_phone: Mapped[str | None] = mapped_column(String(30))
    contact_email: Mapped[str | None] = mapped_column(String(254))


# Similar titles are found by trigram similarity (search/similar.py).
Index(
    "ix_demand_title_trgm",
    Demand.title,
    postgresql_using="gin",
    postgresql_ops={"title": "gin_trgm_ops"},
)
public_list_index(Demand, PUBLIC_STATUSES)
