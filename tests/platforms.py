"""A whole platform of a test's own: its own database (committed for real, unlike the rolled-back
test transaction), its own indexes and data folder, the app serving it in-process.

For tests that need what the shared fixtures cannot give: data that outlives a transaction
(backups), or a database that the test may break (faults)."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from fastapi import FastAPI
from httpx import AsyncClient
from sqlalchemy.ext.asyncio import AsyncSession

from techmarket import runtime
from techmarket.db import create_engine
from techmarket.main import create_app
from techmarket.migrate import upgrade
from techmarket.search.indexes import SearchType
from techmarket.settings import Environment, Settings
from tests.apps import running


@dataclass
class Platform:
    settings: Settings
    app: FastAPI
    client: AsyncClient

    def session(self) -> AsyncSession:
        """A session of its own on the platform's database: what it commits is committed."""
        return self.app.state.sessionmaker()  # type: ignore[no-any-return]

    def environment(self, base: dict[str, str]) -> dict[str, str]:
        """The environment of a `techmarket` command working on this platform."""
        settings = self.settings
        assert settings.database_url
        assert settings.meili_url
        return {
            **base,
            "TECHMARKET_ENV": "testing",
            "TECHMARKET_DATA_DIR": str(settings.data_dir),
            "TECHMARKET_SEARCH_INDEX_PREFIX": settings.search_index_prefix,
            "DATABASE_URL": settings.database_url,
            "MEILI_URL": settings.meili_url,
        } | ({"MEILI_KEY": settings.meili_key} if settings.meili_key else {})


@asynccontextmanager
async def own_platform(
    database_url: str, endpoints: runtime.Endpoints, data_dir: Path, **overrides: Any
) -> AsyncIterator[Platform]:
    """Migrate the (empty) database at ``database_url`` and serve the app on it; ``overrides``
    are settings (e.g. a Meilisearch of the test's own)."""
    engine = create_engine(database_url)
    try:
        await upgrade(engine)
    finally:
        await engine.dispose()
    settings = Settings(
        env=Environment.TESTING,
        data_dir=data_dir,
        database_url=database_url,
        meili_url=endpoints.meili_url,
        meili_key=endpoints.meili_key,
        worker_in_process=False,
        search_index_prefix=f"own{uuid.uuid4().hex[:8]}_",
    ).model_copy(update=overrides)
    app = create_app(settings)
    async with running(app) as client:
        try:
            yield Platform(settings, app, client)
        finally:
            for kind in SearchType:
                await app.state.search.delete_index_if_exists(app.state.indexes.uid(kind))
