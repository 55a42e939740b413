"""Challenges 揭榜挂帅: issue, review and publish, change terms, close at the deadline, cancel,
the public board, and what other collections read of them.

Closing: a published challenge is closed as soon as its deadline passes, whether or not the
scheduler has run yet. Reads compute it (``effective_status``), so that no GET writes; every
write on a challenge first persists it (``settle``), and the scheduler persists it for the rest
(notifications, 流榜 when no bid came in, the search index).
"""

from __future__ import annotations

import uuid
from calendar import monthrange
from collections.abc import Iterable, Sequence
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import ColumnElement, and_, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from techmarket.catalog.models import Taxonomy
from techmarket.challenges.models import (
    COUNTED_BID_STATUSES,
    PUBLIC_STATUSES,
    BidStatus,
    Challenge,
    ChallengeBid,
    ChallengeStatus,
)
from techmarket.challenges.schemas import (
    BoardEntry,
    ChallengeAction,
    ChallengeCreate,
    ChallengeFields,
    ChallengeFilters,
    ChallengeRead,
    ChallengeUpdate,
)
from techmarket.challenges.workflow import (
    CLOSE,
    LAPSE,
    NEEDS_RECONFIRMATION,
    bid_workflow,
    challenge_workflow,
)
from techmarket.core.entries import (
    add_entry,
    apply_entry_action,
    check_terms,
    check_version,
    entry_page,
    filter_entries,
    save_changes,
    validate_whole,
    visible_to,
)
from techmarket.core.errors import AppError, FieldError
from techmarket.core.pagination import keyset_page
from techmarket.core.policy import Forbidden
from techmarket.core.principal import ANONYMOUS, Principal
from techmarket.core.scheduler import Periodic
from techmarket.db import transactional
from techmarket.demands.models import PUBLIC_STATUSES as DEMAND_PUBLIC
from techmarket.demands.models import Demand
from techmarket.identity.models import Organization
from techmarket.notifications.service import notify_organization, notify_users, staff_ids

S = ChallengeStatus


class ChallengeNotFound(AppError):
    code = "challenge.not_found"
    status = 404
    title = "Challenge not found"


class ChallengeNotEditable(AppError):
    code = "challenge.not_editable"
    status = 409
    title = "This challenge cannot be changed in its current status"


class InvalidChallengeInput(AppError):
    code = "challenge.invalid_input"
    status = 422
    title = "Unprocessable content"


class DeadlineInThePast(AppError):
    code = "challenge.deadline_in_the_past"
    status = 422
    title = "The bid deadline lies in the past"


def invalid(field: str, message: str, error: type[AppError] = InvalidChallengeInput) -> AppError:
    return error(message, fields=[FieldError(field=field, message=message)])


def now() -> datetime:
    return datetime.now(UTC)


def effective_status(challenge: Challenge, at: datetime | None = None) -> ChallengeStatus:
    """A published challenge past its deadline is closed, before anything has written it."""
    if challenge.status is S.PUBLISHED and challenge.deadline <= (at or now()):
        return S.CLOSED
    return challenge.status


def deadline_passed(challenge: Challenge, at: datetime | None = None) -> bool:
    return challenge.deadline <= (at or now())


# ---------------------------------------------------------------------------------------------
# Reading


def _visible(principal: Principal) -> ColumnElement[bool]:
    return visible_to(Challenge, principal, public=PUBLIC_STATUSES, draft=S.DRAFT)


async def get_challenge(
    *, session: AsyncSession, principal: Principal, challenge_id: uuid.UUID, lock: bool = False
) -> Challenge:
    """The challenge if ``principal`` may see it (404 otherwise); ``lock`` takes it for update."""
    statement = select(Challenge).where(Challenge.id == challenge_id, _visible(principal))
    if lock:
        statement = statement.with_for_update()
    challenge = await session.scalar(statement)
    if challenge is None:
        raise ChallengeNotFound()
    return challenge


