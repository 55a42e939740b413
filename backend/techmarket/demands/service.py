"""Demands: create, read with visibility, list, update under If-Match, and move through review."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

from sqlalchemy import Select, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from techmarket.catalog.models import Taxonomy
from techmarket.challenges.service import challenge_ids_from_demand
from techmarket.core.entries import (
    add_entry,
    apply_entry_action,
    check_terms,
    check_version,
    ensure_editable,
    entry_page,
    entry_read,
    filter_entries,
    get_visible,
    save_changes,
    validate_whole,
    visible_to,
)
from techmarket.core.errors import AppError, FieldError
from techmarket.core.policy import Forbidden
from techmarket.core.principal import Principal
from techmarket.db import transactional
from techmarket.demands.models import PUBLIC_STATUSES, Demand, DemandStatus
from techmarket.demands.schemas import (
    DemandAction,
    DemandCreate,
    DemandFields,
    DemandFilters,
    DemandRead,
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
    await check_terms(session, values, _TAXONOMY_OF)
    today = date.today()
    for name in ("deadline", "valid_until"):
        if values.get(name) is not None and values[name] < today:
            raise DateInThePast(
                f"{name} must be today or later",
                fields=[FieldError(field=f"body.{name}", message="in the past")],
            )


def to_read(demand: Demand, principal: Principal, **links: Any) -> DemandRead:
    return entry_read(
        DemandRead, demand, principal, expired=demand.valid_until < date.today(), **links
    )


async def read_linked(*, session: AsyncSession, demand: Demand, principal: Principal) -> DemandRead:
    """One demand with the challenges raised from it (the link is navigable both ways)."""
    ids = await challenge_ids_from_demand(session, demand.id)
    return to_read(demand, principal, challenge_ids=ids)


async def add_demand(
    *,
    session: AsyncSession,
    principal: Principal,
    data: DemandCreate,
    status: DemandStatus = DemandStatus.DRAFT,
) -> Demand:
    """Add a demand to the caller's unit of work (imports add many in one)."""
    values = data.model_dump(exclude_none=True)
    await _check_values(session, values)
    demand: Demand = await add_entry(
        session,
        Demand,
        principal=principal,
        values=values,
        status=status,
        published=status is DemandStatus.PUBLISHED,
    )
    return demand


async def get_demand(
    *, session: AsyncSession, principal: Principal, demand_id: uuid.UUID
) -> Demand:
    demand: Demand = await get_visible(
        session,
        Demand,
        demand_id,
        principal=principal,
        public=PUBLIC_STATUSES,
        draft=DemandStatus.DRAFT,
        not_found=DemandNotFound,
    )
    return demand


def _filtered(statement: Select[Any], principal: Principal, filters: DemandFilters) -> Select[Any]:
    statement = filter_entries(statement, Demand, filters, equal=("status", "demand_type"))
    if filters.budget_min is not None:
        statement = statement.where(
            func.coalesce(Demand.budget_max, Demand.budget_min) >= filters.budget_min
        )
    if filters.budget_max is not None:
        statement = statement.where(
            func.coalesce(Demand.budget_min, Demand.budget_max) <= filters.budget_max
        )
    if not filters.include_expired:
        # Expired demands leave the public lists by themselves; their owners still see them.
        still_listed = or_(
            Demand.valid_until >= date.today(), Demand.status.not_in(list(LIVE_STATUSES))
        )
        if principal.organization_id is not None:
            still_listed = or_(still_listed, Demand.organization_id == principal.organization_id)
        statement = statement.where(still_listed)
    return statement


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
    return await entry_page(
        session,
        _filtered(statement, principal, filters),
        Demand,
        sort=filters.sort,
        limit=limit,
        cursor=cursor,
    )


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
    ensure_editable(
        demand,
        updates,
        entity_type="demand",
        editable=EDITABLE_STATUSES,
        live=LIVE_STATUSES,
        live_fields=EDITABLE_WHEN_LIVE,
        error=DemandNotEditable,
    )
    # The result as a whole: required fields kept, budget_min still under budget_max.
    validate_whole(DemandCreate, demand, DemandFields.model_fields, updates)
    await _check_values(session, updates)
    await save_changes(session, demand, principal=principal, entity_type="demand", updates=updates)
    return demand


@transactional
async def act_on_demand(
    *,
    session: AsyncSession,
    principal: Principal,
    demand_id: uuid.UUID,
    action: DemandAction,
    reason: str | None,
) -> Demand:
    demand = await get_demand(session=session, principal=principal, demand_id=demand_id)
    await apply_entry_action(
        session, demand_workflow, demand, action, principal=principal, reason=reason
    )
    return demand
