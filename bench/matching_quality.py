"""Matching quality: the platform's matching against two baselines, on the CSL retrieval sets.

Starts the platform as `make run` does (own PostgreSQL and Meilisearch, throw-away data folder),
imports the set's documents as published achievements through the API (admin bulk import), waits
for the indexer, then sends every query to `POST /api/v1/matching/achievements` and scores the
answers per query kind. In the same run, on the same documents:

- **raw Meilisearch**: an index with default settings on a Meilisearch of its own, queried with
  the raw text (what a thin search proxy would do);
- **jieba + BM25 in process**: every document scored, exhaustively, over the same terms (cut by
  jieba-rs, the platform's segmenter: the same Chinese tokens as Python jieba).

`make run` seeds demo achievements; they stay, and the baselines rank them too. An achievement
needs a title; the title of every imported document is its discipline, so that a paper's
title, the answer to title queries, is nowhere (the sets remove it from the targets only);
without a discipline, 未分类成果.
Keywords longer than the platform's 30 characters are cut.

    .venv/bin/python bench/matching_quality.py [--data ../shared/data/csl_dev] [--repeat 3]

Metrics are defined in the set's README; latency is client-side, HTTP included, medians over
``--repeat`` passes of every query after five warm-up queries. Traffic goes to 127.0.0.1 only.
"""

from __future__ import annotations

import argparse
import http.client
import json
import math
import os
import platform
import statistics
import sys
import tempfile
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "backend"))
sys.path.insert(0, str(REPO))

from bench.baseline import running_platform, token  # noqa: E402

from techmarket.runtime import DEFAULT_MEILI_BINARY, EmbeddedMeilisearch, free_port  # noqa: E402
from techmarket.search.terms import term_counts  # noqa: E402

K = 10
WARM_UP = 5
Ranker = Callable[[str], list[str]]


