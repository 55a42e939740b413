from __future__ import annotations

import uuid
from datetime import datetime
from decimal import Decimal
from enum import StrEnum
from typing import Annotated

from pydantic import BaseModel, ConfigDict, EmailStr, Field, StringConstraints

from techmarket.achievements.models import AchievementStatus
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

ShortText = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=50)]
Trl = Annotated[int, Field(ge=1, le=9)]


class AchievementFields(BaseModel):
    """Fields an owner writes; all optional here so that updates can send only what changes."""

    title: Title | None = Field(default=None, description="成果名称")
    abstract: LongText | None = Field(default=None, description="成果简介")
    field: Code | None = Field(default=None, description="A code of /catalog/field.")
    region: Code | None = Field(default=None, description="A code of /catalog/region.")
    maturity: Code | None = Field(default=None, description="成熟度: a code of /catalog/maturity.")
    trl: Trl | None = Field(
        default=None,
        description="Technology readiness level (TRL) 1–9, with or instead of maturity.",
    )
    ip_type: Code | None = Field(
        default=None, description="知识产权类型: a code of /catalog/ip_type."
    )
    ip_numbers: list[ShortText] | None = Field(
        default=None, max_length=20, description="Patent or registration numbers 专利号."
    )
    transfer_modes: list[Code] | None = Field(
        default=None,
        min_length=1,
        max_length=10,
        description="转化方式: codes of /catalog/transfer_mode, at least one.",
    )
    asking_price: Amount | None = Field(default=None, description="参考价格, CNY")
    price_negotiable: bool | None = Field(default=None, description="价格面议")
    inventors: list[ShortText] | None = Field(default=None, max_length=30, description="完成人")
    registration_number: ShortText | None = Field(default=None, description="成果登记号")
    project_id: uuid.UUID | None = Field(
        default=None,
        description="成果来源项目: a completed innovation project of one's own organisation.",
    )
    contact_name: ContactName | None = None
    contact_phone: Phone | None = None
    contact_email: EmailStr | None = None
    keywords: list[Keyword] | None = Field(default=None, max_length=20)


class AchievementCreate(AchievementFields):
    """Also the shape an update must leave whole: lists and flags may be empty, never null."""

    title: Title = Field(description="成果名称")
    abstract: LongText = Field(description="成果简介")
    field: Code
    region: Code
    transfer_modes: list[Code] = Field(min_length=1, max_length=10, description="转化方式")
    price_negotiable: bool = Field(default=False, description="价格面议")
    ip_numbers: list[ShortText] = Field(default_factory=list, max_length=20)
    inventors: list[ShortText] = Field(default_factory=list, max_length=30, description="完成人")
    keywords: list[Keyword] = Field(default_factory=list, max_length=20)


class AchievementUpdate(AchievementFields):
    pass


class AchievementRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    organization_id: uuid.UUID
    author_id: uuid.UUID | None
    status: AchievementStatus
    title: str
    abstract: str
    field: str
    region: str
    maturity: str | None
    trl: int | None
    ip_type: str | None
    ip_numbers: list[str]
    transfer_modes: list[str]
    asking_price: Decimal | None
    price_negotiable: bool
    inventors: list[str]
    registration_number: str | None
    project_id: uuid.UUID | None
    keywords: list[str]
    contact: EntryContact | None = Field(
        description="Only for signed-in users of verified organisations, the owner and staff."
    )
    rejection_reason: str | None
    published_at: datetime | None
    created_at: datetime
    updated_at: datetime
    version: int


class AchievementAction(StrEnum):
    SUBMIT = "submit"  # for review (the owner; needs a verified organisation)
    RECALL = "recall"  # back to draft while pending (the owner)
    APPROVE = "approve"  # publish (staff)
    REJECT = "reject"  # back to the owner with a reason (staff)
    WITHDRAW = "withdraw"  # off the market (the owner or staff)
    MARK_TRANSFERRED = "mark_transferred"  # 已转化 (the owner)


class AchievementSort(StrEnum):
    NEWEST = "-created_at"
    OLDEST = "created_at"
    RECENTLY_UPDATED = "-updated_at"


class AchievementFilters(EntryFilters):
    status: AchievementStatus | None = None
    project_id: uuid.UUID | None = Field(default=None, description="Results of this project.")
    maturity: str | None = None
    transfer_mode: str | None = Field(
        default=None, description="Offered in this transfer mode, among others."
    )
    price_min: AmountBound | None = Field(default=None, description="Asking at least this.")
    price_max: AmountBound | None = Field(default=None, description="Asking at most this.")
    sort: AchievementSort = AchievementSort.NEWEST
