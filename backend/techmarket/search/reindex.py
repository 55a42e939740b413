"""Rebuilding every index from PostgreSQL without a moment of empty results: the search index
and each collection's matching index are built anew under other names, then swapped with the
live ones in one Meilisearch task."""

from __future__ import annotations

import time
import uuid

from meilisearch_python_sdk import AsyncClient
from meilisearch_python_sdk.index import AsyncIndex
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from techmarket.search import corpus
from techmarket.search.documents import MODELS, Indexed, indexed, is_public
from techmarket.search.engine import wait_for_task
from techmarket.search.indexes import TASK_TIMEOUT_MS, Indexes, IndexSpec, SearchType
from techmarket.search.vocabulary import load as load_vocabulary

BATCH = 5_000


async def _wait(client: AsyncClient, task_uid: int) -> None:
    result = await wait_for_task(client, task_uid, timeout_ms=TASK_TIMEOUT_MS * 10)
    if result.status != "succeeded":
        raise RuntimeError(f"Meilisearch task {task_uid} failed: {result.error}")


async def _add(
    client: AsyncClient,
    search: AsyncIndex,
    terms: AsyncIndex,
    stats: AsyncSession,
    kind: SearchType,
    batch: list[Indexed],
) -> int:
    await _wait(client, (await search.add_documents([i.document for i in batch])).task_uid)
    await _wait(client, (await terms.add_documents([i.terms_document for i in batch])).task_uid)
    present = {uuid.UUID(i.document["id"]): i.term_counts for i in batch}
    await corpus.record(stats, kind=kind.value, present=present)
    return len(batch)


async def _create(client: AsyncClient, spec: IndexSpec, suffix: str) -> AsyncIndex:
    index = await client.create_index(spec.uid + suffix, primary_key=spec.primary_key)
    await _wait(client, (await index.update_settings(spec.settings)).task_uid)
    return index


async def reindex(
    sessionmaker: async_sessionmaker[AsyncSession], client: AsyncClient, indexes: Indexes
) -> dict[str, int]:
    """Rebuild every index; answer how many documents of each collection are now searchable."""
    async with sessionmaker() as session:
        vocabulary = await load_vocabulary(session)
    specs = indexes.specs(vocabulary)
    await indexes.ensure(client, vocabulary)  # the live indexes exist: the swap has a partner
    suffix = f"_rebuild_{int(time.time())}"
    fresh = {spec.uid: await _create(client, spec, suffix) for spec in specs}
    counts = {}
    # The statistics are rebuilt in one transaction, committed once the new indexes are live.
    # Its locks, one per collection, hold the indexer back until then: nothing it would send to
    # the old indexes meanwhile is missing from the new ones.
    async with sessionmaker() as stats, stats.begin():
        for kind in SearchType:
            await corpus.clear(stats, kind=kind.value)
            model, count = MODELS[kind], 0
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
                    search, terms = fresh[indexes.search_uid], fresh[indexes.terms_uid(kind)]
                    count += await _add(client, search, terms, stats, kind, batch)
            counts[kind.value] = count
        swaps = [(spec.uid, spec.uid + suffix) for spec in specs]
        await _wait(client, (await client.swap_indexes(swaps)).task_uid)
    for spec in specs:
        await _wait(client, (await client.index(spec.uid + suffix).delete()).task_uid)
    return counts
