"""Rebuilding every index from PostgreSQL without a moment of empty results: each index is
built anew under another name, then swapped with the live one in one Meilisearch task."""

from __future__ import annotations

import time

from meilisearch_python_sdk import AsyncClient
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from techmarket.search.documents import MODELS, document, is_public
from techmarket.search.indexes import TASK_TIMEOUT_MS, Indexes, SearchType, index_settings
from techmarket.search.vocabulary import load as load_vocabulary

BATCH = 5_000


async def _wait(client: AsyncClient, task_uid: int) -> None:
    result = await client.wait_for_task(task_uid, timeout_in_ms=TASK_TIMEOUT_MS * 10)
    if result.status != "succeeded":
        raise RuntimeError(f"Meilisearch task {task_uid} failed: {result.error}")


async def reindex(
    sessionmaker: async_sessionmaker[AsyncSession], client: AsyncClient, indexes: Indexes
) -> dict[str, int]:
    """Rebuild every index; answer how many documents each now holds."""
    async with sessionmaker() as session:
        vocabulary = await load_vocabulary(session)
    await indexes.ensure(client, vocabulary)  # the live indexes exist: the swap has a partner
    counts = {}
    for kind in SearchType:
        live = indexes.uid(kind)
        fresh = f"{live}_rebuild_{int(time.time())}"
        index = await client.create_index(fresh, primary_key="id")
        await _wait(client, (await index.update_settings(index_settings(vocabulary))).task_uid)
        model, count = MODELS[kind], 0
        async with sessionmaker() as session:
            stream = await session.stream_scalars(select(model).execution_options(yield_per=BATCH))
            batch = []
            async for entry in stream:
                if is_public(kind, entry):
                    batch.append(document(kind, entry))
                if len(batch) >= BATCH:
                    await _wait(client, (await index.add_documents(batch)).task_uid)
                    count, batch = count + len(batch), []
            if batch:
                await _wait(client, (await index.add_documents(batch)).task_uid)
                count += len(batch)
        await _wait(client, (await client.swap_indexes([(live, fresh)])).task_uid)
        await _wait(client, (await client.index(fresh).delete()).task_uid)
        counts[live] = count
    return counts
