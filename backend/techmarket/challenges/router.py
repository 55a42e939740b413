"""揭榜挂帅: challenges, their sealed bids, review, publicity, award and milestones."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Response, status

from techmarket.challenges import bids, decisions, service
from techmarket.challenges.models import ChallengeMilestone, ChallengeObjection, ChallengeStatus
from techmarket.challenges.schemas import (
    AssignPanel,
    BidAction,
    BidActionBody,
    BidCreate,
    BidRead,
    BidUpdate,
    BoardEntry,
    BreakGlass,
    ChallengeAction,
    ChallengeActionBody,
    ChallengeCreate,
    ChallengeFilters,
    ChallengeRead,
    ChallengeUpdate,
    MilestoneAction,
    MilestoneRead,
    MilestoneReport,
    MyBid,
    ObjectionCreate,
    ObjectionRead,
    ObjectionResolve,
    Ranking,
    ReceiptList,
)
from techmarket.core.deps import Admin, Anyone, CurrentUser, Staff
from techmarket.core.entries import if_match_version
from techmarket.core.errors import problem_responses
from techmarket.core.pagination import Page, PageDep
from techmarket.core.policy import writer
from techmarket.core.principal import Principal, Scope
from techmarket.db import SessionDep

router = APIRouter(prefix="/challenges", tags=["challenges"])
ChallengeWriter = Annotated[Principal, Depends(writer(Scope.CHALLENGES_WRITE))]
Version = Annotated[int, Depends(if_match_version)]


@router.get("/board", response_model=Page[BoardEntry])
async def read_challenge_board(
    principal: Anyone,
    session: SessionDep,
    page: PageDep,
    status: ChallengeStatus | None = None,
) -> Page[BoardEntry]:
    """榜单: published challenges with bounty, deadline, the number of bids (after the deadline)
    and the winner (after the award), latest deadline first."""
    items, next_cursor = await service.board(
        session=session, status=status, limit=page.limit, cursor=page.cursor
    )
    return Page(items=items, next_cursor=next_cursor)


@router.get("/bids/mine", response_model=Page[MyBid], responses=problem_responses(403))
async def list_my_bids(principal: CurrentUser, session: SessionDep, page: PageDep) -> Page[MyBid]:
    """我的揭榜: the bids of the caller's organisation across challenges, newest first, with
    each challenge's title, status and deadline and the bid's receipt (members of an
    organisation)."""
    items, next_cursor = await bids.list_my_bids(
        session=session, principal=principal, limit=page.limit, cursor=page.cursor
    )
    return Page(items=items, next_cursor=next_cursor)


@router.post(
    "",
    response_model=ChallengeRead,
    status_code=status.HTTP_201_CREATED,
    responses=problem_responses(403),
)
async def create_challenge(
    data: ChallengeCreate, principal: ChallengeWriter, session: SessionDep
) -> ChallengeRead:
    """Draft a challenge of one's organisation, from scratch or raised from a published demand
    (`origin_demand_id`); submit it for review when ready."""
    challenge = await service.create_challenge(session=session, principal=principal, data=data)
    return await service.to_read(session, challenge)


@router.get("", response_model=Page[ChallengeRead])
async def list_challenges(
    principal: Anyone,
    session: SessionDep,
    page: PageDep,
    filters: Annotated[ChallengeFilters, Query()],
) -> Page[ChallengeRead]:
    """Challenges the caller may see: published ones for everyone, one's own drafts, and what
    awaits review for staff."""
    items, next_cursor = await service.list_challenges(
        session=session, principal=principal, filters=filters, limit=page.limit, cursor=page.cursor
    )
    return Page(items=await service.to_reads(session, items), next_cursor=next_cursor)


@router.get("/{challenge_id}", response_model=ChallengeRead, responses=problem_responses(404))
async def read_challenge(
    challenge_id: uuid.UUID, principal: Anyone, session: SessionDep, response: Response
) -> ChallengeRead:
    """One challenge; its `ETag` is the version to send back in `If-Match` when changing it."""
    challenge = await service.get_challenge(
        session=session, principal=principal, challenge_id=challenge_id
    )
    response.headers["ETag"] = f'"{challenge.version}"'
    return await service.to_read(session, challenge)


@router.patch(
    "/{challenge_id}",
    response_model=ChallengeRead,
    responses=problem_responses(403, 404, 409, 412, 428),
)
async def update_challenge(
    challenge_id: uuid.UUID,
    data: ChallengeUpdate,
    version: Version,
    principal: ChallengeWriter,
    session: SessionDep,
    response: Response,
) -> ChallengeRead:
    """Change a draft (the issuer), or the terms of a published challenge before its deadline
    (the issuer or staff): submitted bids then need re-confirming by their bidders."""
    challenge = await service.update_challenge(
        session=session, principal=principal, challenge_id=challenge_id, version=version, data=data
    )
    response.headers["ETag"] = f'"{challenge.version}"'
    return await service.to_read(session, challenge)


# ---------------------------------------------------------------------------------------------
# Bids


@router.post(
    "/{challenge_id}/bids",
    response_model=BidRead,
    status_code=status.HTTP_201_CREATED,
    responses=problem_responses(403, 404, 409),
)
async def create_bid(
    challenge_id: uuid.UUID, data: BidCreate, principal: ChallengeWriter, session: SessionDep
) -> BidRead:
    """Draft a bid 揭榜申请 of one's organisation; it is sealed: only the organisation reads it
    before the deadline. One active bid per organisation."""
    bid = await bids.create_bid(
        session=session, principal=principal, challenge_id=challenge_id, data=data
    )
    return await bids.to_read(session, bid)


@router.get("/{challenge_id}/bids", response_model=list[BidRead], responses=problem_responses(404))
async def list_bids(
    challenge_id: uuid.UUID, principal: CurrentUser, session: SessionDep
) -> list[BidRead]:
    """The bids the caller may read: one's own; after the deadline, all for staff and the
    assigned ones for an expert."""
    found = await bids.list_bids(session=session, principal=principal, challenge_id=challenge_id)
    return await bids.to_reads(session, found)


@router.get(
    "/{challenge_id}/receipts", response_model=ReceiptList, responses=problem_responses(404, 409)
)
async def read_bid_receipts(
    challenge_id: uuid.UUID, principal: Anyone, session: SessionDep
) -> ReceiptList:
    """Published at the deadline: the receipt (SHA-256 and time) of every bid that was in, so
    that each bidder can check theirs was neither changed nor added late."""
    return await bids.receipts(session=session, principal=principal, challenge_id=challenge_id)


@router.get(
    "/{challenge_id}/bids/{bid_id}", response_model=BidRead, responses=problem_responses(404)
)
async def read_bid(
    challenge_id: uuid.UUID,
    bid_id: uuid.UUID,
    principal: CurrentUser,
    session: SessionDep,
    response: Response,
) -> BidRead:
    """One bid, for whom may read it (else 404); its `ETag` is the version for `If-Match`."""
    bid = await bids.get_bid(
        session=session, principal=principal, challenge_id=challenge_id, bid_id=bid_id
    )
    response.headers["ETag"] = f'"{bid.version}"'
    return await bids.to_read(session, bid)


@router.post(
    "/{challenge_id}/bids/{bid_id}/break-glass",
    response_model=BidRead,
    responses=problem_responses(403, 404),
)
async def break_glass_read_bid(
    challenge_id: uuid.UUID,
    bid_id: uuid.UUID,
    data: BreakGlass,
    principal: Admin,
    session: SessionDep,
) -> BidRead:
    """Read a sealed bid before the deadline (admin): the reason is kept in the audit log."""
    bid = await bids.break_glass_read(
        session=session,
        principal=principal,
        challenge_id=challenge_id,
        bid_id=bid_id,
        reason=data.reason,
    )
    return await bids.to_read(session, bid)


@router.patch(
    "/{challenge_id}/bids/{bid_id}",
    response_model=BidRead,
    responses=problem_responses(403, 404, 409, 412, 428),
)
async def update_bid(
    challenge_id: uuid.UUID,
    bid_id: uuid.UUID,
    data: BidUpdate,
    version: Version,
    principal: ChallengeWriter,
    session: SessionDep,
    response: Response,
) -> BidRead:
    """Change one's bid before the deadline; a submitted bid is amended and answers a new
    receipt."""
    bid = await bids.update_bid(
        session=session,
        principal=principal,
        challenge_id=challenge_id,
        bid_id=bid_id,
        version=version,
        data=data,
    )
    response.headers["ETag"] = f'"{bid.version}"'
    return await bids.to_read(session, bid)


@router.post(
    "/{challenge_id}/bids/{bid_id}/{action}",
    response_model=BidRead,
    responses=problem_responses(403, 404, 409),
)
async def act_on_bid(
    challenge_id: uuid.UUID,
    bid_id: uuid.UUID,
    action: BidAction,
    principal: ChallengeWriter,
    session: SessionDep,
    body: BidActionBody | None = None,
) -> BidRead:
    """The bidder: submit (also re-confirms; checks the eligibility rules and answers the
    receipt) and withdraw, before the deadline. Staff, after it: mark_eligible and
    mark_ineligible (资格审查, `reason`)."""
    bid = await bids.act_on_bid(
        session=session,
        principal=principal,
        challenge_id=challenge_id,
        bid_id=bid_id,
        action=action,
        reason=body.reason if body else None,
    )
    return await bids.to_read(session, bid)


# ---------------------------------------------------------------------------------------------
# Review, publicity, objections, milestones


@router.get("/{challenge_id}/ranking", response_model=Ranking, responses=problem_responses(404))
async def read_challenge_ranking(
    challenge_id: uuid.UUID, principal: Staff, session: SessionDep
) -> Ranking:
    """The valid bids ranked by their aggregate, with the tie-break rule (staff)."""
    return await decisions.ranking(session=session, principal=principal, challenge_id=challenge_id)


@router.post(
    "/{challenge_id}/panel", response_model=Ranking, responses=problem_responses(404, 409, 422)
)
async def assign_challenge_panel(
    challenge_id: uuid.UUID, data: AssignPanel, principal: Staff, session: SessionDep
) -> Ranking:
    """Assign experts to the review of every valid bid (staff); refused as a whole for an expert
    with a conflict (the bidder's, the issuer's or a rival's organisation, a declared conflict,
    a member of a bidding team): `review.conflict_of_interest`."""
    return await decisions.assign_panel(
        session=session, principal=principal, challenge_id=challenge_id, expert_ids=data.expert_ids
    )


@router.post(
    "/{challenge_id}/objections",
    response_model=ObjectionRead,
    status_code=status.HTTP_201_CREATED,
    responses=problem_responses(403, 404, 409),
)
async def file_challenge_objection(
    challenge_id: uuid.UUID, data: ObjectionCreate, principal: CurrentUser, session: SessionDep
) -> ChallengeObjection:
    """Object to the result under publicity (公示), with a reason (organisations' members)."""
    return await decisions.file_objection(
        session=session, principal=principal, challenge_id=challenge_id, data=data
    )


@router.get(
    "/{challenge_id}/objections",
    response_model=list[ObjectionRead],
    responses=problem_responses(404),
)
async def list_challenge_objections(
    challenge_id: uuid.UUID, principal: CurrentUser, session: SessionDep
) -> list[ChallengeObjection]:
    """Objections: all for staff, one's own organisation's otherwise."""
    return await decisions.list_objections(
        session=session, principal=principal, challenge_id=challenge_id
    )


@router.post(
    "/{challenge_id}/objections/{objection_id}/resolve",
    response_model=ObjectionRead,
    responses=problem_responses(404, 409),
)
async def resolve_challenge_objection(
    challenge_id: uuid.UUID,
    objection_id: uuid.UUID,
    data: ObjectionResolve,
    principal: Staff,
    session: SessionDep,
) -> ChallengeObjection:
    """Resolve an objection as upheld or dismissed, with the resolution (staff)."""
    return await decisions.resolve_objection(
        session=session,
        principal=principal,
        challenge_id=challenge_id,
        objection_id=objection_id,
        data=data,
    )


@router.get(
    "/{challenge_id}/milestones",
    response_model=list[MilestoneRead],
    responses=problem_responses(403, 404),
)
async def list_challenge_milestones(
    challenge_id: uuid.UUID, principal: CurrentUser, session: SessionDep
) -> list[ChallengeMilestone]:
    """The milestones of the work (the issuer, the winner, staff)."""
    return await decisions.list_milestones(
        session=session, principal=principal, challenge_id=challenge_id
    )


@router.post(
    "/{challenge_id}/milestones",
    response_model=MilestoneRead,
    status_code=status.HTTP_201_CREATED,
    responses=problem_responses(403, 404, 409),
)
async def report_challenge_milestone(
    challenge_id: uuid.UUID, data: MilestoneReport, principal: ChallengeWriter, session: SessionDep
) -> ChallengeMilestone:
    """Report a milestone of the work (the winner, while in progress)."""
    return await decisions.report_milestone(
        session=session, principal=principal, challenge_id=challenge_id, data=data
    )


@router.put(
    "/{challenge_id}/milestones/{milestone_id}",
    response_model=MilestoneRead,
    responses=problem_responses(403, 404, 409),
)
async def resubmit_challenge_milestone(
    challenge_id: uuid.UUID,
    milestone_id: uuid.UUID,
    data: MilestoneReport,
    principal: ChallengeWriter,
    session: SessionDep,
) -> ChallengeMilestone:
    """Report a returned milestone again (the winner)."""
    return await decisions.resubmit_milestone(
        session=session,
        principal=principal,
        challenge_id=challenge_id,
        milestone_id=milestone_id,
        data=data,
    )


@router.post(
    "/{challenge_id}/milestones/{milestone_id}/{action}",
    response_model=MilestoneRead,
    responses=problem_responses(403, 404, 409),
)
async def review_challenge_milestone(
    challenge_id: uuid.UUID,
    milestone_id: uuid.UUID,
    action: MilestoneAction,
    principal: ChallengeWriter,
    session: SessionDep,
    body: ChallengeActionBody | None = None,
) -> ChallengeMilestone:
    """Accept a reported milestone, or return it with a `reason` (the issuer or staff)."""
    return await decisions.review_milestone(
        session=session,
        principal=principal,
        challenge_id=challenge_id,
        milestone_id=milestone_id,
        action=action,
        reason=body.reason if body else None,
    )


@router.post(
    "/{challenge_id}/{action}",
    response_model=ChallengeRead,
    responses=problem_responses(403, 404, 409),
)
async def act_on_challenge(
    challenge_id: uuid.UUID,
    action: ChallengeAction,
    principal: ChallengeWriter,
    session: SessionDep,
    body: ChallengeActionBody | None = None,
) -> ChallengeRead:
    """Move a challenge on. The issuer: submit, withdraw. Staff: approve (张榜), reject
    (`reason`), cancel (撤榜, `reason`; bidders are notified), start_review (every bid checked,
    enough valid ones; opens a review round per valid bid), declare_unawarded (流榜, `reason`),
    propose (公示 of the ranking's first, once every review is in), award (挂帅, `reason`, after
    publicity with every objection resolved; creates the winner's project), award_next (the
    winner dropped out before starting: the next-ranked bid, `reason`). The winner or staff:
    start_work. The issuer or staff: accept (验收通过), fail (`reason`)."""
    reason = body.reason if body else None
    if action in service.ENTRY_ACTIONS:
        challenge = await service.review_challenge(
            session=session,
            principal=principal,
            challenge_id=challenge_id,
            action=action,
            reason=reason,
        )
    else:
        challenge = await decisions.decide_challenge(
            session=session,
            principal=principal,
            challenge_id=challenge_id,
            action=action,
            reason=reason,
        )
    return await service.to_read(session, challenge)
