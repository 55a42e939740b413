"""What each part of the search request costs Meilisearch: its CPU per search, throughput and
latency for the platform's own request and for variants of it, sent straight to Meilisearch.

The issue's 650 searches/s at 32 clients was set from a plain search; the platform's request
also asks for five facets. This script shows what each part weighs on this machine.

1. Builds N achievements as search_load.py does (default 100,000) and indexes them, in their
   index form, into one search index of a Meilisearch of its own (the platform's settings).
2. For each variant, sends the set's 1,000 query texts in turn at each concurrency, and reads
   Meilisearch's CPU time around each run.

    .venv/bin/python bench/search_cost.py [--documents 100000] [--seconds 5] [--runs 3]

Traffic goes to 127.0.0.1 only; every loop is bounded by time.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import psutil

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "backend"))
sys.path.insert(0, str(REPO))

from bench.baseline import http_request, measure_runs  # noqa: E402
from bench.search_load import KEY, index_form, query_texts, variations  # noqa: E402

from techmarket.runtime import DEFAULT_MEILI_BINARY, EmbeddedMeilisearch, free_port  # noqa: E402

# Each variant changes the platform's request (search_params) this way; None removes a key.
VARIANTS: dict[str, dict[str, Any]] = {
    "the platform's request (5 facets)": {},
    "without facets": {"facets": None},
    "facet type only": {"facets": ["type"]},
    "matchingStrategy all (5 facets)": {"matchingStrategy": "all"},
}


async def build_index(url: str, documents: list[Any]) -> tuple[str, float]:
    """The search index with the platform's settings, filled 5,000 documents a task."""
    from techmarket.search.engine import create_client
    from techmarket.search.indexes import Indexes
    from techmarket.search.vocabulary import Vocabulary

    client = create_client(url, KEY)
    spec = Indexes("cost_").specs(Vocabulary())[0]
    index = await client.create_index(spec.uid, primary_key=spec.primary_key)
    task = await index.update_settings(spec.settings)
    await client.wait_for_task(task.task_uid, timeout_in_ms=600_000)
    started = time.perf_counter()
    tasks = [
        await index.add_documents([d.document for d in documents[start : start + 5000]])
        for start in range(0, len(documents), 5000)
    ]
    for info in tasks:
        await client.wait_for_task(info.task_uid, timeout_in_ms=3_600_000, interval_in_ms=200)
    elapsed = time.perf_counter() - started
    await client.aclose()
    return spec.uid, elapsed


def requests_for(uid: str, texts: list[str], port: int, change: dict[str, Any]) -> list[bytes]:
    from techmarket.search.indexes import Indexes, SearchType
    from techmarket.search.service import SearchQuery, search_params

    headers = {"Authorization": f"Bearer {KEY}", "Content-Type": "application/json",
               "Accept-Encoding": "identity"}  # fmt: skip
    requests = []
    for text in texts:
        params = search_params(Indexes(""), SearchQuery(q=text, types=[SearchType.ACHIEVEMENT]))
        params["indexUid"] = uid
        for key, value in change.items():
            if value is None:
                params.pop(key, None)
            else:
                params[key] = value
        body = json.dumps({"queries": [params]}).encode()
        requests.append(http_request("POST", "/multi-search", headers, body, f"127.0.0.1:{port}"))
    return requests


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--documents", type=int, default=100_000)
    parser.add_argument("--seconds", type=float, default=5)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--clients", default="1,32")
    args = parser.parse_args()
    texts = query_texts()
    print(f"computing the index form of {args.documents} documents", file=sys.stderr)
    documents = index_form(list(variations(args.documents)))

    rows = []
    with tempfile.TemporaryDirectory(prefix="techmarket-search-cost-") as folder:
        meili = EmbeddedMeilisearch(Path(folder) / "meili", DEFAULT_MEILI_BINARY, KEY)
        port = free_port()
        url = meili.start(timeout=60, port=port)
        try:
            engine = next(
                p
                for p in psutil.process_iter(["cmdline"])
                if f"127.0.0.1:{port}" in " ".join(p.info["cmdline"] or [])
            )
            uid, seconds = asyncio.run(build_index(url, documents))
            print(f"indexed in {seconds:.0f} s", file=sys.stderr)
            for name, change in VARIANTS.items():
                requests = requests_for(uid, texts, port, change)
                for clients in (int(c) for c in args.clients.split(",")):
                    figures = measure_runs(
                        port, requests, clients, args.seconds, args.runs, cpu_of=engine
                    )
                    rows.append((name, clients, figures))
                    print(name, clients, figures, file=sys.stderr)
        finally:
            meili.stop()

    machine = f"{platform.node()}, {os.cpu_count()} CPUs, Python {platform.python_version()}"
    print(
        f"{time.strftime('%Y-%m-%d')}, {machine}; {args.documents} achievements; "
        f"{args.runs} runs × {args.seconds:.0f} s per row, medians\n"
    )
    print("| request | clients | req/s | p50 ms | p95 ms | Meilisearch CPU ms per search |")
    print("|---|---:|---:|---:|---:|---:|")
    for name, clients, m in rows:
        print(
            f"| {name} | {clients} | {m['rps']:.0f} | {m['p50']:.1f} | {m['p95']:.1f} "
            f"| {m['cpu_ms']:.2f} |"
        )


if __name__ == "__main__":
    main()
