"""Creating throw-away databases on whatever PostgreSQL server the tests use."""

from __future__ import annotations

import asyncpg
from sqlalchemy.engine import make_url

from techmarket.runtime import to_asyncpg_dsn


async def fresh_database(server_url: str, name: str) -> str:
    """Drop and create database ``name`` on the server of ``server_url``; answer its URL."""
    connection = await asyncpg.connect(to_asyncpg_dsn(server_url))
    try:
        await connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        await connection.execute(f'CREATE DATABASE "{name}"')
    finally:
        await connection.close()
    return make_url(server_url).set(database=name).render_as_string(hide_password=False)
