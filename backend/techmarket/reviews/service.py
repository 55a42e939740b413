"""Reviews 评审: rounds opened by a subject's collection, experts assigned without conflicts of
interest, scores given once and aggregated (去掉最高分和最低分, then weighted)."""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from sqlalchemy import Select, delete, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from techmarket.core import audit
from techmarket.core.errors import AppError, FieldError
from techmarket.core.pagination import keyset_page
from techmarket.core.principal import PlatformRole, Principal
from techmarket.core.workflow import Transition, Workflow
from techmarket.db import transactional
from techmarket.identity.models import ExpertProfile, User
from techmarket.reviews.models import (
    AssignmentStatus,
    ReviewAssignment,
    ReviewCriterion,
    ReviewRound,
    ReviewScore,
    ReviewSubjectType,
)
from techmarket.reviews.schemas import (
    AggregateRead,
    AssignmentRead,
    CriterionAggregate,
    CriterionIn,
    CriterionRead,
    MyAssignmentRead,
    ReviewRoundRead,
    ReviewSave,
    ScoreRead,
    SuggestedExpert,
)
from techmarket.search.terms import terms


class ReviewRoundNotFound(AppError):
    code = "review.round_not_found"
    status = 404
    title = "Review round not found"


class AssignmentNotFound(AppError):
    code = "review.assignment_not_found"
    status = 404
    title = "Review assignment not found"


class ReviewRoundClosed(AppError):
    code = "review.round_closed"
    status = 409
    title = "This review round is closed"


class NotAnExpert(AppError):
    code = "review.not_an_expert"
    status = 422
    title = "Only active users with the expert role review"


class AlreadyAssigned(AppError):
    code = "review.already_assigned"
    status = 409
    title = "The expert is already assigned to this round"


class ConflictOfInterest(AppError):
    code = "review.conflict_of_interest"
    status = 409
    title = "The expert has a conflict of interest with the subject"


class ReviewAlreadySubmitted(AppError):
    code = "review.already_submitted"
    status = 409
    title = "Submitted scores are final"


class ReviewDeclined(AppError):
    code = "review.declined"
    status = 409
    title = "This review was declined"


class UnknownCriterion(AppError):
    code = "review.unknown_criterion"
    status = 422
    title = "The criterion is not one of this round"


class ScoreOutOfRange(AppError):
    code = "review.score_out_of_range"
    status = 422
    title = "A score lies outside 0 to the criterion's maximum"


class ScoresIncomplete(AppError):
    code = "review.scores_incomplete"
    status = 422
    title = "Score every criterion before submitting"


# ---------------------------------------------------------------------------------------------
# Aggregation: pure, so that the rule the bureau publishes can be tested on figures alone.

TRIM_FROM = 5  # 去掉最高分和最低分 once a subject has at least this many reviews
CENT = Decimal("0.01")


@dataclass(frozen=True)
class CriterionSpec:
    id: uuid.UUID
    weight: Decimal  # the weights of a round sum to 100
    max_score: Decimal


@dataclass(frozen=True)
class CriterionResult:
    criterion_id: uuid.UUID
    average: Decimal | None
    scores_used: int


@dataclass(frozen=True)
class Aggregate:
    submitted: int
    trimmed: bool
    criteria: list[CriterionResult]
    total: Decimal | None


def aggregate(
    criteria: Sequence[CriterionSpec], reviews: Sequence[Mapping[uuid.UUID, Decimal]]
) -> Aggregate:
    """Per criterion, average the submitted scores (without the highest and the lowest when
    there are five reviews or more), then weight: total = Σ weight × average / max, 0..100.

    Averages and the total are rounded half up to 0.01 only at the end, so rounding never adds up.
    """
    trimmed = len(reviews) >= TRIM_FROM
    results: list[CriterionResult] = []
    total = Decimal(0)
    for criterion in criteria:
        scores = sorted(review[criterion.id] for review in reviews if criterion.id in review)
        if trimmed:
            scores = scores[1:-1]
        if not scores:
            results.append(CriterionResult(criterion.id, None, 0))
            continue
        mean = sum(scores, Decimal(0)) / len(scores)
        total += criterion.weight * mean / criterion.max_score
        results.append(
            CriterionResult(criterion.id, mean.quantize(CENT, ROUND_HALF_UP), len(scores))
        )
    return Aggregate(
        submitted=len(reviews),
        trimmed=trimmed,
        criteria=results,
        total=total.quantize(CENT, ROUND_HALF_UP) if reviews else None,
    )


