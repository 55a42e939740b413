"""The admin console's API: the verification queue, users and roles, the audit log."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Query

from techmarket.core import audit
from techmarket.core.deps import Admin, Staff
from techmarket.core.errors import problem_responses
from techmarket.core.pagination import Page, PageDep
from techmarket.core.principal import PlatformRole
from techmarket.db import SessionDep
from techmarket.identity import service
from techmarket.identity.models import VerificationStatus
from techmarket.identity.schemas import (
    AuditEntry,
    OrganizationRead,
    ReasonBody,
    RoleGrant,
    UserRead,
)

router = APIRouter(prefix="/admin", tags=["admin"])


@router.get("/organizations", response_model=Page[OrganizationRead])
async def list_organizations(
    principal: Staff,
    session: SessionDep,
    page: PageDep,
    status: VerificationStatus | None = None,
) -> Page[OrganizationRead]:
    """Organisations, newest first; `status=pending` is the verification queue."""
    items, next_cursor = await service.list_organizations(
        session=session, status=status, limit=page.limit, cursor=page.cursor
    )
    return Page(items=[OrganizationRead.model_validate(i) for i in items], next_cursor=next_cursor)


@router.get("/users", response_model=Page[UserRead])
async def list_users(
    principal: Admin,
    session: SessionDep,
    page: PageDep,
    email: Annotated[str | None, Query(max_length=254)] = None,
    role: PlatformRole | None = None,
    organization_id: uuid.UUID | None = None,
) -> Page[UserRead]:
    """Users, newest first, filtered by part of the email, a role or an organisation."""
    items, next_cursor = await service.list_users(
        session=session,
        email=email,
        role=role,
        organization_id=organization_id,
        limit=page.limit,
        cursor=page.cursor,
    )
    return Page(items=[UserRead.model_validate(i) for i in items], next_cursor=next_cursor)


@router.post("/users/{user_id}/roles", response_model=UserRead, responses=problem_responses(404))
async def grant_role(
    user_id: uuid.UUID, data: RoleGrant, principal: Admin, session: SessionDep
) -> UserRead:
    """Grant a platform role (admin, reviewer, expert, broker)."""
    user = await service.set_role(
        session=session, principal=principal, user_id=user_id, role=data.role, granted=True
    )
    return UserRead.model_validate(user)


@router.delete(
    "/users/{user_id}/roles/{role}", response_model=UserRead, responses=problem_responses(404, 409)
)
async def revoke_role(
    user_id: uuid.UUID, role: PlatformRole, principal: Admin, session: SessionDep
) -> UserRead:
    """Revoke a platform role."""
    user = await service.set_role(
        session=session, principal=principal, user_id=user_id, role=role, granted=False
    )
    return UserRead.model_validate(user)


@router.post(
    "/users/{user_id}/disable", response_model=UserRead, responses=problem_responses(404, 409)
)
async def disable_user(
    user_id: uuid.UUID, body: ReasonBody, principal: Admin, session: SessionDep
) -> UserRead:
    """Disable a user: every session ends at once, access tokens included."""
    user = await service.set_user_active(
        session=session, principal=principal, user_id=user_id, active=False, reason=body.reason
    )
    return UserRead.model_validate(user)


@router.post("/users/{user_id}/enable", response_model=UserRead, responses=problem_responses(404))
async def enable_user(user_id: uuid.UUID, principal: Admin, session: SessionDep) -> UserRead:
    """Enable a disabled user; they sign in again."""
    user = await service.set_user_active(
        session=session, principal=principal, user_id=user_id, active=True, reason=None
    )
    return UserRead.model_validate(user)


@router.get("/audit-log", response_model=Page[AuditEntry])
async def list_audit_log(
    principal: Admin,
    session: SessionDep,
    page: PageDep,
    actor_user_id: uuid.UUID | None = None,
    organization_id: uuid.UUID | None = None,
    action: Annotated[str | None, Query(max_length=100)] = None,
    entity_type: Annotated[str | None, Query(max_length=50)] = None,
    entity_id: Annotated[str | None, Query(max_length=64)] = None,
    since: datetime | None = None,
    until: datetime | None = None,
) -> Page[AuditEntry]:
    """The audit log, newest first, with filters."""
    items, next_cursor = await audit.query(
        session,
        actor_user_id=actor_user_id,
        organization_id=organization_id,
        action=action,
        entity_type=entity_type,
        entity_id=entity_id,
        since=since,
        until=until,
        limit=page.limit,
        cursor=page.cursor,
    )
    return Page(items=[AuditEntry.model_validate(i) for i in items], next_cursor=next_cursor)