async def bid_counts(
    session: AsyncSession, challenge_ids: Iterable[uuid.UUID]
) -> dict[uuid.UUID, int]:
    """Bids that were in at the deadline, per challenge."""
    ids = list(challenge_ids)
    if not ids:
        return {}
    rows = await session.execute(
        select(ChallengeBid.challenge_id, func.count())
        .where(
            ChallengeBid.challenge_id.in_(ids),
            ChallengeBid.status.in_(list(COUNTED_BID_STATUSES)),
        )
        .group_by(ChallengeBid.challenge_id)
    )
    return dict(rows.all())


async def _names(session: AsyncSession, ids: Iterable[uuid.UUID | None]) -> dict[uuid.UUID, str]:
    wanted = {i for i in ids if i is not None}
    if not wanted:
        return {}
    rows = await session.execute(
        select(Organization.id, Organization.name).where(Organization.id.in_(wanted))
    )
    return dict(rows.all())


WINNER_SHOWN = frozenset({S.PUBLICITY, S.AWARDED, S.IN_PROGRESS, S.ACCEPTED, S.FAILED})


async def to_reads(session: AsyncSession, challenges: Sequence[Challenge]) -> list[ChallengeRead]:
    """The challenges as read: closed past the deadline, the number of bids only after it (the
    bids are sealed until then), the (proposed) winner from publicity on."""
    at = now()
    past = [c.id for c in challenges if deadline_passed(c, at)]
    counts = await bid_counts(session, past)
    names = await _names(session, (c.winner_organization_id for c in challenges))
    reads = []
    for challenge in challenges:
        status = effective_status(challenge, at)
        winner = challenge.winner_organization_id if status in WINNER_SHOWN else None
        values = {
            name: getattr(challenge, name)
            for name in ChallengeRead.model_fields
            if hasattr(challenge, name)
        }
        reads.append(
            ChallengeRead.model_validate(
                values
                | {
                    "status": status,
                    "negotiable": challenge.bounty == 0,
                    "bid_count": counts.get(challenge.id, 0) if challenge.id in past else None,
                    "winner_organization_id": winner,
                    "winner_organization_name": names.get(winner) if winner else None,
                }
            )
        )
    return reads


async def to_read(session: AsyncSession, challenge: Challenge) -> ChallengeRead:
    [read] = await to_reads(session, [challenge])
    return read


def _status_filter(status: ChallengeStatus, at: datetime) -> ColumnElement[bool]:
    if status is S.PUBLISHED:
        return and_(Challenge.status == S.PUBLISHED, Challenge.deadline > at)
    if status is S.CLOSED:
        return or_(
            Challenge.status == S.CLOSED,
            and_(Challenge.status == S.PUBLISHED, Challenge.deadline <= at),
        )
    return Challenge.status == status


async def list_challenges(
    *,
    session: AsyncSession,
    principal: Principal,
    filters: ChallengeFilters,
    limit: int,
    cursor: str | None,
) -> tuple[list[Challenge], str | None]:
    statement = filter_entries(
        select(Challenge).where(_visible(principal)), Challenge, filters, equal=("board", "mode")
    )
    if filters.status is not None:
        statement = statement.where(_status_filter(filters.status, now()))
    return await entry_page(
        session, statement, Challenge, sort=filters.sort, limit=limit, cursor=cursor
    )


BOARD_STATUSES = frozenset(PUBLIC_STATUSES - {S.CANCELLED})
WINNER_ON_BOARD = frozenset({S.AWARDED, S.IN_PROGRESS, S.ACCEPTED, S.FAILED})