# ---------------------------------------------------------------------------------------------
# What a subject's collection calls, inside its own unit of work (these only flush).


@dataclass(frozen=True)
class ReviewSubject:
    """What a review needs to know of its subject: conflicts and suggestions are decided on it."""

    type: ReviewSubjectType
    id: uuid.UUID
    title: str
    organization_id: uuid.UUID
    field: str
    keywords: list[str]
    # Others who must not review it: organisations (a bid's issuer and rival bidders) and
    # people by email (the bidding team).
    conflict_organization_ids: tuple[uuid.UUID, ...] = ()
    conflict_emails: tuple[str, ...] = ()


@dataclass(frozen=True)
class RoundProgress:
    round_id: uuid.UUID
    assigned: int
    submitted: int

    @property
    def complete(self) -> bool:
        return self.assigned > 0 and self.submitted == self.assigned


async def open_round(
    session: AsyncSession,
    *,
    principal: Principal,
    subject: ReviewSubject,
    criteria: Sequence[CriterionIn],
) -> ReviewRound:
    review_round = ReviewRound(
        subject_type=subject.type,
        subject_id=subject.id,
        subject_title=subject.title,
        subject_organization_id=subject.organization_id,
        subject_field=subject.field,
        subject_keywords=list(subject.keywords),
        conflict_organization_ids=list(subject.conflict_organization_ids),
        conflict_emails=sorted({email.casefold() for email in subject.conflict_emails}),
        created_by_id=principal.user_id,
    )
    session.add(review_round)
    await session.flush()
    for position, criterion in enumerate(criteria):
        session.add(ReviewCriterion(round_id=review_round.id, position=position, **dict(criterion)))
    audit.record(
        session, principal=principal, action="review_round.open", entity_type="review_round",
        entity_id=review_round.id,
        after={"subject_type": subject.type, "subject_id": subject.id,
               "criteria": [criterion.model_dump() for criterion in criteria]},
        organization_id=subject.organization_id,
    )  # fmt: skip
    await session.flush()
    return review_round


async def latest_round(
    session: AsyncSession, *, subject_type: ReviewSubjectType, subject_id: uuid.UUID
) -> ReviewRound | None:
    return await session.scalar(
        select(ReviewRound)
        .where(ReviewRound.subject_type == subject_type, ReviewRound.subject_id == subject_id)
        .order_by(ReviewRound.created_at.desc(), ReviewRound.id.desc())
        .limit(1)
    )


async def round_progress(session: AsyncSession, *, round_id: uuid.UUID) -> RoundProgress:
    assigned, submitted = (
        await session.execute(
            select(
                func.count().filter(ReviewAssignment.status != AssignmentStatus.DECLINED),
                func.count().filter(ReviewAssignment.status == AssignmentStatus.SUBMITTED),
            ).where(ReviewAssignment.round_id == round_id)
        )
    ).one()
    return RoundProgress(round_id=round_id, assigned=assigned, submitted=submitted)


async def close_round(
    session: AsyncSession, *, principal: Principal, review_round: ReviewRound
) -> None:
    """The subject is decided: nobody assigns or scores any more."""
    if review_round.closed_at is not None:
        return
    review_round.closed_at = datetime.now(UTC)
    audit.record(
        session, principal=principal, action="review_round.close", entity_type="review_round",
        entity_id=review_round.id, organization_id=review_round.subject_organization_id,
    )  # fmt: skip
    await session.flush()


def subjects_assigned_to(user_id: uuid.UUID, subject_type: ReviewSubjectType) -> Select[uuid.UUID]:
    """Ids of the subjects an expert is assigned to review: they may read those."""
    return (
        select(ReviewRound.subject_id)
        .join(ReviewAssignment, ReviewAssignment.round_id == ReviewRound.id)
        .where(ReviewAssignment.expert_id == user_id, ReviewRound.subject_type == subject_type)
    )


