"""Search over real Meilisearch: Chinese sub-words, filters, facets, drafts, injection, safety."""

from __future__ import annotations

import asyncio
import uuid
from typing import Any

import pytest
from fastapi import FastAPI
from httpx import AsyncClient
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession, async_sessionmaker

from techmarket.main import create_app
from techmarket.runtime import free_port
from techmarket.search.indexes import SearchType
from techmarket.search.reindex import reindex
from techmarket.search.vocabulary import load as load_vocabulary
from techmarket.settings import Settings
from tests.apps import running
from tests.entries import (
    Actors,
    act_on_demand,
    create_demand,
    publish,
    published_demand,
    sign_in_bureau_admin,
)
from tests.factories import make_user, sign_in
from tests.worker import drain


async def _search(client: AsyncClient, **params: Any) -> dict[str, Any]:
    answer = await client.get("/api/v1/search", params=params)
    assert answer.status_code == 200, answer.text
    return answer.json()  # type: ignore[no-any-return]


def ids(answer: dict[str, Any]) -> list[str]:
    return [hit["id"] for hit in answer["hits"]]


@pytest.fixture
def marker() -> str:
    """A word no other test uses, so that results of other tests never interfere."""
    return "mk" + uuid.uuid4().hex[:10]


async def test_sub_words_and_chinese_queries_find_published_entries(
    client: AsyncClient, app: FastAPI, connection: AsyncConnection, session: AsyncSession,
    actors: Actors, marker: str,
) -> None:  # fmt: skip
    demand = await published_demand(client, actors)
    draft = await create_demand(client, actors.owner, title=f"镁合金草稿 {marker}")
    await drain(app, connection, session)

    for q in ("合金", "镁合金 压铸", "压铸件", "防腐处理"):
        assert demand["id"] in ids(await _search(client, q=q, limit=100)), q
    found = await _search(client, q="镁合金", types="demand", limit=100)
    assert draft["id"] not in ids(found), "a draft never appears in search"
    hit = next(h for h in found["hits"] if h["id"] == demand["id"])
    assert "<em>" in hit["title"]
    assert hit["score"] is not None


async def test_filters_facets_and_types(
    client: AsyncClient, app: FastAPI, connection: AsyncConnection, session: AsyncSession,
    actors: Actors, marker: str,
) -> None:  # fmt: skip
    metal = await published_demand(
        client, actors, title=f"镁合金铸造 {marker}", field="special_metal"
    )
    chip = await published_demand(
        client, actors, title=f"碳化硅外延 {marker}", field="semiconductor"
    )
    await drain(app, connection, session)
    everything = await _search(client, q=marker, limit=100)
    assert set(ids(everything)) == {metal["id"], chip["id"]}
    assert everything["facets"]["field"] == {"special_metal": 1, "semiconductor": 1}
    assert everything["total"] == 2
    only_chip = await _search(client, q=marker, field="semiconductor")
    assert ids(only_chip) == [chip["id"]]
    assert ids(await _search(client, q=marker, types="achievement,project")) == []


async def test_the_collections_are_ranked_and_paged_as_one_list(
    client: AsyncClient, app: FastAPI, connection: AsyncConnection, session: AsyncSession,
    actors: Actors, marker: str,
) -> None:  # fmt: skip
    for n in range(3):
        await published_demand(client, actors, title=f"镁合金压铸需求{n} {marker}")
    achievements = [
        {"title": f"镁合金压铸成果{n} {marker}", "abstract": "真空压铸镁合金铸件。",
         "field": "special_metal", "region": "yanhu", "transfer_modes": ["transfer"]}
        for n in range(2)
    ]  # fmt: skip
    await publish(
        client, await sign_in_bureau_admin(client, session), "achievements", *achievements
    )
    await drain(app, connection, session)

    everything = await _search(client, q=marker, limit=100)
    assert everything["total"] == 5
    assert everything["facets"]["type"] == {"demand": 3, "achievement": 2}
    pages = [await _search(client, q=marker, limit=2, offset=offset) for offset in (0, 2, 4)]
    assert [i for page in pages for i in ids(page)] == ids(everything), "no gap, no repeat"
    assert all(page["total"] == 5 for page in pages)
    only = await _search(client, q=marker, types="achievement")
    assert only["facets"]["type"] == {"achievement": 2}
    assert {hit["type"] for hit in only["hits"]} == {"achievement"}


async def test_the_total_counts_every_match_beyond_the_pages_offered(
    client: AsyncClient, app: FastAPI, connection: AsyncConnection, session: AsyncSession,
    marker: str,
) -> None:  # fmt: skip
    admin = await sign_in_bureau_admin(client, session)
    achievements = [
        {"title": f"镁合金成果{n} {marker}", "abstract": "真空压铸。", "field": "special_metal",
         "region": "yanhu", "transfer_modes": ["transfer"]}
        for n in range(1200)
    ]  # fmt: skip
    for start in (0, 1000):
        await publish(client, admin, "achievements", *achievements[start : start + 1000])
    await drain(app, connection, session)

    first = await _search(client, q=marker, limit=20)
    assert first["total"] == 1200, "not Meilisearch's estimate, which stops at 1,000"
    assert first["facets"]["type"] == {"achievement": 1200}
    last = await _search(client, q=marker, limit=20, offset=980)
    assert len(last["hits"]) == 20, "the first 1,000 hits can be paged through"
    assert last["total"] == 1200


