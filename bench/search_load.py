"""Search and matching under load, against Meilisearch measured directly in the same run.

1. Builds N achievements (default 100,000) from `csl_dev_large` with variations (sentences
   rotated, keywords rotated, fields and regions spread), deterministic.
2. Starts one Meilisearch, and times indexing the same documents sent to it directly (their
   index form: jieba tokens and term ids computed beforehand, outside the timing), 5,000 a batch,
   to a search index and a matching index as the platform does.
3. Starts the platform on that Meilisearch (own PostgreSQL, throw-away data folder) and times the
   bulk import through the API (admin, 1,000 a request, published at once) until the indexer has
   caught up: everything the platform does, jieba included.
4. Measures, at each concurrency, `GET /api/v1/search?q=…&types=achievement` and, side by side,
   the same multi-search sent straight to Meilisearch; then `POST /api/v1/matching/achievements`.
   Queries are the set's 1,000 query texts, in turn.

    .venv/bin/python bench/search_load.py [--documents 100000] [--seconds 10] [--runs 3]

Loops are bounded by time; traffic goes to 127.0.0.1 only.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import random
import sys
import tempfile
import time
import urllib.parse
import uuid
from collections.abc import Iterator
from pathlib import Path
from types import SimpleNamespace
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "backend"))
sys.path.insert(0, str(REPO))

from bench.baseline import http_request, measure_runs, running_platform, token  # noqa: E402
from bench.matching_quality import Api, indexed_achievements  # noqa: E402

from techmarket.runtime import DEFAULT_MEILI_BINARY, EmbeddedMeilisearch, free_port  # noqa: E402

DATA = REPO.parent / "shared/data/csl_dev_large"
FIELDS = ["special_metal", "semiconductor", "new_energy", "clean_coal", "carbon_material"]
REGIONS = ["yanhu", "yongji", "hejin", "wenxi", "jishan", "etdz"]
KEY = "search-load-bench-key"


def variations(count: int) -> Iterator[dict[str, Any]]:
    """Achievement bodies: the set's documents again and again, each copy a little different."""
    docs = [json.loads(line) for line in (DATA / "docs.jsonl").open(encoding="utf-8")]
    rng = random.Random(20261126)  # noqa: S311 - reproducible data, not secrets
    for n in range(count):
        doc, copy = docs[n % len(docs)], n // len(docs)
        sentences = [s for s in doc["abstract"].split("。") if s]
        turn = copy % max(1, len(sentences))
        keywords = [k[:30] for k in doc["keywords"]]
        yield {
            "title": (doc["title"] or doc["discipline"] or "未分类成果")[:190]
            + ("" if copy == 0 else f"（{copy}）"),
            "abstract": "。".join(sentences[turn:] + sentences[:turn]) + "。",
            "keywords": keywords[copy % max(1, len(keywords)) :]
            + keywords[: copy % max(1, len(keywords))],
            "field": rng.choice(FIELDS),
            "region": rng.choice(REGIONS),
            "transfer_modes": ["transfer"],
            "maturity": rng.choice(["research", "pilot_small", "pilot", "industrialized"]),
        }


def query_texts() -> list[str]:
    """The set's 1,000 query texts (titles and keyword lists), in order."""
    return [json.loads(line)["text"] for line in (DATA / "queries.jsonl").open(encoding="utf-8")]


def index_form(items: list[dict[str, Any]]) -> list[Any]:
    """The documents as the platform's indexer writes them (computed before any timing)."""
    from techmarket.search.documents import indexed
    from techmarket.search.indexes import SearchType

    documents = []
    for item in items:
        entry = SimpleNamespace(
            id=uuid.uuid4(), status="published", organization_id=uuid.uuid4(),
            published_at=None, transfer_modes=item["transfer_modes"], **{
                k: v for k, v in item.items() if k != "transfer_modes"
            },
        )  # fmt: skip
        documents.append(indexed(SearchType.ACHIEVEMENT, entry))
    return documents


async def index_directly(url: str, documents: list[Any]) -> float:
    """Seconds Meilisearch takes to index ``documents`` sent straight to it, 5,000 a batch, to
    the search index and the matching index, as the platform does."""
    from techmarket.search.engine import create_client
    from techmarket.search.indexes import Indexes, SearchType
    from techmarket.search.vocabulary import Vocabulary

    client = create_client(url, KEY)
    direct = Indexes("direct_")
    specs = {spec.uid: spec for spec in direct.specs(Vocabulary())}
    forms = (
        (specs[direct.search_uid], "document"),
        (specs[direct.terms_uid(SearchType.ACHIEVEMENT)], "terms_document"),
    )
    indexes = []
    for spec, _ in forms:
        index = await client.create_index(spec.uid, primary_key=spec.primary_key)
        task = await index.update_settings(spec.settings)
        await client.wait_for_task(task.task_uid, timeout_in_ms=600_000)
        indexes.append(index)
    started = time.perf_counter()
    tasks = [
        await index.add_documents([getattr(d, form) for d in documents[start : start + 5000]])
        for start in range(0, len(documents), 5000)
        for index, (_, form) in zip(indexes, forms, strict=True)
    ]
    for task in tasks:
        await client.wait_for_task(task.task_uid, timeout_in_ms=3_600_000, interval_in_ms=200)
    elapsed = time.perf_counter() - started
    await client.aclose()
    return elapsed