async def board(
    *, session: AsyncSession, status: ChallengeStatus | None, limit: int, cursor: str | None
) -> tuple[list[BoardEntry], str | None]:
    """榜单: every challenge published and not cancelled, latest deadline first."""
    statement = select(Challenge).where(Challenge.status.in_(list(BOARD_STATUSES)))
    if status is not None:
        statement = statement.where(_status_filter(status, now()))
    challenges, next_cursor = await keyset_page(
        session,
        statement,
        key=Challenge.deadline,
        id_column=Challenge.id,
        limit=limit,
        cursor=cursor,
    )
    at = now()
    counts = await bid_counts(session, [c.id for c in challenges if deadline_passed(c, at)])
    names = await _names(
        session,
        [c.organization_id for c in challenges] + [c.winner_organization_id for c in challenges],
    )
    entries = []
    for challenge in challenges:
        current = effective_status(challenge, at)
        winner = challenge.winner_organization_id if current in WINNER_ON_BOARD else None
        entries.append(
            BoardEntry(
                id=challenge.id,
                title=challenge.title,
                board=challenge.board,
                mode=challenge.mode,
                field=challenge.field,
                status=current,
                issuer_organization_id=challenge.organization_id,
                issuer_name=names.get(challenge.organization_id, ""),
                bounty=challenge.bounty,
                negotiable=challenge.bounty == 0,
                deadline=challenge.deadline,
                bid_count=counts.get(challenge.id, 0) if deadline_passed(challenge, at) else None,
                winner_organization_id=winner,
                winner_name=names.get(winner) if winner else None,
            )
        )
    return entries, next_cursor


async def challenges_won_by_organization(session: AsyncSession) -> dict[uuid.UUID, int]:
    """For the league of organisations: challenges each organisation won and whose work passed
    its final acceptance (验收通过); every one is a challenge record anyone can open."""
    rows = await session.execute(
        select(Challenge.winner_organization_id, func.count())
        .where(Challenge.status == S.ACCEPTED, Challenge.winner_organization_id.is_not(None))
        .group_by(Challenge.winner_organization_id)
    )
    return {organization_id: count for organization_id, count in rows.all() if organization_id}


async def challenge_ids_from_demand(session: AsyncSession, demand_id: uuid.UUID) -> list[uuid.UUID]:
    """Hook for demands: the public challenges raised from a demand (the link both ways)."""
    return list(
        await session.scalars(
            select(Challenge.id)
            .where(
                Challenge.origin_demand_id == demand_id,
                Challenge.status.in_(list(PUBLIC_STATUSES)),
            )
            .order_by(Challenge.created_at)
        )
    )


# ---------------------------------------------------------------------------------------------
# Issuing and changing


_TAXONOMY_OF = {
    "field": Taxonomy.FIELD,
    "region": Taxonomy.REGION,
    "eligible_regions": Taxonomy.REGION,
}


def _stored(values: dict[str, Any]) -> dict[str, Any]:
    """Input as stored: criteria as JSON, kinds as their codes."""
    if values.get("criteria") is not None:
        values["criteria"] = [
            {"name": c["name"], "weight": str(c["weight"]), "max_score": str(c["max_score"])}
            for c in values["criteria"]
        ]
    if values.get("eligible_kinds") is not None:
        values["eligible_kinds"] = [str(kind) for kind in values["eligible_kinds"]]
    return values


async def _check_values(session: AsyncSession, values: dict[str, Any]) -> None:
    await check_terms(session, values, _TAXONOMY_OF)
    if values.get("deadline") is not None and values["deadline"] <= now():
        raise invalid("body.deadline", "the bid deadline must lie ahead", DeadlineInThePast)
    invited = values.get("invited_organization_ids") or []
    if invited:
        found = set(
            await session.scalars(select(Organization.id).where(Organization.id.in_(invited)))
        )
        if missing := [i for i in invited if i not in found]:
            raise invalid("body.invited_organization_ids", f"no organisation {missing[0]}")


async def _check_demand(session: AsyncSession, principal: Principal, demand_id: uuid.UUID) -> None:
    """A challenge is raised from a published demand, by its organisation or by staff."""
    demand = await session.get(Demand, demand_id)
    if demand is None or demand.status not in DEMAND_PUBLIC:
        raise invalid("body.origin_demand_id", "no published demand with this id")
    if not (principal.acts_for(demand.organization_id) or principal.is_staff):
        raise invalid(
            "body.origin_demand_id", "only its organisation or staff raise a challenge from it"
        )


