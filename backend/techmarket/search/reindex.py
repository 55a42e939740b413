"""Rebuilding every index from PostgreSQL without a moment of empty results: each collection's
search and matching indexes are built anew under other names, then swapped with the live ones
in one Meilisearch task."""

from __future__ import annotations

import time
import uuid

from meilisearch_python_sdk import AsyncClient
from meilisearch_python_sdk.index import AsyncIndex
from meilisearch_python_sdk.models.settings import MeilisearchSettings
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from techmarket.search import corpus
from techmarket.search.documents import MODELS, Indexed, indexed, is_public
from techmarket.search.engine import wait_for_task
from techmarket.search.indexes import (
    TASK_TIMEOUT_MS,
    Indexes,
    SearchType,
    index_settings,
    terms_index_settings,
)
from techmarket.search.vocabulary import load as load_vocabulary

BATCH = 5_000


async def _wait(client: AsyncClient, task_uid: int) -> None:
    result = await wait_for_task(client, task_uid, timeout_ms=TASK_TIMEOUT_MS * 10)
    if result.status != "succeeded":
        raise RuntimeError(f"Meilisearch task {task_uid} failed: {result.error}")


async def _add(
    client: AsyncClient,
    fresh: tuple[AsyncIndex, AsyncIndex],
    stats: AsyncSession,
    kind: SearchType,
    batch: list[Indexed],
) -> int:
    search, terms = fresh
    await _wait(client, (await search.add_documents([i.document for i in batch])).task_uid)
    await _wait(client, (await terms.add_documents([i.terms_document for i in batch])).task_uid)
    present = {uuid.UUID(i.document["id"]): i.term_counts for i in batch}
    await corpus.record(stats, kind=kind.value, present=present)
    return len(batch)


async def _create(client: AsyncClient, uid: str, settings: MeilisearchSettings) -> AsyncIndex:
    index = await client.create_index(uid, primary_key="id")
    await _wait(client, (await index.update_settings(settings)).task_uid)
    return index


async def reindex(
    sessionmaker: async_sessionmaker[AsyncSession], client: AsyncClient, indexes: Indexes
) -> dict[str, int]:
    """Rebuild every index; answer how many documents each now holds."""
    async with sessionmaker() as session:
        vocabulary = await load_vocabulary(session)
    await indexes.ensure(client, vocabulary)  # the live indexes exist: the swap has a partner
    counts = {}
    for kind in SearchType:
        live = (indexes.uid(kind), indexes.terms_uid(kind))
        suffix = f"_rebuild_{int(time.time())}"
        fresh = (
            await _create(client, live[0] + suffix, index_settings(vocabulary)),
            await _create(client, live[1] + suffix, terms_index_settings()),
        )
        model, count = MODELS[kind], 0
        # The statistics are rebuilt in one transaction, committed once the new index is live.
        async with sessionmaker() as stats, stats.begin():
            await corpus.clear(stats, kind=kind.value)
            after: uuid.UUID | None = None
            while True:  # batches by id, each read in a session of its own
                async with sessionmaker() as session:
                    query = select(model).order_by(model.id).limit(BATCH)
                    if after is not None:
                        query = query.where(model.id > after)
                    entries = list(await session.scalars(query))
                if not entries:
                    break
                after = entries[-1].id
                batch = [indexed(kind, e) for e in entries if is_public(kind, e)]
                if batch:
                    count += await _add(client, fresh, stats, kind, batch)
            swaps = [(uid, uid + suffix) for uid in live]
            await _wait(client, (await client.swap_indexes(swaps)).task_uid)
        for uid in live:
            await _wait(client, (await client.index(uid + suffix).delete()).task_uid)
        counts[live[0]] = count
    return counts