@dataclass
class Scores:
    reciprocal_ranks: list[float] = field(default_factory=list)
    hits_at_1: list[float] = field(default_factory=list)
    hits_at_10: list[float] = field(default_factory=list)
    gains: list[float] = field(default_factory=list)
    empty: list[float] = field(default_factory=list)
    latencies: list[float] = field(default_factory=list)

    def add(self, ranked: Sequence[str], relevant: set[str]) -> None:
        top = list(ranked[:K])
        first = next((i for i, doc in enumerate(top, 1) if doc in relevant), None)
        self.reciprocal_ranks.append(1 / first if first else 0.0)
        self.hits_at_1.append(len(relevant & set(top[:1])) / len(relevant))
        self.hits_at_10.append(len(relevant & set(top)) / len(relevant))
        ideal = sum(1 / math.log2(i + 1) for i in range(1, min(len(relevant), K) + 1))
        gain = sum(1 / math.log2(i + 1) for i, doc in enumerate(top, 1) if doc in relevant)
        self.gains.append(gain / ideal)
        self.empty.append(0.0 if ranked else 1.0)

    def row(self) -> dict[str, float]:
        latencies = sorted(self.latencies) or [0.0]
        return {
            "MRR@10": statistics.fmean(self.reciprocal_ranks),
            "R@1": statistics.fmean(self.hits_at_1),
            "R@10": statistics.fmean(self.hits_at_10),
            "nDCG@10": statistics.fmean(self.gains),
            "zero%": 100 * statistics.fmean(self.empty),
            "p50 ms": 1000 * latencies[len(latencies) // 2],
            "p95 ms": 1000 * latencies[min(len(latencies) - 1, int(0.95 * len(latencies)))],
        }


def evaluate(
    rank: Ranker, queries: list[dict[str, Any]], repeat: int
) -> dict[str, dict[str, float]]:
    """Score every query once; time ``repeat`` passes and keep each query's median."""
    by_kind: dict[str, Scores] = defaultdict(Scores)
    timings: dict[str, list[float]] = defaultdict(list)
    for query in queries[:WARM_UP]:
        rank(query["text"])
    for attempt in range(repeat):
        for query in queries:
            started = time.perf_counter()
            ranked = rank(query["text"])
            timings[query["qid"]].append(time.perf_counter() - started)
            if attempt == 0:
                by_kind[query["kind"]].add(ranked, set(query["relevant"]))
    for query in queries:
        by_kind[query["kind"]].latencies.append(statistics.median(timings[query["qid"]]))
    every = Scores()
    for scores in by_kind.values():
        for name in ("reciprocal_ranks", "hits_at_1", "hits_at_10", "gains", "empty", "latencies"):
            getattr(every, name).extend(getattr(scores, name))
    return {kind: scores.row() for kind, scores in sorted(by_kind.items())} | {"all": every.row()}


class Api:
    """One keep-alive HTTP/1.1 connection to the platform. With ``login``, an expired access
    token (long imports outlive it) is renewed once and the request sent again."""

    def __init__(
        self, port: int, token: str | None, login: Callable[[], str] | None = None
    ) -> None:
        self.port = port
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        self.headers = {"Content-Type": "application/json"}
        if token is not None:  # None: the public, signed out
            self.headers["Authorization"] = f"Bearer {token}"
        self.login = login

    def _send(self, method: str, path: str, data: bytes | None) -> tuple[int, bytes]:
        try:
            self.connection.request(method, path, body=data, headers=self.headers)
            answer = self.connection.getresponse()
        except http.client.RemoteDisconnected:
            if method != "GET":
                raise
            self.connection.close()  # the server closed it while idle: a GET may be sent again
            return self._send(method, path, data)
        return answer.status, answer.read()

    def call(self, method: str, path: str, body: Any = None) -> Any:
        data = None if body is None else json.dumps(body).encode()
        status, payload = self._send(method, path, data)
        if status == 401 and self.login is not None:
            self.headers["Authorization"] = f"Bearer {self.login()}"
            status, payload = self._send(method, path, data)
        if status >= 300:
            raise RuntimeError(f"{method} {path}: {status} {payload[:500]!r}")
        return json.loads(payload)


def achievement(doc: dict[str, Any]) -> dict[str, Any]:
    return {
        "title": doc["discipline"] or "未分类成果",
        "abstract": doc["abstract"],
        "keywords": [k[:30] for k in doc["keywords"]],
        "field": "new_energy",
        "region": "yanhu",
        "transfer_modes": ["transfer"],
    }


def indexed_achievements(api: Api) -> tuple[int, int]:
    """Pending index events, and achievements indexed (their matching index holds one document
    per achievement, the search index those of every collection)."""
    state = api.call("GET", "/api/v1/admin/search/status")
    held = {i["uid"]: i["documents"] for i in state["indexes"]}
    return state["pending_events"], held.get("achievements_terms", 0)


def import_documents(api: Api, docs: list[dict[str, Any]]) -> dict[str, str]:
    """Publish the documents through the bulk API; answer achievement id → document id."""
    deadline = time.monotonic() + 1800
    while (before := indexed_achievements(api))[0] and time.monotonic() < deadline:
        time.sleep(1)  # the demo data is being indexed
    ours: dict[str, str] = {}
    for start in range(0, len(docs), 1000):
        batch = docs[start : start + 1000]
        answer = api.call(
            "POST",
            "/api/v1/achievements/bulk",
            {"items": [achievement(d) for d in batch], "publish": True},
        )
        ours.update(zip(answer["ids"], (d["id"] for d in batch), strict=True))
    while time.monotonic() < deadline:
        if indexed_achievements(api) == (0, before[1] + len(docs)):
            return ours
        time.sleep(1)
    sys.exit("the indexer did not catch up in 30 minutes")


def demo_achievements(api: Api) -> list[dict[str, Any]]:
    """The public demo achievements `make run` seeds, as documents of the set's shape: a few
    more distractors, which the baselines must hold too."""
    found, cursor = [], None
    while True:
        query = "/api/v1/achievements?limit=100" + (f"&cursor={cursor}" if cursor else "")
        page = api.call("GET", query)
        for item in page["items"]:
            if item["status"] in ("published", "transferred"):
                found.append(
                    {"id": f"demo-{item['id']}", "uuid": item["id"], "title": "",
                     "discipline": item["title"], "abstract": item["abstract"],
                     "keywords": item["keywords"]}
                )  # fmt: skip
        if not (cursor := page.get("next_cursor")):
            return found


def platform_ranker(api: Api, ours: dict[str, str]) -> Ranker:
    def rank(text: str) -> list[str]:
        answer = api.call("POST", "/api/v1/matching/achievements", {"text": text, "limit": K})
        return [ours[m["id"]] for m in answer["matches"]]

    return rank


def bm25_ranker(docs: list[dict[str, Any]], k1: float = 1.5, b: float = 0.75) -> Ranker:
    """Exhaustive BM25 over every document, with an inverted index."""
    counts = [
        term_counts(d["discipline"], d["abstract"], *(k[:30] for k in d["keywords"])) for d in docs
    ]
    postings: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for number, document in enumerate(counts):
        for term, count in document.items():
            postings[term].append((number, count))
    lengths = [c.total() for c in counts]
    average = sum(lengths) / len(lengths)
    total = len(docs)

    def rank(text: str) -> list[str]:
        scores: Counter[int] = Counter()
        for term in term_counts(text):
            held = postings.get(term, [])
            idf = math.log(1 + (total - len(held) + 0.5) / (len(held) + 0.5))
            for number, count in held:
                norm = k1 * (1 - b + b * lengths[number] / average)
                scores[number] += idf * count * (k1 + 1) / (count + norm)
        return [docs[n]["id"] for n, _ in scores.most_common(K)]

    return rank


def raw_meilisearch_ranker(docs: list[dict[str, Any]], folder: Path) -> tuple[Ranker, Any]:
    """Meilisearch with default settings, the raw query text; answers the ranker and a stopper."""
    key = "matching-quality-bench-key"
    server = EmbeddedMeilisearch(folder, DEFAULT_MEILI_BINARY, key)
    url = server.start(timeout=60, port=free_port())
    host, port = url.removeprefix("http://").split(":")
    connection = http.client.HTTPConnection(host, int(port), timeout=120)
    headers = {
        "Authorization": f"Bearer {key}",
        "Content-Type": "application/json",
        "Accept-Encoding": "identity",
    }

    def call(method: str, path: str, body: Any = None) -> Any:
        data = None if body is None else json.dumps(body).encode()
        connection.request(method, path, body=data, headers=headers)
        return json.loads(connection.getresponse().read())

    searchable = ["abstract", "keywords", "discipline"]
    tasks = [
        call("PUT", "/indexes/raw/settings/searchable-attributes", searchable),
        call(
            "POST",
            "/indexes/raw/documents?primaryKey=id",
            [{k: d[k] for k in ("id", *searchable)} for d in docs],
        ),
    ]
    for task in tasks:
        while (state := call("GET", f"/tasks/{task['taskUid']}")["status"]) != "succeeded":
            if state in ("failed", "canceled"):
                sys.exit(f"raw Meilisearch baseline: task {task['taskUid']} {state}")
            time.sleep(0.5)

    def rank(text: str) -> list[str]:
        answer = call("POST", "/indexes/raw/search", {"q": text, "limit": K})
        return [hit["id"] for hit in answer["hits"]]

    return rank, server


def table(results: dict[str, dict[str, dict[str, float]]]) -> str:
    columns = ["MRR@10", "R@1", "R@10", "nDCG@10", "zero%", "p50 ms", "p95 ms"]
    lines = [
        "| backend | queries | " + " | ".join(columns) + " |",
        "|---|---|" + "---:|" * len(columns),
    ]
    for backend, kinds in results.items():
        for kind, row in kinds.items():
            cells = " | ".join(
                f"{row[c]:.1f}" if c.endswith(("ms", "%")) else f"{row[c]:.3f}" for c in columns
            )
            lines.append(f"| {backend} | {kind} | {cells} |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--data", type=Path, default=REPO.parent / "shared/data/csl_dev")
    parser.add_argument("--repeat", type=int, default=3, help="timed passes per query")
    args = parser.parse_args()
    docs = [json.loads(line) for line in (args.data / "docs.jsonl").open(encoding="utf-8")]
    queries = [json.loads(line) for line in (args.data / "queries.jsonl").open(encoding="utf-8")]

    results: dict[str, dict[str, dict[str, float]]] = {}
    with running_platform() as (port, _server, _enterprise):
        from techmarket.identity.bootstrap import DEMO_PASSWORD

        api = Api(port, token(port, "admin@demo.techmarket.cn", DEMO_PASSWORD))
        demo = demo_achievements(api)
        started = time.perf_counter()
        ours = import_documents(api, docs)
        imported = time.perf_counter() - started
        print(f"imported and indexed in {imported:.0f} s", file=sys.stderr)
        ours |= {d["uuid"]: d["id"] for d in demo}
        docs += demo  # the baselines rank the same documents as the platform
        results["platform matching"] = evaluate(platform_ranker(api, ours), queries, args.repeat)
        print(table(results), file=sys.stderr)
    with tempfile.TemporaryDirectory(prefix="techmarket-raw-meili-") as folder:
        rank, meili = raw_meilisearch_ranker(docs, Path(folder) / "meili")
        try:
            results["raw Meilisearch"] = evaluate(rank, queries, args.repeat)
        finally:
            meili.stop()
    results["jieba + BM25 in process"] = evaluate(bm25_ranker(docs), queries, args.repeat)

    machine = f"{platform.node()}, {os.cpu_count()} CPUs, Python {platform.python_version()}"
    print(
        f"{time.strftime('%Y-%m-%d')}, {machine}; {args.data.name}: {len(docs)} documents, "
        f"{len(queries)} queries; import + indexing {imported:.0f} s; latency: medians of "
        f"{args.repeat} passes\n"
    )
    print(table(results))


if __name__ == "__main__":
    main()