@transactional
async def create_challenge(
    *, session: AsyncSession, principal: Principal, data: ChallengeCreate
) -> Challenge:
    return await add_challenge(session=session, principal=principal, data=data)


async def add_challenge(
    *, session: AsyncSession, principal: Principal, data: ChallengeCreate
) -> Challenge:
    """Draft a challenge of the principal's organisation, in the caller's unit of work."""
    values = _stored(data.model_dump(exclude_none=True, mode="python"))
    await _check_values(session, values)
    if data.origin_demand_id is not None:
        await _check_demand(session, principal, data.origin_demand_id)
    challenge: Challenge = await add_entry(
        session, Challenge, principal=principal, values=values, status=S.DRAFT
    )
    return challenge


async def settle(session: AsyncSession, challenge: Challenge) -> None:
    """Persist the close of a challenge past its deadline (see the module's docstring)."""
    if effective_status(challenge) is not S.CLOSED or challenge.status is S.CLOSED:
        return
    closed_at = challenge.deadline
    challenge_workflow.apply(
        session, challenge, CLOSE, principal=ANONYMOUS, changes={"closed_at": closed_at}
    )
    counts = await bid_counts(session, [challenge.id])
    organizations = await bidders(session, challenge.id)
    if not counts.get(challenge.id):
        reason = "截止时未收到有效揭榜申请"
        challenge_workflow.apply(
            session,
            challenge,
            LAPSE,
            principal=ANONYMOUS,
            reason=reason,
            changes={"outcome_reason": reason},
        )
        await notify(
            session,
            [challenge.organization_id],
            challenge,
            "challenge.unawarded",
            f"榜单《{challenge.title}》已流榜",
            reason,
        )
    else:
        await notify(
            session,
            [challenge.organization_id, *organizations],
            challenge,
            "challenge.closed",
            f"榜单《{challenge.title}》已截止",
            "揭榜申请回执已公布，可核对您的申请摘要。",
        )
        await notify_people(
            session,
            None,
            challenge,
            "challenge.closed",
            f"榜单《{challenge.title}》已截止，待资格审查",
        )
    challenge.updated_at = now()
    await session.flush()


async def bidders(session: AsyncSession, challenge_id: uuid.UUID) -> list[uuid.UUID]:
    """Organisations with a bid, in whatever status but withdrawn."""
    return list(
        await session.scalars(
            select(ChallengeBid.organization_id).where(
                ChallengeBid.challenge_id == challenge_id,
                ChallengeBid.status != BidStatus.WITHDRAWN,
            )
        )
    )


async def notify(
    session: AsyncSession,
    organization_ids: Iterable[uuid.UUID | None],
    challenge: Challenge,
    kind: str,
    title: str,
    body: str | None = None,
) -> None:
    for organization_id in dict.fromkeys(i for i in organization_ids if i is not None):
        await notify_organization(
            session,
            organization_id=organization_id,
            kind=kind,
            title=title,
            body=body,
            entity_type="challenge",
            entity_id=challenge.id,
        )


async def notify_people(
    session: AsyncSession,
    user_ids: Iterable[uuid.UUID | None] | None,
    challenge: Challenge,
    kind: str,
    title: str,
    body: str | None = None,
) -> None:
    """Tell people (experts), or bureau staff when ``user_ids`` is None."""
    wanted = await staff_ids(session) if user_ids is None else [i for i in user_ids if i]
    notify_users(
        session,
        user_ids=wanted,
        kind=kind,
        title=title,
        body=body,
        entity_type="challenge",
        entity_id=challenge.id,
    )


EDITABLE = frozenset({S.DRAFT})


