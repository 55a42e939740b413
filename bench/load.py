"""A mixed workload against a large platform: browsing, search and matching, workflow writes.

1. Starts the platform as `make run` does (own PostgreSQL and Meilisearch, throw-away folder).
2. Loads N demands and N achievements (default 100,000 each, from `csl_dev_large` with
   variations, published in bulk by the demo admin) and 2,000 challenges (created, submitted and
   approved through the API), then waits until the indexer has caught up.
3. Walks the public demand list to its last page, to compare the first and the last page.
4. At each concurrency, for a fixed time, every client draws an operation: 70% browsing (lists
   and details of demands, achievements, the challenge board), 20% search and matching, 10%
   writes through the workflow (an enterprise posts a demand and submits it for review).
   It records throughput, p50/p95/p99, the error rate and the API process's peak memory.

    .venv/bin/python bench/load.py [--entries 100000] [--challenges 2000] [--seconds 60]

Loops are bounded by time; traffic goes to 127.0.0.1 only.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import platform
import random
import statistics
import sys
import tempfile
import threading
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import aiohttp
import asyncpg
import psutil

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "backend"))
sys.path.insert(0, str(REPO))

from bench.baseline import running_platform, token  # noqa: E402
from bench.matching_quality import Api, indexed_achievements  # noqa: E402
from bench.search_load import DATA, FIELDS, REGIONS, variations  # noqa: E402

BATCH = 1000
VALID_UNTIL = (date.today() + timedelta(days=365)).isoformat()


def demand_bodies(count: int) -> list[dict[str, Any]]:
    """Demands made of the same texts as the achievements, so that matching finds something."""
    return [
        {
            "title": item["title"],
            "description": item["abstract"],
            "keywords": item["keywords"],
            "field": item["field"],
            "region": item["region"],
            "demand_type": "tech_breakthrough",
            "valid_until": VALID_UNTIL,
        }
        for item in variations(count)
    ]


def bulk_publish(api: Api, collection: str, items: list[dict[str, Any]]) -> None:
    """Entries published through the bulk API, ``BATCH`` a request."""
    for start in range(0, len(items), BATCH):
        body = {"items": items[start : start + BATCH], "publish": True}
        api.call("POST", f"/api/v1/{collection}/bulk", body)


def load_entries(api: Api, entries: int) -> float:
    started = time.perf_counter()
    bulk_publish(api, "demands", demand_bodies(entries))
    bulk_publish(api, "achievements", list(variations(entries)))
    return time.perf_counter() - started


def load_challenges(api: Api, count: int) -> float:
    """Challenges issued by the bureau, submitted and approved: published, open for bids."""
    started = time.perf_counter()
    deadline = (datetime.now(UTC) + timedelta(days=60)).isoformat()
    rng = random.Random(2000)  # noqa: S311 - reproducible data, not secrets
    for n in range(count):
        body = {
            "title": f"揭榜挂帅攻关项目第{n + 1}号",
            "description": "面向本市重点产业链的关键核心技术攻关，征集有能力的单位揭榜。",
            "indicators": "形成可工程化的技术方案，关键指标达到国内先进水平。",
            "field": rng.choice(FIELDS),
            "region": rng.choice(REGIONS),
            "board": "government",
            "bounty": str(100_000 * rng.randint(1, 50)),
            "payer": "运城市科学技术局",
            "deadline": deadline,
            "duration_months": 12,
        }
        challenge = api.call("POST", "/api/v1/challenges", body)
        api.call("POST", f"/api/v1/challenges/{challenge['id']}/submit", {})
        api.call("POST", f"/api/v1/challenges/{challenge['id']}/approve", {})
    return time.perf_counter() - started


def wait_for_indexer(api: Api) -> float:
    started = time.perf_counter()
    while indexed_achievements(api)[0]:
        time.sleep(2)
    return time.perf_counter() - started


def last_page_cursor(api: Api) -> str | None:
    """The cursor of the last page of the public demand list, by walking it."""
    cursor, last = None, None
    while True:
        query = "/api/v1/demands?limit=100" + (f"&cursor={cursor}" if cursor else "")
        page = api.call("GET", query)
        if not page.get("next_cursor"):
            return last
        last, cursor = cursor, page["next_cursor"]


@dataclass
class Samples:
    latencies: dict[str, list[float]] = field(default_factory=dict)
    errors: dict[str, int] = field(default_factory=dict)

    def add(self, kind: str, seconds: float, ok: bool) -> None:
        self.latencies.setdefault(kind, []).append(seconds)
        if not ok:
            self.errors[kind] = self.errors.get(kind, 0) + 1


@dataclass(frozen=True)
class World:
    """What the operations draw from: ids, query texts, tokens."""

    demand_ids: list[str]
    achievement_ids: list[str]
    texts: list[str]
    enterprise: str  # access token of a demo enterprise member
    # Bodies for the writes, made beforehand: making one reads the whole data set, and the load
    # generator's CPU is taken from the platform it measures.
    new_demands: list[dict[str, Any]] = field(default_factory=lambda: demand_bodies(100))


Operation = Callable[[aiohttp.ClientSession, World, random.Random], Awaitable[bool]]


async def _get(session: aiohttp.ClientSession, path: str) -> bool:
    async with session.get(path) as answer:
        await answer.read()
        return answer.status == 200


async def browse(session: aiohttp.ClientSession, world: World, rng: random.Random) -> bool:
    choice = rng.random()
    if choice < 0.25:
        return await _get(session, f"/api/v1/demands?limit=20&field={rng.choice(FIELDS)}")
    if choice < 0.45:
        return await _get(session, "/api/v1/achievements?limit=20")
    if choice < 0.55:
        return await _get(session, "/api/v1/challenges/board?limit=20")
    if choice < 0.8:
        return await _get(session, f"/api/v1/demands/{rng.choice(world.demand_ids)}")
    return await _get(session, f"/api/v1/achievements/{rng.choice(world.achievement_ids)}")


async def find(session: aiohttp.ClientSession, world: World, rng: random.Random) -> bool:
    text = rng.choice(world.texts)
    if rng.random() < 0.6:
        return await _get(session, f"/api/v1/search?q={text[:40]}")
    if rng.random() < 0.5:
        return await _get(session, f"/api/v1/demands/{rng.choice(world.demand_ids)}/matches")
    headers = {"Authorization": f"Bearer {world.enterprise}"}
    body = {"text": text, "limit": 10}
    async with session.post("/api/v1/matching/achievements", json=body, headers=headers) as a:
        await a.read()
        return a.status == 200


async def write(session: aiohttp.ClientSession, world: World, rng: random.Random) -> bool:
    headers = {"Authorization": f"Bearer {world.enterprise}"}
    body = rng.choice(world.new_demands) | {"title": f"负载测试需求 {rng.randrange(10**9)}"}
    async with session.post("/api/v1/demands", json=body, headers=headers) as created:
        demand = await created.json()
        if created.status != 201:
            return False
    async with session.post(f"/api/v1/demands/{demand['id']}/submit", headers=headers) as done:
        await done.read()
        return done.status == 200


MIX: list[tuple[str, float, Operation]] = [
    ("browse", 0.7, browse),
    ("search and matching", 0.2, find),
    ("write", 0.1, write),
]


def _draw(rng: random.Random) -> tuple[str, Operation]:
    point, reached = rng.random(), 0.0
    for kind, share, operation in MIX:
        reached += share
        if point < reached:
            return kind, operation
    return MIX[-1][0], MIX[-1][2]


async def run_clients(port: int, world: World, clients: int, seconds: float) -> Samples:
    samples = Samples()
    stop_at = time.perf_counter() + seconds
    connector = aiohttp.TCPConnector(limit=clients)

    async def client(number: int) -> None:
        rng = random.Random(number)  # noqa: S311 - a workload, not secrets
        async with aiohttp.ClientSession(
            f"http://127.0.0.1:{port}", connector=connector, connector_owner=False
        ) as session:
            while time.perf_counter() < stop_at:
                kind, operation = _draw(rng)
                started = time.perf_counter()
                try:
                    ok = await operation(session, world, rng)
                except aiohttp.ClientError:
                    ok = False
                samples.add(kind, time.perf_counter() - started, ok)

    await asyncio.gather(*(client(n) for n in range(clients)))
    await connector.close()
    return samples


class PeakMemory:
    """The peak resident memory of the largest API process, sampled every 100 ms while running:
    the `run` process, and the uvicorn processes it starts with TECHMARKET_API_PROCESSES > 1."""

    def __init__(self, pid: int) -> None:
        self.process = psutil.Process(pid)
        self.peak = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)

    def _largest(self) -> int:
        sizes = [self.process.memory_info().rss]
        for child in self.process.children():
            with contextlib.suppress(psutil.Error):  # a child may end between the two calls
                if child.exe() == self.process.exe():
                    sizes.append(child.memory_info().rss)
        return max(sizes)

    def _sample(self) -> None:
        while not self._stop.wait(0.1):
            self.peak = max(self.peak, self._largest())

    def __enter__(self) -> PeakMemory:
        self.peak = self._largest()
        self._thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self._stop.set()
        self._thread.join()


def percentiles(values: list[float]) -> dict[str, float]:
    ordered = sorted(values)

    def at(share: float) -> float:
        return 1000 * ordered[min(len(ordered) - 1, int(share * len(ordered)))]

    return {"p50": at(0.5), "p95": at(0.95), "p99": at(0.99)}


async def page_latency(port: int, path: str, requests: int) -> float:
    """Median milliseconds of one path, one client."""
    timings = []
    async with aiohttp.ClientSession(f"http://127.0.0.1:{port}") as session:
        for _ in range(requests):
            started = time.perf_counter()
            await _get(session, path)
            timings.append(1000 * (time.perf_counter() - started))
    return statistics.median(timings)


def sample_ids(api: Api, collection: str, pages: int) -> list[str]:
    ids, cursor = [], None
    for _ in range(pages):
        query = f"/api/v1/{collection}?limit=100" + (f"&cursor={cursor}" if cursor else "")
        page = api.call("GET", query)
        ids += [item["id"] for item in page["items"]]
        if not (cursor := page.get("next_cursor")):
            break
    return ids


def admin_api(port: int) -> Api:
    """The demo admin, signed in again whenever the access token expires."""
    from techmarket.identity.bootstrap import DEMO_PASSWORD

    def login() -> str:
        return token(port, "admin@demo.techmarket.cn", DEMO_PASSWORD)

    return Api(port, login(), login)


def load(data_dir: Path, entries: int, challenges: int) -> dict[str, float]:
    """Fill the platform in ``data_dir``; answer the seconds each step took and the API's peak
    memory meanwhile (the bulk API and the in-process indexer)."""
    with running_platform(data_dir=data_dir) as (port, server, _):
        admin = admin_api(port)
        admin.connection.timeout = 1200
        with PeakMemory(server.pid) as memory:
            steps = {
                "entries_s": load_entries(admin, entries),
                "challenges_s": load_challenges(admin, challenges),
                "indexing_s": wait_for_indexer(admin),
            }
        return steps | {"peak_rss_mb": memory.peak / 2**20, "entries": entries}


def prepared(data_dir: Path, entries: int, challenges: int) -> dict[str, float]:
    """The platform's data in ``data_dir``, loaded unless an earlier run loaded it there."""
    record = data_dir / "bench-load.json"
    if record.exists():
        steps: dict[str, float] = json.loads(record.read_text())
        return steps
    steps = load(data_dir, entries, challenges)
    record.write_text(json.dumps(steps))
    return steps


