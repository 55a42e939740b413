"""The lives of a challenge, of its bids and of its milestones.

Challenge: draft → pending_review → published (张榜) → closed (deadline) → reviewing (专家评审) →
publicity (公示) → awarded (挂帅) → in_progress (攻关) → accepted | failed; or cancelled (撤榜), or
unawarded (流榜). Bid: draft → submitted (⇄ needs_reconfirmation) → eligible | ineligible →
scored → awarded | not_awarded; withdrawn before the deadline.

Rules that need the database or the clock with their own error code (the deadline, the
publicity period, the number of valid bids) are checked by the service between ``check`` and
``apply``. ``close``, ``lapse``, ``needs_reconfirmation`` and ``score`` are taken by the
service itself (the scheduler, a change of terms, the proposal), never by a route.
"""

from __future__ import annotations

from datetime import UTC, datetime

from techmarket.challenges.models import (
    BidStatus,
    Challenge,
    ChallengeBid,
    ChallengeMilestone,
    ChallengeStatus,
    MilestoneStatus,
)
from techmarket.challenges.schemas import BidAction, ChallengeAction
from techmarket.core.principal import Principal
from techmarket.core.workflow import Transition, Workflow

S = ChallengeStatus
A = ChallengeAction
CLOSE = "close"  # the deadline passed (scheduler, or the first write after it)
LAPSE = "lapse"  # 流榜 by itself: no bid was in at the deadline


def _issuer(principal: Principal, challenge: Challenge) -> bool:
    return principal.acts_for(challenge.organization_id)


def _staff(principal: Principal, challenge: Challenge) -> bool:
    return principal.is_staff


def _issuer_or_staff(principal: Principal, challenge: Challenge) -> bool:
    return _issuer(principal, challenge) or principal.is_staff


def _winner_or_staff(principal: Principal, challenge: Challenge) -> bool:
    return principal.acts_for(challenge.winner_organization_id) or principal.is_staff


def _the_service(principal: Principal, entity: object) -> bool:
    """Taken by the service on its own rule (deadline, change of terms), never by a route."""
    return True


def _deadline_ahead(challenge: Challenge) -> str | None:
    if challenge.deadline <= datetime.now(UTC):
        return "the bid deadline has passed: set a new one before publishing"
    return None


def _deadline_passed(challenge: Challenge) -> str | None:
    if challenge.deadline > datetime.now(UTC):
        return "the bid deadline has not passed yet"
    return None


LIVE = frozenset({S.PUBLISHED, S.CLOSED, S.REVIEWING, S.PUBLICITY})

challenge_workflow: Workflow[Challenge] = Workflow(
    entity_type="challenge",
    transitions=[
        Transition(A.SUBMIT, frozenset({S.DRAFT}), S.PENDING_REVIEW, may=_issuer,
                   needs_verified_organization=True, guard=_deadline_ahead),
        Transition(A.WITHDRAW, frozenset({S.PENDING_REVIEW}), S.DRAFT, may=_issuer),
        Transition(A.APPROVE, frozenset({S.PENDING_REVIEW}), S.PUBLISHED, may=_staff,
                   guard=_deadline_ahead),
        Transition(A.REJECT, frozenset({S.PENDING_REVIEW}), S.DRAFT, may=_staff,
                   reason_required=True),
        Transition(A.CANCEL, LIVE, S.CANCELLED, may=_staff, reason_required=True),
        Transition(CLOSE, frozenset({S.PUBLISHED}), S.CLOSED, may=_the_service,
                   guard=_deadline_passed),
        Transition(LAPSE, frozenset({S.CLOSED}), S.UNAWARDED, may=_the_service),
        Transition(A.START_REVIEW, frozenset({S.CLOSED}), S.REVIEWING, may=_staff),
        Transition(A.DECLARE_UNAWARDED, frozenset({S.CLOSED, S.REVIEWING}), S.UNAWARDED,
                   may=_staff, reason_required=True),
        Transition(A.PROPOSE, frozenset({S.REVIEWING}), S.PUBLICITY, may=_staff),
        Transition(A.AWARD, frozenset({S.PUBLICITY}), S.AWARDED, may=_staff,
                   reason_required=True),
        Transition(A.AWARD_NEXT, frozenset({S.AWARDED}), S.AWARDED, may=_staff,
                   reason_required=True),
        Transition(A.START_WORK, frozenset({S.AWARDED}), S.IN_PROGRESS, may=_winner_or_staff),
        Transition(A.ACCEPT, frozenset({S.IN_PROGRESS}), S.ACCEPTED, may=_issuer_or_staff),
        Transition(A.FAIL, frozenset({S.IN_PROGRESS}), S.FAILED, may=_issuer_or_staff,
                   reason_required=True),
    ],
    topics=("search",),
    organization_of=lambda challenge: challenge.organization_id,
)  # fmt: skip


