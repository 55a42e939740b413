"""Bids 揭榜申请, sealed.

Before the deadline only the bidder's organisation reads a bid: not the issuer, not the other
bidders, not staff (an admin may break the seal with a reason, audited). After it, staff and the
experts assigned to review the bid read it too; the number of bids and the receipts become
public. The audit log of a bid never holds its content, since admins read the audit log.

The deadline is judged by the database server's clock (``clock_timestamp()``, one clock for
every API process), after taking the challenge row ``FOR SHARE``: closing takes it ``FOR
UPDATE``, so a submission racing the deadline is either wholly in (committed with a time before
the deadline, counted) or wholly out (409 ``bid.deadline_passed``).
"""

from __future__ import annotations

import hashlib
import json
import uuid
from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import func, or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm.exc import StaleDataError

from techmarket.challenges.models import (
    COUNTED_BID_STATUSES,
    BidStatus,
    Challenge,
    ChallengeBid,
    ChallengeMode,
    ChallengeStatus,
)
from techmarket.challenges.schemas import (
    BidAction,
    BidContent,
    BidCreate,
    BidFields,
    BidRead,
    BidReceipt,
    BidUpdate,
    MyBid,
    ReceiptList,
)
from techmarket.challenges.service import (
    deadline_passed,
    effective_status,
    get_challenge,
    settle,
)
from techmarket.challenges.workflow import AMEND, bid_workflow
from techmarket.core import audit
from techmarket.core.entries import PreconditionFailed, check_version, validate_whole
from techmarket.core.errors import AppError
from techmarket.core.pagination import keyset_page
from techmarket.core.policy import Forbidden
from techmarket.core.principal import Principal
from techmarket.db import transactional
from techmarket.identity.models import Organization, VerificationStatus
from techmarket.reviews import service as reviews
from techmarket.reviews.models import ReviewSubjectType

CENT = Decimal("0.01")


class BidNotFound(AppError):
    code = "bid.not_found"
    status = 404
    title = "Bid not found"


class DeadlinePassed(AppError):
    code = "bid.deadline_passed"
    status = 409
    title = "The bid deadline has passed"


class NotOpenForBids(AppError):
    code = "bid.challenge_not_open"
    status = 409
    title = "The challenge does not take bids"


class BidAlreadyExists(AppError):
    code = "bid.already_exists"
    status = 409
    title = "Your organisation already has an active bid on this challenge"


class OwnChallenge(AppError):
    code = "bid.own_challenge"
    status = 409
    title = "The issuer does not bid on its own challenge"


class NotInvited(AppError):
    code = "bid.not_invited"
    status = 403
    title = "Only invited organisations bid on a directed challenge (定向委托)"


class NotEligible(AppError):
    code = "bid.not_eligible"
    status = 403
    title = "Your organisation does not meet the challenge's eligibility rules (揭榜条件)"


class StillSealed(AppError):
    code = "bid.sealed"
    status = 409
    title = "Bids are sealed until the deadline"


class BidNotEditable(AppError):
    code = "bid.not_editable"
    status = 409
    title = "This bid cannot be changed in its current status"


class EligibilityCheckClosed(AppError):
    code = "bid.eligibility_check_closed"
    status = 409
    title = "Eligibility is checked while the challenge is closed, before the review"


# ---------------------------------------------------------------------------------------------
# Content and receipts


def content(bid: ChallengeBid) -> BidContent:
    return BidContent(
        challenge_id=bid.challenge_id,
        bid_id=bid.id,
        organization_id=bid.organization_id,
        leader_name=bid.leader_name,
        team=bid.team,
        approach=bid.approach,
        milestones=bid.milestones,
        price=Decimal(bid.price).quantize(CENT),
    )


def canonical(bid_content: BidContent) -> bytes:
    """Canonical JSON: sorted keys, no whitespace, UTF-8; amounts with two decimals."""
    return json.dumps(
        bid_content.model_dump(mode="json"),
        sort_keys=True,
        separators=(",", ":"),
        ensure_ascii=False,
    ).encode("utf-8")


def digest(bid: ChallengeBid) -> str:
    return hashlib.sha256(canonical(content(bid))).hexdigest()


def receipt(bid: ChallengeBid) -> BidReceipt | None:
    if bid.receipt_sha256 is None or bid.submitted_at is None:
        return None
    return BidReceipt(bid_id=bid.id, sha256=bid.receipt_sha256, submitted_at=bid.submitted_at)


