"""评审: experts score what staff assign them; staff read the aggregate."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Query

from techmarket.core.deps import Expert, Staff
from techmarket.core.errors import problem_responses
from techmarket.core.pagination import Page, PageDep
from techmarket.db import SessionDep
from techmarket.reviews import service
from techmarket.reviews.models import AssignmentStatus, ReviewSubjectType
from techmarket.reviews.schemas import (
    AssignExperts,
    DeclineBody,
    MyAssignmentRead,
    ReviewRoundRead,
    ReviewSave,
    SuggestedExpert,
)

router = APIRouter(prefix="/reviews", tags=["reviews"])


@router.get("/assignments/mine", response_model=Page[MyAssignmentRead])
async def list_my_review_assignments(
    principal: Expert,
    session: SessionDep,
    page: PageDep,
    status: AssignmentStatus | None = None,
) -> Page[MyAssignmentRead]:
    """The caller's review assignments, newest first, with the criteria and their own scores."""
    items, next_cursor = await service.list_my_assignments(
        session=session, principal=principal, status=status, limit=page.limit, cursor=page.cursor
    )
    return Page(items=items, next_cursor=next_cursor)


@router.put(
    "/assignments/{assignment_id}",
    response_model=MyAssignmentRead,
    responses=problem_responses(404, 409),
)
async def save_review(
    assignment_id: uuid.UUID, data: ReviewSave, principal: Expert, session: SessionDep
) -> MyAssignmentRead:
    """Save one's scores (0 to each criterion's maximum) and comment; they stay editable and
    private until submitted."""
    return await service.save_review(
        session=session, principal=principal, assignment_id=assignment_id, data=data
    )


@router.post(
    "/assignments/{assignment_id}/submit",
    response_model=MyAssignmentRead,
    responses=problem_responses(404, 409),
)
async def submit_review(
    assignment_id: uuid.UUID, principal: Expert, session: SessionDep
) -> MyAssignmentRead:
    """Submit the saved scores, one per criterion: they are final and count in the aggregate."""
    return await service.submit_review(
        session=session, principal=principal, assignment_id=assignment_id
    )


@router.post(
    "/assignments/{assignment_id}/accept",
    response_model=MyAssignmentRead,
    responses=problem_responses(404, 409),
)
async def accept_review_assignment(
    assignment_id: uuid.UUID, principal: Expert, session: SessionDep
) -> MyAssignmentRead:
    """Take on an assigned review."""
    return await service.respond_to_assignment(
        session=session, principal=principal, assignment_id=assignment_id, accept=True,
        reason=None,
    )  # fmt: skip


@router.post(
    "/assignments/{assignment_id}/decline",
    response_model=MyAssignmentRead,
    responses=problem_responses(404, 409),
)
async def decline_review_assignment(
    assignment_id: uuid.UUID, data: DeclineBody, principal: Expert, session: SessionDep
) -> MyAssignmentRead:
    """Decline an assigned review, with the reason; it no longer counts in the round. With
    `conflict_of_interest`, the subject's organisation joins the expert's declared conflicts."""
    return await service.respond_to_assignment(
        session=session, principal=principal, assignment_id=assignment_id, accept=False,
        reason=data.reason, declare_conflict=bool(data.conflict_of_interest),
    )  # fmt: skip


@router.get("/rounds", response_model=list[ReviewRoundRead])
async def list_review_rounds(
    subject_type: Annotated[ReviewSubjectType, Query()],
    subject_id: Annotated[uuid.UUID, Query()],
    principal: Staff,
    session: SessionDep,
) -> list[ReviewRoundRead]:
    """The review rounds of one subject (e.g. a project), newest first (staff)."""
    return await service.list_rounds(
        session=session, principal=principal, subject_type=subject_type, subject_id=subject_id
    )


@router.get("/rounds/{round_id}", response_model=ReviewRoundRead, responses=problem_responses(404))
async def read_review_round(
    round_id: uuid.UUID, principal: Staff, session: SessionDep
) -> ReviewRoundRead:
    """A round's criteria, each submitted review and the aggregate (staff)."""
    return await service.read_round(session=session, principal=principal, round_id=round_id)


@router.post(
    "/rounds/{round_id}/assignments",
    response_model=ReviewRoundRead,
    responses=problem_responses(404, 409),
)
async def assign_review_experts(
    round_id: uuid.UUID, data: AssignExperts, principal: Staff, session: SessionDep
) -> ReviewRoundRead:
    """Assign experts (staff). Refused as a whole for any expert of the subject's organisation
    or who declared a conflict with it (`review.conflict_of_interest`, with the `reason`)."""
    return await service.assign_experts(
        session=session, principal=principal, round_id=round_id, expert_ids=data.expert_ids
    )


@router.delete(
    "/rounds/{round_id}/assignments/{assignment_id}",
    response_model=ReviewRoundRead,
    responses=problem_responses(404, 409),
)
async def unassign_review_expert(
    round_id: uuid.UUID, assignment_id: uuid.UUID, principal: Staff, session: SessionDep
) -> ReviewRoundRead:
    """Withdraw an assignment not yet submitted (staff), e.g. to replace an expert."""
    return await service.unassign_expert(
        session=session, principal=principal, round_id=round_id, assignment_id=assignment_id
    )


@router.get(
    "/rounds/{round_id}/suggested-experts",
    response_model=list[SuggestedExpert],
    responses=problem_responses(404),
)
async def suggest_review_experts(
    round_id: uuid.UUID,
    principal: Staff,
    session: SessionDep,
    limit: Annotated[int, Query(ge=1, le=100)] = 20,
) -> list[SuggestedExpert]:
    """Experts of the subject's field, ranked by shared keywords; conflicts and experts already
    assigned are left out (staff)."""
    return await service.suggest_experts(
        session=session, principal=principal, round_id=round_id, limit=limit
    )