# ---------------------------------------------------------------------------------------------
# Staff: assignments, conflicts, suggestions, reading a round.


def conflict_of_interest(
    *, expert: User, profile: ExpertProfile | None, review_round: ReviewRound
) -> str | None:
    """Why ``expert`` must not review the subject of ``review_round``, or None."""
    organization_id = review_round.subject_organization_id
    related = set(review_round.conflict_organization_ids or [])
    if expert.organization_id == organization_id:
        return "same_organization"
    declared = set(profile.conflict_organization_ids or []) if profile is not None else set()
    if organization_id in declared:
        return "declared_conflict"
    if expert.organization_id is not None and expert.organization_id in related:
        return "related_organization"
    if related & declared:
        return "declared_conflict"
    if expert.email.casefold() in (review_round.conflict_emails or []):
        return "subject_team"
    return None


_CONFLICT_TEXT = {
    "same_organization": "works for the organisation under review",
    "declared_conflict": "declared a conflict of interest with the organisation under review",
    "related_organization": "works for an organisation with a stake in the subject",
    "subject_team": "is a member of the team under review",
}


async def _round(session: AsyncSession, round_id: uuid.UUID) -> ReviewRound:
    review_round = await session.get(ReviewRound, round_id)
    if review_round is None:
        raise ReviewRoundNotFound()
    return review_round


def _is_expert(user: User) -> bool:
    return user.is_active and PlatformRole.EXPERT in user.roles


@transactional
async def assign_experts(
    *,
    session: AsyncSession,
    principal: Principal,
    round_id: uuid.UUID,
    expert_ids: Sequence[uuid.UUID],
) -> ReviewRoundRead:
    """All or none: one refused expert refuses the request, naming the expert and why."""
    await add_assignments(
        session, principal=principal, review_round=await _round(session, round_id),
        expert_ids=expert_ids,
    )  # fmt: skip
    return await read_round(session=session, principal=principal, round_id=round_id)


async def add_assignments(
    session: AsyncSession,
    *,
    principal: Principal,
    review_round: ReviewRound,
    expert_ids: Sequence[uuid.UUID],
) -> None:
    """Assign experts in the caller's unit of work (a challenge assigns one panel to the round
    of each of its bids at once); refuses all for one refused expert."""
    round_id = review_round.id
    if review_round.closed_at is not None:
        raise ReviewRoundClosed("the subject is decided: this round takes no more experts")
    wanted = list(dict.fromkeys(expert_ids))
    rows = (
        await session.execute(
            select(User, ExpertProfile)
            .outerjoin(ExpertProfile, ExpertProfile.user_id == User.id)
            .where(User.id.in_(wanted))
        )
    ).all()
    found = {row.User.id: (row.User, row.ExpertProfile) for row in rows}
    already = set(
        await session.scalars(
            select(ReviewAssignment.expert_id).where(
                ReviewAssignment.round_id == round_id, ReviewAssignment.expert_id.in_(wanted)
            )
        )
    )
    for index, expert_id in enumerate(wanted):
        where = f"body.expert_ids.{index}"
        expert, profile = found.get(expert_id, (None, None))
        if expert is None or not _is_expert(expert):
            raise NotAnExpert(
                f"{expert_id} is not an active expert",
                fields=[FieldError(field=where, message="not an expert")],
            )
        if expert_id in already:
            raise AlreadyAssigned(
                f"{expert.display_name} is already assigned", expert_id=str(expert_id)
            )
        if reason := conflict_of_interest(
            expert=expert, profile=profile, review_round=review_round
        ):
            raise ConflictOfInterest(
                f"{expert.display_name} {_CONFLICT_TEXT[reason]}",
                reason=reason,
                expert_id=str(expert_id),
            )
    for expert_id in wanted:
        session.add(
            ReviewAssignment(
                round_id=round_id,
                expert_id=expert_id,
                status=AssignmentStatus.ASSIGNED,
                assigned_by_id=principal.user_id,
            )
        )
        audit.record(
            session, principal=principal, action="review_round.assign", entity_type="review_round",
            entity_id=round_id, after={"expert_id": expert_id},
            organization_id=review_round.subject_organization_id,
        )  # fmt: skip
    await session.flush()


