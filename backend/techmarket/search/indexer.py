"""The outbox handler that keeps the public indexes equal to what is published.

Events name an entry ("demand 42 changed"); the handler reads its current state, so a retried
old event cannot undo a newer one: public entries are (re)written, everything else is removed.
It returns only once Meilisearch reports the tasks done; a failure leaves the events to retry.

Several workers (or several loops of one) may sync the same collection at once, and one entry
may have events in two of their batches. Meilisearch applies tasks in the order it receives
them, so reading the entries, sending the tasks and recording the corpus statistics that
matching weighs terms with (``search/corpus.py``) happen under one lock per collection: the
state read last is the state sent last. Only the wait for Meilisearch runs outside the lock, so
one batch is read and sent while Meilisearch indexes the one before.
"""

from __future__ import annotations

import asyncio
import uuid
from collections import defaultdict
from collections.abc import Mapping, Sequence
from typing import Any

from meilisearch_python_sdk import AsyncClient
from meilisearch_python_sdk.models.task import TaskInfo
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from techmarket.search import corpus
from techmarket.search.documents import MODELS, indexed, is_public, search_key
from techmarket.search.engine import wait_for_task
from techmarket.search.indexes import Indexes, SearchType
from techmarket.search.vocabulary import load as load_vocabulary

TOPIC = "search"
# A task may wait behind the tasks of every other batch in flight (16 by default), and
# Meilisearch spends tens of seconds on each of its batches on a large index. Giving up sooner
# resends work it still has queued (seen with 60 s during a 100,000-entry import).
INDEXING_TIMEOUT_MS = 10 * 60_000


class Indexer:
    def __init__(
        self, sessionmaker: async_sessionmaker[AsyncSession], client: AsyncClient, indexes: Indexes
    ) -> None:
        self.sessionmaker = sessionmaker
        self.client = client
        self.indexes = indexes
        self._ready = False
        self._ensuring = asyncio.Lock()

    async def __call__(self, payloads: Sequence[Mapping[str, Any]]) -> None:
        settings_changed = any(p.get("entity_type") == "settings" for p in payloads)
        if settings_changed or not self._ready:  # Meilisearch may have been down at start
            async with self._ensuring:
                async with self.sessionmaker() as session:
                    vocabulary = await load_vocabulary(session)
                await self.indexes.ensure(self.client, vocabulary)
                self._ready = True
        ids: dict[SearchType, set[uuid.UUID]] = defaultdict(set)
        for payload in payloads:
            if payload.get("entity_type") in SearchType._value2member_map_:
                ids[SearchType(payload["entity_type"])].add(uuid.UUID(payload["id"]))
        for kind, wanted in ids.items():
            await self.sync(kind, wanted)

    async def sync(self, kind: SearchType, ids: set[uuid.UUID]) -> None:
        # The batch's entries and documents go out of scope before the wait, which is most of
        # the time: with several loops in flight each held its batch all along.
        tasks = await self._send(kind, ids)
        for task in tasks:
            result = await wait_for_task(self.client, task.task_uid, timeout_ms=INDEXING_TIMEOUT_MS)
            if result.status != "succeeded":
                raise RuntimeError(f"indexing {kind} failed: {result.error}")

    async def _send(self, kind: SearchType, ids: set[uuid.UUID]) -> list[TaskInfo]:
        model = MODELS[kind]
        tasks = []
        async with self.sessionmaker() as session, session.begin():
            await corpus.lock(session, kind=kind.value)
            entries = list(await session.scalars(select(model).where(model.id.in_(ids))))
            public = [e for e in entries if is_public(kind, e)]
            # jieba takes ~0.1 ms an entry: in a thread, the API keeps answering during imports.
            present = await asyncio.to_thread(lambda: {e.id: indexed(kind, e) for e in public})
            # An entry never published was never indexed: its events (a draft saved, submitted)
            # need no Meilisearch task, and every task costs Meilisearch seconds on a large
            # index whatever its size. Entries no longer in the database are removed.
            never_indexed = {e.id for e in entries if e.published_at is None}
            gone = sorted(ids - present.keys() - never_indexed)
            search = self.client.index(self.indexes.search_uid)
            terms = self.client.index(self.indexes.terms_uid(kind))
            if present:
                documents = [i.document for i in present.values()]
                tasks.append(await search.add_documents(documents, primary_key="key"))
                documents = [i.terms_document for i in present.values()]
                tasks.append(await terms.add_documents(documents, primary_key="id"))
            if gone:
                tasks.append(await search.delete_documents([search_key(kind, i) for i in gone]))
                tasks.append(await terms.delete_documents([str(i) for i in gone]))
            # Idempotent: a failed task below leaves the events to retry, which records again.
            await corpus.record(
                session,
                kind=kind.value,
                present={i: e.term_counts for i, e in present.items()},
                absent=ids - present.keys(),
            )
        return tasks