async def test_the_search_indexes_of_one_collection_each_are_removed(
    app: FastAPI, session: AsyncSession
) -> None:
    """Before decision 0011 each collection had a search index; they would only take space."""
    client, indexes = app.state.search, app.state.indexes
    legacy = f"{indexes.prefix}demands"
    await client.create_index(legacy)
    assert await client.get_raw_index(legacy) is not None
    # The stored vocabulary: the indexes are shared with the other tests, synonyms and all.
    await indexes.ensure(client, await load_vocabulary(session))
    assert await client.get_raw_index(legacy) is None
    assert await client.get_raw_index(indexes.search_uid) is not None


async def test_drafts_and_submissions_cost_meilisearch_no_task(
    client: AsyncClient, app: FastAPI, connection: AsyncConnection, session: AsyncSession,
    actors: Actors, marker: str,
) -> None:  # fmt: skip
    await drain(app, connection, session)
    uids = app.state.indexes.all_uids()

    async def last_task() -> int | None:
        documents = ["documentAdditionOrUpdate", "documentDeletion"]
        tasks = (await app.state.search.get_tasks(index_ids=uids, types=documents)).results
        return tasks[0].uid if tasks else None

    before = await last_task()
    draft = await create_demand(client, actors.owner, title=f"草稿 {marker}")
    await act_on_demand(client, draft["id"], "submit", actors.owner)
    await drain(app, connection, session)
    assert await last_task() == before, "nothing of an unpublished entry reaches Meilisearch"


async def test_leaving_publication_leaves_the_index(
    client: AsyncClient, app: FastAPI, connection: AsyncConnection, session: AsyncSession,
    actors: Actors, marker: str,
) -> None:  # fmt: skip
    demand = await published_demand(client, actors, title=f"焦化废水处理 {marker}")
    await drain(app, connection, session)
    assert ids(await _search(client, q=marker)) == [demand["id"]]
    await act_on_demand(client, demand["id"], "close", actors.owner)
    await drain(app, connection, session)
    assert ids(await _search(client, q=marker)) == []


@pytest.mark.parametrize(
    "params",
    [
        {"field": 'x" OR status = "draft'},
        {"region": "yanhu\\"},
        {"status": "published) OR (status = draft"},
        {"maturity": "' OR 1=1 --"},
        {"q": '" OR "" = "'},
        {"types": "demand,draft)"},
    ],
)
async def test_injection_attempts_are_values(client: AsyncClient, params: dict[str, str]) -> None:
    answer = await client.get("/api/v1/search", params=params)
    assert answer.status_code == 200, answer.text
    for hit in answer.json()["hits"]:
        assert hit["status"] != "draft"


async def test_highlights_are_safe_to_render(
    client: AsyncClient, app: FastAPI, connection: AsyncConnection, session: AsyncSession,
    actors: Actors, marker: str,
) -> None:  # fmt: skip
    await published_demand(
        client, actors, title=f"<img src=x onerror=alert(1)>镁合金 {marker}",
        description="<script>alert('x')</script> 镁合金压铸",
    )  # fmt: skip
    await drain(app, connection, session)
    [hit] = (await _search(client, q=marker))["hits"]
    for text in (hit["title"], hit["snippet"]):
        without_em = text.replace("<em>", "").replace("</em>", "")
        assert "<" not in without_em, text
    assert "&lt;img" in hit["title"]


async def test_search_down_is_503_and_lists_keep_working(
    settings: Settings, actors: Actors, client: AsyncClient
) -> None:
    broken = create_app(
        settings.model_copy(update={"meili_url": f"http://127.0.0.1:{free_port()}"})
    )
    async with running(broken) as offline:
        answer = await offline.get("/api/v1/search", params={"q": "镁合金"})
        assert answer.status_code == 503
        assert answer.json()["code"] == "search.unavailable"
        assert (await offline.get("/api/v1/demands")).status_code == 200


async def test_reindex_swaps_without_an_empty_moment(
    client: AsyncClient, app: FastAPI, connection: AsyncConnection, session: AsyncSession,
    actors: Actors, marker: str,
) -> None:  # fmt: skip
    demand = await published_demand(client, actors, title=f"煤层气开发 {marker}")
    await drain(app, connection, session)
    maker = async_sessionmaker(
        bind=connection, expire_on_commit=False, join_transaction_mode="create_savepoint"
    )
    rebuild = asyncio.create_task(reindex(maker, app.state.search, app.state.indexes))
    seen = []
    while not rebuild.done():
        seen.append(ids(await _search(client, q=marker)))
        await asyncio.sleep(0.02)
    counts = await rebuild
    assert seen, "searches ran while the indexes were rebuilt"
    assert all(found == [demand["id"]] for found in seen)
    assert ids(await _search(client, q=marker)) == [demand["id"]]
    assert counts[SearchType.DEMAND] >= 1


async def test_admin_sees_what_the_indexer_has_left(
    client: AsyncClient, app: FastAPI, connection: AsyncConnection, session: AsyncSession,
    actors: Actors,
) -> None:  # fmt: skip
    admin = await make_user(session, roles=["admin"])
    headers = (await sign_in(client, admin.email)).headers
    await published_demand(client, actors)
    before = (await client.get("/api/v1/admin/search/status", headers=headers)).json()
    assert before["pending_events"] >= 1
    assert before["available"] is True
    await drain(app, connection, session)
    after = (await client.get("/api/v1/admin/search/status", headers=headers)).json()
    assert after["pending_events"] == 0
    assert after["last_success_at"] is not None
    assert {i["uid"] for i in after["indexes"]} == set(app.state.indexes.all_uids())
    assert (
        await client.get("/api/v1/admin/search/status", headers=actors.reviewer)
    ).status_code == 403
