"""Every route declares who may call it: a route without a Policy dependency fails this test."""

from __future__ import annotations

from fastapi import FastAPI
from fastapi.routing import APIRoute, iter_route_contexts

from techmarket.core.policy import route_policies


def _api_routes(app: FastAPI) -> list[APIRoute]:
    """Every API route, also inside included routers (FastAPI includes them lazily)."""
    contexts = iter_route_contexts(app.routes)
    return [ctx.original_route for ctx in contexts if isinstance(ctx.original_route, APIRoute)]


def test_every_route_declares_exactly_one_policy(app: FastAPI) -> None:
    routes = _api_routes(app)
    assert len(routes) > 20
    without = [f"{sorted(r.methods)} {r.path}" for r in routes if not route_policies(r.dependant)]
    assert without == [], "declare who may call these routes (core.policy)"
    several = [
        f"{sorted(r.methods)} {r.path}" for r in routes if len(route_policies(r.dependant)) > 1
    ]
    assert several == []


def test_admin_routes_are_for_staff_only(app: FastAPI) -> None:
    for route in _api_routes(app):
        if "/admin/" in route.path_format:
            [policy] = route_policies(route.dependant)
            assert policy.roles, f"{route.path} must require a staff role"
