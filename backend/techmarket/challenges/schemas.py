from __future__ import annotations

import uuid
from datetime import datetime
from decimal import Decimal
from enum import StrEnum
from typing import Annotated, Self

from pydantic import (
    AwareDatetime,
    BaseModel,
    ConfigDict,
    EmailStr,
    Field,
    StringConstraints,
    model_validator,
)
from pydantic_core import PydanticCustomError

from techmarket.challenges.models import (
    BidStatus,
    ChallengeBoard,
    ChallengeMode,
    ChallengeStatus,
    MilestoneStatus,
    ObjectionStatus,
)
from techmarket.core.entries import Amount, Code, EntryFilters, Keyword, LongText, Title
from techmarket.identity.models import OrganizationKind
from techmarket.reviews.schemas import Criteria, CriterionIn

Name = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=100)]
Reason = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=2000)]
Price = Annotated[Decimal, Field(gt=0, le=Decimal("100000000000"), max_digits=14, decimal_places=2)]


class ChallengeFields(BaseModel):
    """Fields the issuer writes; all optional here so that updates send only what changes."""

    title: Title | None = Field(default=None, description="榜单名称")
    description: LongText | None = Field(default=None, description="攻关目标: the problem")
    indicators: LongText | None = Field(default=None, description="技术指标 to reach")
    field: Code | None = Field(default=None, description="A code of /catalog/field.")
    region: Code | None = Field(default=None, description="A code of /catalog/region.")
    keywords: list[Keyword] | None = Field(default=None, max_length=20)
    board: ChallengeBoard | None = Field(default=None, description="政府榜 or 企业榜")
    mode: ChallengeMode | None = Field(
        default=None, description="揭榜挂帅 open_call, 竞争择优 competitive, 定向委托 directed"
    )
    min_valid_bids: int | None = Field(
        default=None, ge=1, le=100, description="competitive only: fewer valid bids is 流榜."
    )
    justification: LongText | None = Field(
        default=None, description="directed only, required: why the work is commissioned."
    )
    invited_organization_ids: list[uuid.UUID] | None = Field(
        default=None, max_length=50, description="directed only: who may bid."
    )
    bounty: Amount | None = Field(default=None, description="榜额 CNY; 0 means 面议.")
    payer: Name | None = Field(default=None, description="Who pays the bounty.")
    criteria: Criteria | None = Field(default=None, description="评审标准, weights sum to 100.")
    eligible_kinds: list[OrganizationKind] | None = Field(
        default=None, description="揭榜条件: organisation kinds that may bid; empty: any."
    )
    eligible_regions: list[Code] | None = Field(
        default=None, max_length=30, description="Regions bidders must be in; empty: any."
    )
    verified_required: bool | None = Field(
        default=None, description="Only organisations verified by the bureau may bid."
    )
    deadline: AwareDatetime | None = Field(default=None, description="Bid deadline 截止时间")
    duration_months: int | None = Field(default=None, ge=1, le=120, description="攻关周期")
    publicity_days: int | None = Field(default=None, ge=1, le=60, description="公示 days")


DEFAULT_CRITERIA = [
    CriterionIn(name="技术方案先进性", weight=Decimal(40), max_score=Decimal(10)),
    CriterionIn(name="指标可达性", weight=Decimal(30), max_score=Decimal(10)),
    CriterionIn(name="团队能力", weight=Decimal(20), max_score=Decimal(10)),
    CriterionIn(name="报价合理性", weight=Decimal(10), max_score=Decimal(10)),
]


def _mode_error(message: str) -> PydanticCustomError:
    return PydanticCustomError("challenge_mode_rules", message)


class ChallengeCreate(ChallengeFields):
    title: Title = Field(description="榜单名称")
    description: LongText = Field(description="攻关目标")
    indicators: LongText = Field(description="技术指标")
    field: Code
    region: Code
    keywords: list[Keyword] = Field(default_factory=list, max_length=20)
    board: ChallengeBoard
    mode: ChallengeMode = ChallengeMode.OPEN_CALL
    invited_organization_ids: list[uuid.UUID] = Field(default_factory=list, max_length=50)
    bounty: Amount = Field(description="榜额 CNY; 0 means 面议.")
    payer: Name
    criteria: Criteria = Field(default_factory=lambda: list(DEFAULT_CRITERIA))
    eligible_kinds: list[OrganizationKind] = Field(default_factory=list)
    eligible_regions: list[Code] = Field(default_factory=list, max_length=30)
    verified_required: bool = True
    deadline: AwareDatetime
    duration_months: int = Field(ge=1, le=120, description="攻关周期")
    publicity_days: int = Field(default=5, ge=1, le=60, description="公示 days")
    origin_demand_id: uuid.UUID | None = Field(
        default=None, description="The published demand this challenge is raised from."
    )

    @model_validator(mode="after")
    def _mode_rules(self) -> Self:
        """Each rule has its own error type, which forms translate."""
        if self.mode is ChallengeMode.COMPETITIVE and self.min_valid_bids is None:
            raise _mode_error("a competitive challenge (竞争择优) needs min_valid_bids")
        if self.mode is not ChallengeMode.COMPETITIVE and self.min_valid_bids is not None:
            raise _mode_error("min_valid_bids is for competitive challenges only")
        if self.mode is ChallengeMode.DIRECTED:
            if not self.justification:
                raise _mode_error("a directed challenge (定向委托) needs a written justification")
            if not self.invited_organization_ids:
                raise _mode_error("a directed challenge (定向委托) invites organisations")
        elif self.invited_organization_ids:
            raise _mode_error("only a directed challenge invites organisations")
        return self


