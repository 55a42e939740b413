from __future__ import annotations

import uuid
from decimal import Decimal
from enum import StrEnum

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    ForeignKey,
    Index,
    Numeric,
    SmallInteger,
    String,
    Text,
)
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.orm import Mapped, mapped_column

from techmarket.core.entries import EntryColumns, public_list_index
from techmarket.db import Base, str_enum


class AchievementStatus(StrEnum):
    DRAFT = "draft"
    PENDING_REVIEW = "pending_review"
    REJECTED = "rejected"  # back to its owner, with the reviewer's reason
    PUBLISHED = "published"
    TRANSFERRED = "transferred"  # 已转化
    WITHDRAWN = "withdrawn"


PUBLIC_STATUSES = frozenset({AchievementStatus.PUBLISHED, AchievementStatus.TRANSFERRED})


class Achievement(EntryColumns, Base):
    """A technology achievement 科技成果 its organisation offers for transfer, licence, equity
    or joint development."""

    __tablename__ = "achievement"
    __table_args__ = (
        CheckConstraint("trl BETWEEN 1 AND 9", name="trl_range"),
        CheckConstraint("asking_price >= 0", name="asking_price_not_negative"),
        CheckConstraint("cardinality(transfer_modes) >= 1", name="transfer_mode_given"),
        # "Offered for licence" is a containment filter (@>): GIN answers it.
        Index("ix_achievement_transfer_modes", "transfer_modes", postgresql_using="gin"),
    )

    status: Mapped[AchievementStatus] = mapped_column(
        str_enum(AchievementStatus, "achievement_status"), index=True
    )
    abstract: Mapped[str] = mapped_column(Text)
    maturity: Mapped[str | None] = mapped_column(String(50), index=True)
    trl: Mapped[int | None] = mapped_column(SmallInteger)  # technology readiness level
    ip_type: Mapped[str | None] = mapped_column(String(50))
    ip_numbers: Mapped[list[str]] = mapped_column(ARRAY(String(50)), default=list)
    transfer_modes: Mapped[list[str]] = mapped_column(ARRAY(String(50)))
    asking_price: Mapped[Decimal | None] = mapped_column(Numeric(14, 2), index=True)
    price_negotiable: Mapped[bool] = mapped_column(Boolean, default=False)
    inventors: Mapped[list[str]] = mapped_column(ARRAY(String(50)), default=list)
    registration_number: Mapped[str | None] = mapped_column(String(50))
    # The completed innovation project these are results of (成果来源项目), if any.
    project_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("project.id", ondelete="SET NULL"), index=True
    )
    contact_name: Mapped[str | None] = mapped_column(String(100))
    contact_phone: Mapped[str | None] = mapped_column(String(30))
    contact_email: Mapped[str | None] = mapped_column(String(254))


# Similar titles are found by trigram similarity (search/similar.py).
Index(
    "ix_achievement_title_trgm",
    Achievement.title,
    postgresql_using="gin",
    postgresql_ops={"title": "gin_trgm_ops"},
)
public_list_index(Achievement, PUBLIC_STATUSES)
