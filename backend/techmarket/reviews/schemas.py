from __future__ import annotations

import uuid
from datetime import datetime
from decimal import Decimal
from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StringConstraints
from pydantic_core import PydanticCustomError

from techmarket.reviews.models import AssignmentStatus, ReviewSubjectType

CriterionName = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1, max_length=100)
]


class CriterionIn(BaseModel):
    name: CriterionName = Field(description="评审标准, e.g. 技术先进性")
    weight: Decimal = Field(gt=0, le=100, max_digits=5, decimal_places=2)
    max_score: Decimal = Field(gt=0, le=1000, max_digits=6, decimal_places=2)


def _weights_make_100(criteria: list[CriterionIn]) -> list[CriterionIn]:
    """Each failure has its own error type, which forms translate next to the criteria."""
    total = sum((criterion.weight for criterion in criteria), Decimal(0))
    if total != 100:
        raise PydanticCustomError(
            "criteria_weights_sum",
            "the weights must sum to 100, they sum to {total}",
            {"total": str(total)},
        )
    names = [criterion.name for criterion in criteria]
    if len(set(names)) != len(names):
        raise PydanticCustomError("criteria_names_repeated", "each criterion needs its own name")
    return criteria


Criteria = Annotated[
    list[CriterionIn],
    Field(min_length=1, max_length=20, description="Weights sum to 100."),
    AfterValidator(_weights_make_100),
]


class CriterionRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    position: int
    name: str
    weight: Decimal
    max_score: Decimal


class ScoreIn(BaseModel):
    criterion_id: uuid.UUID
    score: Decimal = Field(max_digits=6, decimal_places=2, description="0 to the criterion's max.")


class ReviewSave(BaseModel):
    """An expert's scores and comment; saving replaces what was saved before."""

    scores: list[ScoreIn] = Field(default_factory=list, max_length=20)
    comment: Annotated[str, StringConstraints(strip_whitespace=True, max_length=5000)] | None = None


class ScoreRead(BaseModel):
    criterion_id: uuid.UUID
    score: Decimal


class AssignmentRead(BaseModel):
    """An assignment as staff see it: scores and comment only once submitted."""

    id: uuid.UUID
    expert_id: uuid.UUID
    expert_name: str
    status: AssignmentStatus
    comment: str | None
    decline_reason: str | None = None
    scores: list[ScoreRead]
    assigned_at: datetime
    submitted_at: datetime | None


class MyAssignmentRead(BaseModel):
    """An assignment as its expert sees it, with what to score."""

    id: uuid.UUID
    round_id: uuid.UUID
    subject_type: ReviewSubjectType
    subject_id: uuid.UUID
    subject_title: str
    status: AssignmentStatus
    round_closed: bool
    criteria: list[CriterionRead]
    comment: str | None
    decline_reason: str | None = None
    scores: list[ScoreRead]
    assigned_at: datetime
    submitted_at: datetime | None


class CriterionAggregate(BaseModel):
    criterion_id: uuid.UUID
    name: str
    weight: Decimal
    max_score: Decimal
    average: Decimal | None = Field(description="Mean of the scores used, to 0.01.")
    scores_used: int


class AggregateRead(BaseModel):
    assigned: int
    submitted: int
    trimmed: bool = Field(
        description="去掉最高分和最低分: with five or more reviews, each criterion's highest and "
        "lowest score are left out."
    )
    criteria: list[CriterionAggregate]
    total: Decimal | None = Field(
        description="Σ weight × average / max, 0 to 100, to 0.01; null before any review."
    )


class ReviewRoundRead(BaseModel):
    id: uuid.UUID
    subject_type: ReviewSubjectType
    subject_id: uuid.UUID
    subject_title: str
    subject_organization_id: uuid.UUID
    subject_field: str
    subject_keywords: list[str]
    created_at: datetime
    closed_at: datetime | None
    criteria: list[CriterionRead]
    assignments: list[AssignmentRead]
    aggregate: AggregateRead


class DeclineBody(BaseModel):
    reason: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=2000)]
    # Optional rather than defaulted: the generated client then need not send it.
    conflict_of_interest: bool | None = Field(
        default=None,
        description="回避: the reason is a conflict with the subject's organisation, kept on the "
        "expert's profile so that they are neither suggested nor assigned its subjects again.",
    )


class AssignExperts(BaseModel):
    expert_ids: list[uuid.UUID] = Field(min_length=1, max_length=50)


class SuggestedExpert(BaseModel):
    user_id: uuid.UUID
    display_name: str
    organization_id: uuid.UUID | None
    fields: list[str]
    shared_keywords: list[str] = Field(description="The subject's keywords the expert declared.")
