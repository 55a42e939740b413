"""What the challenge form learns from a refused draft: which field, and a stable error type
that it translates (the SPA shows it next to the field)."""

from __future__ import annotations

import pytest
from httpx import AsyncClient
from sqlalchemy.ext.asyncio import AsyncSession

from tests.challenges.world import World, challenge_body, make_world


@pytest.fixture
async def world(client: AsyncClient, session: AsyncSession) -> World:
    return await make_world(client, session)


async def refused(world: World, **changes: object) -> list[dict[str, str]]:
    answer = await world.post("", world.issuer, challenge_body(**changes))
    assert answer.status_code == 422, answer.text
    return answer.json()["fields"]  # type: ignore[no-any-return]


async def test_weights_not_summing_to_100_name_the_criteria(world: World) -> None:
    criteria = [
        {"name": "技术方案", "weight": "60", "max_score": "10"},
        {"name": "团队能力", "weight": "30", "max_score": "10"},
    ]
    [error] = await refused(world, criteria=criteria)
    assert error["field"] == "body.criteria"
    assert error["type"] == "criteria_weights_sum"
    assert "90" in error["message"]


async def test_repeated_criterion_names_have_their_own_type(world: World) -> None:
    criteria = [
        {"name": "技术方案", "weight": "50", "max_score": "10"},
        {"name": "技术方案", "weight": "50", "max_score": "10"},
    ]
    [error] = await refused(world, criteria=criteria)
    assert error["type"] == "criteria_names_repeated"


async def test_a_directed_challenge_without_justification_says_why(world: World) -> None:
    [error] = await refused(
        world, mode="directed", invited_organization_ids=[str(world.issuer_org.id)]
    )
    assert error["type"] == "challenge_mode_rules"
    assert "justification" in error["message"]
