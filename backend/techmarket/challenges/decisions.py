"""After the deadline: expert review of the valid bids, the ranking, publicity 公示 with its
objections 异议, the award 挂帅 (and the next-ranked bid when the winner drops out), the project
for the winner, the work's milestones and its final acceptance 验收.

One review round per valid bid (reviews/), all with the challenge's criteria and, normally, the
same panel of experts: each bid's aggregate is then comparable, and an expert's conflict is
decided per bid (its bidder) as well as for the whole challenge (issuer, rival bidders, anyone
named in a bidding team).
"""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable, Sequence
from datetime import UTC, datetime, timedelta
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from techmarket.challenges.models import (
    COUNTED_BID_STATUSES,
    BidStatus,
    Challenge,
    ChallengeBid,
    ChallengeMilestone,
    ChallengeObjection,
    ChallengeStatus,
    MilestoneStatus,
    ObjectionStatus,
)
from techmarket.challenges.schemas import (
    ChallengeAction,
    MilestoneAction,
    MilestoneReport,
    ObjectionCreate,
    ObjectionResolve,
    RankedBid,
    Ranking,
)
from techmarket.challenges.service import (
    bidders,
    effective_status,
    get_challenge,
    months_later,
    notify,
    notify_people,
    now,
    settle,
)
from techmarket.challenges.workflow import (
    AWARD_BID,
    NOT_AWARD_BID,
    SCORE,
    bid_workflow,
    challenge_workflow,
    milestone_workflow,
)
from techmarket.core import audit
from techmarket.core.errors import AppError
from techmarket.core.policy import Forbidden
from techmarket.core.principal import Principal
from techmarket.db import transactional
from techmarket.identity.models import Organization
from techmarket.projects import service as projects
from techmarket.reviews import service as reviews
from techmarket.reviews.models import ReviewRound, ReviewSubjectType
from techmarket.reviews.schemas import CriterionIn

A = ChallengeAction
S = ChallengeStatus


class EligibilityPending(AppError):
    code = "challenge.eligibility_pending"
    status = 409
    title = "Every bid needs its eligibility check (资格审查) first"


class TooFewValidBids(AppError):
    code = "challenge.too_few_valid_bids"
    status = 409
    title = "Too few valid bids: declare the challenge unawarded (流榜)"


class ReviewsIncomplete(AppError):
    code = "challenge.reviews_incomplete"
    status = 409
    title = "Every valid bid needs its expert reviews first"


class PublicityNotOver(AppError):
    code = "challenge.publicity_not_over"
    status = 409
    title = "The publicity period (公示) is not over"


class ObjectionsOpen(AppError):
    code = "challenge.objections_open"
    status = 409
    title = "Resolve every objection (异议) first"


class NoNextBid(AppError):
    code = "challenge.no_next_bid"
    status = 409
    title = "No further valid bid in the ranking"


class NotInPublicity(AppError):
    code = "objection.not_in_publicity"
    status = 409
    title = "Objections are filed while the result is under publicity (公示)"


class PublicityOver(AppError):
    code = "objection.publicity_over"
    status = 409
    title = "The publicity period (公示) is over"


class ObjectionNotFound(AppError):
    code = "objection.not_found"
    status = 404
    title = "Objection not found"


class ObjectionResolved(AppError):
    code = "objection.already_resolved"
    status = 409
    title = "This objection is already resolved"


class NotUnderReview(AppError):
    code = "challenge.not_reviewing"
    status = 409
    title = "Experts are assigned while the challenge is under review"


class MilestoneNotFound(AppError):
    code = "milestone.not_found"
    status = 404
    title = "Milestone not found"


class WorkNotInProgress(AppError):
    code = "milestone.work_not_in_progress"
    status = 409
    title = "Milestones are reported while the work is in progress (攻关)"


class MilestonesPending(AppError):
    code = "challenge.milestones_pending"
    status = 409
    title = "Accept or return every reported milestone first"


TIE_BREAK_RULE = (
    "按加权总分从高到低排序（五名及以上专家评审时，每项标准去掉一个最高分和一个最低分后取平均）；"
    "总分相同时，权重最高的评审标准平均分高者优先；仍相同时，报价低者优先；仍相同时，先提交者优先。"
)


