"""The Meilisearch clients shared by the whole process: the SDK for indexing and administration,
and a bare reader for the hot read paths (decision 0002)."""

from __future__ import annotations

import asyncio
import json
import logging
import time
from typing import Any

import aiohttp
from meilisearch_python_sdk import AsyncClient
from meilisearch_python_sdk.errors import MeilisearchTimeoutError
from meilisearch_python_sdk.models.task import TaskResult

from techmarket.core.errors import AppError

log = logging.getLogger(__name__)
# Gzip responses stalled ~17% of calls by ~40 ms here (Nagle vs delayed ACK): ask for identity.
_IDENTITY = {"Accept-Encoding": "identity"}


class SearchUnavailable(AppError):
    code = "search.unavailable"
    status = 503
    title = "Search is unavailable for a moment; lists keep working"


def create_client(url: str, key: str | None) -> AsyncClient:
    return AsyncClient(url, key, timeout=10, custom_headers=_IDENTITY)


async def wait_for_task(client: AsyncClient, task_uid: int, *, timeout_ms: int) -> TaskResult:
    """The task once finished, asked for at growing intervals (10 ms up to 0.5 s).

    The SDK asks every 50 ms: an indexing task takes seconds on a large index, and the API
    spent more CPU asking whether tasks were done than on the entries' own documents.
    """
    deadline = time.monotonic() + timeout_ms / 1000
    interval = 0.01
    while True:
        task = await client.get_task(task_uid)
        if task.status in ("succeeded", "failed", "canceled"):
            return task
        if time.monotonic() >= deadline:
            raise MeilisearchTimeoutError(f"task {task_uid} not finished after {timeout_ms} ms")
        await asyncio.sleep(interval)
        interval = min(2 * interval, 0.5)


class SearchReader:
    """`/multi-search` over one shared aiohttp session, answers as plain dicts.

    Search and matching call Meilisearch on every request: the SDK's models and its httpx
    transport cost ~1–2 ms of API CPU per call, a bare session ~0.8 ms (environment notes).
    """

    def __init__(self, url: str, key: str | None, timeout: float = 10) -> None:
        self._url = url.rstrip("/") + "/multi-search"
        self._headers = {**_IDENTITY, "Content-Type": "application/json"}
        if key:
            self._headers["Authorization"] = f"Bearer {key}"
        self._timeout = aiohttp.ClientTimeout(total=timeout)
        self._session: aiohttp.ClientSession | None = None

    async def multi_search(self, queries: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """One result per query, in order; ``SearchUnavailable`` when Meilisearch cannot answer."""
        if self._session is None:
            self._session = aiohttp.ClientSession(timeout=self._timeout)
        try:
            async with self._session.post(
                self._url, data=json.dumps({"queries": queries}), headers=self._headers
            ) as response:
                body = await response.read()
        except (TimeoutError, aiohttp.ClientError, OSError) as error:
            raise SearchUnavailable() from error
        if response.status != 200:
            log.error("multi-search answered %s: %s", response.status, body[:500])
            raise SearchUnavailable()
        results: list[dict[str, Any]] = json.loads(body)["results"]
        return results

    async def aclose(self) -> None:
        if self._session is not None:
            await self._session.close()
            self._session = None
