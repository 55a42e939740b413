"""Demands: create, read with visibility, list, update under If-Match, and move through review."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime
from typing import Any

from pydantic import ValidationError
from sqlalchemy import Select, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm.exc import StaleDataError

from techmarket.catalog.models import Taxonomy
from techmarket.catalog.service import ensure_terms
from techmarket.core import audit
from techmarket.core.entries import PreconditionFailed, check_version, sees_contact, visible_to
from techmarket.core.errors import AppError, FieldError, InvalidInput
from techmarket.core.pagination import keyset_page
from techmarket.core.policy import Forbidden
from techmarket.core.principal import Principal
from techmarket.db import transactional
from techmarket.demands.models import PUBLIC_STATUSES, Demand, DemandStatus
from techmarket.demands.schemas import (
    DemandAction,
    DemandContact,
    DemandCreate,
    DemandFields,
    DemandFilters,
    DemandRead,
    DemandSort,
    DemandUpdate,
)
from techmarket.demands.workflow import demand_workflow


class DemandNotFound(AppError):
    code = "demand.not_found"
    status = 404
    title = "Demand not found"


class DemandNotEditable(AppError):
    code = "demand.not_editable"
    status = 409
    title = "This demand cannot be changed in its current status"


class DateInThePast(AppError):
    code = "demand.date_in_the_past"
    status = 422
    title = "The date lies in the past"


# Once published, the owner may still extend the validity and correct the contact details;
# anything else would change what reviewers approved.
EDITABLE_WHEN_LIVE = frozenset({"valid_until", "contact_name", "contact_phone", "contact_email"})
EDITABLE_STATUSES = frozenset({DemandStatus.DRAFT, DemandStatus.REJECTED})
LIVE_STATUSES = frozenset({DemandStatus.PUBLISHED, DemandStatus.IN_PROGRESS})

_TAXONOMY_OF = {
    "field": Taxonomy.FIELD,
    "region": Taxonomy.REGION,
    "demand_type": Taxonomy.DEMAND_TYPE,
    "cooperation_mode": Taxonomy.COOPERATION_MODE,
}


async def _check_values(session: AsyncSession, values: dict[str, Any]) -> None:
    for name, taxonomy in _TAXONOMY_OF.items():
        if values.get(name) is not None:
            await ensure_terms(
                session=session, taxonomy=taxonomy, codes=[values[name]], field=f"body.{name}"
            )
    today = date.today()
    for name in ("deadline", "valid_until"):
        if values.get(name) is not None and values[name] < today:
            raise DateInThePast(
                f"{name} must be today or later",
                fields=[
                    FieldError(field=f"body.{name}", message="in the past", type="value_error")
                ],
            )


def to_read(demand: Demand, principal: Principal) -> DemandRead:
    contact = None
    if sees_contact(principal, demand.organization_id):
        contact = DemandContact(
            name=demand.contact_name, phone=demand.contact_phone, email=demand.contact_email
        )
    return DemandRead.model_validate(
        {
            **{
                name: getattr(demand, name)
                for name in DemandRead.model_fields
                if hasattr(demand, name)
            },
            "expired": demand.valid_until < date.today(),
            "contact": contact,
        }
    )


@transactional
async def create_demand(
    *, session: AsyncSession, principal: Principal, data: DemandCreate
) -> Demand:
    if principal.organization_id is None:
        raise Forbidden("only members of an organisation post demands")
    values = data.model_dump(exclude_none=True)
    await _check_values(session, values)
    demand = Demand(
        **values,
        organization_id=principal.organization_id,
        author_id=principal.user_id,
        status=DemandStatus.DRAFT,
    )
    session.add(demand)
    await session.flush()
    audit.record(
        session, principal=principal, action="demand.create", entity_type="demand",
        entity_id=demand.id, after={"title": demand.title},
    )  # fmt: skip
    return demand


async def get_demand(
    *, session: AsyncSession, principal: Principal, demand_id: uuid.UUID
) -> Demand:
    """The demand if ``principal`` may see it; 404 otherwise, so that drafts stay unknown."""
    statement = select(Demand).where(
        Demand.id == demand_id,
        visible_to(Demand, principal, public=PUBLIC_STATUSES, draft=DemandStatus.DRAFT),
    )
    demand = await session.scalar(statement)
    if demand is None:
        raise DemandNotFound()
    return demand


def _filtered(statement: Select[Any], principal: Principal, filters: DemandFilters) -> Select[Any]:
    for name in ("status", "field", "region", "demand_type", "organization_id"):
        if (value := getattr(filters, name)) is not None:
            statement = statement.where(getattr(Demand, name) == value)
    if filters.budget_min is not None:
        statement = statement.where(
            func.coalesce(Demand.budget_max, Demand.budget_min) >= filters.budget_min
        )
    if filters.budget_max is not None:
        statement = statement.where(
            func.coalesce(Demand.budget_min, Demand.budget_max) <= filters.budget_max
        )
    if filters.created_from is not None:
        statement = statement.where(Demand.created_at >= filters.created_from)
    if filters.created_until is not None:
        statement = statement.where(Demand.created_at < filters.created_until)
    if not filters.include_expired:
        # Expired demands leave the public lists by themselves; their owners still see them.
        still_listed = or_(
            Demand.valid_until >= date.today(), Demand.status.not_in(list(LIVE_STATUSES))
        )
        if principal.organization_id is not None:
            still_listed = or_(still_listed, Demand.organization_id == principal.organization_id)
        statement = statement.where(still_listed)
    return statement


_SORT_KEYS = {
    DemandSort.NEWEST: (Demand.created_at, True),
    DemandSort.OLDEST: (Demand.created_at, False),
    DemandSort.RECENTLY_UPDATED: (Demand.updated_at, True),
}


async def list_demands(
    *,
    session: AsyncSession,
    principal: Principal,
    filters: DemandFilters,
    limit: int,
    cursor: str | None,
) -> tuple[list[Demand], str | None]:
    statement = select(Demand).where(
        visible_to(Demand, principal, public=PUBLIC_STATUSES, draft=DemandStatus.DRAFT)
    )
    key, descending = _SORT_KEYS[filters.sort]
    return await keyset_page(
        session, _filtered(statement, principal, filters), key=key, id_column=Demand.id,
        limit=limit, cursor=cursor, descending=descending,
    )  # fmt: skip


async def _owned(session: AsyncSession, principal: Principal, demand_id: uuid.UUID) -> Demand:
    demand = await get_demand(session=session, principal=principal, demand_id=demand_id)
    if not principal.acts_for(demand.organization_id):
        raise Forbidden("only the organisation that posted the demand can change it")
    return demand


@transactional
async def update_demand(
    *,
    session: AsyncSession,
    principal: Principal,
    demand_id: uuid.UUID,
    version: int,
    data: DemandUpdate,
) -> Demand:
    demand = await _owned(session, principal, demand_id)
    check_version(demand, version)
    updates = data.model_dump(exclude_unset=True)
    if demand.status not in EDITABLE_STATUSES:
        locked = sorted(set(updates) - EDITABLE_WHEN_LIVE)
        if demand.status not in LIVE_STATUSES or locked:
            raise DemandNotEditable(
                f"a {demand.status} demand cannot change {', '.join(locked) or 'anything'}",
                current_status=str(demand.status),
            )
    stored = {name: getattr(demand, name) for name in DemandFields.model_fields}
    try:  # the result as a whole: required fields kept, budget_min still under budget_max
        DemandCreate.model_validate(stored | updates)
    except ValidationError as error:
        raise InvalidInput.from_validation(error) from error
    await _check_values(session, updates)
    before, after = audit.changes(demand, updates)
    if not after:
        return demand
    for name, value in after.items():
        setattr(demand, name, value)
    demand.updated_at = datetime.now(UTC)
    try:
        await session.flush()
    except StaleDataError as error:
        raise PreconditionFailed("the demand was changed at the same moment: reload it") from error
    audit.record(
        session, principal=principal, action="demand.update", entity_type="demand",
        entity_id=demand.id, before=before, after=after, organization_id=demand.organization_id,
    )  # fmt: skip
    return demand


@transactional
async def act_on_demand(
    *, session: AsyncSession, principal: Principal, demand_id: uuid.UUID, action: DemandAction,
    reason: str | None,
) -> Demand:  # fmt: skip
    demand = await get_demand(session=session, principal=principal, demand_id=demand_id)
    changes: dict[str, Any] = {}
    if action is DemandAction.APPROVE:
        changes = {"published_at": datetime.now(UTC), "rejection_reason": None}
    elif action is DemandAction.REJECT:
        changes = {"rejection_reason": reason}
    demand_workflow.apply(
        session, demand, action, principal=principal, reason=reason, changes=changes
    )
    demand.updated_at = datetime.now(UTC)
    await session.flush()
    return demand