def ready_world(port: int, data_dir: Path, texts: list[str]) -> World:
    """Once the platform over ``data_dir`` has indexed everything and has its statistics, what
    the operations draw from: public ids (sampled signed out, as the public sees the lists)."""
    from techmarket.identity.bootstrap import DEMO_PASSWORD

    wait_for_indexer(admin_api(port))
    analyze(data_dir)
    return World(
        demand_ids=sample_ids(Api(port, None), "demands", 20),
        achievement_ids=sample_ids(Api(port, None), "achievements", 20),
        texts=texts,
        enterprise=token(port, "yinguang@demo.techmarket.cn", DEMO_PASSWORD),
    )


def analyze(data_dir: Path) -> None:
    """Table statistics now, as autovacuum would make them a minute later: a freshly loaded
    table without them gets plans that cost ten times more."""

    async def run() -> None:
        connection = await asyncpg.connect(
            host=str(data_dir / "postgres"), user="postgres", database="techmarket"
        )
        await connection.execute("ANALYZE")
        await connection.close()

    asyncio.run(run())


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--entries", type=int, default=100_000, help="demands, and achievements")
    parser.add_argument("--challenges", type=int, default=2000)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--clients", default="8,32")
    parser.add_argument(
        "--data", type=Path, help="keep the platform's data here; a second run skips loading"
    )
    args = parser.parse_args()
    texts = [json.loads(line)["text"] for line in (DATA / "queries.jsonl").open(encoding="utf-8")]

    folder = contextlib.ExitStack()
    data_dir = args.data or Path(folder.enter_context(tempfile.TemporaryDirectory(prefix="tm-")))
    with folder:
        loading = prepared(data_dir, args.entries, args.challenges)
        print(f"loading: {loading}", file=sys.stderr)
        # The workload runs on a fresh API process: what the bulk import left in the loading
        # process's heap is reported above, not charged to browsing and search.
        report = []
        with running_platform(data_dir=data_dir) as (port, server, _):
            world = ready_world(port, data_dir, texts)
            last = last_page_cursor(Api(port, None))
            first_ms = asyncio.run(page_latency(port, "/api/v1/demands?limit=100", 200))
            last_path = f"/api/v1/demands?limit=100&cursor={last}"
            last_ms = asyncio.run(page_latency(port, last_path, 200))
            for clients in (int(c) for c in args.clients.split(",")):
                with PeakMemory(server.pid) as memory:
                    samples = asyncio.run(run_clients(port, world, clients, args.seconds))
                report.append((clients, samples, memory.peak))
                print(f"{clients} clients done", file=sys.stderr)

    machine = f"{platform.node()}, {os.cpu_count()} CPUs, Python {platform.python_version()}"
    processes = os.environ.get("TECHMARKET_API_PROCESSES", "1")
    print(f"{time.strftime('%Y-%m-%d')}, {machine}; {processes} API process(es); "
          f"{args.entries} demands and {args.entries} achievements published, "
          f"{args.challenges} challenges; {args.seconds:.0f} s per concurrency\n")  # fmt: skip
    print(f"- loading: entries {loading['entries_s']:.0f} s through the bulk API, challenges "
          f"{loading['challenges_s']:.0f} s, indexing caught up {loading['indexing_s']:.0f} s "
          f"after; the API's peak RSS meanwhile {loading['peak_rss_mb']:.0f} MB")  # fmt: skip
    print(f"- public demand list, 1 client: first page p50 {first_ms:.1f} ms, "
          f"last page p50 {last_ms:.1f} ms\n")  # fmt: skip
    print("| clients | what | requests/s | p50 ms | p95 ms | p99 ms | errors | peak RSS MB |")
    print("|---:|---|---:|---:|---:|---:|---:|---:|")
    for clients, samples, peak in report:
        everything = [t for values in samples.latencies.values() for t in values]
        rows = [("all", everything, sum(samples.errors.values()))] + [
            (kind, samples.latencies.get(kind, []), samples.errors.get(kind, 0))
            for kind, _, _ in MIX
        ]
        for kind, values, errors in rows:
            if not values:
                continue
            p = percentiles(values)
            memory = f"{peak / 2**20:.0f}" if kind == "all" else ""
            print(f"| {clients} | {kind} | {len(values) / args.seconds:.0f} | {p['p50']:.1f} | "
                  f"{p['p95']:.1f} | {p['p99']:.1f} | {errors} | {memory} |")  # fmt: skip


if __name__ == "__main__":
    main()
