from __future__ import annotations

import uuid
from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum
from typing import Self

from pydantic import BaseModel, ConfigDict, EmailStr, Field, model_validator

from techmarket.core.entries import (
    Amount,
    AmountBound,
    Code,
    ContactName,
    EntryContact,
    EntryFilters,
    Keyword,
    LongText,
    Phone,
    Title,
)
from techmarket.demands.models import DemandStatus


class DemandFields(BaseModel):
    """Fields an owner writes; all optional here so that updates can send only what changes."""

    title: Title | None = Field(default=None, description="需求名称")
    description: LongText | None = Field(
        default=None, description="需求描述: the problem, the current state"
    )
    indicators: LongText | None = Field(
        default=None, description="技术指标 the solution must reach"
    )
    field: Code | None = Field(default=None, description="A code of /catalog/field.")
    region: Code | None = Field(default=None, description="A code of /catalog/region.")
    demand_type: Code | None = Field(default=None, description="A code of /catalog/demand_type.")
    cooperation_mode: Code | None = Field(
        default=None, description="A code of /catalog/cooperation_mode."
    )
    budget_min: Amount | None = Field(default=None, description="CNY")
    budget_max: Amount | None = Field(default=None, description="CNY")
    budget_negotiable: bool | None = Field(default=None, description="预算面议")
    deadline: date | None = Field(default=None, description="截止日期 for solutions")
    valid_until: date | None = Field(
        default=None, description="The demand leaves public lists after this day."
    )
    contact_name: ContactName | None = None
    contact_phone: Phone | None = None
    contact_email: EmailStr | None = None
    keywords: list[Keyword] | None = Field(default=None, max_length=20)

    @model_validator(mode="after")
    def _budget_range(self) -> Self:
        if (
            self.budget_min is not None
            and self.budget_max is not None
            and self.budget_min > self.budget_max
        ):
            raise ValueError("budget_min must not exceed budget_max")
        return self


class DemandCreate(DemandFields):
    title: Title = Field(description="需求名称")
    description: LongText = Field(description="需求描述")
    field: Code
    region: Code
    demand_type: Code
    valid_until: date
    budget_negotiable: bool = Field(default=False, description="预算面议")
    keywords: list[Keyword] = Field(default_factory=list, max_length=20)


class DemandUpdate(DemandFields):
    pass


class DemandRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    organization_id: uuid.UUID
    author_id: uuid.UUID | None
    status: DemandStatus
    title: str
    description: str
    indicators: str | None
    field: str
    region: str
    demand_type: str
    cooperation_mode: str | None
    budget_min: Decimal | None
    budget_max: Decimal | None
    budget_negotiable: bool
    deadline: date | None
    valid_until: date
    expired: bool = Field(description="Past its validity: hidden from public lists until renewed.")
    keywords: list[str]
    contact: EntryContact | None = Field(
        description="Only for signed-in users of verified organisations, the owner and staff."
    )
    rejection_reason: str | None
    challenge_ids: list[uuid.UUID] = Field(
        default_factory=list,
        description="Public challenges 揭榜挂帅 raised from this demand; filled when one demand "
        "is read.",
    )
    published_at: datetime | None
    created_at: datetime
    updated_at: datetime
    version: int


class DemandAction(StrEnum):
    SUBMIT = "submit"  # for review (the owner; needs a verified organisation)
    WITHDRAW = "withdraw"  # back to draft while pending (the owner)
    APPROVE = "approve"  # publish (staff)
    REJECT = "reject"  # back to the owner with a reason (staff)
    START = "start"  # 对接中 (the owner)
    RESOLVE = "resolve"  # 已解决 (the owner)
    CLOSE = "close"  # (the owner or staff)


class DemandSort(StrEnum):
    NEWEST = "-created_at"
    OLDEST = "created_at"
    RECENTLY_UPDATED = "-updated_at"


class DemandFilters(EntryFilters):
    status: DemandStatus | None = None
    demand_type: str | None = None
    budget_min: AmountBound | None = Field(
        default=None, description="Budgets reaching at least this."
    )
    budget_max: AmountBound | None = Field(
        default=None, description="Budgets starting at most at this."
    )
    include_expired: bool = Field(
        default=False, description="Owners and staff: show expired ones too."
    )
    sort: DemandSort = DemandSort.NEWEST