@transactional
async def unassign_expert(
    *, session: AsyncSession, principal: Principal, round_id: uuid.UUID, assignment_id: uuid.UUID
) -> ReviewRoundRead:
    """Withdraw an assignment that has not been submitted, e.g. to replace a silent expert."""
    review_round = await _round(session, round_id)
    if review_round.closed_at is not None:
        raise ReviewRoundClosed("the subject is decided: its assignments stay as they are")
    assignment = await session.get(ReviewAssignment, assignment_id)
    if assignment is None or assignment.round_id != round_id:
        raise AssignmentNotFound()
    if assignment.status is AssignmentStatus.SUBMITTED:
        raise ReviewAlreadySubmitted("a submitted review stays part of the round")
    await session.delete(assignment)
    audit.record(
        session, principal=principal, action="review_round.unassign", entity_type="review_round",
        entity_id=round_id, before={"expert_id": assignment.expert_id},
        organization_id=review_round.subject_organization_id,
    )  # fmt: skip
    await session.flush()
    return await read_round(session=session, principal=principal, round_id=round_id)


async def _criteria(session: AsyncSession, round_ids: Sequence[uuid.UUID]) -> list[ReviewCriterion]:
    return list(
        await session.scalars(
            select(ReviewCriterion)
            .where(ReviewCriterion.round_id.in_(round_ids))
            .order_by(ReviewCriterion.round_id, ReviewCriterion.position)
        )
    )


async def _scores(
    session: AsyncSession, assignment_ids: Sequence[uuid.UUID]
) -> dict[uuid.UUID, dict[uuid.UUID, Decimal]]:
    rows = await session.scalars(
        select(ReviewScore).where(ReviewScore.assignment_id.in_(assignment_ids))
    )
    found: dict[uuid.UUID, dict[uuid.UUID, Decimal]] = {}
    for row in rows:
        found.setdefault(row.assignment_id, {})[row.criterion_id] = row.score
    return found


def _score_list(
    criteria: Sequence[ReviewCriterion], scores: Mapping[uuid.UUID, Decimal]
) -> list[ScoreRead]:
    return [ScoreRead(criterion_id=c.id, score=scores[c.id]) for c in criteria if c.id in scores]


async def read_round(
    *, session: AsyncSession, principal: Principal, round_id: uuid.UUID
) -> ReviewRoundRead:
    """A round with each review and the aggregate. Saved but unsubmitted scores stay private to
    their expert: staff see a review once it is final."""
    review_round = await _round(session, round_id)
    criteria = await _criteria(session, [round_id])
    rows = (
        await session.execute(
            select(ReviewAssignment, User.display_name)
            .join(User, User.id == ReviewAssignment.expert_id)
            .where(ReviewAssignment.round_id == round_id)
            .order_by(ReviewAssignment.created_at, ReviewAssignment.id)
        )
    ).all()
    submitted_ids = [
        row.ReviewAssignment.id
        for row in rows
        if row.ReviewAssignment.status is AssignmentStatus.SUBMITTED
    ]
    scores = await _scores(session, submitted_ids)
    assignments = []
    for row in rows:
        assignment: ReviewAssignment = row.ReviewAssignment
        final = assignment.status is AssignmentStatus.SUBMITTED
        assignments.append(
            AssignmentRead(
                id=assignment.id,
                expert_id=assignment.expert_id,
                expert_name=row.display_name,
                status=assignment.status,
                comment=assignment.comment if final else None,
                decline_reason=assignment.decline_reason,
                scores=_score_list(criteria, scores.get(assignment.id, {})) if final else [],
                assigned_at=assignment.created_at,
                submitted_at=assignment.submitted_at,
            )
        )
    result = aggregate(
        [CriterionSpec(c.id, c.weight, c.max_score) for c in criteria],
        [scores.get(assignment_id, {}) for assignment_id in submitted_ids],
    )
    by_id = {c.id: c for c in criteria}
    return ReviewRoundRead(
        id=review_round.id,
        subject_type=review_round.subject_type,
        subject_id=review_round.subject_id,
        subject_title=review_round.subject_title,
        subject_organization_id=review_round.subject_organization_id,
        subject_field=review_round.subject_field,
        subject_keywords=review_round.subject_keywords,
        created_at=review_round.created_at,
        closed_at=review_round.closed_at,
        criteria=[CriterionRead.model_validate(c) for c in criteria],
        assignments=assignments,
        aggregate=AggregateRead(
            assigned=sum(
                row.ReviewAssignment.status is not AssignmentStatus.DECLINED for row in rows
            ),
            submitted=result.submitted,
            trimmed=result.trimmed,
            total=result.total,
            criteria=[
                CriterionAggregate(
                    criterion_id=item.criterion_id,
                    name=by_id[item.criterion_id].name,
                    weight=by_id[item.criterion_id].weight,
                    max_score=by_id[item.criterion_id].max_score,
                    average=item.average,
                    scores_used=item.scores_used,
                )
                for item in result.criteria
            ],
        ),
    )