async def _bids(
    session: AsyncSession, challenge: Challenge, statuses: Sequence[BidStatus] | None = None
) -> list[ChallengeBid]:
    wanted = list(statuses or COUNTED_BID_STATUSES)
    return list(
        await session.scalars(
            select(ChallengeBid)
            .where(ChallengeBid.challenge_id == challenge.id, ChallengeBid.status.in_(wanted))
            .order_by(ChallengeBid.submitted_at, ChallengeBid.id)
        )
    )


async def _round_of(session: AsyncSession, bid: ChallengeBid) -> ReviewRound | None:
    return await reviews.latest_round(
        session, subject_type=ReviewSubjectType.BID, subject_id=bid.id
    )


async def close_rounds(session: AsyncSession, principal: Principal, challenge: Challenge) -> None:
    for bid in await _bids(session, challenge):
        if (review_round := await _round_of(session, bid)) is not None:
            await reviews.close_round(session, principal=principal, review_round=review_round)


def _team_emails(bids: Sequence[ChallengeBid]) -> tuple[str, ...]:
    return tuple(
        sorted({m["email"].casefold() for bid in bids for m in bid.team if m.get("email")})
    )


# ---------------------------------------------------------------------------------------------
# The steps of a challenge after its deadline (staff, but the winner starts the work and the
# issuer may accept it).


async def _start_review(
    session: AsyncSession, principal: Principal, challenge: Challenge, reason: str | None
) -> None:
    challenge_workflow.check(challenge, A.START_REVIEW, principal=principal)
    bids = await _bids(session, challenge)
    if pending := [b for b in bids if b.status is BidStatus.SUBMITTED]:
        raise EligibilityPending(f"{len(pending)} bids await their eligibility check")
    eligible = [b for b in bids if b.status is BidStatus.ELIGIBLE]
    needed = challenge.min_valid_bids or 1
    if len(eligible) < needed:
        raise TooFewValidBids(
            f"{len(eligible)} valid bids, {needed} needed", valid=len(eligible), needed=needed
        )
    criteria = [CriterionIn.model_validate(c) for c in challenge.criteria]
    stakeholders = {challenge.organization_id, *(b.organization_id for b in bids)}
    emails = _team_emails(bids)
    for bid in eligible:
        subject = reviews.ReviewSubject(
            type=ReviewSubjectType.BID,
            id=bid.id,
            title=f"揭榜申请 · {challenge.title}"[:200],
            organization_id=bid.organization_id,
            field=challenge.field,
            keywords=list(challenge.keywords),
            conflict_organization_ids=tuple(stakeholders - {bid.organization_id}),
            conflict_emails=emails,
        )
        await reviews.open_round(session, principal=principal, subject=subject, criteria=criteria)
    challenge_workflow.apply(session, challenge, A.START_REVIEW, principal=principal, reason=reason)
    await notify(
        session,
        [b.organization_id for b in eligible],
        challenge,
        "challenge.reviewing",
        f"榜单《{challenge.title}》进入专家评审",
        "您的揭榜申请已通过资格审查。",
    )


async def _end_without_award(
    session: AsyncSession,
    principal: Principal,
    challenge: Challenge,
    reason: str | None,
    *,
    action: A,
    event: str,
    title: str,
    body: str,
) -> None:
    """流榜 or 撤榜: the reason is recorded, the review rounds closed, issuer and bidders told."""
    text = (reason or "").strip()
    challenge_workflow.apply(
        session,
        challenge,
        action,
        principal=principal,
        reason=reason,
        changes={"outcome_reason": text or None},
    )
    await close_rounds(session, principal, challenge)
    await notify(
        session,
        [challenge.organization_id, *await bidders(session, challenge.id)],
        challenge,
        event,
        title.format(title=challenge.title),
        body.format(reason=text),
    )


async def _declare_unawarded(
    session: AsyncSession, principal: Principal, challenge: Challenge, reason: str | None
) -> None:
    await _end_without_award(
        session, principal, challenge, reason, action=A.DECLARE_UNAWARDED,
        event="challenge.unawarded", title="榜单《{title}》已流榜", body="{reason}",
    )  # fmt: skip


