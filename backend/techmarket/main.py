"""The FastAPI application: routers, middleware and the lifespan of shared resources."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import APIRouter, FastAPI
from starlette.middleware.cors import CORSMiddleware

from techmarket import __version__
from techmarket.achievements.router import router as achievements_router
from techmarket.attachments.router import router as attachments_router
from techmarket.catalog.router import router as catalog_router
from techmarket.challenges.router import router as challenges_router
from techmarket.connections.router import router as connections_router
from techmarket.core.errors import (
    install_error_handlers,
    install_problem_openapi,
    problem_responses,
)
from techmarket.core.headers import SecurityHeadersMiddleware
from techmarket.core.middleware import RequestContextMiddleware
from techmarket.core.policy import install_policy_openapi
from techmarket.db import create_engine, create_sessionmaker
from techmarket.demands.router import router as demands_router
from techmarket.identity.admin_router import router as admin_router
from techmarket.identity.authentication import AuthConfig
from techmarket.identity.router import router as identity_router
from techmarket.identity.sessions import LoginLimits
from techmarket.imports.router import router as imports_router
from techmarket.matching.router import router as matching_router
from techmarket.migrate import head_revisions
from techmarket.notifications.router import router as notifications_router
from techmarket.projects.router import calls_router as project_calls_router
from techmarket.projects.router import router as projects_router
from techmarket.reviews.router import router as reviews_router
from techmarket.search.engine import SearchReader, create_client
from techmarket.search.indexes import Indexes
from techmarket.search.router import router as search_router
from techmarket.settings import Environment, Settings, get_settings
from techmarket.spa import SinglePageApp
from techmarket.stats.router import router as stats_router
from techmarket.system.router import router as system_router
from techmarket.testing.router import router as testing_router
from techmarket.webhooks.router import router as webhooks_router
from techmarket.worker import running_worker

API_PREFIX = "/api/v1"
CORS_REQUEST_HEADERS = [
    "Authorization",
    "Content-Type",
    "Idempotency-Key",
    "If-Match",
    "X-API-Key",
    "X-Request-Id",
]


def api_routers(*, testing: bool = False) -> list[APIRouter]:
    """Every API router, in the order requests try them; ``testing`` adds the browser tests'
    shortcuts (``/_test``).

    The app includes each one itself rather than through one ``/api/v1`` router: FastAPI matches
    every level of included routers on each request, twice, and that nesting alone had cost
    about a tenth of the API's CPU per search.
    """
    routers = [
        system_router,
        # The busiest routes first: each router before them is matched and missed per request.
        search_router,
        matching_router,
        catalog_router,
        identity_router,
        admin_router,
        webhooks_router,
        # Before the collections: their POST /{id}/{action} would otherwise catch /{id}/attachments.
        attachments_router,
        imports_router,
        notifications_router,
        demands_router,
        achievements_router,
        connections_router,
        project_calls_router,
        projects_router,
        reviews_router,
        challenges_router,
        stats_router,
    ]
    return [*routers, testing_router] if testing else routers


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or get_settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        if not settings.database_url or not settings.meili_url:
            raise RuntimeError("create_app needs resolved DATABASE_URL and MEILI_URL to serve")
        app.state.engine = create_engine(
            settings.database_url, pool_size=settings.database_pool_size, max_overflow=10
        )
        app.state.sessionmaker = create_sessionmaker(app.state.engine)
        app.state.search = create_client(settings.meili_url, settings.meili_key)
        app.state.search_reader = SearchReader(settings.meili_url, settings.meili_key)
        app.state.migration_heads = head_revisions()
        app.state.indexes = Indexes(settings.search_index_prefix)
        app.state.auth = AuthConfig.from_settings(settings)
        app.state.login_limits = LoginLimits(
            per_account=settings.auth.login_failures_per_account,
            per_ip=settings.auth.login_attempts_per_ip,
            window=settings.auth.login_window_seconds,
        )
        try:
            async with contextlib.AsyncExitStack() as stack:
                if settings.worker_in_process:
                    app.state.worker = await stack.enter_async_context(
                        running_worker(app.state.sessionmaker, settings, app.state.search)
                    )
                yield
        finally:
            await app.state.search.aclose()
            await app.state.search_reader.aclose()
            await app.state.engine.dispose()

    app = FastAPI(
        title="techmarket API",
        summary="三库一榜: demands, achievements, innovation projects and challenges (揭榜挂帅).",
        version=__version__,
        openapi_url=f"{API_PREFIX}/openapi.json",
        docs_url=f"{API_PREFIX}/docs",
        redoc_url=None,
        lifespan=lifespan,
        # Router function names are unique verbs and become the client's operation names.
        generate_unique_id_function=lambda route: route.name,
    )
    app.state.settings = settings
    install_error_handlers(app)
    install_problem_openapi(app)
    install_policy_openapi(app)
    app.add_middleware(RequestContextMiddleware)
    app.add_middleware(SecurityHeadersMiddleware, docs_path=f"{API_PREFIX}/docs")
    if settings.cors_origins:
        # Tokens travel in headers, never in cookies: no credentialed cross-origin requests.
        app.add_middleware(
            CORSMiddleware,
            allow_origins=settings.cors_origins,
            allow_credentials=False,
            allow_methods=["GET", "POST", "PUT", "PATCH", "DELETE"],
            allow_headers=CORS_REQUEST_HEADERS,
            expose_headers=["Content-Disposition", "ETag", "Retry-After", "X-Request-Id"],
            max_age=600,
        )
    for router in api_routers(testing=settings.env is Environment.TESTING):
        # Any route may meet a database that is away for a moment (503 database.unavailable).
        app.include_router(router, prefix=API_PREFIX, responses=problem_responses(500, 503))
    app.mount("/", SinglePageApp(settings.spa_dir), name="spa")
    return app


def served_app() -> FastAPI:
    """The app of one process that `techmarket run` serves with: uvicorn imports it in every
    process it starts, and each reads its settings, endpoints included, from the environment
    that `techmarket run` prepared."""
    from techmarket.core.logging import configure_logging

    settings = Settings()
    configure_logging(settings.log_level)
    return create_app(settings)
