"""Matching over real Meilisearch and PostgreSQL: ranking, reasons, visibility, statistics."""

from __future__ import annotations

import uuid
from datetime import date, timedelta
from typing import Any

import pytest
from fastapi import FastAPI
from httpx import AsyncClient
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession, async_sessionmaker

from techmarket.search.corpus import CorpusDocument, CorpusSize, CorpusTerm
from techmarket.search.reindex import reindex
from techmarket.search.terms import term_counts
from tests.entries import (
    Actors,
    create_demand,
    publish,
    published_demand,
    sign_in_bureau_admin,
)
from tests.worker import drain

UNTIL = (date.today() + timedelta(days=90)).isoformat()
MAGNESIUM = {
    "title": "高强韧镁合金真空压铸技术",
    "abstract": "采用真空压铸与稀土微合金化，镁合金压铸件抗拉强度 ≥ 300 MPa，表面防腐处理后"
    "盐雾试验 ≥ 500 小时。",
    "keywords": ["镁合金", "压铸", "防腐"],
    "field": "special_metal",
    "maturity": "pilot",
}
COATING = {
    "title": "铝合金表面微弧氧化涂层",
    "abstract": "在铝合金表面生成陶瓷涂层，提高耐磨与防腐性能。",
    "keywords": ["微弧氧化", "涂层"],
    "field": "chemical_material",
    "maturity": "industrialized",
}
RICE = {
    "title": "旱地谷子高产栽培技术",
    "abstract": "有机旱作条件下谷子品种选育与水肥一体化栽培，亩产提高 15%。",
    "keywords": ["谷子", "旱作"],
    "field": "dryland_agriculture",
    "maturity": "industrialized",
}


def achievement(values: dict[str, Any]) -> dict[str, Any]:
    return {"region": "yanhu", "transfer_modes": ["transfer"]} | values


@pytest.fixture
async def admin(client: AsyncClient, session: AsyncSession) -> dict[str, str]:
    return await sign_in_bureau_admin(client, session)


async def matches(
    client: AsyncClient, path: str, headers: dict[str, str] | None = None
) -> list[dict[str, Any]]:
    answer = await client.get(path, headers=headers)
    assert answer.status_code == 200, answer.text
    return answer.json()["matches"]  # type: ignore[no-any-return]


async def test_a_demand_meets_the_achievements_that_answer_it_best_first_with_reasons(
    client: AsyncClient, app: FastAPI, connection: AsyncConnection, session: AsyncSession,
    actors: Actors, admin: dict[str, str],
) -> None:  # fmt: skip
    magnesium, coating, rice = await publish(
        client, admin, "achievements", *(achievement(v) for v in (MAGNESIUM, COATING, RICE))
    )
    demand = await create_demand(client, actors.owner)  # 镁合金压铸件表面防腐处理技术
    await drain(app, connection, session)

    found = await matches(client, f"/api/v1/demands/{demand['id']}/matches", actors.owner)
    assert [m["id"] for m in found][:2] == [magnesium, coating]
    assert rice not in [m["id"] for m in found], "nothing in common, no match"
    best = found[0]
    assert {"镁合金", "防腐"} <= set(best["reasons"]["shared_terms"])
    assert "合金" not in best["reasons"]["shared_terms"], "a sub-word of a shown term is not shown"
    assert best["reasons"]["same_field"] is True
    assert best["reasons"]["maturity"] == "pilot"
    assert found[1]["reasons"]["same_field"] is False
    assert best["score"] > found[1]["score"] > 0


async def test_drafts_are_never_matched_and_a_draft_demand_is_matched_for_its_owner_only(
    client: AsyncClient, app: FastAPI, connection: AsyncConnection, session: AsyncSession,
    actors: Actors, admin: dict[str, str],
) -> None:  # fmt: skip
    draft = await client.post(
        "/api/v1/achievements", json=achievement(MAGNESIUM), headers=actors.other
    )
    assert draft.status_code == 201, draft.text
    (published,) = await publish(client, admin, "achievements", achievement(COATING))
    demand = await create_demand(client, actors.owner)
    await drain(app, connection, session)

    path = f"/api/v1/demands/{demand['id']}/matches"
    found = await client.get(path, headers=actors.owner)
    assert found.status_code == 200
    assert [m["id"] for m in found.json()["matches"]] == [published]
    for stranger in ({}, actors.other):
        answer = await client.get(path, headers=stranger)
        assert answer.status_code == 404, "a draft demand stays unknown to others"
        assert answer.json()["code"] == "demand.not_found"