async def _cancel(
    session: AsyncSession, principal: Principal, challenge: Challenge, reason: str | None
) -> None:
    """撤榜: staff, with a reason; every bidder is told."""
    await _end_without_award(
        session, principal, challenge, reason, action=A.CANCEL,
        event="challenge.cancelled", title="榜单《{title}》已撤榜", body="撤榜理由：{reason}",
    )  # fmt: skip


async def _ranked(
    session: AsyncSession, principal: Principal, challenge: Challenge
) -> list[RankedBid]:
    """Every bid that was in, the valid ones ranked by the rule in ``TIE_BREAK_RULE``."""
    bids = await _bids(session, challenge)
    names = dict(
        (
            await session.execute(
                select(Organization.id, Organization.name).where(
                    Organization.id.in_({b.organization_id for b in bids})
                )
            )
        ).all()
    )
    weights = [Decimal(c["weight"]) for c in challenge.criteria]
    first = max(range(len(weights)), key=lambda i: (weights[i], -i)) if weights else None
    rows = []
    for bid in bids:
        review_round = await _round_of(session, bid)
        read = (
            await reviews.read_round(session=session, principal=principal, round_id=review_round.id)
            if review_round is not None
            else None
        )
        aggregate = read.aggregate if read else None
        rows.append(
            RankedBid(
                bid_id=bid.id,
                organization_id=bid.organization_id,
                organization_name=names.get(bid.organization_id, ""),
                status=bid.status,
                round_id=review_round.id if review_round else None,
                reviews_submitted=aggregate.submitted if aggregate else 0,
                reviews_assigned=aggregate.assigned if aggregate else 0,
                trimmed=aggregate.trimmed if aggregate else False,
                total=aggregate.total if aggregate else None,
                criteria_averages=[c.average for c in aggregate.criteria] if aggregate else [],
                price=bid.price,
                submitted_at=bid.submitted_at,
                rank=None,
            )
        )
    valid = (BidStatus.ELIGIBLE, BidStatus.SCORED, BidStatus.AWARDED, BidStatus.NOT_AWARDED)
    ranked = [r for r in rows if r.status in valid and r.total is not None]

    def key(row: RankedBid) -> tuple[Decimal, Decimal, Decimal, datetime]:
        lead = row.criteria_averages[first] if first is not None and row.criteria_averages else None
        assert row.total is not None
        submitted = row.submitted_at or datetime.max.replace(tzinfo=UTC)
        return (-row.total, -(lead if lead is not None else Decimal(-1)), row.price, submitted)

    ranked.sort(key=key)
    for position, row in enumerate(ranked, 1):
        row.rank = position
    return sorted(rows, key=lambda r: (r.rank is None, r.rank or 0))


async def ranking(
    *, session: AsyncSession, principal: Principal, challenge_id: uuid.UUID
) -> Ranking:
    """The ranking of the valid bids with the rule that breaks ties (staff)."""
    challenge = await get_challenge(session=session, principal=principal, challenge_id=challenge_id)
    return Ranking(tie_break_rule=TIE_BREAK_RULE, bids=await _ranked(session, principal, challenge))


async def _propose(
    session: AsyncSession, principal: Principal, challenge: Challenge, reason: str | None
) -> None:
    """公示: the first of the ranking is shown to the public for ``publicity_days``."""
    challenge_workflow.check(challenge, A.PROPOSE, principal=principal)
    eligible = {b.id: b for b in await _bids(session, challenge, [BidStatus.ELIGIBLE])}
    for bid in eligible.values():
        review_round = await _round_of(session, bid)
        progress = (
            await reviews.round_progress(session, round_id=review_round.id)
            if review_round
            else None
        )
        if progress is None or not progress.complete:
            done = f"{progress.submitted} of {progress.assigned}" if progress else "none"
            raise ReviewsIncomplete(f"a bid's reviews are not all in ({done} submitted)")
    rows = await _ranked(session, principal, challenge)
    for row in rows:
        if (scored := eligible.get(row.bid_id)) is not None:
            bid_workflow.apply(
                session,
                scored,
                SCORE,
                principal=principal,
                changes={"score": row.total, "rank": row.rank},
            )
    winner = eligible[rows[0].bid_id]
    await close_rounds(session, principal, challenge)
    ends = now() + timedelta(days=challenge.publicity_days)
    challenge_workflow.apply(
        session,
        challenge,
        A.PROPOSE,
        principal=principal,
        reason=reason,
        changes={
            "winner_bid_id": winner.id,
            "publicity_ends_at": ends,
            "winner_organization_id": winner.organization_id,
        },
    )
    await notify(
        session,
        [challenge.organization_id, *await bidders(session, challenge.id)],
        challenge,
        "challenge.publicity",
        f"榜单《{challenge.title}》评审结果公示",
        f"公示期至 {ends:%Y-%m-%d %H:%M} (UTC)，期间可提出异议。",
    )