async def list_rounds(
    *,
    session: AsyncSession,
    principal: Principal,
    subject_type: ReviewSubjectType,
    subject_id: uuid.UUID,
) -> list[ReviewRoundRead]:
    round_ids = await session.scalars(
        select(ReviewRound.id)
        .where(ReviewRound.subject_type == subject_type, ReviewRound.subject_id == subject_id)
        .order_by(ReviewRound.created_at.desc(), ReviewRound.id.desc())
    )
    return [
        await read_round(session=session, principal=principal, round_id=round_id)
        for round_id in round_ids
    ]


async def suggest_experts(
    *, session: AsyncSession, principal: Principal, round_id: uuid.UUID, limit: int
) -> list[SuggestedExpert]:
    """Experts of the subject's field, those covering most of its keywords first (then most of
    its title's words); experts with a conflict of interest and those already assigned are left
    out."""
    review_round = await _round(session, round_id)
    organizations = [review_round.subject_organization_id, *review_round.conflict_organization_ids]
    assigned = select(ReviewAssignment.expert_id).where(ReviewAssignment.round_id == round_id)
    rows = (
        await session.execute(
            select(User, ExpertProfile)
            .join(ExpertProfile, ExpertProfile.user_id == User.id)
            .where(
                User.is_active,
                User.roles.contains([PlatformRole.EXPERT.value]),
                ExpertProfile.fields.contains([review_round.subject_field]),
                or_(User.organization_id.is_(None), User.organization_id.not_in(organizations)),
                ~ExpertProfile.conflict_organization_ids.overlap(organizations),
                func.lower(User.email).not_in(review_round.conflict_emails or [""]),
                User.id.not_in(assigned),
            )
        )
    ).all()
    # Words, not whole strings: an expert in 镁合金铸造 covers the keyword 镁合金.
    keyword_terms = [(k, set(terms(k))) for k in review_round.subject_keywords]
    title_terms = set(terms(review_round.subject_title))
    ranked = []
    for row in rows:
        expertise = set(terms(*row.ExpertProfile.keywords))
        shared = [keyword for keyword, words in keyword_terms if words & expertise]
        ranked.append((row.User, row.ExpertProfile, shared, len(title_terms & expertise)))
    ranked.sort(key=lambda item: (-len(item[2]), -item[3], item[0].display_name, str(item[0].id)))
    return [
        SuggestedExpert(
            user_id=user.id,
            display_name=user.display_name,
            organization_id=user.organization_id,
            fields=profile.fields,
            shared_keywords=shared,
        )
        for user, profile, shared, _ in ranked[:limit]
    ]


# ---------------------------------------------------------------------------------------------
# Experts: their own assignments, saving and submitting scores.


def _assignee(principal: Principal, assignment: ReviewAssignment) -> bool:
    return principal.user_id is not None and principal.user_id == assignment.expert_id