class ChallengeUpdate(ChallengeFields):
    pass


class ChallengeRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    organization_id: uuid.UUID = Field(description="The issuer 发榜方.")
    author_id: uuid.UUID | None
    status: ChallengeStatus = Field(
        description="Past its deadline a published challenge reads as closed at once."
    )
    title: str
    description: str
    indicators: str
    field: str
    region: str
    keywords: list[str]
    board: ChallengeBoard
    mode: ChallengeMode
    min_valid_bids: int | None
    justification: str | None
    invited_organization_ids: list[uuid.UUID]
    bounty: Decimal = Field(description="榜额 CNY; 0 means 面议.")
    negotiable: bool = Field(description="面议: no bounty figure.")
    payer: str
    criteria: list[CriterionIn]
    eligible_kinds: list[str]
    eligible_regions: list[str]
    verified_required: bool
    deadline: datetime
    duration_months: int
    publicity_days: int
    origin_demand_id: uuid.UUID | None
    bid_count: int | None = Field(description="Public once the deadline passed; null before.")
    winner_organization_id: uuid.UUID | None = Field(
        description="The proposed winner from publicity (公示), the winner once awarded."
    )
    winner_organization_name: str | None
    award_reason: str | None
    awarded_at: datetime | None
    project_id: uuid.UUID | None = Field(description="The project created for the winner.")
    publicity_ends_at: datetime | None
    closed_at: datetime | None
    outcome_reason: str | None = Field(description="Why cancelled (撤榜), unawarded or failed.")
    rejection_reason: str | None
    published_at: datetime | None
    created_at: datetime
    updated_at: datetime
    version: int


class ChallengeAction(StrEnum):
    SUBMIT = "submit"  # for review (the issuer, verified organisation)
    WITHDRAW = "withdraw"  # back to draft while pending (the issuer)
    APPROVE = "approve"  # publish 张榜 (staff)
    REJECT = "reject"  # back to draft with a reason (staff)
    CANCEL = "cancel"  # 撤榜, with a reason (staff); bidders are notified
    START_REVIEW = "start_review"  # 专家评审: every bid checked, enough valid ones (staff)
    DECLARE_UNAWARDED = "declare_unawarded"  # 流榜, with a reason (staff)
    PROPOSE = "propose"  # 公示 the ranking's first (staff), once every review is in
    AWARD = "award"  # 挂帅 with a reason, publicity over and objections resolved (staff)
    AWARD_NEXT = "award_next"  # the winner declined or failed to start: the next-ranked
    START_WORK = "start_work"  # 攻关 (the winner or staff)
    ACCEPT = "accept"  # 验收通过 (the issuer or staff)
    FAIL = "fail"  # 验收不通过, with a reason (the issuer or staff)


class ChallengeActionBody(BaseModel):
    reason: str | None = Field(
        default=None,
        max_length=2000,
        description="Required to reject, cancel, declare_unawarded, award, award_next and fail.",
    )


class ChallengeSort(StrEnum):
    NEWEST = "-created_at"
    DEADLINE = "deadline"
    RECENTLY_UPDATED = "-updated_at"


class ChallengeFilters(EntryFilters):
    status: ChallengeStatus | None = None
    board: ChallengeBoard | None = None
    mode: ChallengeMode | None = None
    sort: ChallengeSort = ChallengeSort.NEWEST


class BoardEntry(BaseModel):
    """One line of the public list 榜单."""

    id: uuid.UUID
    title: str
    board: ChallengeBoard
    mode: ChallengeMode
    field: str
    status: ChallengeStatus
    issuer_organization_id: uuid.UUID
    issuer_name: str
    bounty: Decimal
    negotiable: bool
    deadline: datetime
    bid_count: int | None = Field(description="Public once the deadline passed.")
    winner_organization_id: uuid.UUID | None = Field(description="Once awarded.")
    winner_name: str | None


# ---------------------------------------------------------------------------------------------
# Bids 揭榜申请


class TeamMember(BaseModel):
    name: Name
    title: Annotated[str, StringConstraints(strip_whitespace=True, max_length=100)] | None = None
    organization: (
        Annotated[str, StringConstraints(strip_whitespace=True, max_length=200)] | None
    ) = None
    email: EmailStr | None = Field(
        default=None, description="Lets the review exclude team members as experts."
    )


class BidMilestone(BaseModel):
    title: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
    month: int = Field(ge=1, le=120, description="Months after the work starts.")
    deliverable: (
        Annotated[str, StringConstraints(strip_whitespace=True, max_length=2000)] | None
    ) = None


