"""技术需求: enterprises' technology demands."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Response, status
from fastapi.responses import JSONResponse

from techmarket.core import idempotency
from techmarket.core.deps import Anyone
from techmarket.core.entries import ActionBody, if_match_version
from techmarket.core.errors import problem_responses
from techmarket.core.idempotency import IdempotencyKey
from techmarket.core.pagination import Page, PageDep
from techmarket.core.policy import writer
from techmarket.core.principal import Principal, Scope
from techmarket.db import SessionDep
from techmarket.demands import service
from techmarket.demands.schemas import (
    DemandAction,
    DemandCreate,
    DemandFilters,
    DemandRead,
    DemandUpdate,
)

router = APIRouter(prefix="/demands", tags=["demands"])
DemandWriter = Annotated[Principal, Depends(writer(Scope.DEMANDS_WRITE))]


@router.post(
    "",
    response_model=DemandRead,
    status_code=status.HTTP_201_CREATED,
    responses=problem_responses(403, 422),
)
async def create_demand(
    data: DemandCreate,
    principal: DemandWriter,
    session: SessionDep,
    idempotency_key: IdempotencyKey = None,
) -> JSONResponse:
    """Post a demand as a draft of one's organisation; submit it for review when ready.
    With `Idempotency-Key`, a retry gets the first answer and creates nothing."""
    answer = await idempotency.create_once(
        session=session,
        principal=principal,
        key=idempotency_key,
        operation="demands.create",
        request=data,
        add=lambda: service.add_demand(session=session, principal=principal, data=data),
        render=lambda demand: service.to_read(demand, principal),
    )
    return idempotency.as_response(answer)


@router.get("", response_model=Page[DemandRead])
async def list_demands(
    principal: Anyone,
    session: SessionDep,
    page: PageDep,
    filters: Annotated[DemandFilters, Query()],
) -> Page[DemandRead]:
    """Demands the caller may see: published ones for everyone, plus one's own, plus what awaits
    review for bureau staff. Expired demands leave the public list."""
    items, next_cursor = await service.list_demands(
        session=session, principal=principal, filters=filters, limit=page.limit, cursor=page.cursor
    )
    return Page(items=[service.to_read(d, principal) for d in items], next_cursor=next_cursor)


@router.get("/{demand_id}", response_model=DemandRead, responses=problem_responses(404))
async def read_demand(
    demand_id: uuid.UUID, principal: Anyone, session: SessionDep, response: Response
) -> DemandRead:
    """One demand; its `ETag` is the version to send back in `If-Match` when changing it."""
    demand = await service.get_demand(session=session, principal=principal, demand_id=demand_id)
    response.headers["ETag"] = f'"{demand.version}"'
    return await service.read_linked(session=session, demand=demand, principal=principal)


@router.patch(
    "/{demand_id}", response_model=DemandRead, responses=problem_responses(403, 404, 409, 412, 428)
)
async def update_demand(
    demand_id: uuid.UUID,
    data: DemandUpdate,
    version: Annotated[int, Depends(if_match_version)],
    principal: DemandWriter,
    session: SessionDep,
    response: Response,
) -> DemandRead:
    """Change a draft or rejected demand (a published one: validity and contact only)."""
    demand = await service.update_demand(
        session=session, principal=principal, demand_id=demand_id, version=version, data=data
    )
    response.headers["ETag"] = f'"{demand.version}"'
    return service.to_read(demand, principal)


@router.post(
    "/{demand_id}/{action}", response_model=DemandRead, responses=problem_responses(403, 404, 409)
)
async def act_on_demand(
    demand_id: uuid.UUID,
    action: DemandAction,
    principal: DemandWriter,
    session: SessionDep,
    body: ActionBody | None = None,
) -> DemandRead:
    """Move a demand through review: submit, withdraw, approve, reject (with a reason), start,
    resolve, close."""
    demand = await service.act_on_demand(
        session=session,
        principal=principal,
        demand_id=demand_id,
        action=action,
        reason=body.reason if body else None,
    )
    return service.to_read(demand, principal)