assignment_workflow: Workflow[ReviewAssignment] = Workflow(
    entity_type="review_assignment",
    transitions=[
        Transition("accept", frozenset({AssignmentStatus.ASSIGNED}), AssignmentStatus.ACCEPTED,
                   may=_assignee),
        Transition("decline", frozenset({AssignmentStatus.ASSIGNED, AssignmentStatus.ACCEPTED}),
                   AssignmentStatus.DECLINED, may=_assignee, reason_required=True),
        Transition("submit", frozenset({AssignmentStatus.ASSIGNED, AssignmentStatus.ACCEPTED}),
                   AssignmentStatus.SUBMITTED, may=_assignee),
    ],
)  # fmt: skip


async def _my_assignment(
    session: AsyncSession, principal: Principal, assignment_id: uuid.UUID
) -> tuple[ReviewAssignment, ReviewRound]:
    """The caller's own assignment; anyone else's is unknown to them (404)."""
    row = (
        await session.execute(
            select(ReviewAssignment, ReviewRound)
            .join(ReviewRound, ReviewRound.id == ReviewAssignment.round_id)
            .where(
                ReviewAssignment.id == assignment_id,
                ReviewAssignment.expert_id == principal.user_id,
            )
        )
    ).one_or_none()
    if row is None:
        raise AssignmentNotFound()
    return row.ReviewAssignment, row.ReviewRound


async def _mine(
    session: AsyncSession, pairs: Sequence[tuple[ReviewAssignment, ReviewRound]]
) -> list[MyAssignmentRead]:
    criteria = await _criteria(session, list({r.id for _, r in pairs}))
    scores = await _scores(session, [a.id for a, _ in pairs])
    result = []
    for assignment, review_round in pairs:
        own = [c for c in criteria if c.round_id == review_round.id]
        result.append(
            MyAssignmentRead(
                id=assignment.id,
                round_id=review_round.id,
                subject_type=review_round.subject_type,
                subject_id=review_round.subject_id,
                subject_title=review_round.subject_title,
                status=assignment.status,
                round_closed=review_round.closed_at is not None,
                criteria=[CriterionRead.model_validate(c) for c in own],
                comment=assignment.comment,
                decline_reason=assignment.decline_reason,
                scores=_score_list(own, scores.get(assignment.id, {})),
                assigned_at=assignment.created_at,
                submitted_at=assignment.submitted_at,
            )
        )
    return result


async def list_my_assignments(
    *,
    session: AsyncSession,
    principal: Principal,
    status: AssignmentStatus | None,
    limit: int,
    cursor: str | None,
) -> tuple[list[MyAssignmentRead], str | None]:
    statement = select(ReviewAssignment).where(ReviewAssignment.expert_id == principal.user_id)
    if status is not None:
        statement = statement.where(ReviewAssignment.status == status)
    assignments, next_cursor = await keyset_page(
        session, statement, key=ReviewAssignment.created_at, id_column=ReviewAssignment.id,
        limit=limit, cursor=cursor,
    )  # fmt: skip
    rounds = {
        r.id: r
        for r in await session.scalars(
            select(ReviewRound).where(ReviewRound.id.in_({a.round_id for a in assignments}))
        )
    }
    return await _mine(session, [(a, rounds[a.round_id]) for a in assignments]), next_cursor


def _check_open(assignment: ReviewAssignment, review_round: ReviewRound) -> None:
    if assignment.status is AssignmentStatus.SUBMITTED:
        raise ReviewAlreadySubmitted("this review is submitted: its scores are final")
    if assignment.status is AssignmentStatus.DECLINED:
        raise ReviewDeclined("you declined this review")
    if review_round.closed_at is not None:
        raise ReviewRoundClosed("the subject is decided: this round takes no more scores")


def _checked_scores(
    criteria: Sequence[ReviewCriterion], data: ReviewSave
) -> dict[uuid.UUID, Decimal]:
    by_id = {c.id: c for c in criteria}
    checked: dict[uuid.UUID, Decimal] = {}
    for index, item in enumerate(data.scores):
        criterion = by_id.get(item.criterion_id)
        if criterion is None:
            where = f"body.scores.{index}.criterion_id"
            raise UnknownCriterion(
                f"criterion {item.criterion_id} is not one of this round",
                fields=[FieldError(field=where, message="unknown criterion")],
            )
        if not 0 <= item.score <= criterion.max_score:
            where = f"body.scores.{index}.score"
            message = f"{criterion.name} is scored from 0 to {criterion.max_score}"
            raise ScoreOutOfRange(message, fields=[FieldError(field=where, message=message)])
        if item.criterion_id in checked:
            where = f"body.scores.{index}.criterion_id"
            raise UnknownCriterion(
                f"{criterion.name} is scored twice",
                fields=[FieldError(field=where, message="scored twice")],
            )
        checked[item.criterion_id] = item.score
    return checked