class BidFields(BaseModel):
    leader_name: Name | None = Field(default=None, description="负责人")
    team: list[TeamMember] | None = Field(default=None, max_length=50, description="团队")
    approach: LongText | None = Field(default=None, description="技术方案")
    milestones: list[BidMilestone] | None = Field(default=None, max_length=30)
    price: Price | None = Field(default=None, description="Price asked, CNY")


class BidCreate(BidFields):
    leader_name: Name = Field(description="负责人")
    team: list[TeamMember] = Field(default_factory=list, max_length=50)
    approach: LongText = Field(description="技术方案")
    milestones: list[BidMilestone] = Field(default_factory=list, max_length=30)
    price: Price = Field(description="Price asked, CNY")


class BidUpdate(BidFields):
    pass


class BidContent(BaseModel):
    """What the receipt's hash covers, as canonical JSON (sorted keys, no whitespace, UTF-8)."""

    challenge_id: uuid.UUID
    bid_id: uuid.UUID
    organization_id: uuid.UUID
    leader_name: str
    team: list[TeamMember]
    approach: str
    milestones: list[BidMilestone]
    price: Decimal


class BidReceipt(BaseModel):
    """Proof of what was submitted and when: SHA-256 of the canonical content, server time."""

    bid_id: uuid.UUID = Field(description="The opaque reference under which it is published.")
    sha256: str
    submitted_at: datetime


class BidRead(BaseModel):
    id: uuid.UUID
    challenge_id: uuid.UUID
    organization_id: uuid.UUID
    organization_name: str
    status: BidStatus
    content: BidContent
    receipt: BidReceipt | None
    eligibility_reason: str | None
    score: Decimal | None
    rank: int | None
    decision_reason: str | None
    created_at: datetime
    updated_at: datetime
    version: int


class MyBid(BaseModel):
    """One of the caller organisation's bids, with the challenge it answers (我的揭榜)."""

    bid_id: uuid.UUID
    bid_status: BidStatus
    submitted_at: datetime | None = Field(description="The receipt's time; null for a draft.")
    receipt_sha256: str | None = Field(description="SHA-256 of the submitted content.")
    rank: int | None
    created_at: datetime
    challenge_id: uuid.UUID
    challenge_title: str
    challenge_status: ChallengeStatus = Field(
        description="Past its deadline a published challenge reads as closed at once."
    )
    deadline: datetime


class BidAction(StrEnum):
    SUBMIT = "submit"  # also re-confirms after the terms changed (the bidder)
    WITHDRAW = "withdraw"  # before the deadline (the bidder)
    MARK_ELIGIBLE = "mark_eligible"  # 资格审查 passed, with a reason (staff)
    MARK_INELIGIBLE = "mark_ineligible"  # 资格审查 failed, with a reason (staff)


class BidActionBody(BaseModel):
    reason: str | None = Field(
        default=None, max_length=2000, description="Required for the eligibility check."
    )


class BreakGlass(BaseModel):
    reason: Reason = Field(description="Why the sealed bid must be read now; kept in the audit.")


class ReceiptList(BaseModel):
    """Published at the deadline: every bid that was in, by its reference, hash and time."""

    challenge_id: uuid.UUID
    deadline: datetime
    receipts: list[BidReceipt]


# ---------------------------------------------------------------------------------------------
# Review, publicity, objections, milestones


class RankedBid(BaseModel):
    bid_id: uuid.UUID
    organization_id: uuid.UUID
    organization_name: str
    status: BidStatus
    round_id: uuid.UUID | None
    reviews_submitted: int
    reviews_assigned: int
    trimmed: bool
    total: Decimal | None
    criteria_averages: list[Decimal | None]
    price: Decimal
    submitted_at: datetime | None
    rank: int | None


class Ranking(BaseModel):
    tie_break_rule: str
    bids: list[RankedBid]


class AssignPanel(BaseModel):
    expert_ids: list[uuid.UUID] = Field(min_length=1, max_length=50)


class ObjectionCreate(BaseModel):
    reason: Reason = Field(description="异议理由")


class ObjectionResolve(BaseModel):
    outcome: ObjectionStatus = Field(description="upheld or dismissed")
    resolution: Reason

    @model_validator(mode="after")
    def _decided(self) -> Self:
        if self.outcome is ObjectionStatus.OPEN:
            raise ValueError("an objection is resolved as upheld or dismissed")
        return self


class ObjectionRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    challenge_id: uuid.UUID
    organization_id: uuid.UUID
    reason: str
    status: ObjectionStatus
    resolution: str | None
    created_at: datetime
    resolved_at: datetime | None


class MilestoneReport(BaseModel):
    title: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
    report: LongText


class MilestoneAction(StrEnum):
    ACCEPT = "accept"
    RETURN = "return"


class MilestoneRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    challenge_id: uuid.UUID
    title: str
    report: str
    status: MilestoneStatus
    review_reason: str | None
    created_at: datetime
    updated_at: datetime
