from __future__ import annotations

import uuid
from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum
from typing import Annotated, Any

from pydantic import (
    AfterValidator,
    AwareDatetime,
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationInfo,
    field_validator,
)

from techmarket.core.entries import (
    MAX_AMOUNT,
    ActionBody,
    Code,
    EntryFilters,
    Keyword,
    LongText,
    Title,
)
from techmarket.projects.models import ProjectOrigin, ProjectStatus
from techmarket.reviews.schemas import Criteria

Name = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=100)]
CENT = Decimal("0.01")
Budget = Annotated[
    Decimal,
    Field(gt=0, le=MAX_AMOUNT, max_digits=14, decimal_places=2),
    AfterValidator(lambda amount: amount.quantize(CENT)),  # as stored: "1500000.00"
]
Year = Annotated[int, Field(ge=2000, le=2100)]


class ProjectCallFields(BaseModel):
    name: Title | None = Field(default=None, description="申报批次名称")
    year: Year | None = None
    kinds: list[Code] | None = Field(
        default=None, min_length=1, max_length=20, description="Codes of /catalog/project_kind."
    )
    fields: list[Code] | None = Field(
        default=None, max_length=20, description="Codes of /catalog/field; empty: any field."
    )
    description: LongText | None = Field(default=None, description="申报指南")
    rolling: bool | None = Field(default=None, description="常态制: always open, no window.")
    opens_at: AwareDatetime | None = None
    closes_at: AwareDatetime | None = None

    @field_validator("opens_at", "closes_at")
    @classmethod
    def _window(cls, value: datetime | None, info: ValidationInfo) -> datetime | None:
        rolling = info.data.get("rolling")
        if rolling and value is not None:
            raise ValueError("a rolling call has no window")
        if rolling is False and value is None:
            raise ValueError("required unless the call is rolling")
        opens_at = info.data.get("opens_at")
        if info.field_name == "closes_at" and opens_at and value and value <= opens_at:
            raise ValueError("must be after opens_at")
        return value


class ProjectCallCreate(ProjectCallFields):
    name: Title = Field(description="申报批次名称")
    year: Year
    kinds: list[Code] = Field(
        min_length=1, max_length=20, description="Codes of /catalog/project_kind."
    )
    fields: list[Code] = Field(
        default_factory=list, max_length=20, description="Codes of /catalog/field; empty: any."
    )
    rolling: bool = Field(default=False, description="常态制: always open, no window.")
    opens_at: AwareDatetime | None = Field(default=None, validate_default=True)
    closes_at: AwareDatetime | None = Field(default=None, validate_default=True)


class ProjectCallUpdate(ProjectCallFields):
    pass


class ProjectCallRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    name: str
    year: int
    kinds: list[str]
    fields: list[str]
    description: str | None
    rolling: bool
    opens_at: datetime | None
    closes_at: datetime | None
    closed_at: datetime | None = Field(description="When staff closed the call early.")
    is_open: bool = Field(description="Takes applications now.")
    created_at: datetime
    updated_at: datetime
    version: int


class ProjectFields(BaseModel):
    """Fields an applicant writes; all optional here so that updates send only what changes."""

    title: Title | None = Field(default=None, description="项目名称")
    leader_name: Name | None = Field(default=None, description="负责人")
    field: Code | None = Field(default=None, description="A code of /catalog/field.")
    region: Code | None = Field(default=None, description="County: a code of /catalog/region.")
    kind: Code | None = Field(
        default=None, description="项目类别: a code of /catalog/project_kind."
    )
    call_id: uuid.UUID | None = Field(default=None, description="申报批次; only for origin call.")
    budget_requested: Budget | None = Field(default=None, description="申请经费, CNY")
    start_date: date | None = None
    end_date: date | None = None
    objectives: LongText | None = Field(default=None, description="考核指标")
    keywords: list[Keyword] | None = Field(default=None, max_length=20)

    @field_validator("end_date")
    @classmethod
    def _after_start(cls, value: date | None, info: ValidationInfo) -> date | None:
        start = info.data.get("start_date")
        if value is not None and start is not None and value <= start:
            raise ValueError("the period must end after it starts")
        return value


class ProjectCreate(ProjectFields):
    title: Title = Field(description="项目名称")
    leader_name: Name = Field(description="负责人")
    field: Code
    region: Code
    kind: Code
    budget_requested: Budget = Field(description="申请经费, CNY")
    start_date: date
    end_date: date
    objectives: LongText = Field(description="考核指标")
    origin: ProjectOrigin = Field(
        default=ProjectOrigin.CALL,
        description="call (needs call_id) or directed (定向委托); challenge projects are made "
        "when a bid is awarded.",
    )


class ProjectUpdate(ProjectFields):
    pass


class ProjectRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    code: str | None = Field(description="项目编号, given on approval.")
    organization_id: uuid.UUID = Field(description="The applicant.")
    author_id: uuid.UUID | None
    status: ProjectStatus
    title: str
    leader_name: str
    field: str
    region: str
    kind: str
    origin: ProjectOrigin
    call_id: uuid.UUID | None
    challenge_id: uuid.UUID | None = Field(
        description="The awarded challenge 揭榜挂帅 this project carries out (origin challenge)."
    )
    budget_requested: Decimal
    budget_granted: Decimal | None
    start_date: date
    end_date: date
    objectives: str
    keywords: list[str]
    rejection_reason: str | None
    termination_reason: str | None
    published_at: datetime | None = Field(description="When it was approved (立项).")
    created_at: datetime
    updated_at: datetime
    version: int


class ProjectAction(StrEnum):
    SUBMIT = "submit"  # the owner, verified organisation, call open
    WITHDRAW = "withdraw"  # back to draft before the formal check starts (the owner)
    START_FORMAL_CHECK = "start_formal_check"  # 形式审查 (staff)
    PASS_FORMAL_CHECK = "pass_formal_check"  # noqa: S105  to expert review, opens its round
    FAIL_FORMAL_CHECK = "fail_formal_check"  # rejected, with a reason (staff)
    APPROVE = "approve"  # 立项 with budget_granted, once every review is in (staff)
    REJECT = "reject"  # after the expert review, with a reason (staff)
    START = "start"  # 在研 (the owner)
    BEGIN_MIDTERM = "begin_midterm"  # 中期检查 (staff)
    PASS_MIDTERM = "pass_midterm"  # noqa: S105  back to in_progress (staff)
    BEGIN_ACCEPTANCE = "begin_acceptance"  # 结题验收 (staff)
    COMPLETE = "complete"  # (staff)
    TERMINATE = "terminate"  # with a reason (staff)


class ProjectActionBody(ActionBody):
    budget_granted: Budget | None = Field(
        default=None, description="approve only: 资助经费 in CNY, at most what was requested."
    )
    criteria: Criteria | None = Field(
        default=None,
        description="pass_formal_check only: the review criteria; default 技术先进性 30, "
        "可行性 30, 团队能力 20, 经济社会效益 20, each scored out of 10.",
    )

    def given(self) -> dict[str, Any]:
        return self.model_dump(exclude_none=True, exclude={"reason"})


class ProjectSort(StrEnum):
    NEWEST = "-created_at"
    OLDEST = "created_at"
    RECENTLY_UPDATED = "-updated_at"


class ProjectFilters(EntryFilters):
    status: ProjectStatus | None = None
    kind: str | None = None
    origin: ProjectOrigin | None = None
    call_id: uuid.UUID | None = None
    sort: ProjectSort = ProjectSort.NEWEST