async def test_an_achievement_meets_the_demands_it_could_answer(
    client: AsyncClient, app: FastAPI, connection: AsyncConnection, session: AsyncSession,
    admin: dict[str, str],
) -> None:  # fmt: skip
    def demand(title: str, description: str, field: str) -> dict[str, Any]:
        return {"title": title, "description": description, "field": field, "region": "wenxi",
                "demand_type": "tech_breakthrough", "valid_until": UNTIL}  # fmt: skip

    castings, _seeds = await publish(
        client, admin, "demands",
        demand("镁合金压铸件防腐", "压铸件盐雾试验不足，需要表面处理。", "special_metal"),
        demand("谷子良种", "需要耐旱谷子品种。", "dryland_agriculture"),
    )  # fmt: skip
    (magnesium,) = await publish(client, admin, "achievements", achievement(MAGNESIUM))
    await drain(app, connection, session)

    found = await matches(client, f"/api/v1/achievements/{magnesium}/matches")
    assert [m["id"] for m in found] == [castings]
    assert found[0]["type"] == "demand"
    assert "镁合金" in found[0]["reasons"]["shared_terms"]
    assert found[0]["reasons"]["maturity"] is None


async def test_free_text_longer_than_ten_words_still_finds_its_rare_term(
    client: AsyncClient, app: FastAPI, connection: AsyncConnection, session: AsyncSession,
    actors: Actors, admin: dict[str, str],
) -> None:  # fmt: skip
    """Meilisearch reads ten query words; the telling term here comes after twenty others."""
    filler = [{"title": f"通用技术方案第{n}号", "abstract": "提高效率 降低成本 改进工艺 优化流程",
               "field": "new_energy", "maturity": "research"} for n in range(12)]  # fmt: skip
    ids = await publish(
        client, admin, "achievements",
        *(achievement(v) for v in filler),
        achievement({"title": "二甲醚合成催化剂", "abstract": "煤基二甲醚一步法合成。",
                     "field": "clean_coal", "maturity": "pilot"}),
    )  # fmt: skip
    await drain(app, connection, session)
    text = "我们 希望 提高 效率 降低 成本 改进 工艺 优化 流程 并且 需要 一种 新的 方法 " * 2
    answer = await client.post(
        "/api/v1/matching/achievements",
        json={"text": text + "用于二甲醚生产", "field": "clean_coal", "limit": 3},
        headers=actors.owner,
    )
    assert answer.status_code == 200, answer.text
    best = answer.json()["matches"][0]
    assert best["id"] == ids[-1]
    assert "二甲醚" in best["reasons"]["shared_terms"]
    assert best["reasons"]["same_field"] is True


async def test_free_text_matching_needs_a_signed_in_caller_and_says_which_field_is_wrong(
    client: AsyncClient, actors: Actors
) -> None:
    anonymous = await client.post("/api/v1/matching/achievements", json={"text": "镁合金"})
    assert anonymous.status_code == 401
    bad = await client.post(
        "/api/v1/matching/achievements", json={"text": "镁", "limit": 500}, headers=actors.owner
    )
    assert bad.status_code == 422
    assert {f["field"] for f in bad.json()["fields"]} == {"body.text", "body.limit"}


async def test_withdrawing_an_achievement_removes_it_from_matches_and_from_the_statistics(
    client: AsyncClient, app: FastAPI, connection: AsyncConnection, session: AsyncSession,
    actors: Actors, admin: dict[str, str],
) -> None:  # fmt: skip
    magnesium, coating = await publish(
        client, admin, "achievements", achievement(MAGNESIUM), achievement(COATING)
    )
    demand = await create_demand(client, actors.owner)
    await drain(app, connection, session)

    def documents() -> Any:
        return session.scalar(select(CorpusSize.documents).where(CorpusSize.kind == "achievement"))

    before = await documents()

    withdrawn = await client.post(
        f"/api/v1/achievements/{magnesium}/withdraw", json={"reason": "已转让他方"}, headers=admin
    )
    assert withdrawn.status_code == 200, withdrawn.text
    await drain(app, connection, session)

    found = await matches(client, f"/api/v1/demands/{demand['id']}/matches", actors.owner)
    assert [m["id"] for m in found] == [coating]
    assert await documents() == before - 1
    assert await session.get(CorpusDocument, ("achievement", uuid.UUID(magnesium))) is None