@transactional
async def save_review(
    *, session: AsyncSession, principal: Principal, assignment_id: uuid.UUID, data: ReviewSave
) -> MyAssignmentRead:
    """Keep the expert's scores and comment as they are; nothing is final before submitting."""
    assignment, review_round = await _my_assignment(session, principal, assignment_id)
    _check_open(assignment, review_round)
    scores = _checked_scores(await _criteria(session, [review_round.id]), data)
    await session.execute(delete(ReviewScore).where(ReviewScore.assignment_id == assignment.id))
    session.add_all(
        ReviewScore(assignment_id=assignment.id, criterion_id=criterion_id, score=score)
        for criterion_id, score in scores.items()
    )
    assignment.comment = data.comment or None
    assignment.updated_at = datetime.now(UTC)
    await session.flush()
    [read] = await _mine(session, [(assignment, review_round)])
    return read


@transactional
async def submit_review(
    *, session: AsyncSession, principal: Principal, assignment_id: uuid.UUID
) -> MyAssignmentRead:
    assignment, review_round = await _my_assignment(session, principal, assignment_id)
    _check_open(assignment, review_round)
    assignment_workflow.check(assignment, "submit", principal=principal)
    criteria = await _criteria(session, [review_round.id])
    scores = (await _scores(session, [assignment.id])).get(assignment.id, {})
    if missing := [c.name for c in criteria if c.id not in scores]:
        raise ScoresIncomplete(f"not yet scored: {', '.join(missing)}", missing=missing)
    now = datetime.now(UTC)
    changes: dict[str, Any] = {"submitted_at": now, "updated_at": now}
    assignment_workflow.apply(session, assignment, "submit", principal=principal, changes=changes)
    await session.flush()
    [read] = await _mine(session, [(assignment, review_round)])
    return read


async def _declare_conflict(
    session: AsyncSession, principal: Principal, organization_id: uuid.UUID
) -> None:
    """Keep the conflict on the expert's profile: the next rounds of that organisation's
    subjects neither suggest nor accept them."""
    assert principal.user_id is not None
    profile = await session.get(ExpertProfile, principal.user_id, with_for_update=True)
    if profile is None:
        profile = ExpertProfile(
            user_id=principal.user_id, fields=[], keywords=[], conflict_organization_ids=[]
        )
        session.add(profile)
    declared = list(profile.conflict_organization_ids or [])
    if organization_id in declared:
        return
    profile.conflict_organization_ids = [*declared, organization_id]
    audit.record(
        session,
        principal=principal,
        action="expert_profile.declare_conflict",
        entity_type="expert_profile",
        entity_id=principal.user_id,
        after={"conflict_organization_id": organization_id},
    )


@transactional
async def respond_to_assignment(
    *,
    session: AsyncSession,
    principal: Principal,
    assignment_id: uuid.UUID,
    accept: bool,
    reason: str | None,
    declare_conflict: bool = False,
) -> MyAssignmentRead:
    """The expert accepts a review, or declines it with a reason (a conflict staff did not know
    of, no time): a declined review no longer counts, and staff may assign someone else."""
    assignment, review_round = await _my_assignment(session, principal, assignment_id)
    if review_round.closed_at is not None:
        raise ReviewRoundClosed("the subject is decided")
    changes: dict[str, Any] = {"updated_at": datetime.now(UTC)}
    if not accept:
        changes["decline_reason"] = (reason or "").strip() or None
    assignment_workflow.apply(
        session, assignment, "accept" if accept else "decline", principal=principal,
        reason=reason, changes=changes,
    )  # fmt: skip
    if declare_conflict:
        await _declare_conflict(session, principal, review_round.subject_organization_id)
    await session.flush()
    [read] = await _mine(session, [(assignment, review_round)])
    return read
