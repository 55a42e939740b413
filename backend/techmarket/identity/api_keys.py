"""API keys for third-party systems: shown once, stored as a digest, revocable."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from techmarket.core import audit
from techmarket.core.errors import AppError, FieldError
from techmarket.core.policy import Forbidden
from techmarket.core.principal import Principal
from techmarket.core.security import digest, new_secret
from techmarket.db import transactional
from techmarket.identity.authentication import API_KEY_PREFIX
from techmarket.identity.models import ApiKey
from techmarket.identity.schemas import ApiKeyCreate
from techmarket.identity.service import get_organization


class ApiKeyNotFound(AppError):
    code = "api_key.not_found"
    status = 404
    title = "API key not found"


class ExpiryInThePast(AppError):
    code = "api_key.expiry_in_the_past"
    status = 422
    title = "The expiry must lie in the future"


def _ensure_manager(principal: Principal, organization_id: uuid.UUID) -> None:
    if not (principal.owns_organization(organization_id) or principal.is_admin):
        raise Forbidden("only the owner of the organisation or an admin manages its API keys")


@transactional
async def create_api_key(
    *, session: AsyncSession, principal: Principal, organization_id: uuid.UUID, data: ApiKeyCreate
) -> tuple[ApiKey, str]:
    _ensure_manager(principal, organization_id)
    await get_organization(session=session, organization_id=organization_id)
    if data.expires_at is not None and data.expires_at <= datetime.now(UTC):
        raise ExpiryInThePast(
            fields=[FieldError(field="body.expires_at", message="must be in the future")]
        )
    secret = new_secret(API_KEY_PREFIX)
    api_key = ApiKey(
        organization_id=organization_id,
        name=data.name,
        prefix=secret[:12],
        key_digest=digest(secret),
        scopes=sorted({scope.value for scope in data.scopes}),
        created_by_id=principal.user_id,
        expires_at=data.expires_at,
    )
    session.add(api_key)
    await session.flush()
    audit.record(
        session,
        principal=principal,
        action="api_key.create",
        entity_type="api_key",
        entity_id=api_key.id,
        after={"name": api_key.name, "scopes": api_key.scopes},
        organization_id=organization_id,
    )
    return api_key, secret


async def list_api_keys(
    *, session: AsyncSession, principal: Principal, organization_id: uuid.UUID
) -> list[ApiKey]:
    _ensure_manager(principal, organization_id)
    statement = (
        select(ApiKey)
        .where(ApiKey.organization_id == organization_id)
        .order_by(ApiKey.created_at.desc())
    )
    return list(await session.scalars(statement))


@transactional
async def revoke_api_key(
    *, session: AsyncSession, principal: Principal, organization_id: uuid.UUID, key_id: uuid.UUID
) -> ApiKey:
    _ensure_manager(principal, organization_id)
    api_key = await session.get(ApiKey, key_id)
    if api_key is None or api_key.organization_id != organization_id:
        raise ApiKeyNotFound()
    if api_key.revoked_at is None:
        api_key.revoked_at = datetime.now(UTC)
        audit.record(
            session,
            principal=principal,
            action="api_key.revoke",
            entity_type="api_key",
            entity_id=api_key.id,
            organization_id=organization_id,
        )
    await session.flush()
    return api_key
