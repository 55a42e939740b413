from __future__ import annotations

import uuid
from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum
from typing import TYPE_CHECKING

from sqlalchemy import (
    CheckConstraint,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    Numeric,
    Text,
    Uuid,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from techmarket.db import Base, str_enum, utcnow_column

if TYPE_CHECKING:
    from techmarket.achievements.models import Achievement
    from techmarket.demands.models import Demand


class ConnectionStatus(StrEnum):
    REQUESTED = "requested"
    ACCEPTED = "accepted"
    NEGOTIATING = "negotiating"
    CONTRACTED = "contracted"  # 合同签订: technology-contract turnover
    CLOSED = "closed"  # declined by the owner, or given up by either side


OPEN_STATUSES = frozenset(
    {ConnectionStatus.REQUESTED, ConnectionStatus.ACCEPTED, ConnectionStatus.NEGOTIATING}
)
# An organisation has at most one open connection per entry: partial unique indexes below.
_OPEN = "status IN ('requested', 'accepted', 'negotiating')"


class TargetType(StrEnum):
    DEMAND = "demand"
    ACHIEVEMENT = "achievement"


class Connection(Base):
    """对接: an organisation asks the owner of a published demand or achievement to work
    together; its contract amount feeds the turnover statistics (技术合同交易额)."""

    __tablename__ = "connection"
    __table_args__ = (
        CheckConstraint(
            "(target_type = 'demand') = (demand_id IS NOT NULL)"
            " AND (target_type = 'achievement') = (achievement_id IS NOT NULL)",
            name="one_target",
        ),
        CheckConstraint("requester_organization_id <> owner_organization_id", name="not_own"),
        CheckConstraint("contract_amount > 0", name="contract_amount_positive"),
        Index(
            "uq_connection_open_demand",
            "requester_organization_id",
            "demand_id",
            unique=True,
            postgresql_where=text(_OPEN),
        ),
        Index(
            "uq_connection_open_achievement",
            "requester_organization_id",
            "achievement_id",
            unique=True,
            postgresql_where=text(_OPEN),
        ),
    )

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    status: Mapped[ConnectionStatus] = mapped_column(
        str_enum(ConnectionStatus, "connection_status"), index=True
    )
    target_type: Mapped[TargetType] = mapped_column(str_enum(TargetType, "connection_target"))
    demand_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("demand.id", ondelete="RESTRICT"), index=True
    )
    achievement_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("achievement.id", ondelete="RESTRICT"), index=True
    )
    requester_organization_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("organization.id", ondelete="RESTRICT"), index=True
    )
    requester_user_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("app_user.id", ondelete="SET NULL")
    )
    # The entry's organisation, copied when requested (entries never change hands): who may
    # accept, and who sees the connection, without a join.
    owner_organization_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("organization.id", ondelete="RESTRICT"), index=True
    )
    message: Mapped[str] = mapped_column(Text)
    close_reason: Mapped[str | None] = mapped_column(Text)
    contract_amount: Mapped[Decimal | None] = mapped_column(Numeric(14, 2))
    contract_date: Mapped[date | None] = mapped_column(Date, index=True)
    accepted_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    contracted_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    closed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    created_at: Mapped[datetime] = utcnow_column(index=True)
    updated_at: Mapped[datetime] = utcnow_column()
    version: Mapped[int] = mapped_column(Integer, default=1)

    demand: Mapped[Demand | None] = relationship(lazy="raise")
    achievement: Mapped[Achievement | None] = relationship(lazy="raise")

    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012

    @property
    def target(self) -> Demand | Achievement:
        target = self.demand if self.target_type is TargetType.DEMAND else self.achievement
        assert target is not None, "load the target with the connection"
        return target

    @property
    def target_id(self) -> uuid.UUID:
        target_id = self.demand_id or self.achievement_id
        assert target_id is not None
        return target_id