async def _give_project(
    session: AsyncSession, principal: Principal, challenge: Challenge, bid: ChallengeBid
) -> uuid.UUID:
    winner = await session.get(Organization, bid.organization_id)
    assert winner is not None
    start = now().date()
    project = await projects.add_challenge_project(
        session=session,
        principal=principal,
        challenge_id=challenge.id,
        organization_id=bid.organization_id,
        values={
            "title": challenge.title,
            "leader_name": bid.leader_name,
            "field": challenge.field,
            "region": winner.region,
            "budget_requested": challenge.bounty or bid.price,  # 面议: the price agreed
            "budget_granted": challenge.bounty or bid.price,
            "start_date": start,
            "end_date": months_later(start, challenge.duration_months),
            "objectives": challenge.indicators,
            "keywords": list(challenge.keywords),
        },
    )
    return project.id


async def _award(
    session: AsyncSession,
    principal: Principal,
    challenge: Challenge,
    bid: ChallengeBid,
    reason: str | None,
    action: ChallengeAction,
) -> None:
    text = (reason or "").strip()
    bid_workflow.apply(
        session,
        bid,
        AWARD_BID,
        principal=principal,
        reason=reason,
        changes={"decision_reason": text},
    )
    project_id = await _give_project(session, principal, challenge, bid)
    challenge_workflow.apply(
        session,
        challenge,
        action,
        principal=principal,
        reason=reason,
        changes={
            "winner_bid_id": bid.id,
            "project_id": project_id,
            "winner_organization_id": bid.organization_id,
            "award_reason": text,
            "awarded_at": now(),
        },
    )
    await notify(
        session,
        [bid.organization_id],
        challenge,
        "challenge.awarded",
        f"恭喜！您已揭榜挂帅《{challenge.title}》",
        "项目已创建，请按里程碑推进攻关。",
    )
    others = [o for o in await bidders(session, challenge.id) if o != bid.organization_id]
    await notify(
        session,
        [challenge.organization_id, *others],
        challenge,
        "challenge.result",
        f"榜单《{challenge.title}》已确定揭榜方",
        f"挂帅理由：{text}",
    )


async def _award_first(
    session: AsyncSession, principal: Principal, challenge: Challenge, reason: str | None
) -> None:
    challenge_workflow.check(challenge, A.AWARD, principal=principal, reason=reason)
    assert challenge.publicity_ends_at is not None
    if now() < challenge.publicity_ends_at:
        raise PublicityNotOver(
            f"publicity lasts until {challenge.publicity_ends_at.isoformat()}",
            publicity_ends_at=challenge.publicity_ends_at.isoformat(),
        )
    open_objections = await session.scalar(
        select(ChallengeObjection.id)
        .where(
            ChallengeObjection.challenge_id == challenge.id,
            ChallengeObjection.status == ObjectionStatus.OPEN,
        )
        .limit(1)
    )
    if open_objections is not None:
        raise ObjectionsOpen("an objection awaits its resolution")
    for bid in await _bids(session, challenge, [BidStatus.SCORED]):
        if bid.id == challenge.winner_bid_id:
            winner = bid
        else:
            bid_workflow.apply(session, bid, NOT_AWARD_BID, principal=principal)
    await _award(session, principal, challenge, winner, reason, A.AWARD)


