"""Dependencies shared by routers: process-wide resources and the principal of each policy.

Dependencies are ``async def`` even when they do no I/O: FastAPI runs a plain ``def`` one in
its thread pool, a thread hop on every request (measured: ~9% of the API's time per search)."""

from typing import Annotated

from fastapi import Depends, Request
from meilisearch_python_sdk import AsyncClient
from sqlalchemy.ext.asyncio import AsyncEngine

from techmarket.core.policy import (
    ADMIN,
    ANYONE,
    EXPERT,
    SIGNED_IN_OR_READ_KEY,
    SIGNED_IN_USER,
    STAFF,
)
from techmarket.core.principal import Principal
from techmarket.identity.authentication import AuthConfig, get_auth_config
from techmarket.search.engine import SearchReader
from techmarket.search.indexes import Indexes


async def get_engine(request: Request) -> AsyncEngine:
    engine: AsyncEngine = request.app.state.engine
    return engine


async def get_search_client(request: Request) -> AsyncClient:
    client: AsyncClient = request.app.state.search
    return client


async def get_search_reader(request: Request) -> SearchReader:
    reader: SearchReader = request.app.state.search_reader
    return reader


async def get_indexes(request: Request) -> Indexes:
    indexes: Indexes = request.app.state.indexes
    return indexes


async def get_migration_heads(request: Request) -> set[str]:
    heads: set[str] = request.app.state.migration_heads
    return heads


EngineDep = Annotated[AsyncEngine, Depends(get_engine)]
SearchClientDep = Annotated[AsyncClient, Depends(get_search_client)]
SearchReaderDep = Annotated[SearchReader, Depends(get_search_reader)]
IndexesDep = Annotated[Indexes, Depends(get_indexes)]
MigrationHeadsDep = Annotated[set[str], Depends(get_migration_heads)]
AuthConfigDep = Annotated[AuthConfig, Depends(get_auth_config)]

Anyone = Annotated[Principal, Depends(ANYONE)]
CurrentUser = Annotated[Principal, Depends(SIGNED_IN_USER)]
Reader = Annotated[Principal, Depends(SIGNED_IN_OR_READ_KEY)]
Staff = Annotated[Principal, Depends(STAFF)]
Admin = Annotated[Principal, Depends(ADMIN)]
Expert = Annotated[Principal, Depends(EXPERT)]
