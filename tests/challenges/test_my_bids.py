"""我的揭榜: one request answers an organisation's own bids across challenges, never another's."""

from __future__ import annotations

import pytest
from httpx import AsyncClient
from sqlalchemy.ext.asyncio import AsyncSession

from techmarket.identity.models import OrganizationKind
from tests.challenges.world import World, bid_body, make_world


@pytest.fixture
async def world(client: AsyncClient, session: AsyncSession) -> World:
    return await make_world(client, session)


async def mine(world: World, headers: dict[str, str] | None, **params: object) -> list[dict]:
    answer = await world.get("/bids/mine", headers, **params)
    assert answer.status_code == 200, answer.text
    return answer.json()["items"]  # type: ignore[no-any-return]


class TestMyBids:
    async def test_lists_the_organisations_own_bids_across_challenges(self, world: World) -> None:
        first = await world.published(title="镁合金防腐攻关")
        second = await world.published(title="光伏玻璃减反射镀膜攻关")
        _, bidder = await world.add_bidder("运城学院")
        _, rival = await world.add_bidder("山西省材料研究院", kind=OrganizationKind.INSTITUTE)
        submitted = await world.submitted_bid(first["id"], bidder)
        await world.submitted_bid(first["id"], rival, approach="竞争方案")
        draft = await world.post(f"/{second['id']}/bids", bidder, bid_body())
        assert draft.status_code == 201

        items = {i["bid_id"]: i for i in await mine(world, bidder)}

        assert set(items) == {draft.json()["id"], submitted["id"]}
        newest, oldest = items[draft.json()["id"]], items[submitted["id"]]
        assert newest["challenge_title"] == "光伏玻璃减反射镀膜攻关"
        assert newest["bid_status"] == "draft"
        assert newest["receipt_sha256"] is None
        assert newest["submitted_at"] is None
        assert oldest["challenge_id"] == first["id"]
        assert oldest["challenge_status"] == "published"
        assert oldest["deadline"] == first["deadline"]
        assert oldest["bid_status"] == "submitted"
        assert oldest["receipt_sha256"] == submitted["receipt"]["sha256"]
        assert oldest["submitted_at"] == submitted["receipt"]["submitted_at"]

    async def test_another_organisations_bids_never_appear(self, world: World) -> None:
        challenge = await world.published()
        _, bidder = await world.add_bidder("运城学院")
        _, rival = await world.add_bidder("山西省材料研究院", kind=OrganizationKind.INSTITUTE)
        own = await world.submitted_bid(challenge["id"], bidder)
        theirs = await world.submitted_bid(challenge["id"], rival, approach="竞争方案")

        assert [i["bid_id"] for i in await mine(world, rival)] == [theirs["id"]]
        assert [i["bid_id"] for i in await mine(world, bidder)] == [own["id"]]
        # The issuer does not learn of the bids on its challenge through this list either.
        assert await mine(world, world.issuer) == []
        # Still sealed after the deadline: staff read bids per challenge, not here.
        await world.pass_deadline(challenge["id"])
        assert [i["bid_id"] for i in await mine(world, rival)] == [theirs["id"]]
        assert (await mine(world, rival))[0]["challenge_status"] == "closed"

    async def test_only_members_of_an_organisation(self, world: World) -> None:
        assert (await world.get("/bids/mine")).status_code == 401
        answer = await world.get("/bids/mine", world.staff)
        assert answer.status_code == 403
        assert answer.json()["code"] == "auth.forbidden"

    async def test_pages_with_a_cursor(self, world: World) -> None:
        _, bidder = await world.add_bidder("运城学院")
        made = []
        for n in range(3):
            challenge = await world.published(title=f"攻关课题{n}")
            made.append((await world.submitted_bid(challenge["id"], bidder))["id"])

        first = await world.get("/bids/mine", bidder, limit=2)
        cursor = first.json()["next_cursor"]
        assert cursor is not None
        rest = await world.get("/bids/mine", bidder, limit=2, cursor=cursor)
        assert rest.json()["next_cursor"] is None
        seen = [i["bid_id"] for i in first.json()["items"] + rest.json()["items"]]
        assert sorted(seen) == sorted(made)  # each once, none left out