async def _award_next(
    session: AsyncSession, principal: Principal, challenge: Challenge, reason: str | None
) -> None:
    """The winner declined or failed before the work started: the next-ranked valid bid."""
    challenge_workflow.check(challenge, A.AWARD_NEXT, principal=principal, reason=reason)
    text = (reason or "").strip()
    current = await session.get(ChallengeBid, challenge.winner_bid_id)
    assert current is not None
    assert current.rank is not None
    following = [
        bid
        for bid in await _bids(session, challenge, [BidStatus.NOT_AWARDED])
        if bid.rank is not None and bid.rank > current.rank
    ]
    if not following:
        raise NoNextBid("no valid bid ranks after the current winner")
    bid_workflow.apply(
        session,
        current,
        NOT_AWARD_BID,
        principal=principal,
        reason=reason,
        changes={"decision_reason": text},
    )
    if challenge.project_id is not None:
        await projects.terminate_challenge_project(
            session=session, principal=principal, project_id=challenge.project_id, reason=text
        )
    await notify(
        session,
        [current.organization_id],
        challenge,
        "challenge.award_withdrawn",
        f"榜单《{challenge.title}》的挂帅已撤销",
        text,
    )
    await _award(
        session,
        principal,
        challenge,
        min(following, key=lambda b: b.rank or 0),
        reason,
        A.AWARD_NEXT,
    )


async def _start_work(
    session: AsyncSession, principal: Principal, challenge: Challenge, reason: str | None
) -> None:
    challenge_workflow.apply(session, challenge, A.START_WORK, principal=principal, reason=reason)


async def _accept(
    session: AsyncSession, principal: Principal, challenge: Challenge, reason: str | None
) -> None:
    challenge_workflow.check(challenge, A.ACCEPT, principal=principal)
    pending = await session.scalar(
        select(ChallengeMilestone.id)
        .where(
            ChallengeMilestone.challenge_id == challenge.id,
            ChallengeMilestone.status == MilestoneStatus.REPORTED,
        )
        .limit(1)
    )
    if pending is not None:
        raise MilestonesPending("a reported milestone awaits acceptance or return")
    challenge_workflow.apply(session, challenge, A.ACCEPT, principal=principal, reason=reason)
    await notify(
        session,
        [challenge.organization_id, challenge.winner_organization_id],
        challenge,
        "challenge.accepted",
        f"榜单《{challenge.title}》验收通过",
    )


async def _fail(
    session: AsyncSession, principal: Principal, challenge: Challenge, reason: str | None
) -> None:
    text = (reason or "").strip()
    challenge_workflow.apply(
        session,
        challenge,
        A.FAIL,
        principal=principal,
        reason=reason,
        changes={"outcome_reason": text or None},
    )
    await notify(
        session,
        [challenge.organization_id, challenge.winner_organization_id],
        challenge,
        "challenge.failed",
        f"榜单《{challenge.title}》验收未通过",
        text,
    )


Step = Callable[[AsyncSession, Principal, Challenge, str | None], Awaitable[None]]
STEPS: dict[ChallengeAction, Step] = {
    A.CANCEL: _cancel,
    A.START_REVIEW: _start_review,
    A.DECLARE_UNAWARDED: _declare_unawarded,
    A.PROPOSE: _propose,
    A.AWARD: _award_first,
    A.AWARD_NEXT: _award_next,
    A.START_WORK: _start_work,
    A.ACCEPT: _accept,
    A.FAIL: _fail,
}


@transactional
async def decide_challenge(
    *,
    session: AsyncSession,
    principal: Principal,
    challenge_id: uuid.UUID,
    action: ChallengeAction,
    reason: str | None,
) -> Challenge:
    challenge = await get_challenge(
        session=session, principal=principal, challenge_id=challenge_id, lock=True
    )
    await settle(session, challenge)
    await STEPS[action](session, principal, challenge, reason)
    challenge.updated_at = now()
    await session.flush()
    return challenge


