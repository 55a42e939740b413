"""Baseline latency of the API's fixed costs: middleware, a DB read, authentication.

Starts the platform as `make run` does (its own PostgreSQL and Meilisearch, in a throw-away data
folder), then drives it from this process with keep-alive HTTP/1.1 clients on 127.0.0.1 for a
fixed time per endpoint and concurrency, several runs each, and prints medians as Markdown.

    .venv/bin/python bench/baseline.py [--seconds 10] [--runs 3] [--clients 1,8,32]

Loops are bounded by time; traffic goes to 127.0.0.1 only.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import platform
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import psutil

REPO = Path(__file__).resolve().parent.parent


async def _one_client(
    address: tuple[str, int], requests: list[bytes], stop_at: float, latencies: list[float]
) -> int:
    """Send the requests in turn, one at a time, on one keep-alive connection, until stop_at."""
    reader, writer = await asyncio.open_connection(*address)
    errors, turn = 0, 0
    try:
        while time.perf_counter() < stop_at:
            started = time.perf_counter()
            writer.write(requests[turn % len(requests)])
            turn += 1
            await writer.drain()
            head = await reader.readuntil(b"\r\n\r\n")
            length = 0
            for line in head.split(b"\r\n"):
                if line.lower().startswith(b"content-length:"):
                    length = int(line.split(b":")[1])
            await reader.readexactly(length)
            if not head.startswith(b"HTTP/1.1 2"):
                errors += 1
            latencies.append(time.perf_counter() - started)
    finally:
        writer.close()
    return errors


def http_request(
    method: str, path: str, headers: dict[str, str], body: bytes = b"", host: str = "127.0.0.1"
) -> bytes:
    """One HTTP/1.1 request as bytes, for clients that send it many times."""
    lines = [
        f"{method} {path} HTTP/1.1",
        f"Host: {host}",
        *(f"{k}: {v}" for k, v in headers.items()),
    ]
    if body:
        lines.append(f"Content-Length: {len(body)}")
    return ("\r\n".join(lines) + "\r\n\r\n").encode() + body


async def measure_requests(
    address: tuple[str, int], requests: list[bytes], clients: int, seconds: float
) -> dict[str, float]:
    """Throughput and latency percentiles of ``clients`` concurrent keep-alive clients."""
    latencies: list[float] = []
    stop_at = time.perf_counter() + seconds
    # Each client starts at another request, so that they do not all send the same one.
    errors = sum(
        await asyncio.gather(
            *(
                _one_client(address, requests[n:] + requests[:n], stop_at, latencies)
                for n in range(clients)
            )
        )
    )
    latencies.sort()

    def pct(p: float) -> float:
        return 1000 * latencies[min(len(latencies) - 1, int(p * len(latencies)))]

    return {
        "rps": len(latencies) / seconds,
        "p50": pct(0.50),
        "p95": pct(0.95),
        "p99": pct(0.99),
        "errors": errors,
    }


def measure_runs(
    port: int,
    requests: list[bytes],
    clients: int,
    seconds: float,
    runs: int,
    cpu_of: psutil.Process | None = None,
) -> dict[str, float]:
    """Medians of ``runs`` runs of ``measure_requests`` on 127.0.0.1:``port``. With ``cpu_of``,
    also that process's CPU milliseconds per answered request: ``cpu_ms`` (median),
    ``cpu_ms_min`` and ``cpu_ms_max``."""
    results = []
    for _ in range(runs):
        before = sum(cpu_of.cpu_times()[:2]) if cpu_of else 0.0
        result = asyncio.run(measure_requests(("127.0.0.1", port), requests, clients, seconds))
        if cpu_of:
            answered = max(1.0, result["rps"] * seconds)
            result["cpu_ms"] = 1000 * (sum(cpu_of.cpu_times()[:2]) - before) / answered
        results.append(result)
    medians = {k: statistics.median(r[k] for r in results) for k in results[0]}
    if cpu_of:
        medians["cpu_ms_min"] = min(r["cpu_ms"] for r in results)
        medians["cpu_ms_max"] = max(r["cpu_ms"] for r in results)
    return medians


async def _measure(
    port: int, path: str, headers: dict[str, str], clients: int, seconds: float
) -> dict[str, float]:
    request = http_request("GET", path, headers)
    return await measure_requests(("127.0.0.1", port), [request], clients, seconds)


def _wait_ready(port: int, process: subprocess.Popen[bytes]) -> None:
    for _ in range(600):
        if process.poll() is not None:
            sys.exit("the server exited at start")
        try:
            with urllib.request.urlopen(
                f"http://127.0.0.1:{port}/api/v1/ready", timeout=2
            ) as answer:
                if answer.status == 200:
                    return
        except OSError:
            pass
        time.sleep(0.2)
    sys.exit("the server did not become ready")


def token(port: int, email: str, password: str) -> str:
    form = urllib.parse.urlencode({"username": email, "password": password}).encode()
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/v1/auth/token", data=form) as answer:
        return str(json.load(answer)["access_token"])


@contextlib.contextmanager
def running_platform(
    meili: tuple[str, str] | None = None, data_dir: Path | None = None
) -> Iterator[tuple[int, subprocess.Popen[bytes], str]]:
    """The platform as `make run` starts it (own servers, throw-away data folder), ready, with
    the port, the API process and a demo enterprise's access token. ``meili``: the URL and key
    of a Meilisearch to use instead of its own (to measure it directly in the same run).
    ``data_dir``: a data folder to keep (a second start finds the first one's data)."""
    sys.path.insert(0, str(REPO / "backend"))
    from techmarket.identity.bootstrap import DEMO_PASSWORD
    from techmarket.runtime import free_port

    port = free_port()
    with contextlib.ExitStack() as stack:
        if data_dir is None:
            data_dir = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="tm-bench-")))
        env = {
            **os.environ,
            "TECHMARKET_PORT": str(port),
            "TECHMARKET_DATA_DIR": str(data_dir),
            "TECHMARKET_LOG_LEVEL": "WARNING",
        }
        env.pop("DATABASE_URL", None)
        env.pop("MEILI_URL", None)
        if meili is not None:
            env["MEILI_URL"], env["MEILI_KEY"] = meili
        server = subprocess.Popen(
            [sys.executable, "-m", "techmarket.cli", "run"], env=env, stdout=subprocess.DEVNULL
        )
        # A benchmark stopped with `kill` must stop its platform too: a forgotten one keeps
        # indexing and skews every later measurement on the same cores.
        signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
        try:
            _wait_ready(port, server)
            yield port, server, token(port, "yinguang@demo.techmarket.cn", DEMO_PASSWORD)
        finally:
            server.terminate()
            server.wait(60)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--clients", default="1,8,32")
    args = parser.parse_args()

    with running_platform() as (port, server, token):
        cases = [
            ("GET /api/v1/health (middleware only)", "/api/v1/health", {}),
            ("GET /api/v1/catalog/region (one query)", "/api/v1/catalog/region", {}),
            (
                "GET /api/v1/auth/whoami (JWT + session check)",
                "/api/v1/auth/whoami",
                {"Authorization": f"Bearer {token}"},
            ),
        ]
        rows = []
        peak_rss = 0
        api = psutil.Process(server.pid)
        for name, path, headers in cases:
            for clients in (int(c) for c in args.clients.split(",")):
                runs = []
                for _ in range(args.runs):
                    runs.append(asyncio.run(_measure(port, path, headers, clients, args.seconds)))
                    peak_rss = max(peak_rss, api.memory_info().rss)
                median = {k: statistics.median(r[k] for r in runs) for k in runs[0]}
                rows.append((name, clients, median))

    machine = f"{platform.node()}, {os.cpu_count()} CPUs, Python {platform.python_version()}"
    print(
        f"{time.strftime('%Y-%m-%d')}, {machine}; {args.runs} runs × {args.seconds:.0f} s, "
        f"medians; API peak RSS {peak_rss / 2**20:.0f} MB\n"
    )
    print("| endpoint | clients | req/s | p50 ms | p95 ms | p99 ms | errors |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for name, clients, m in rows:
        figures = f"{m['rps']:.0f} | {m['p50']:.1f} | {m['p95']:.1f} | {m['p99']:.1f}"
        print(f"| {name} | {clients} | {figures} | {m['errors']:.0f} |")


if __name__ == "__main__":
    main()