async def to_reads(session: AsyncSession, bids: list[ChallengeBid]) -> list[BidRead]:
    names = dict(
        (
            await session.execute(
                select(Organization.id, Organization.name).where(
                    Organization.id.in_({b.organization_id for b in bids})
                )
            )
        ).all()
    )
    return [
        BidRead(
            id=bid.id,
            challenge_id=bid.challenge_id,
            organization_id=bid.organization_id,
            organization_name=names.get(bid.organization_id, ""),
            status=bid.status,
            content=content(bid),
            receipt=receipt(bid),
            eligibility_reason=bid.eligibility_reason,
            score=bid.score,
            rank=bid.rank,
            decision_reason=bid.decision_reason,
            created_at=bid.created_at,
            updated_at=bid.updated_at,
            version=bid.version,
        )
        for bid in bids
    ]


async def to_read(session: AsyncSession, bid: ChallengeBid) -> BidRead:
    [read] = await to_reads(session, [bid])
    return read


# ---------------------------------------------------------------------------------------------
# Who reads a bid


def _readers_clause(principal: Principal, challenge: Challenge) -> Any:
    """Bids of ``challenge`` that ``principal`` may read: its own always; after the deadline,
    staff the bids that were in, experts those they are assigned to review."""
    clauses = []
    if principal.organization_id is not None:
        clauses.append(ChallengeBid.organization_id == principal.organization_id)
    if deadline_passed(challenge):
        counted = ChallengeBid.status.in_(list(COUNTED_BID_STATUSES))
        if principal.is_staff:
            clauses.append(counted)
        if principal.user_id is not None:
            assigned = reviews.subjects_assigned_to(principal.user_id, ReviewSubjectType.BID)
            clauses.append(ChallengeBid.id.in_(assigned))
    return or_(*clauses) if clauses else None


async def get_bid(
    *, session: AsyncSession, principal: Principal, challenge_id: uuid.UUID, bid_id: uuid.UUID
) -> ChallengeBid:
    challenge = await get_challenge(session=session, principal=principal, challenge_id=challenge_id)
    clause = _readers_clause(principal, challenge)
    bid = None
    if clause is not None:
        bid = await session.scalar(
            select(ChallengeBid).where(
                ChallengeBid.id == bid_id, ChallengeBid.challenge_id == challenge.id, clause
            )
        )
    if bid is None:
        raise BidNotFound()
    return bid


async def list_bids(
    *, session: AsyncSession, principal: Principal, challenge_id: uuid.UUID
) -> list[ChallengeBid]:
    """The bids the caller may read, in the order they came in (a challenge has tens at most)."""
    challenge = await get_challenge(session=session, principal=principal, challenge_id=challenge_id)
    clause = _readers_clause(principal, challenge)
    if clause is None:
        return []
    return list(
        await session.scalars(
            select(ChallengeBid)
            .where(ChallengeBid.challenge_id == challenge.id, clause)
            .order_by(ChallengeBid.submitted_at.nulls_last(), ChallengeBid.created_at)
        )
    )


async def list_my_bids(
    *, session: AsyncSession, principal: Principal, limit: int, cursor: str | None
) -> tuple[list[MyBid], str | None]:
    """我的揭榜: the bids of the caller's organisation across challenges, newest first, in one
    request. Only its own: sealing never lets another organisation's bid in here."""
    if principal.organization_id is None:
        raise Forbidden("bids are made by members of an organisation")
    page, next_cursor = await keyset_page(
        session,
        select(ChallengeBid).where(ChallengeBid.organization_id == principal.organization_id),
        key=ChallengeBid.created_at,
        id_column=ChallengeBid.id,
        limit=limit,
        cursor=cursor,
    )
    challenges = {
        c.id: c
        for c in await session.scalars(
            select(Challenge).where(Challenge.id.in_({bid.challenge_id for bid in page}))
        )
    }
    items = []
    for bid in page:
        challenge = challenges[bid.challenge_id]
        items.append(
            MyBid(
                bid_id=bid.id,
                bid_status=bid.status,
                submitted_at=bid.submitted_at,
                receipt_sha256=bid.receipt_sha256,
                rank=bid.rank,
                created_at=bid.created_at,
                challenge_id=challenge.id,
                challenge_title=challenge.title,
                challenge_status=effective_status(challenge),
                deadline=challenge.deadline,
            )
        )
    return items, next_cursor


@transactional
async def break_glass_read(
    *,
    session: AsyncSession,
    principal: Principal,
    challenge_id: uuid.UUID,
    bid_id: uuid.UUID,
    reason: str,
) -> ChallengeBid:
    """An admin reads a sealed bid: allowed only with a reason, recorded in the audit log."""
    if not principal.is_admin:
        raise Forbidden("only an admin breaks the seal of a bid")
    await get_challenge(session=session, principal=principal, challenge_id=challenge_id)
    bid = await session.scalar(
        select(ChallengeBid).where(
            ChallengeBid.id == bid_id, ChallengeBid.challenge_id == challenge_id
        )
    )
    if bid is None:
        raise BidNotFound()
    audit.record(
        session,
        principal=principal,
        action="challenge_bid.break_glass_read",
        entity_type="challenge_bid",
        entity_id=bid.id,
        reason=reason.strip(),
        organization_id=bid.organization_id,
    )
    return bid