@transactional
async def assign_panel(
    *,
    session: AsyncSession,
    principal: Principal,
    challenge_id: uuid.UUID,
    expert_ids: Sequence[uuid.UUID],
) -> Ranking:
    """Assign the same experts to the review of every valid bid: all or none."""
    challenge = await get_challenge(
        session=session, principal=principal, challenge_id=challenge_id, lock=True
    )
    if challenge.status is not S.REVIEWING:
        raise NotUnderReview(f"this challenge is {effective_status(challenge)}")
    for bid in await _bids(session, challenge, [BidStatus.ELIGIBLE]):
        review_round = await _round_of(session, bid)
        assert review_round is not None
        await reviews.add_assignments(
            session, principal=principal, review_round=review_round, expert_ids=expert_ids
        )
    await notify_people(
        session,
        expert_ids,
        challenge,
        "challenge.review_assigned",
        f"请评审榜单《{challenge.title}》的揭榜申请",
    )
    return Ranking(tie_break_rule=TIE_BREAK_RULE, bids=await _ranked(session, principal, challenge))


# ---------------------------------------------------------------------------------------------
# Objections 异议


@transactional
async def file_objection(
    *, session: AsyncSession, principal: Principal, challenge_id: uuid.UUID, data: ObjectionCreate
) -> ChallengeObjection:
    if principal.organization_id is None:
        raise Forbidden("objections are filed by members of an organisation")
    challenge = await get_challenge(session=session, principal=principal, challenge_id=challenge_id)
    if challenge.status is not S.PUBLICITY:
        raise NotInPublicity(f"this challenge is {effective_status(challenge)}")
    assert challenge.publicity_ends_at is not None
    if now() >= challenge.publicity_ends_at:
        raise PublicityOver(f"publicity ended at {challenge.publicity_ends_at.isoformat()}")
    objection = ChallengeObjection(
        challenge_id=challenge.id,
        organization_id=principal.organization_id,
        author_id=principal.user_id,
        reason=data.reason,
        status=ObjectionStatus.OPEN,
    )
    session.add(objection)
    await session.flush()
    audit.record(
        session,
        principal=principal,
        action="challenge_objection.file",
        entity_type="challenge_objection",
        entity_id=objection.id,
        after={"challenge_id": challenge.id},
        reason=data.reason,
    )
    await notify_people(
        session, None, challenge, "challenge.objection", f"榜单《{challenge.title}》收到异议"
    )
    return objection


async def list_objections(
    *, session: AsyncSession, principal: Principal, challenge_id: uuid.UUID
) -> list[ChallengeObjection]:
    """Staff read every objection; an organisation its own."""
    challenge = await get_challenge(session=session, principal=principal, challenge_id=challenge_id)
    statement = select(ChallengeObjection).where(ChallengeObjection.challenge_id == challenge.id)
    if not principal.is_staff:
        statement = statement.where(ChallengeObjection.organization_id == principal.organization_id)
    return list(await session.scalars(statement.order_by(ChallengeObjection.created_at)))


@transactional
async def resolve_objection(
    *,
    session: AsyncSession,
    principal: Principal,
    challenge_id: uuid.UUID,
    objection_id: uuid.UUID,
    data: ObjectionResolve,
) -> ChallengeObjection:
    challenge = await get_challenge(session=session, principal=principal, challenge_id=challenge_id)
    objection = await session.get(ChallengeObjection, objection_id)
    if objection is None or objection.challenge_id != challenge.id:
        raise ObjectionNotFound()
    if objection.status is not ObjectionStatus.OPEN:
        raise ObjectionResolved(f"this objection was {objection.status}")
    objection.status = data.outcome
    objection.resolution = data.resolution
    objection.resolved_by_id = principal.user_id
    objection.resolved_at = now()
    audit.record(
        session,
        principal=principal,
        action="challenge_objection.resolve",
        entity_type="challenge_objection",
        entity_id=objection.id,
        after={"status": data.outcome},
        reason=data.resolution,
    )
    await notify(
        session,
        [objection.organization_id],
        challenge,
        "challenge.objection_resolved",
        f"您对《{challenge.title}》的异议已处理",
        data.resolution,
    )
    await session.flush()
    return objection


# ---------------------------------------------------------------------------------------------
# Milestones