def import_through_api(api: Api, items: list[dict[str, Any]]) -> float:
    """Seconds from the first bulk request until the indexer has caught up."""
    while (before := indexed_achievements(api))[0]:
        time.sleep(1)  # the demo data of `make run` is being indexed
    started = time.perf_counter()
    for start in range(0, len(items), 1000):
        api.call(
            "POST",
            "/api/v1/achievements/bulk",
            {"items": items[start : start + 1000], "publish": True},
        )
    while indexed_achievements(api) != (0, before[1] + len(items)):
        time.sleep(1)
    return time.perf_counter() - started


def search_requests(texts: list[str], meili_port: int) -> tuple[list[bytes], list[bytes]]:
    """The API's search requests, and the multi-searches the API sends for them."""
    from techmarket.search.indexes import Indexes, SearchType
    from techmarket.search.service import SearchQuery, search_params

    api, direct = [], []
    headers = {"Authorization": f"Bearer {KEY}", "Content-Type": "application/json",
               "Accept-Encoding": "identity"}  # fmt: skip
    for text in texts:
        query = urllib.parse.urlencode({"q": text, "types": "achievement"})
        api.append(http_request("GET", f"/api/v1/search?{query}", {}))
        params = search_params(Indexes(""), SearchQuery(q=text, types=[SearchType.ACHIEVEMENT]))
        body = json.dumps({"queries": [params]}).encode()
        direct.append(
            http_request("POST", "/multi-search", headers, body, f"127.0.0.1:{meili_port}")
        )
    return api, direct


def matching_requests(texts: list[str], access_token: str) -> list[bytes]:
    headers = {"Authorization": f"Bearer {access_token}", "Content-Type": "application/json"}
    return [
        http_request("POST", "/api/v1/matching/achievements", headers,
                     json.dumps({"text": text, "limit": 10}).encode())
        for text in texts
    ]  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--documents", type=int, default=100_000)
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--clients", default="1,8,32")
    args = parser.parse_args()
    items = list(variations(args.documents))
    texts = query_texts()
    print(f"computing the index form of {len(items)} documents", file=sys.stderr)
    documents = index_form(items)

    rows: list[tuple[str, int, dict[str, float]]] = []
    with tempfile.TemporaryDirectory(prefix="techmarket-search-load-") as folder:
        meili = EmbeddedMeilisearch(Path(folder) / "meili", DEFAULT_MEILI_BINARY, KEY)
        meili_port = free_port()
        url = meili.start(timeout=60, port=meili_port)
        try:
            direct_seconds = asyncio.run(index_directly(url, documents))
            print(f"Meilisearch alone indexed in {direct_seconds:.0f} s", file=sys.stderr)
            with running_platform(meili=(url, KEY)) as (port, _server, _enterprise):
                from techmarket.identity.bootstrap import DEMO_PASSWORD

                def login() -> str:
                    return token(port, "admin@demo.techmarket.cn", DEMO_PASSWORD)

                admin = login()
                api = Api(port, admin, login)
                api_seconds = import_through_api(api, items)
                print(f"the platform imported and indexed in {api_seconds:.0f} s", file=sys.stderr)
                through_api, straight = search_requests(texts, meili_port)
                matching = matching_requests(texts, login())  # the import outlived the first token
                for clients in (int(c) for c in args.clients.split(",")):
                    for name, target, requests in (
                        ("search through the API", port, through_api),
                        ("the same multi-search, straight to Meilisearch", meili_port, straight),
                        ("matching through the API", port, matching),
                    ):
                        figures = measure_runs(target, requests, clients, args.seconds, args.runs)
                        rows.append((name, clients, figures))
                        print(name, clients, figures, file=sys.stderr)
        finally:
            meili.stop()

    machine = f"{platform.node()}, {os.cpu_count()} CPUs, Python {platform.python_version()}"
    print(
        f"{time.strftime('%Y-%m-%d')}, {machine}; {len(items)} achievements; "
        f"{args.runs} runs × {args.seconds:.0f} s per row, medians\n"
    )
    print(
        f"- indexing: Meilisearch alone {direct_seconds:.0f} s; bulk import through the API "
        f"and indexing {api_seconds:.0f} s (ratio {api_seconds / direct_seconds:.2f})\n"
    )
    print("| what | clients | req/s | p50 ms | p95 ms | p99 ms | errors | p50 ratio API / direct |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    direct = {c: f for n, c, f in rows if n.startswith("the same")}
    for name, clients, m in rows:
        ratio = f"{m['p50'] / direct[clients]['p50']:.2f}" if name.startswith("search") else ""
        figures = f"{m['rps']:.0f} | {m['p50']:.1f} | {m['p95']:.1f} | {m['p99']:.1f}"
        print(f"| {name} | {clients} | {figures} | {m['errors']:.0f} | {ratio} |")


if __name__ == "__main__":
    main()
