from __future__ import annotations

import uuid
from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum
from typing import Annotated

from pydantic import BaseModel, Field, StringConstraints

from techmarket.connections.models import ConnectionStatus, TargetType
from techmarket.core.entries import MAX_AMOUNT

Message = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=5_000)]


class ConnectionCreate(BaseModel):
    target_type: TargetType
    target_id: uuid.UUID = Field(description="The published demand or achievement.")
    message: Message = Field(description="对接留言: what the requester offers or asks.")


class ConnectionAction(StrEnum):
    ACCEPT = "accept"  # the entry's owner
    DECLINE = "decline"  # the entry's owner, with a reason: closes the request
    NEGOTIATE = "negotiate"  # either side, once accepted
    CONTRACT = "contract"  # either side: the technology contract is signed (技术合同登记)
    CLOSE = "close"  # either side, before a contract


class ConnectionActionBody(BaseModel):
    reason: str | None = Field(
        default=None, max_length=2000, description="Required to decline; kept in the audit log."
    )
    contract_amount: Decimal | None = Field(
        default=None,
        gt=0,
        le=MAX_AMOUNT,
        max_digits=14,
        decimal_places=2,
        description="合同金额 in CNY: required to contract.",
    )
    contract_date: date | None = Field(
        default=None, description="合同签订日期: required to contract; not in the future."
    )
    resolve_demand: bool = Field(
        default=False, description="With contract: the demand is resolved (已解决) too."
    )
    mark_transferred: bool = Field(
        default=False, description="With contract: the achievement is transferred (已转化) too."
    )


class ConnectionRole(StrEnum):
    REQUESTER = "requester"
    OWNER = "owner"  # of the demand or achievement


class ConnectionRead(BaseModel):
    id: uuid.UUID
    status: ConnectionStatus
    target_type: TargetType
    target_id: uuid.UUID
    target_title: str
    requester_organization_id: uuid.UUID
    requester_organization_name: str
    requester_user_id: uuid.UUID | None
    owner_organization_id: uuid.UUID
    owner_organization_name: str
    role: ConnectionRole | None = Field(description="The caller's side; null for bureau staff.")
    actions: list[ConnectionAction] = Field(
        description="What the caller may do now, so that a client offers only those."
    )
    message: str
    close_reason: str | None
    contract_amount: Decimal | None
    contract_date: date | None
    accepted_at: datetime | None
    contracted_at: datetime | None
    closed_at: datetime | None
    created_at: datetime
    updated_at: datetime


class ConnectionFilters(BaseModel):
    status: ConnectionStatus | None = None
    role: ConnectionRole | None = Field(
        default=None, description="Only those one's organisation asked for, or was asked."
    )
    target_type: TargetType | None = None
