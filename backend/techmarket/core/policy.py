"""Authorisation: every route declares who may call it, with one ``Policy`` dependency.

A policy checks what can be known before the entry is loaded (signed in, platform role, API-key
scope). What depends on the entry (its organisation, its status) is decided in the service with
the principal the policy answered. ``tests/core/test_route_policies.py`` fails for any route that
declares no policy.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache
from http import HTTPStatus
from typing import Annotated, Any

from fastapi import Depends, FastAPI
from fastapi.dependencies.models import Dependant
from fastapi.routing import APIRoute, iter_route_contexts

from techmarket.core.errors import PROBLEM_MEDIA_TYPE, AppError
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

    @property
    def refusals(self) -> frozenset[int]:
        """The statuses this policy may answer: any sent credentials must be valid (401), and
        a signed-in route refuses nobody (401) and API keys or roles it does not admit (403)."""
        return frozenset({401, 403}) if self.signed_in else frozenset({401})

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


def route_policies(dependant: Dependant) -> set[Policy]:
    """The policies a route depends on, however deep in its dependencies."""
    found = {dependant.call} if isinstance(dependant.call, Policy) else set()
    for sub in dependant.dependencies:
        found |= route_policies(sub)
    return found


def install_policy_openapi(app: FastAPI) -> None:
    """Declare, on every operation, the refusals its policy may answer (401, 403).

    Routers declare the errors of their own rules; who may call is the policy's business, so the
    policy declares it too, and the document cannot forget one route.
    """
    build = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is not None:
            return app.openapi_schema
        schema = build()
        for context in iter_route_contexts(app.routes):
            route = context.original_route
            if not isinstance(route, APIRoute) or not route.include_in_schema:
                continue
            statuses = set().union(*(p.refusals for p in route_policies(route.dependant)))
            for method in context.methods or ():
                responses = schema["paths"][context.path_format][method.lower()]["responses"]
                for status in sorted(statuses):
                    responses.setdefault(
                        str(status),
                        {
                            "description": HTTPStatus(status).phrase,
                            "content": {
                                PROBLEM_MEDIA_TYPE: {
                                    "schema": {"$ref": "#/components/schemas/Problem"}
                                }
                            },
                        },
                    )
        return schema

    app.openapi = openapi  # type: ignore[method-assign]