def _involved(principal: Principal, challenge: Challenge) -> bool:
    return (
        principal.is_staff
        or principal.acts_for(challenge.organization_id)
        or principal.acts_for(challenge.winner_organization_id)
    )


async def list_milestones(
    *, session: AsyncSession, principal: Principal, challenge_id: uuid.UUID
) -> list[ChallengeMilestone]:
    challenge = await get_challenge(session=session, principal=principal, challenge_id=challenge_id)
    if not _involved(principal, challenge):
        raise Forbidden("milestones are for the issuer, the winner and staff")
    return list(
        await session.scalars(
            select(ChallengeMilestone)
            .where(ChallengeMilestone.challenge_id == challenge.id)
            .order_by(ChallengeMilestone.created_at)
        )
    )


async def _working(
    session: AsyncSession, principal: Principal, challenge_id: uuid.UUID
) -> Challenge:
    challenge = await get_challenge(session=session, principal=principal, challenge_id=challenge_id)
    if not principal.acts_for(challenge.winner_organization_id):
        raise Forbidden("the winner reports milestones")
    if challenge.status is not S.IN_PROGRESS:
        raise WorkNotInProgress(f"this challenge is {challenge.status}")
    return challenge


@transactional
async def report_milestone(
    *, session: AsyncSession, principal: Principal, challenge_id: uuid.UUID, data: MilestoneReport
) -> ChallengeMilestone:
    challenge = await _working(session, principal, challenge_id)
    milestone = ChallengeMilestone(
        challenge_id=challenge.id,
        title=data.title,
        report=data.report,
        status=MilestoneStatus.REPORTED,
        reported_by_id=principal.user_id,
    )
    session.add(milestone)
    await session.flush()
    audit.record(
        session,
        principal=principal,
        action="challenge_milestone.report",
        entity_type="challenge_milestone",
        entity_id=milestone.id,
        after={"title": data.title},
        organization_id=principal.organization_id,
    )
    await notify(
        session,
        [challenge.organization_id],
        challenge,
        "challenge.milestone_reported",
        f"《{challenge.title}》提交了里程碑：{data.title}",
    )
    return milestone


async def _milestone(
    session: AsyncSession, challenge: Challenge, milestone_id: uuid.UUID
) -> ChallengeMilestone:
    milestone = await session.get(ChallengeMilestone, milestone_id)
    if milestone is None or milestone.challenge_id != challenge.id:
        raise MilestoneNotFound()
    return milestone


@transactional
async def resubmit_milestone(
    *,
    session: AsyncSession,
    principal: Principal,
    challenge_id: uuid.UUID,
    milestone_id: uuid.UUID,
    data: MilestoneReport,
) -> ChallengeMilestone:
    """The winner reports a returned milestone again."""
    challenge = await _working(session, principal, challenge_id)
    milestone = await _milestone(session, challenge, milestone_id)
    milestone_workflow.apply(
        session,
        milestone,
        "report",
        principal=principal,
        changes={"title": data.title, "report": data.report, "updated_at": now()},
    )
    await session.flush()
    return milestone


@transactional
async def review_milestone(
    *,
    session: AsyncSession,
    principal: Principal,
    challenge_id: uuid.UUID,
    milestone_id: uuid.UUID,
    action: MilestoneAction,
    reason: str | None,
) -> ChallengeMilestone:
    """The issuer or staff accept a reported milestone, or return it with the reason."""
    challenge = await get_challenge(session=session, principal=principal, challenge_id=challenge_id)
    if not (principal.is_staff or principal.acts_for(challenge.organization_id)):
        raise Forbidden("the issuer or staff review milestones")
    milestone = await _milestone(session, challenge, milestone_id)
    milestone_workflow.apply(
        session,
        milestone,
        action,
        principal=principal,
        reason=reason,
        changes={"review_reason": (reason or "").strip() or None, "updated_at": now()},
    )
    await notify(
        session,
        [challenge.winner_organization_id],
        challenge,
        f"challenge.milestone_{action}",
        f"里程碑「{milestone.title}」已{'通过' if action == 'accept' else '退回'}",
        reason,
    )
    await session.flush()
    return milestone
