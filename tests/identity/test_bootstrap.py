"""The first admin and the demo data of an empty platform."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import AsyncIterator

import pytest
from httpx import AsyncClient
from sqlalchemy import delete, func, select
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession

from techmarket.identity import bootstrap
from techmarket.identity.models import ExpertProfile, Organization, User
from techmarket.settings import Settings
from tests.factories import sign_in


async def _empty_platform(session: AsyncSession) -> None:
    """Start from no organisations (inside the test's transaction, rolled back afterwards)."""
    for model in (ExpertProfile, User, Organization):
        await session.execute(delete(model))
    await session.commit()


async def test_demo_seed_fills_an_empty_platform_once(
    client: AsyncClient, session: AsyncSession
) -> None:
    await _empty_platform(session)
    logins = await bootstrap.seed_demo(session=session)
    roles = [login.role for login in logins]
    assert roles.count("expert") + roles.count("expert, broker") == 3
    assert {"admin", "reviewer"} <= set(roles)
    kinds = list(await session.scalars(select(Organization.kind)))
    assert sorted(kinds).count("enterprise") == 3
    assert sorted(kinds).count("university") == 2
    assert sorted(kinds).count("institute") == 1

    admin = await sign_in(client, "admin@demo.techmarket.cn", bootstrap.DEMO_PASSWORD)
    me = (await client.get("/api/v1/users/me", headers=admin.headers)).json()
    assert me["roles"] == ["admin"]
    assert me["organization"]["name"] == "运城市科学技术局"

    assert await bootstrap.seed_demo(session=session) == [], "a second start seeds nothing"
    assert await session.scalar(select(func.count()).select_from(Organization)) == len(kinds)


async def test_ensure_admin_creates_then_leaves_alone(session: AsyncSession) -> None:
    assert await bootstrap.ensure_admin(
        session=session, email="Chief@Bureau.cn", password="Strong-pass-99"
    )
    assert not await bootstrap.ensure_admin(
        session=session, email="chief@bureau.cn", password="Other-pass-99"
    )
    user = await session.scalar(select(User).where(User.email == "chief@bureau.cn"))
    assert user is not None
    assert user.roles == ["admin"]


@pytest.fixture
async def forget_ops_admin(engine: AsyncEngine) -> AsyncIterator[None]:
    """The command commits for real: remove its user afterwards so other tests never see it."""
    yield
    async with engine.begin() as connection:
        await connection.execute(delete(User).where(User.email == "ops@bureau.cn"))


@pytest.mark.usefixtures("forget_ops_admin")
def test_create_admin_command_reads_the_password_from_stdin(
    settings: Settings, subprocess_env: dict[str, str]
) -> None:
    assert settings.database_url
    env = {**subprocess_env, "DATABASE_URL": settings.database_url}
    command = [sys.executable, "-m", "techmarket.cli", "create-admin", "--email", "ops@bureau.cn"]
    weak = subprocess.run(
        command, input="short\n", env=env, capture_output=True, text=True, timeout=60
    )
    assert weak.returncode == 1
    assert "at least 10 characters" in weak.stderr

    made = subprocess.run(
        command, input="Ops-admin-2026\n", env=env, capture_output=True, text=True, timeout=60
    )
    assert made.returncode == 0, made.stderr
    assert "Ops-admin-2026" not in made.stdout + made.stderr
    again = subprocess.run(
        command, input="Ops-admin-2026\n", env=env, capture_output=True, text=True, timeout=60
    )
    assert "already an admin" in again.stdout
