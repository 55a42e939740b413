"""Where a bulk import's indexing time goes: the batches Meilisearch made of the indexer's tasks,
how long it was busy with each index, and the CPU each process spent.

Starts one Meilisearch and the platform on it (as search_load.py does), publishes N
achievements through the bulk API (1,000 a request), waits until the indexer has caught up,
then reads Meilisearch's `/batches`. Then, as the baseline, a fresh Meilisearch indexes the same
documents sent to it directly (search_load.py's `index_directly`), measured the same way.

    .venv/bin/python bench/import_batches.py [--documents 100000]

Traffic goes to 127.0.0.1 only; the wait is bounded by the indexer catching up.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import re
import statistics
import sys
import tempfile
import time
import urllib.request
from collections import defaultdict
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "backend"))
sys.path.insert(0, str(REPO))

from bench.baseline import running_platform  # noqa: E402
from bench.cost import Processes  # noqa: E402
from bench.load import admin_api  # noqa: E402
from bench.matching_quality import indexed_achievements  # noqa: E402
from bench.search_load import (  # noqa: E402
    KEY,
    import_through_api,
    index_directly,
    index_form,
    variations,
)

from techmarket.runtime import DEFAULT_MEILI_BINARY, EmbeddedMeilisearch, free_port  # noqa: E402


def duration(iso: str | None) -> float:
    """Seconds of an ISO 8601 duration as Meilisearch writes them (PT1M2.5S)."""
    found = re.fullmatch(r"PT(?:(\d+)H)?(?:(\d+)M)?(?:([0-9.]+)S)?", iso or "")
    if not found:
        return 0.0
    hours, minutes, seconds = (float(g or 0) for g in found.groups())
    return 3600 * hours + 60 * minutes + seconds


def batches_of(url: str) -> list[dict[str, Any]]:
    request = urllib.request.Request(
        url + "/batches?limit=100000", headers={"Authorization": f"Bearer {KEY}"}
    )
    with urllib.request.urlopen(request) as answer:
        batches: list[dict[str, Any]] = json.load(answer)["results"]
    return batches


def document_batches(url: str, after: int) -> dict[str, list[tuple[int, float]]]:
    """Per index, (documents, seconds) of each batch after batch ``after`` that added
    documents (the demo data of `make run` came before)."""
    found: dict[str, list[tuple[int, float]]] = defaultdict(list)
    for batch in (b for b in batches_of(url) if b["uid"] > after):
        documents = (batch.get("details") or {}).get("receivedDocuments") or 0
        for uid in batch["stats"].get("indexUids", {}):
            if documents:
                found[uid].append((documents, duration(batch.get("duration"))))
    return found


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--documents", type=int, default=100_000)
    args = parser.parse_args()
    items = list(variations(args.documents))
    with tempfile.TemporaryDirectory(prefix="techmarket-import-batches-") as folder:
        meili = EmbeddedMeilisearch(Path(folder) / "meili", DEFAULT_MEILI_BINARY, KEY)
        url = meili.start(timeout=60, port=free_port())
        try:
            with running_platform(meili=(url, KEY)) as (port, server, _enterprise):
                api = admin_api(port)
                while indexed_achievements(api)[0]:
                    time.sleep(1)  # the demo data is being indexed
                last_batch = max(b["uid"] for b in batches_of(url))
                processes = Processes(server.pid)
                before = processes.cpu()
                seconds = import_through_api(api, items)
                spent = {k: v - before[k] for k, v in processes.cpu().items()}
            batches = document_batches(url, last_batch)
        finally:
            meili.stop()
        report(f"{args.documents} achievements through the bulk API", seconds, spent, batches)

        documents = index_form(items)
        meili = EmbeddedMeilisearch(Path(folder) / "direct", DEFAULT_MEILI_BINARY, KEY)
        url = meili.start(timeout=60, port=free_port())
        try:
            processes = Processes(os.getpid())
            before = processes.cpu()
            direct = asyncio.run(index_directly(url, documents))
            spent = {k: v - before[k] for k, v in processes.cpu().items()}
            batches = document_batches(url, -1)
        finally:
            meili.stop()
        report("The same documents sent to Meilisearch directly", direct, spent, batches)
    print(f"ratio through the API / direct: {seconds / direct:.2f}")


def report(
    title: str, seconds: float, spent: dict[str, float], batches: dict[str, list[tuple[int, float]]]
) -> None:
    print(f"{title}, indexed after {seconds:.0f} s")
    print(
        "CPU seconds meanwhile: "
        + ", ".join(f"{name} {spent[name]:.0f}" for name in ("api", "postgres", "meili"))
        + "\n"
    )
    print("| index | batches | median documents | largest | Meilisearch busy s |")
    print("|---|---:|---:|---:|---:|")
    for uid, found in sorted(batches.items()):
        sizes = [documents for documents, _ in found]
        busy = sum(s for _, s in found)
        print(
            f"| {uid} | {len(found)} | {statistics.median(sizes):.0f} | {max(sizes)} | {busy:.0f} |"
        )
    print()


if __name__ == "__main__":
    main()
