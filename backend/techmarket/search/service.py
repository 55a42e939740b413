"""Searching the public indexes across collections, with filters that cannot be injected and
highlights that are safe to render."""

from __future__ import annotations

import html
import time
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, cast

from meilisearch_python_sdk import AsyncClient
from meilisearch_python_sdk.errors import MeilisearchApiError, MeilisearchError
from meilisearch_python_sdk.models.search import SearchParams, SearchResultsWithUID
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from techmarket.core.errors import AppError
from techmarket.core.outbox import OutboxEvent
from techmarket.search.indexer import TOPIC
from techmarket.search.indexes import FACETS, Indexes, SearchType
from techmarket.search.schemas import IndexState, SearchAnswer, SearchHit, SearchStatus

PRE, POST = "\x02", "\x03"  # never in indexed text (documents.clean removes them)


class SearchUnavailable(AppError):
    code = "search.unavailable"
    status = 503
    title = "Search is unavailable for a moment; lists keep working"


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
    for name in ("field", "region", "status", "maturity"):
        if (value := getattr(query, name)) is not None:
            conditions.append(f"{name} = {quote(value)}")
    return conditions


def safe_highlight(text: str) -> str:
    """Escape everything, then turn our private markers into <em>: only <em> survives."""
    return html.escape(text).replace(PRE, "<em>").replace(POST, "</em>")


def search_params(indexes: Indexes, query: SearchQuery) -> list[SearchParams]:
    """The multi-search that answers ``query``: one search per collection."""
    browsing = not query.q.strip()
    return [
        SearchParams(
            index_uid=indexes.uid(kind),
            query=query.q,
            filter=filters(query) or None,
            facets=FACETS,
            offset=0,
            limit=query.offset + query.limit,
            attributes_to_retrieve=[
                "id",
                "type",
                "title",
                "summary",
                "field",
                "region",
                "status",
                "published_at",
            ],
            attributes_to_highlight=["title", "summary"],
            attributes_to_crop=["summary"],
            crop_length=60,
            highlight_pre_tag=PRE,
            highlight_post_tag=POST,
            show_ranking_score=True,
            sort=["published_at:desc"] if browsing else None,
        )
        for kind in query.types
    ]


async def search(*, client: AsyncClient, indexes: Indexes, query: SearchQuery) -> SearchAnswer:
    started = time.perf_counter()
    browsing = not query.q.strip()
    params = search_params(indexes, query)
    try:
        # Without federation the answer is one result per query.
        results = cast(list[SearchResultsWithUID[Any]], await client.multi_search(params))
    except (MeilisearchError, OSError) as error:
        raise SearchUnavailable() from error
    hits: list[dict[str, Any]] = [hit for result in results for hit in result.hits]
    if browsing:
        hits.sort(key=lambda hit: hit.get("published_at", 0), reverse=True)
    else:
        hits.sort(key=lambda hit: hit.get("_rankingScore", 0), reverse=True)
    facets: dict[str, dict[str, int]] = defaultdict(dict)
    for result in results:
        for name, counts in (result.facet_distribution or {}).items():
            for value, count in counts.items():
                facets[name][value] = facets[name].get(value, 0) + count
    page = hits[query.offset : query.offset + query.limit]
    return SearchAnswer(
        hits=[
            SearchHit(
                type=SearchType(hit["type"]),
                id=hit["id"],
                title=safe_highlight(hit.get("_formatted", hit)["title"]),
                snippet=safe_highlight(hit.get("_formatted", hit)["summary"]),
                field=hit["field"],
                region=hit["region"],
                status=hit["status"],
                score=None if browsing else hit.get("_rankingScore"),
            )
            for hit in page
        ],
        total=sum(result.estimated_total_hits or 0 for result in results),
        facets=dict(facets),
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
        uids = [indexes.uid(kind) for kind in SearchType]
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
