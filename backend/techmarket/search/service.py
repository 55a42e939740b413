"""Searching the public indexes across collections, with filters that cannot be injected and
highlights that are safe to render."""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from meilisearch_python_sdk import AsyncClient
from meilisearch_python_sdk.errors import MeilisearchApiError, MeilisearchError
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from techmarket.core.outbox import OutboxEvent
from techmarket.search.engine import SearchReader
from techmarket.search.highlight import Highlighter
from techmarket.search.indexer import TOPIC
from techmarket.search.indexes import FACETS, Indexes, SearchType
from techmarket.search.schemas import IndexState, SearchAnswer, SearchHit, SearchStatus

RETRIEVED = ["id", "type", "title", "summary", "field", "region", "status", "published_at"]


@dataclass(frozen=True)
class SearchQuery:
    q: str
    types: Sequence[SearchType]
    field: str | None = None
    region: str | None = None
    status: str | None = None
    maturity: str | None = None
    limit: int = 20
    offset: int = 0


def quote(value: str) -> str:
    """A filter value as a Meilisearch string literal: quotes and backslashes are escaped, so
    `OR`, `AND`, brackets and quotes in user input stay part of the value."""
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def filters(query: SearchQuery) -> list[str]:
    conditions = []
    if set(query.types) != set(SearchType):
        conditions.append("type IN [" + ", ".join(quote(t.value) for t in query.types) + "]")
    for name in ("field", "region", "status", "maturity"):
        if (value := getattr(query, name)) is not None:
            conditions.append(f"{name} = {quote(value)}")
    return conditions


def search_params(indexes: Indexes, query: SearchQuery) -> dict[str, Any]:
    """The one query that answers ``query``, without highlights (the API marks the hits it
    shows: see ``highlight``)."""
    params: dict[str, Any] = {
        "indexUid": indexes.search_uid,
        "q": query.q,
        "facets": FACETS,
        "offset": query.offset,
        "limit": query.limit,
        "attributesToRetrieve": RETRIEVED,
        "showRankingScore": True,
    }
    if conditions := filters(query):
        params["filter"] = conditions
    if not query.q.strip():
        params["sort"] = ["published_at:desc"]
    return params


def exact_total(result: dict[str, Any]) -> int:
    """Every entry has one type, so the type counts add up to the exact number of matches;
    ``estimatedTotalHits`` stops at Meilisearch's maxTotalHits (1,000)."""
    by_type = (result.get("facetDistribution") or {}).get("type")
    if by_type is None:
        return int(result.get("estimatedTotalHits") or 0)
    return sum(by_type.values())


async def search(*, reader: SearchReader, indexes: Indexes, query: SearchQuery) -> SearchAnswer:
    started = time.perf_counter()
    browsing = not query.q.strip()
    [result] = await reader.multi_search([search_params(indexes, query)])
    marked = Highlighter(query.q)
    return SearchAnswer(
        hits=[
            SearchHit(
                type=SearchType(hit["type"]),
                id=hit["id"],
                title=marked.title(hit["title"]),
                snippet=marked.snippet(hit["summary"]),
                field=hit["field"],
                region=hit["region"],
                status=hit["status"],
                score=None if browsing else hit.get("_rankingScore"),
            )
            for hit in result["hits"]
        ],
        total=exact_total(result),
        facets=result.get("facetDistribution") or {},
        took_ms=round(1000 * (time.perf_counter() - started)),
    )


async def status(*, session: AsyncSession, client: AsyncClient, indexes: Indexes) -> SearchStatus:
    """What the indexer has left to do, and what Meilisearch holds."""
    pending = (
        await session.execute(
            select(
                func.count(),
                func.min(OutboxEvent.created_at),
                func.count().filter(OutboxEvent.attempts > 0),
            ).where(OutboxEvent.topic == TOPIC)
        )
    ).one()
    last_error = await session.scalar(
        select(OutboxEvent.last_error)
        .where(OutboxEvent.topic == TOPIC, OutboxEvent.last_error.is_not(None))
        .order_by(OutboxEvent.id.desc())
        .limit(1)
    )
    states, last_success, available = [], None, True
    try:
        uids = indexes.all_uids()
        for uid in uids:
            try:
                stats = await client.index(uid).get_stats()
                states.append(
                    IndexState(
                        uid=uid, documents=stats.number_of_documents, indexing=stats.is_indexing
                    )
                )
            except MeilisearchApiError:
                states.append(IndexState(uid=uid, documents=0, indexing=False))
        done = await client.get_tasks(index_ids=uids, statuses=["succeeded"], limit=1)
        if done.results:
            last_success = done.results[0].finished_at
    except (MeilisearchError, OSError):
        available = False
    return SearchStatus(
        available=available,
        pending_events=pending[0],
        oldest_pending_at=pending[1],
        failing_events=pending[2],
        last_error=last_error,
        last_success_at=last_success,
        indexes=states,
    )