async def receipts(
    *, session: AsyncSession, principal: Principal, challenge_id: uuid.UUID
) -> ReceiptList:
    """Published at the deadline: every bid that was in, by reference, hash and time."""
    challenge = await get_challenge(session=session, principal=principal, challenge_id=challenge_id)
    if not deadline_passed(challenge):
        raise StillSealed("the receipts are published at the deadline")
    bids = await session.scalars(
        select(ChallengeBid)
        .where(
            ChallengeBid.challenge_id == challenge.id,
            ChallengeBid.status.in_(list(COUNTED_BID_STATUSES)),
        )
        .order_by(ChallengeBid.submitted_at, ChallengeBid.id)
    )
    return ReceiptList(
        challenge_id=challenge.id,
        deadline=challenge.deadline,
        receipts=[r for bid in bids if (r := receipt(bid)) is not None],
    )


# ---------------------------------------------------------------------------------------------
# Bidding


async def _open_challenge(
    session: AsyncSession, principal: Principal, challenge_id: uuid.UUID
) -> tuple[Challenge, datetime]:
    """The challenge, held ``FOR SHARE`` against its closing, and the server's time, before its
    deadline; else 409 ``bid.deadline_passed``."""
    challenge = await session.scalar(
        select(Challenge)
        .where(Challenge.id == challenge_id, Challenge.status.in_(_BIDDABLE_OR_PAST))
        .with_for_update(read=True)
    )
    if challenge is None:
        # Drafts and the like stay unknown, as elsewhere.
        await get_challenge(session=session, principal=principal, challenge_id=challenge_id)
        raise NotOpenForBids("this challenge does not take bids")
    at = await session.scalar(select(func.clock_timestamp()))
    assert at is not None
    if deadline_passed(challenge, at):
        raise DeadlinePassed(
            f"the deadline was {challenge.deadline.isoformat()}",
            deadline=challenge.deadline.isoformat(),
        )
    if challenge.status is not ChallengeStatus.PUBLISHED:  # cancelled (撤榜) before it
        raise NotOpenForBids(f"a {challenge.status} challenge does not take bids")
    return challenge, at


_BIDDABLE_OR_PAST = [
    s.value
    for s in ChallengeStatus
    if s not in (ChallengeStatus.DRAFT, ChallengeStatus.PENDING_REVIEW)
]


def _check_invited(challenge: Challenge, principal: Principal) -> None:
    if principal.acts_for(challenge.organization_id):
        raise OwnChallenge("the issuer does not bid on its own challenge")
    if challenge.mode is ChallengeMode.DIRECTED and (
        principal.organization_id not in (challenge.invited_organization_ids or [])
    ):
        raise NotInvited("this directed challenge (定向委托) takes bids from invited organisations")


async def _check_eligible(
    session: AsyncSession, challenge: Challenge, principal: Principal
) -> None:
    """揭榜条件, checked when a bid is submitted: kind, verification, region."""
    organization = await session.get(Organization, principal.organization_id)
    assert organization is not None
    why = []
    if challenge.eligible_kinds and organization.kind.value not in challenge.eligible_kinds:
        why.append(("kind", f"open to {', '.join(challenge.eligible_kinds)} only"))
    if challenge.verified_required and organization.status is not VerificationStatus.VERIFIED:
        why.append(("verified", "open to organisations verified by the bureau only"))
    if challenge.eligible_regions and organization.region not in challenge.eligible_regions:
        why.append(("region", f"open to the regions {', '.join(challenge.eligible_regions)}"))
    if why:
        raise NotEligible("; ".join(text for _, text in why), rules=[rule for rule, _ in why])


def _stored(data: BidFields, *, exclude_unset: bool = False) -> dict[str, Any]:
    """Team and milestones as the JSON stored, the price as the amount it is."""
    values = data.model_dump(exclude_unset=exclude_unset, mode="json")
    if "price" in values:
        values["price"] = data.price
    return values


