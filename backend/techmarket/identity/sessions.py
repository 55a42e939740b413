"""Signing in, rotating refresh tokens, signing out, and ending sessions.

A refresh token is used once: refreshing answers a new one and marks the old one used. Presenting
a used token again means it was stolen (or replayed), so its whole session is revoked and every
token of that family stops working.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from techmarket.core import audit
from techmarket.core.errors import AppError
from techmarket.core.principal import Principal
from techmarket.core.ratelimit import SlidingWindow, TooManyAttempts
from techmarket.core.security import digest, issue_access_token, new_secret, verify_password
from techmarket.db import transactional
from techmarket.identity.authentication import AuthConfig
from techmarket.identity.models import RefreshToken, User, UserSession
from techmarket.identity.schemas import TokenPair


class InvalidCredentials(AppError):
    code = "auth.invalid_credentials"
    status = 401
    title = "Wrong email or password"


class InvalidRefreshToken(AppError):
    code = "auth.invalid_refresh_token"
    status = 401
    title = "The refresh token is invalid or expired"


class RefreshTokenReused(AppError):
    code = "auth.refresh_token_reused"
    status = 401
    title = "This refresh token was already used; the session has been ended"


class LoginLimits:
    """Failed logins per account and attempts per IP, each in a sliding window."""

    def __init__(self, *, per_account: int, per_ip: int, window: float) -> None:
        self.accounts = SlidingWindow(limit=per_account, window=window)
        self.ips = SlidingWindow(limit=per_ip, window=window)

    async def admit(self, session: AsyncSession, *, email: str, ip: str) -> None:
        """Refuse the attempt when a limit is reached, else count it against the address and
        the account; a success clears the account's count, so what stays are its failures."""
        # Always the address first, then the account: two attempts never wait on each other's
        # locks in opposite orders.
        waits = [
            wait
            for wait in (
                await self.ips.retry_after(session, f"ip:{ip}"),
                await self.accounts.retry_after(session, f"account:{email}"),
            )
            if wait
        ]
        if waits:
            wait = max(waits)
            raise TooManyAttempts(
                f"too many sign-in attempts; try again in {wait} s",
                headers={"Retry-After": str(wait)},
            )
        self.ips.hit(session, f"ip:{ip}")
        self.accounts.hit(session, f"account:{email}")

    async def succeeded(self, session: AsyncSession, *, email: str) -> None:
        await self.accounts.reset(session, f"account:{email}")


async def _issue(session: AsyncSession, user_session: UserSession, config: AuthConfig) -> TokenPair:
    refresh = new_secret("rt")
    now = datetime.now(UTC)
    session.add(
        RefreshToken(
            session_id=user_session.id,
            token_digest=digest(refresh),
            expires_at=now + config.refresh_lifetime,
        )
    )
    access, _ = issue_access_token(
        user_id=user_session.user_id,
        session_id=user_session.id,
        key=config.key,
        algorithm=config.algorithm,
        lifetime=config.access_lifetime,
    )
    return TokenPair(
        access_token=access,
        expires_in=int(config.access_lifetime.total_seconds()),
        refresh_token=refresh,
    )


async def login(
    *,
    session: AsyncSession,
    config: AuthConfig,
    limits: LoginLimits,
    email: str,
    password: str,
    ip: str,
    user_agent: str | None,
) -> TokenPair:
    """Sign in; the answer never tells whether the email exists."""
    email = email.strip().lower()
    await _admit(session=session, limits=limits, email=email, ip=ip)
    return await _sign_in(
        session=session,
        config=config,
        limits=limits,
        email=email,
        password=password,
        ip=ip,
        user_agent=user_agent,
    )


@transactional
async def _admit(*, session: AsyncSession, limits: LoginLimits, email: str, ip: str) -> None:
    """Count the attempt in a unit of work of its own, committed before the password is
    checked: a refused attempt still counts, and the limits' locks are not held meanwhile."""
    await limits.admit(session, email=email, ip=ip)


@transactional
async def _sign_in(
    *,
    session: AsyncSession,
    config: AuthConfig,
    limits: LoginLimits,
    email: str,
    password: str,
    ip: str,
    user_agent: str | None,
) -> TokenPair:
    user = await session.scalar(select(User).where(func.lower(User.email) == email))
    verified = verify_password(user.password_hash if user else None, password)
    if user is None or not verified or not user.is_active:
        raise InvalidCredentials("the email or the password is wrong")
    await limits.succeeded(session, email=email)
    user.last_login_at = datetime.now(UTC)
    user_session = UserSession(user_id=user.id, ip=ip, user_agent=(user_agent or "")[:300] or None)
    session.add(user_session)
    await session.flush()
    return await _issue(session, user_session, config)


@transactional
async def refresh(*, session: AsyncSession, config: AuthConfig, refresh_token: str) -> TokenPair:
    row = (
        await session.execute(
            select(RefreshToken, UserSession, User)
            .join(UserSession, UserSession.id == RefreshToken.session_id)
            .join(User, User.id == UserSession.user_id)
            .where(RefreshToken.token_digest == digest(refresh_token))
            .with_for_update(of=RefreshToken)
        )
    ).one_or_none()
    if row is None:
        raise InvalidRefreshToken("unknown refresh token")
    token, user_session, user = row.RefreshToken, row.UserSession, row.User
    now = datetime.now(UTC)
    if token.used_at is not None:
        if user_session.revoked_at is None:
            user_session.revoked_at, user_session.revoked_reason = now, "refresh_token_reused"
            audit.record(
                session,
                principal=Principal(user_id=user.id, organization_id=user.organization_id),
                action="session.revoke_on_reuse",
                entity_type="user_session",
                entity_id=user_session.id,
            )
        # Commit the revocation even though the request fails.
        await session.commit()
        raise RefreshTokenReused("sign in again")
    if user_session.revoked_at is not None or not user.is_active or token.expires_at <= now:
        raise InvalidRefreshToken("this session has ended; sign in again")
    token.used_at = now
    return await _issue(session, user_session, config)


async def revoke_sessions(
    session: AsyncSession, *, user_id: uuid.UUID, reason: str, keep: uuid.UUID | None = None
) -> None:
    """End every open session of a user (all but ``keep``): their tokens stop working at once."""
    statement = update(UserSession).where(
        UserSession.user_id == user_id, UserSession.revoked_at.is_(None)
    )
    if keep is not None:
        statement = statement.where(UserSession.id != keep)
    await session.execute(statement.values(revoked_at=func.now(), revoked_reason=reason))


@transactional
async def logout(*, session: AsyncSession, session_id: uuid.UUID) -> None:
    await session.execute(
        update(UserSession)
        .where(UserSession.id == session_id, UserSession.revoked_at.is_(None))
        .values(revoked_at=func.now(), revoked_reason="logout")
    )