@transactional
async def update_challenge(
    *,
    session: AsyncSession,
    principal: Principal,
    challenge_id: uuid.UUID,
    version: int,
    data: ChallengeUpdate,
) -> Challenge:
    """A draft changes freely (its issuer). A published challenge changes its terms before the
    deadline (its issuer or staff): the bids already submitted then need re-confirming."""
    challenge = await get_challenge(
        session=session, principal=principal, challenge_id=challenge_id, lock=True
    )
    if not (principal.acts_for(challenge.organization_id) or principal.is_staff):
        raise Forbidden("only the issuer or staff change a challenge")
    check_version(challenge, version)
    await settle(session, challenge)
    if challenge.status not in (S.DRAFT, S.PUBLISHED) or (
        challenge.status is S.DRAFT and not principal.acts_for(challenge.organization_id)
    ):
        raise ChallengeNotEditable(
            f"a {challenge.status} challenge cannot be changed",
            current_status=str(challenge.status),
        )
    updates = data.model_dump(exclude_unset=True)
    validate_whole(ChallengeCreate, challenge, ChallengeFields.model_fields, updates)
    updates = _stored(data.model_dump(exclude_unset=True, mode="python"))
    await _check_values(session, updates)
    await save_changes(
        session, challenge, principal=principal, entity_type="challenge", updates=updates
    )
    if challenge.status is S.PUBLISHED and updates:
        await _terms_changed(session, principal, challenge)
    return challenge


async def _terms_changed(session: AsyncSession, principal: Principal, challenge: Challenge) -> None:
    bids = list(
        await session.scalars(
            select(ChallengeBid).where(
                ChallengeBid.challenge_id == challenge.id,
                ChallengeBid.status == BidStatus.SUBMITTED,
            )
        )
    )
    for bid in bids:
        bid_workflow.apply(
            session,
            bid,
            NEEDS_RECONFIRMATION,
            principal=principal,
            reason="the challenge's terms changed",
        )
    await notify(
        session,
        [bid.organization_id for bid in bids],
        challenge,
        "challenge.terms_changed",
        f"榜单《{challenge.title}》的条件已变更",
        "请在截止前重新确认您的揭榜申请，否则该申请不计入。",
    )
    await session.flush()


ENTRY_ACTIONS = frozenset(
    {
        ChallengeAction.SUBMIT,
        ChallengeAction.WITHDRAW,
        ChallengeAction.APPROVE,
        ChallengeAction.REJECT,
    }
)


@transactional
async def review_challenge(
    *,
    session: AsyncSession,
    principal: Principal,
    challenge_id: uuid.UUID,
    action: ChallengeAction,
    reason: str | None,
) -> Challenge:
    """Before publication: the issuer submits or withdraws, staff approve (张榜) or reject."""
    assert action in ENTRY_ACTIONS
    challenge = await get_challenge(
        session=session, principal=principal, challenge_id=challenge_id, lock=True
    )
    await apply_entry_action(
        session, challenge_workflow, challenge, action, principal=principal, reason=reason
    )
    if action is ChallengeAction.SUBMIT:
        await notify_people(
            session,
            None,
            challenge,
            "challenge.pending_review",
            f"榜单《{challenge.title}》待审核",
        )
    if action is ChallengeAction.APPROVE:
        await notify(
            session,
            [challenge.organization_id],
            challenge,
            "challenge.published",
            f"榜单《{challenge.title}》已张榜",
        )
    return challenge


# ---------------------------------------------------------------------------------------------
# The scheduler: close what the deadline closed.

BATCH = 200


async def close_due_challenges(session: AsyncSession) -> int:
    """Persist the close of every published challenge past its deadline; answer how many."""
    due = list(
        await session.scalars(
            select(Challenge)
            .where(Challenge.status == S.PUBLISHED, Challenge.deadline <= now())
            .order_by(Challenge.deadline)
            .limit(BATCH)
            .with_for_update(skip_locked=True)
        )
    )
    for challenge in due:
        await settle(session, challenge)
    return len(due)


async def _close_due(session: AsyncSession) -> None:
    await close_due_challenges(session)


CLOSE_AT_DEADLINE = Periodic("challenges.close_at_deadline", timedelta(minutes=1), _close_due)


def months_later(start: date, months: int) -> date:
    """The same day ``months`` later (the last day of a shorter month)."""
    month = start.month - 1 + months
    year, month = start.year + month // 12, month % 12 + 1
    return start.replace(year=year, month=month, day=min(start.day, monthrange(year, month)[1]))