@transactional
async def create_bid(
    *, session: AsyncSession, principal: Principal, challenge_id: uuid.UUID, data: BidCreate
) -> ChallengeBid:
    """A draft bid of the caller's organisation: sealed, and submitted when ready."""
    if principal.organization_id is None:
        raise Forbidden("bids are made by members of an organisation")
    challenge, _ = await _open_challenge(session, principal, challenge_id)
    _check_invited(challenge, principal)
    active = await session.scalar(
        select(ChallengeBid.id).where(
            ChallengeBid.challenge_id == challenge.id,
            ChallengeBid.organization_id == principal.organization_id,
            ChallengeBid.status != BidStatus.WITHDRAWN,
        )
    )
    if active is not None:
        raise BidAlreadyExists("change or withdraw the bid you have", bid_id=str(active))
    bid = ChallengeBid(
        challenge_id=challenge.id,
        organization_id=principal.organization_id,
        author_id=principal.user_id,
        status=BidStatus.DRAFT,
        **_stored(data),
    )
    try:
        async with session.begin_nested():
            session.add(bid)
            await session.flush()
    except IntegrityError as error:  # the same organisation at the same moment
        raise BidAlreadyExists("your organisation already has an active bid") from error
    audit.record(
        session,
        principal=principal,
        action="challenge_bid.create",
        entity_type="challenge_bid",
        entity_id=bid.id,
        after={"challenge_id": challenge.id, "status": BidStatus.DRAFT},
    )
    return bid


async def _own_bid(
    session: AsyncSession, principal: Principal, challenge_id: uuid.UUID, bid_id: uuid.UUID
) -> ChallengeBid:
    bid = await get_bid(
        session=session, principal=principal, challenge_id=challenge_id, bid_id=bid_id
    )
    if not principal.acts_for(bid.organization_id):
        raise Forbidden("only the bidding organisation changes its bid")
    return bid


def _stamp(bid: ChallengeBid, at: datetime) -> dict[str, Any]:
    return {"receipt_sha256": digest(bid), "submitted_at": at, "updated_at": at}


@transactional
async def update_bid(
    *,
    session: AsyncSession,
    principal: Principal,
    challenge_id: uuid.UUID,
    bid_id: uuid.UUID,
    version: int,
    data: BidUpdate,
) -> ChallengeBid:
    """Change a bid before the deadline; a submitted one is amended and gets a new receipt."""
    _, at = await _open_challenge(session, principal, challenge_id)
    bid = await _own_bid(session, principal, challenge_id, bid_id)
    check_version(bid, version)
    if bid.status not in (BidStatus.DRAFT, BidStatus.SUBMITTED, BidStatus.NEEDS_RECONFIRMATION):
        raise BidNotEditable(f"a {bid.status} bid cannot be changed", current_status=bid.status)
    updates = _stored(data, exclude_unset=True)
    validate_whole(BidCreate, bid, BidFields.model_fields, updates)
    changed = sorted(k for k, v in updates.items() if getattr(bid, k) != v)
    if not changed:
        return bid
    for name in changed:
        setattr(bid, name, updates[name])
    bid.updated_at = at
    if bid.status is BidStatus.SUBMITTED:
        bid_workflow.apply(session, bid, AMEND, principal=principal, changes=_stamp(bid, at))
    # Which fields changed, never their content: admins read the audit log.
    audit.record(
        session,
        principal=principal,
        action="challenge_bid.update",
        entity_type="challenge_bid",
        entity_id=bid.id,
        after={"fields": changed},
        organization_id=bid.organization_id,
    )
    try:
        await session.flush()
    except StaleDataError as error:
        raise PreconditionFailed("the bid was changed at the same moment: reload it") from error
    return bid


@transactional
async def act_on_bid(
    *,
    session: AsyncSession,
    principal: Principal,
    challenge_id: uuid.UUID,
    bid_id: uuid.UUID,
    action: BidAction,
    reason: str | None,
) -> ChallengeBid:
    if action in (BidAction.SUBMIT, BidAction.WITHDRAW):
        challenge, at = await _open_challenge(session, principal, challenge_id)
        bid = await _own_bid(session, principal, challenge_id, bid_id)
        bid_workflow.check(bid, action, principal=principal)
        changes: dict[str, Any] = {"updated_at": at}
        if action is BidAction.SUBMIT:
            _check_invited(challenge, principal)
            await _check_eligible(session, challenge, principal)
            changes = _stamp(bid, at)
        bid_workflow.apply(
            session, bid, action, principal=principal, reason=reason, changes=changes
        )
        await session.flush()
        return bid
    # 资格审查: staff, once the deadline closed the challenge and before its review starts.
    challenge = await get_challenge(
        session=session, principal=principal, challenge_id=challenge_id, lock=True
    )
    await settle(session, challenge)
    bid = await get_bid(
        session=session, principal=principal, challenge_id=challenge_id, bid_id=bid_id
    )
    bid_workflow.check(bid, action, principal=principal, reason=reason)
    if challenge.status is not ChallengeStatus.CLOSED:
        raise EligibilityCheckClosed(
            f"eligibility is checked on a closed challenge, this one is {challenge.status}",
            current_status=str(challenge.status),
        )
    bid_workflow.apply(
        session,
        bid,
        action,
        principal=principal,
        reason=reason,
        changes={"eligibility_reason": (reason or "").strip()},
    )
    await session.flush()
    return bid
