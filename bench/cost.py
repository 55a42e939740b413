"""Where a request's CPU goes: milliseconds of CPU per request, per process, for each
operation of the load mix (bench/load.py), one client at a time.

At 32 clients the two cores are saturated, so a request's latency is mostly its wait for CPU:
what each operation costs the API, PostgreSQL, Meilisearch and the load generator decides the
throughput, and this script measures it without the noise of concurrency.

    .venv/bin/python bench/cost.py [--entries 10000] [--requests 300]

Traffic goes to 127.0.0.1 only; every loop is bounded by its request count.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import platform
import random
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable
from pathlib import Path

import aiohttp
import psutil

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "backend"))
sys.path.insert(0, str(REPO))

from bench.baseline import running_platform  # noqa: E402
from bench.load import (  # noqa: E402
    FIELDS,
    World,
    _get,
    admin_api,
    prepared,
    ready_world,
    wait_for_indexer,
    write,
)
from bench.search_load import DATA  # noqa: E402

Operation = Callable[[aiohttp.ClientSession, random.Random], Awaitable[bool]]


def get(path: Callable[[random.Random], str]) -> Operation:
    async def run(session: aiohttp.ClientSession, rng: random.Random) -> bool:
        return await _get(session, path(rng))

    return run


def operations(world: World) -> dict[str, Operation]:
    """Each operation of the mix on its own."""
    enterprise = {"Authorization": f"Bearer {world.enterprise}"}

    async def matching_text(session: aiohttp.ClientSession, rng: random.Random) -> bool:
        body = {"text": rng.choice(world.texts), "limit": 10}
        path = "/api/v1/matching/achievements"
        async with session.post(path, json=body, headers=enterprise) as answer:
            await answer.read()
            return answer.status == 200

    async def write_op(session: aiohttp.ClientSession, rng: random.Random) -> bool:
        return await write(session, world, rng)

    return {
        "list demands by field": get(lambda r: f"/api/v1/demands?field={r.choice(FIELDS)}"),
        "list achievements": get(lambda _: "/api/v1/achievements?limit=20"),
        "challenge board": get(lambda _: "/api/v1/challenges/board?limit=20"),
        "demand detail": get(lambda r: f"/api/v1/demands/{r.choice(world.demand_ids)}"),
        "achievement detail": get(
            lambda r: f"/api/v1/achievements/{r.choice(world.achievement_ids)}"
        ),
        "search": get(lambda r: f"/api/v1/search?q={r.choice(world.texts)[:40]}"),
        "demand matches": get(lambda r: f"/api/v1/demands/{r.choice(world.demand_ids)}/matches"),
        "matching free text": matching_text,
        "write (create + submit)": write_op,
    }


class Processes:
    """CPU seconds spent so far by the API, its PostgreSQL, its Meilisearch and this process."""

    def __init__(self, api_pid: int) -> None:
        self.api = psutil.Process(api_pid)
        self.me = psutil.Process()

    def _groups(self) -> dict[str, list[psutil.Process]]:
        groups: dict[str, list[psutil.Process]] = {"api": [self.api], "postgres": [], "meili": []}
        for process in psutil.process_iter(["name", "username"]):
            name = process.info["name"] or ""
            if name == "postgres" and process.info["username"] == "embedded_postgres":
                groups["postgres"].append(process)
            elif name == "meilisearch":
                groups["meili"].append(process)
        groups["client"] = [self.me]
        return groups

    def cpu(self) -> dict[str, float]:
        spent = {}
        for group, members in self._groups().items():
            total = 0.0
            for process in members:
                try:
                    times = process.cpu_times()
                    total += times.user + times.system
                except psutil.NoSuchProcess:
                    pass
            spent[group] = total
        return spent


def settle(processes: Processes, limit: float = 120) -> None:
    """Wait until the platform is idle (autovacuum after a bulk load, the indexer's tail): their
    CPU would otherwise be charged to the next operation measured."""
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        before = processes.cpu()
        time.sleep(1)
        after = processes.cpu()
        if sum(after[g] - before[g] for g in before if g != "client") < 0.02:
            return


async def run(port: int, operation: Operation, requests: int) -> tuple[float, int]:
    rng = random.Random(7)  # noqa: S311 - a workload, not secrets
    failures = 0
    async with aiohttp.ClientSession(f"http://127.0.0.1:{port}") as session:
        started = time.perf_counter()
        for _ in range(requests):
            if not await operation(session, rng):
                failures += 1
        return time.perf_counter() - started, failures


Row = tuple[str, float, dict[str, float], int]


def measure(data_dir: Path, texts: list[str], requests: int) -> list[Row]:
    """Each operation in turn on a fresh platform over ``data_dir``, once it is idle."""
    rows: list[Row] = []
    with running_platform(data_dir=data_dir) as (port, server, _):
        world = ready_world(port, data_dir, texts)
        admin = admin_api(port)
        processes = Processes(server.pid)
        for name, operation in operations(world).items():
            asyncio.run(run(port, operation, 20))  # warm caches
            wait_for_indexer(admin)  # writes leave no indexing behind for the next row
            settle(processes)
            before = processes.cpu()
            seconds, failures = asyncio.run(run(port, operation, requests))
            after = processes.cpu()
            spent = {g: 1000 * (after[g] - before[g]) / requests for g in before}
            rows.append((name, 1000 * seconds / requests, spent, failures))
            print(name, rows[-1], file=sys.stderr)
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--entries", type=int, default=10_000, help="demands, and achievements")
    parser.add_argument("--challenges", type=int, default=200)
    parser.add_argument("--requests", type=int, default=300, help="per operation")
    parser.add_argument(
        "--data", type=Path, help="a data folder of load.py or of an earlier run: no loading"
    )
    args = parser.parse_args()
    texts = [json.loads(line)["text"] for line in (DATA / "queries.jsonl").open(encoding="utf-8")]
    folder = contextlib.ExitStack()
    data_dir = args.data or Path(folder.enter_context(tempfile.TemporaryDirectory(prefix="tm-")))
    with folder:
        entries = int(prepared(data_dir, args.entries, args.challenges)["entries"])
        rows = measure(data_dir, texts, args.requests)

    machine = f"{platform.node()}, {os.cpu_count()} CPUs, Python {platform.python_version()}"
    print(
        f"{time.strftime('%Y-%m-%d')}, {machine}; {entries} demands and {entries} "
        f"achievements; {args.requests} requests per row, one client\n"
    )
    print("| operation | ms per request | CPU ms: API | PostgreSQL | Meilisearch | client | total "
          "| failures |")  # fmt: skip
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    for name, wall, spent, failures in rows:
        cpu = " | ".join(f"{spent[g]:.1f}" for g in ("api", "postgres", "meili", "client"))
        print(f"| {name} | {wall:.1f} | {cpu} | {sum(spent.values()):.1f} | {failures} |")


if __name__ == "__main__":
    main()
