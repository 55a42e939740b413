"""Authorisation: every route declares who may call it, with one ``Policy`` dependency.

A policy checks what can be known before the entry is loaded (signed in, platform role, API-key
scope). What depends on the entry (its organisation, its status) is decided in the service with
the principal the policy answered. ``tests/core/test_route_policies.py`` fails for any route that
declares no policy.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache
from typing import Annotated

from fastapi import Depends

from techmarket.core.errors import AppError
from techmarket.core.principal import PlatformRole, Principal, Scope
from techmarket.identity.authentication import authenticate


class NotAuthenticated(AppError):
    code = "auth.not_authenticated"
    status = 401
    title = "Sign in first"


class Forbidden(AppError):
    code = "auth.forbidden"
    status = 403
    title = "Not allowed"


class ScopeMissing(AppError):
    code = "auth.scope_missing"
    status = 403
    title = "The API key lacks the scope for this"


class Policy:
    """A FastAPI dependency that answers the principal, or refuses the request."""

    def __init__(
        self,
        name: str,
        *,
        signed_in: bool = True,
        roles: Iterable[PlatformRole] = (),
        api_key_scope: Scope | None = None,
    ) -> None:
        self.name = name
        self.signed_in = signed_in
        self.roles = frozenset(roles)
        self.api_key_scope = api_key_scope

    def __repr__(self) -> str:
        return f"Policy({self.name})"

    async def __call__(self, principal: Annotated[Principal, Depends(authenticate)]) -> Principal:
        if not self.signed_in:
            return principal
        if principal.is_anonymous:
            raise NotAuthenticated(
                "this needs a signed-in user or an API key",
                headers={"WWW-Authenticate": "Bearer"},
            )
        if principal.api_key_id is not None:
            if self.api_key_scope is None:
                raise Forbidden("API keys cannot do this; a user must sign in")
            if self.api_key_scope not in principal.scopes:
                raise ScopeMissing(f"this needs an API key with the scope {self.api_key_scope}")
        if self.roles and not principal.roles & self.roles:
            wanted = " or ".join(sorted(self.roles))
            raise Forbidden(f"this needs the role {wanted}")
        return principal


@cache
def writer(scope: Scope) -> Policy:
    """Signed-in users, or API keys with ``scope``: who may write a collection's entries."""
    return Policy(f"a signed-in user or an API key with {scope}", api_key_scope=scope)


ANYONE = Policy("anyone, signed in or not", signed_in=False)
SIGNED_IN_USER = Policy("a signed-in user")
SIGNED_IN_OR_READ_KEY = Policy("a signed-in user or an API key with read", api_key_scope=Scope.READ)
STAFF = Policy("bureau staff", roles=(PlatformRole.ADMIN, PlatformRole.REVIEWER))
ADMIN = Policy("platform admin", roles=(PlatformRole.ADMIN,))
EXPERT = Policy("an expert", roles=(PlatformRole.EXPERT,))
