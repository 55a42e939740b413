"""Migrations go up from empty, down to nothing, and up again; the models match the schema."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import text

from techmarket.db import create_engine
from techmarket.migrate import applied_revisions, downgrade, head_revisions, upgrade
from techmarket.model_registry import metadata
from techmarket.settings import Settings
from tests.databases import fresh_database


async def _tables(engine: object) -> set[str]:
    async with engine.connect() as connection:  # type: ignore[attr-defined]
        rows = await connection.execute(
            text("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")
        )
        return {row[0] for row in rows}


async def test_empty_to_head_to_base_to_head(settings: Settings) -> None:
    assert settings.database_url
    engine = create_engine(
        await fresh_database(settings.database_url, "techmarket_test_migrations")
    )
    try:
        await upgrade(engine)
        async with engine.connect() as connection:
            assert await applied_revisions(connection) == head_revisions()
        tables_at_head = await _tables(engine)

        await downgrade(engine, "base")
        assert await _tables(engine) <= {"alembic_version"}

        await upgrade(engine)
        assert await _tables(engine) == tables_at_head

        async with engine.connect() as connection:
            diff = await connection.run_sync(
                lambda sync: compare_metadata(MigrationContext.configure(sync), metadata)
            )
        assert diff == [], f"models and migrations disagree; autogenerate a revision: {diff}"
    finally:
        await engine.dispose()