async def test_statistics_count_what_is_published_and_a_reindex_rebuilds_the_same(
    client: AsyncClient, app: FastAPI, connection: AsyncConnection, session: AsyncSession,
    actors: Actors,
) -> None:  # fmt: skip
    async def counts() -> dict[str, int]:
        rows = await session.execute(
            select(CorpusTerm.term, CorpusTerm.document_count).where(CorpusTerm.kind == "demand")
        )
        return dict(rows.all())

    before = await counts()
    first = await published_demand(client, actors)
    await published_demand(client, actors, title="稀土镁合金熔炼", keywords=["稀土"])
    await create_demand(client, actors.owner, title="稀土草稿")
    await drain(app, connection, session)
    after = await counts()
    assert after["镁合金"] == before.get("镁合金", 0) + 2
    assert after["稀土"] == before.get("稀土", 0) + 1, "the draft is not counted"
    stored = await session.scalar(
        select(CorpusDocument.term_counts).where(CorpusDocument.entry_id == uuid.UUID(first["id"]))
    )
    assert stored is not None
    assert stored["镁合金"] >= 2, "title, description and keywords count"

    maker = async_sessionmaker(
        bind=connection, expire_on_commit=False, join_transaction_mode="create_savepoint"
    )
    await reindex(maker, app.state.search, app.state.indexes)
    assert await counts() == after, "a rebuild finds what the increments kept"


def test_terms_drop_punctuation_and_function_words_and_keep_sub_words() -> None:
    counts = term_counts("镁合金压铸件的表面处理，基于 AI 检测！")
    assert {"镁合金", "合金", "压铸件", "压铸", "表面", "处理", "ai", "检测"} <= set(counts)
    assert not {"的", "基于", "，", "！", " "} & set(counts)


async def test_the_workspace_gets_each_of_its_entries_count_and_best_match_in_one_request(
    client: AsyncClient, app: FastAPI, connection: AsyncConnection, session: AsyncSession,
    actors: Actors, admin: dict[str, str],
) -> None:  # fmt: skip
    magnesium, _coating, rice = await publish(
        client, admin, "achievements", *(achievement(v) for v in (MAGNESIUM, COATING, RICE))
    )
    castings = await published_demand(client, actors)  # 镁合金压铸件表面防腐处理技术
    seeds = await published_demand(
        client, actors, title="旱地谷子良种", description="需要耐旱高产的谷子品种。",
        keywords=["谷子"], field="dryland_agriculture",
    )  # fmt: skip
    lonely = await published_demand(
        client, actors, title="量子通信终端", description="城域量子密钥分发。", keywords=[]
    )
    draft = await create_demand(client, actors.owner)
    theirs = await create_demand(client, actors.other)
    await drain(app, connection, session)

    asked = [castings["id"], draft["id"], seeds["id"], theirs["id"], lonely["id"]]
    answer = await client.get(
        "/api/v1/matching/mine", params={"kind": "demand", "ids": asked}, headers=actors.owner
    )
    assert answer.status_code == 200, answer.text
    items = answer.json()["items"]
    assert [i["id"] for i in items] == [castings["id"], seeds["id"], lonely["id"]], (
        "in the order asked; drafts and other organisations' entries are left out"
    )
    by_id = {i["id"]: i for i in items}
    page = await matches(client, f"/api/v1/demands/{castings['id']}/matches", actors.owner)
    assert by_id[castings["id"]]["count"] == len(page) >= 2
    assert by_id[castings["id"]]["best"] == page[0], "the same best match as on its page"
    assert by_id[castings["id"]]["best"]["id"] == magnesium
    assert by_id[castings["id"]]["more"] is False
    assert by_id[seeds["id"]]["best"]["id"] == rice
    assert by_id[lonely["id"]] == {"id": lonely["id"], "count": 0, "more": False, "best": None}

    capped = await client.get(
        "/api/v1/matching/mine",
        params={"kind": "demand", "ids": [castings["id"]], "limit": 1},
        headers=actors.owner,
    )
    assert capped.json()["items"][0] | {"best": None} == {
        "id": castings["id"], "count": 1, "more": True, "best": None,
    }  # fmt: skip

    others = await client.get(
        "/api/v1/matching/mine", params={"kind": "demand", "ids": asked}, headers=actors.other
    )
    assert others.json()["items"] == [], "their draft is not matchable, ours are not theirs"
    anonymous = await client.get("/api/v1/matching/mine", params={"kind": "demand", "ids": asked})
    assert anonymous.status_code == 401
    too_many = await client.get(
        "/api/v1/matching/mine",
        params={"kind": "demand", "ids": [str(uuid.uuid4()) for _ in range(21)]},
        headers=actors.owner,
    )
    assert too_many.status_code == 422
    assert {f["field"] for f in too_many.json()["fields"]} == {"query.ids"}
