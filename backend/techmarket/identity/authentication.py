"""Who is calling: a bearer JWT of a user, an API key, or nobody.

Every access token is checked against the database on every request (one indexed query): the
user must still be active and the token's session not revoked, so disabling a user or changing a
password takes effect at once, not when the 15-minute token expires.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Annotated

from fastapi import Depends, Request
from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from techmarket.core.errors import AppError
from techmarket.core.principal import ANONYMOUS, MembershipRole, PlatformRole, Principal, Scope
from techmarket.core.security import InvalidToken, decode_access_token, digest
from techmarket.db import get_session
from techmarket.identity.models import ApiKey, Organization, User, UserSession, VerificationStatus
from techmarket.settings import Settings

API_KEY_PREFIX = "tmk"
LAST_USED_PRECISION = timedelta(minutes=1)  # do not write on every request


@dataclass(frozen=True)
class AuthConfig:
    key: str
    algorithm: str
    access_lifetime: timedelta
    refresh_lifetime: timedelta
    invitation_lifetime: timedelta

    @classmethod
    def from_settings(cls, settings: Settings) -> AuthConfig:
        return cls(
            key=settings.jwt_secret(),
            algorithm=settings.jwt.algorithm,
            access_lifetime=timedelta(minutes=settings.jwt.access_token_minutes),
            refresh_lifetime=timedelta(days=settings.auth.refresh_token_days),
            invitation_lifetime=timedelta(days=settings.auth.invitation_days),
        )


async def get_auth_config(request: Request) -> AuthConfig:
    config: AuthConfig = request.app.state.auth
    return config


class InvalidCredentialsToken(AppError):
    code = "auth.invalid_token"
    status = 401
    title = "The credentials are invalid or expired"

    def __init__(self, detail: str) -> None:
        super().__init__(detail, headers={"WWW-Authenticate": 'Bearer error="invalid_token"'})


def principal_for_user(
    *,
    user_id: uuid.UUID,
    organization_id: uuid.UUID | None,
    membership: str | None,
    roles: list[str],
    organization_status: VerificationStatus | None,
    session_id: uuid.UUID | None = None,
) -> Principal:
    return Principal(
        user_id=user_id,
        session_id=session_id,
        organization_id=organization_id,
        organization_verified=organization_status is VerificationStatus.VERIFIED,
        membership=MembershipRole(membership) if membership else None,
        roles=frozenset(PlatformRole(role) for role in roles),
    )


async def _from_access_token(session: AsyncSession, token: str, config: AuthConfig) -> Principal:
    try:
        claims = decode_access_token(token, key=config.key, algorithm=config.algorithm)
    except InvalidToken as error:
        raise InvalidCredentialsToken("the access token is invalid or expired") from error
    # Columns, not the User entity: this runs on every signed-in request, and loading an ORM
    # entity cost about as much as the rest of authentication.
    row = (
        await session.execute(
            select(
                User.organization_id,
                User.membership,
                User.roles,
                User.is_active,
                UserSession.revoked_at,
                Organization.status,
            )
            .join(UserSession, UserSession.user_id == User.id)
            .outerjoin(Organization, Organization.id == User.organization_id)
            .where(User.id == claims.user_id, UserSession.id == claims.session_id)
        )
    ).one_or_none()
    if row is None or row.revoked_at is not None:
        raise InvalidCredentialsToken("this session has ended; sign in again")
    if not row.is_active:
        raise InvalidCredentialsToken("this account is disabled")
    return principal_for_user(
        user_id=claims.user_id,
        organization_id=row.organization_id,
        membership=row.membership,
        roles=row.roles,
        organization_status=row.status,
        session_id=claims.session_id,
    )


async def _from_api_key(session: AsyncSession, key: str) -> Principal:
    row = (
        await session.execute(
            select(ApiKey, Organization.status)
            .join(Organization, Organization.id == ApiKey.organization_id)
            .where(ApiKey.key_digest == digest(key))
        )
    ).one_or_none()
    now = datetime.now(UTC)
    if row is None:
        raise InvalidCredentialsToken("unknown API key")
    api_key: ApiKey = row.ApiKey
    if api_key.revoked_at is not None:
        raise InvalidCredentialsToken("this API key was revoked")
    if api_key.expires_at is not None and api_key.expires_at <= now:
        raise InvalidCredentialsToken("this API key has expired")
    if api_key.last_used_at is None or now - api_key.last_used_at > LAST_USED_PRECISION:
        await session.execute(
            update(ApiKey).where(ApiKey.id == api_key.id).values(last_used_at=now)
        )
        await session.commit()
    return Principal(
        api_key_id=api_key.id,
        organization_id=api_key.organization_id,
        organization_verified=row.status is VerificationStatus.VERIFIED,
        scopes=frozenset(Scope(scope) for scope in api_key.scopes),
    )


async def authenticate(
    request: Request,
    session: Annotated[AsyncSession, Depends(get_session)],
    config: Annotated[AuthConfig, Depends(get_auth_config)],
) -> Principal:
    """Credentials that are present must be valid; no credentials means anonymous."""
    api_key = request.headers.get("x-api-key")
    scheme, _, credentials = request.headers.get("authorization", "").partition(" ")
    if not api_key and scheme.lower() == "bearer" and credentials.startswith(f"{API_KEY_PREFIX}_"):
        api_key = credentials
    if api_key:
        return await _from_api_key(session, api_key.strip())
    if scheme.lower() == "bearer" and credentials:
        return await _from_access_token(session, credentials.strip(), config)
    if scheme:
        raise InvalidCredentialsToken("use `Authorization: Bearer <token or API key>`")
    return ANONYMOUS
