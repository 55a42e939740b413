"""对接: organisations asking to work on a demand or an achievement, up to the contract."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Query, status

from techmarket.connections import service
from techmarket.connections.models import ConnectionStatus, TargetType
from techmarket.connections.schemas import (
    ConnectionAction,
    ConnectionActionBody,
    ConnectionCreate,
    ConnectionFilters,
    ConnectionRead,
)
from techmarket.core.deps import CurrentUser
from techmarket.core.errors import problem_responses
from techmarket.core.pagination import Page, PageDep
from techmarket.db import SessionDep

# Full paths: the lists of an entry's connections sit under /demands and /achievements.
router = APIRouter(tags=["connections"])


@router.post(
    "/connections",
    response_model=ConnectionRead,
    status_code=status.HTTP_201_CREATED,
    responses=problem_responses(403, 404, 409),
)
async def request_connection(
    data: ConnectionCreate, principal: CurrentUser, session: SessionDep
) -> ConnectionRead:
    """Ask the owner of a published demand or achievement to connect (对接); users of verified
    organisations only, one open request per organisation and entry."""
    connection = await service.request_connection(session=session, principal=principal, data=data)
    return await service.to_read(session, connection, principal)


@router.get("/connections", response_model=Page[ConnectionRead])
async def list_connections(
    principal: CurrentUser,
    session: SessionDep,
    page: PageDep,
    filters: Annotated[ConnectionFilters, Query()],
) -> Page[ConnectionRead]:
    """One's organisation's connections, as requester or as owner of the entry; bureau staff
    see all of them. Newest first."""
    items, next_cursor = await service.list_connections(
        session=session, principal=principal, filters=filters, limit=page.limit, cursor=page.cursor
    )
    return Page(items=await service.to_reads(session, items, principal), next_cursor=next_cursor)


@router.get(
    "/connections/{connection_id}", response_model=ConnectionRead, responses=problem_responses(404)
)
async def read_connection(
    connection_id: uuid.UUID, principal: CurrentUser, session: SessionDep
) -> ConnectionRead:
    """One connection, for its two parties and bureau staff."""
    connection = await service.get_connection(
        session=session, principal=principal, connection_id=connection_id
    )
    return await service.to_read(session, connection, principal)


@router.post(
    "/connections/{connection_id}/{action}",
    response_model=ConnectionRead,
    responses=problem_responses(403, 404, 409),
)
async def act_on_connection(
    connection_id: uuid.UUID,
    action: ConnectionAction,
    principal: CurrentUser,
    session: SessionDep,
    body: ConnectionActionBody | None = None,
) -> ConnectionRead:
    """Move a connection on: accept or decline (the entry's owner; declining needs a reason),
    negotiate, contract (amount and date; optionally resolving the demand or marking the
    achievement transferred), close (either side, before a contract)."""
    connection = await service.act_on_connection(
        session=session,
        principal=principal,
        connection_id=connection_id,
        action=action,
        body=body or ConnectionActionBody(),
    )
    return await service.to_read(session, connection, principal)


@router.get(
    "/demands/{demand_id}/connections",
    response_model=Page[ConnectionRead],
    responses=problem_responses(404),
)
async def list_demand_connections(
    demand_id: uuid.UUID,
    principal: CurrentUser,
    session: SessionDep,
    page: PageDep,
    connection_status: Annotated[ConnectionStatus | None, Query(alias="status")] = None,
) -> Page[ConnectionRead]:
    """The connections of a demand: all of them for its owner and staff, one's own for a
    requester."""
    items, next_cursor = await service.list_entry_connections(
        session=session,
        principal=principal,
        target_type=TargetType.DEMAND,
        target_id=demand_id,
        status=connection_status,
        limit=page.limit,
        cursor=page.cursor,
    )
    return Page(items=await service.to_reads(session, items, principal), next_cursor=next_cursor)


@router.get(
    "/achievements/{achievement_id}/connections",
    response_model=Page[ConnectionRead],
    responses=problem_responses(404),
)
async def list_achievement_connections(
    achievement_id: uuid.UUID,
    principal: CurrentUser,
    session: SessionDep,
    page: PageDep,
    connection_status: Annotated[ConnectionStatus | None, Query(alias="status")] = None,
) -> Page[ConnectionRead]:
    """The connections of an achievement: all of them for its owner and staff, one's own for a
    requester."""
    items, next_cursor = await service.list_entry_connections(
        session=session,
        principal=principal,
        target_type=TargetType.ACHIEVEMENT,
        target_id=achievement_id,
        status=connection_status,
        limit=page.limit,
        cursor=page.cursor,
    )
    return Page(items=await service.to_reads(session, items, principal), next_cursor=next_cursor)
