"""Connections: an organisation asks, the entry's owner answers, both negotiate and record the
contract. A connection moves its demand or achievement along through their own workflows, in
the same transaction, so that the entry and its connections never disagree."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime
from typing import Any, TypeVar

from sqlalchemy import ColumnElement, Select, false, or_, select, true
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import selectinload

from techmarket.achievements.models import Achievement
from techmarket.achievements.schemas import AchievementAction
from techmarket.achievements.service import get_achievement
from techmarket.achievements.workflow import achievement_workflow
from techmarket.connections.models import OPEN_STATUSES, Connection, ConnectionStatus, TargetType
from techmarket.connections.schemas import (
    ConnectionAction,
    ConnectionActionBody,
    ConnectionCreate,
    ConnectionFilters,
    ConnectionRead,
    ConnectionRole,
)
from techmarket.connections.workflow import TAKING_CONNECTIONS, connection_workflow
from techmarket.core import audit
from techmarket.core.entries import apply_entry_action
from techmarket.core.errors import AppError, FieldError, InvalidInput
from techmarket.core.pagination import keyset_page
from techmarket.core.policy import Forbidden
from techmarket.core.principal import Principal
from techmarket.core.workflow import OrganizationNotVerified
from techmarket.db import transactional
from techmarket.demands.models import Demand, DemandStatus
from techmarket.demands.schemas import DemandAction
from techmarket.demands.service import get_demand
from techmarket.demands.workflow import demand_workflow
from techmarket.identity.models import Organization

T = TypeVar("T")


class ConnectionNotFound(AppError):
    code = "connection.not_found"
    status = 404
    title = "Connection not found"


class OwnEntry(AppError):
    code = "connection.own_entry"
    status = 422
    title = "An organisation cannot connect to its own entry"


class TargetNotTakingConnections(AppError):
    code = "connection.target_not_open"
    status = 409
    title = "This entry takes no connection requests in its current status"


class DuplicateConnection(AppError):
    code = "connection.duplicate"
    status = 409
    title = "Your organisation already has an open connection to this entry"


class ContractDateInTheFuture(AppError):
    code = "connection.contract_date_in_the_future"
    status = 422
    title = "The contract date lies in the future"


async def to_reads(
    session: AsyncSession, connections: list[Connection], principal: Principal
) -> list[ConnectionRead]:
    """The connections as ``principal`` sees them: its side, what it may do now, and the names
    of both organisations (one query for them all)."""
    organization_ids = {c.requester_organization_id for c in connections} | {
        c.owner_organization_id for c in connections
    }
    rows = await session.execute(
        select(Organization.id, Organization.name).where(Organization.id.in_(organization_ids))
    )
    names: dict[uuid.UUID, str] = {row.id: row.name for row in rows}
    reads = []
    for connection in connections:
        role = None
        if principal.acts_for(connection.requester_organization_id):
            role = ConnectionRole.REQUESTER
        elif principal.acts_for(connection.owner_organization_id):
            role = ConnectionRole.OWNER
        own = {
            name: getattr(connection, name)
            for name in ConnectionRead.model_fields
            if hasattr(connection, name)
        }
        reads.append(
            ConnectionRead.model_validate(
                own
                | {
                    "target_title": connection.target.title,
                    "requester_organization_name": names.get(
                        connection.requester_organization_id, ""
                    ),
                    "owner_organization_name": names.get(connection.owner_organization_id, ""),
                    "role": role,
                    "actions": connection_workflow.permitted(connection, principal=principal),
                }
            )
        )
    return reads


async def to_read(
    session: AsyncSession, connection: Connection, principal: Principal
) -> ConnectionRead:
    [read] = await to_reads(session, [connection], principal)
    return read


def _visible(principal: Principal) -> ColumnElement[bool]:
    """Staff see every connection; each party its own; nobody else any."""
    if principal.is_staff:
        return true()
    if principal.organization_id is None:
        return false()
    return or_(
        Connection.requester_organization_id == principal.organization_id,
        Connection.owner_organization_id == principal.organization_id,
    )


def _with_target(statement: Select[T]) -> Select[T]:
    return statement.options(selectinload(Connection.demand), selectinload(Connection.achievement))


async def _target(
    session: AsyncSession, principal: Principal, target_type: TargetType, target_id: uuid.UUID
) -> Demand | Achievement:
    """The entry if ``principal`` may see it (404 otherwise, as on its own page)."""
    if target_type is TargetType.DEMAND:
        return await get_demand(session=session, principal=principal, demand_id=target_id)
    return await get_achievement(session=session, principal=principal, achievement_id=target_id)


@transactional
async def request_connection(
    *, session: AsyncSession, principal: Principal, data: ConnectionCreate
) -> Connection:
    if principal.organization_id is None:
        raise Forbidden("only members of an organisation ask to connect")
    if not principal.organization_verified:
        raise OrganizationNotVerified("connections wait for the bureau to verify your organisation")
    target = await _target(session, principal, data.target_type, data.target_id)
    if principal.acts_for(target.organization_id):
        raise OwnEntry(
            f"this {data.target_type} is your organisation's own",
            fields=[FieldError(field="body.target_id", message="own entry")],
        )
    if target.status not in TAKING_CONNECTIONS:
        raise TargetNotTakingConnections(
            f"the {data.target_type} is {target.status}", current_status=str(target.status)
        )
    target_column = (
        Connection.demand_id if data.target_type is TargetType.DEMAND else Connection.achievement_id
    )
    existing = await session.scalar(
        select(Connection.id).where(
            Connection.requester_organization_id == principal.organization_id,
            target_column == target.id,
            Connection.status.in_(list(OPEN_STATUSES)),
        )
    )
    if existing is not None:
        raise DuplicateConnection(connection_id=str(existing))
    connection = Connection(
        status=ConnectionStatus.REQUESTED,
        target_type=data.target_type,
        demand=target if isinstance(target, Demand) else None,
        achievement=target if isinstance(target, Achievement) else None,
        requester_organization_id=principal.organization_id,
        requester_user_id=principal.user_id,
        owner_organization_id=target.organization_id,
        message=data.message,
    )
    session.add(connection)
    try:
        await session.flush()
    except IntegrityError as error:  # the same request at the same moment
        raise DuplicateConnection() from error
    audit.record(
        session,
        principal=principal,
        action="connection.request",
        entity_type="connection",
        entity_id=connection.id,
        after={
            "status": connection.status,
            "target_type": data.target_type,
            "target_id": target.id,
        },
    )
    return connection


async def get_connection(
    *,
    session: AsyncSession,
    principal: Principal,
    connection_id: uuid.UUID,
    for_update: bool = False,
) -> Connection:
    """The connection if ``principal`` is a party or staff; 404 otherwise."""
    statement = _with_target(
        select(Connection).where(Connection.id == connection_id, _visible(principal))
    )
    if for_update:  # both sides may act at the same moment: one waits for the other
        statement = statement.with_for_update(of=Connection)
    connection = await session.scalar(statement)
    if connection is None:
        raise ConnectionNotFound()
    return connection


async def list_connections(
    *,
    session: AsyncSession,
    principal: Principal,
    filters: ConnectionFilters,
    limit: int,
    cursor: str | None,
) -> tuple[list[Connection], str | None]:
    statement = select(Connection).where(_visible(principal))
    if filters.status is not None:
        statement = statement.where(Connection.status == filters.status)
    if filters.target_type is not None:
        statement = statement.where(Connection.target_type == filters.target_type)
    if filters.role is ConnectionRole.REQUESTER:
        statement = statement.where(
            Connection.requester_organization_id == principal.organization_id
        )
    elif filters.role is ConnectionRole.OWNER:
        statement = statement.where(Connection.owner_organization_id == principal.organization_id)
    return await keyset_page(
        session,
        _with_target(statement),
        key=Connection.created_at,
        id_column=Connection.id,
        limit=limit,
        cursor=cursor,
    )


async def list_entry_connections(
    *,
    session: AsyncSession,
    principal: Principal,
    target_type: TargetType,
    target_id: uuid.UUID,
    status: ConnectionStatus | None,
    limit: int,
    cursor: str | None,
) -> tuple[list[Connection], str | None]:
    """The connections of one entry: all of them for its owner and staff; a requester finds
    only its own among them."""
    target = await _target(session, principal, target_type, target_id)
    target_column = (
        Connection.demand_id if target_type is TargetType.DEMAND else Connection.achievement_id
    )
    statement = select(Connection).where(target_column == target.id, _visible(principal))
    if status is not None:
        statement = statement.where(Connection.status == status)
    return await keyset_page(
        session,
        _with_target(statement),
        key=Connection.created_at,
        id_column=Connection.id,
        limit=limit,
        cursor=cursor,
    )


def _invalid(field: str, message: str) -> InvalidInput:
    return InvalidInput(
        f"invalid input: body.{field}",
        fields=[FieldError(field=f"body.{field}", message=message)],
    )


def _check_body(
    connection: Connection, action: ConnectionAction, body: ConnectionActionBody
) -> None:
    """What the contract needs, and only with the contract."""
    contract_only = ("contract_amount", "contract_date", "resolve_demand", "mark_transferred")
    if action is not ConnectionAction.CONTRACT:
        for name in contract_only:
            if getattr(body, name):
                raise _invalid(name, f"only with the action {ConnectionAction.CONTRACT}")
        return
    for name in ("contract_amount", "contract_date"):
        if getattr(body, name) is None:
            raise _invalid(name, "required to record the contract")
    assert body.contract_date is not None
    if body.contract_date > date.today():
        raise ContractDateInTheFuture(
            "record a contract once it is signed",
            fields=[FieldError(field="body.contract_date", message="in the future")],
        )
    if body.resolve_demand and connection.target_type is not TargetType.DEMAND:
        raise _invalid("resolve_demand", "only for a connection to a demand")
    if body.mark_transferred and connection.target_type is not TargetType.ACHIEVEMENT:
        raise _invalid("mark_transferred", "only for a connection to an achievement")


@transactional
async def act_on_connection(
    *,
    session: AsyncSession,
    principal: Principal,
    connection_id: uuid.UUID,
    action: ConnectionAction,
    body: ConnectionActionBody,
) -> Connection:
    connection = await get_connection(
        session=session, principal=principal, connection_id=connection_id, for_update=True
    )
    _check_body(connection, action, body)
    now = datetime.now(UTC)
    changes: dict[str, Any] = {}
    if action is ConnectionAction.ACCEPT:
        changes = {"accepted_at": now}
    elif action in (ConnectionAction.DECLINE, ConnectionAction.CLOSE):
        changes = {"close_reason": (body.reason or "").strip() or None, "closed_at": now}
    elif action is ConnectionAction.CONTRACT:
        changes = {
            "contract_amount": body.contract_amount,
            "contract_date": body.contract_date,
            "contracted_at": now,
        }
    connection_workflow.apply(
        session, connection, action, principal=principal, reason=body.reason, changes=changes
    )
    connection.updated_at = now
    await session.flush()
    # The entry follows through its own workflow, with the caller as the actor: its checks and
    # its audit row, so only the entry's owner starts or resolves a demand, or marks an
    # achievement transferred (accepting is the owner's anyway).
    demand, achievement = connection.demand, connection.achievement
    if (
        action is ConnectionAction.ACCEPT
        and demand is not None
        and demand.status is DemandStatus.PUBLISHED
    ):
        await apply_entry_action(
            session, demand_workflow, demand, DemandAction.START, principal=principal, reason=None
        )
    if body.resolve_demand and demand is not None:
        await apply_entry_action(
            session, demand_workflow, demand, DemandAction.RESOLVE, principal=principal, reason=None
        )
    if body.mark_transferred and achievement is not None:
        await apply_entry_action(
            session,
            achievement_workflow,
            achievement,
            AchievementAction.MARK_TRANSFERRED,
            principal=principal,
            reason=None,
        )
    return connection
