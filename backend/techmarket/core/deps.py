"""Process-wide resources, handed to routers as dependencies (never read off app.state there)."""

from typing import Annotated

from fastapi import Depends, Request
from meilisearch_python_sdk import AsyncClient
from sqlalchemy.ext.asyncio import AsyncEngine


def get_engine(request: Request) -> AsyncEngine:
    engine: AsyncEngine = request.app.state.engine
    return engine


def get_search_client(request: Request) -> AsyncClient:
    client: AsyncClient = request.app.state.search
    return client


def get_migration_heads(request: Request) -> set[str]:
    heads: set[str] = request.app.state.migration_heads
    return heads


EngineDep = Annotated[AsyncEngine, Depends(get_engine)]
SearchClientDep = Annotated[AsyncClient, Depends(get_search_client)]
MigrationHeadsDep = Annotated[set[str], Depends(get_migration_heads)]