B = BidStatus
AMEND = "amend"  # a submitted bid changed before the deadline: a new receipt
NEEDS_RECONFIRMATION = "needs_reconfirmation"
SCORE = "score"
AWARD_BID = "award"
NOT_AWARD_BID = "not_award"


def _bidder(principal: Principal, bid: ChallengeBid) -> bool:
    return principal.acts_for(bid.organization_id)


def _bid_staff(principal: Principal, bid: ChallengeBid) -> bool:
    return principal.is_staff


bid_workflow: Workflow[ChallengeBid] = Workflow(
    entity_type="challenge_bid",
    transitions=[
        Transition(BidAction.SUBMIT, frozenset({B.DRAFT, B.NEEDS_RECONFIRMATION}), B.SUBMITTED,
                   may=_bidder),
        Transition(AMEND, frozenset({B.SUBMITTED}), B.SUBMITTED, may=_bidder),
        Transition(BidAction.WITHDRAW,
                   frozenset({B.DRAFT, B.SUBMITTED, B.NEEDS_RECONFIRMATION}), B.WITHDRAWN,
                   may=_bidder),
        Transition(NEEDS_RECONFIRMATION, frozenset({B.SUBMITTED}), B.NEEDS_RECONFIRMATION,
                   may=_the_service),
        Transition(BidAction.MARK_ELIGIBLE, frozenset({B.SUBMITTED, B.INELIGIBLE}), B.ELIGIBLE,
                   may=_bid_staff, reason_required=True),
        Transition(BidAction.MARK_INELIGIBLE, frozenset({B.SUBMITTED, B.ELIGIBLE}), B.INELIGIBLE,
                   may=_bid_staff, reason_required=True),
        Transition(SCORE, frozenset({B.ELIGIBLE}), B.SCORED, may=_bid_staff),
        Transition(AWARD_BID, frozenset({B.SCORED, B.NOT_AWARDED}), B.AWARDED, may=_bid_staff,
                   reason_required=True),
        Transition(NOT_AWARD_BID, frozenset({B.SCORED, B.AWARDED}), B.NOT_AWARDED,
                   may=_bid_staff),
    ],
    organization_of=lambda bid: bid.organization_id,
)  # fmt: skip


M = MilestoneStatus


def _signed_in(principal: Principal, milestone: ChallengeMilestone) -> bool:
    """Who may (the winner reports, the issuer or staff review) is decided by the service
    against the challenge; the milestone alone does not know them."""
    return not principal.is_anonymous


milestone_workflow: Workflow[ChallengeMilestone] = Workflow(
    entity_type="challenge_milestone",
    transitions=[
        Transition("accept", frozenset({M.REPORTED}), M.ACCEPTED, may=_signed_in),
        Transition("return", frozenset({M.REPORTED}), M.RETURNED, may=_signed_in,
                   reason_required=True),
        Transition("report", frozenset({M.RETURNED}), M.REPORTED, may=_signed_in),
    ],
)  # fmt: skip
