"""The API's own CPU per search, with Meilisearch's time out of the way.

Meilisearch and the API share the two cores, so under load the API's CPU per search is hard to
see. Here the platform talks to a stand-in on 127.0.0.1 that forwards everything to a real
Meilisearch except `/multi-search`, which it answers at once with one real page of hits (the
demo data's first 20, fetched once through the real engine), optionally after `--pause` ms.

    .venv/bin/python bench/api_overhead.py [--seconds 5] [--runs 5] [--pause 0]

The API still parses, routes, authenticates, asks, highlights each hit for its own query and
serialises; only the engine's work is gone. Traffic goes to 127.0.0.1 only; loops are bounded
by time.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import multiprocessing
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path

import psutil

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "backend"))
sys.path.insert(0, str(REPO))

from bench.baseline import http_request, measure_runs, running_platform  # noqa: E402
from bench.search_load import KEY, query_texts  # noqa: E402

from techmarket.runtime import DEFAULT_MEILI_BINARY, EmbeddedMeilisearch, free_port  # noqa: E402


def serve_stand_in(port: int, engine_url: str, pause: float) -> None:
    """Forward to ``engine_url``; answer `/multi-search` with the page posted to `/_canned`."""
    from aiohttp import ClientSession, web

    canned: list[bytes] = []

    async def handle(request: web.Request) -> web.Response:
        body = await request.read()
        if request.path == "/_canned":
            canned[:] = [body]
            return web.Response(status=204)
        if request.path == "/multi-search" and canned:
            if pause:
                await asyncio.sleep(pause)
            return web.Response(body=canned[0], content_type="application/json")
        headers = {
            k: v for k, v in request.headers.items() if k.lower() not in ("host", "content-length")
        }
        async with (
            ClientSession() as session,
            session.request(
                request.method, engine_url + request.path_qs, data=body, headers=headers
            ) as answer,
        ):
            return web.Response(
                body=await answer.read(), status=answer.status, content_type=answer.content_type
            )

    app = web.Application()
    app.router.add_route("*", "/{tail:.*}", handle)
    web.run_app(app, host="127.0.0.1", port=port, access_log=None, print=None)


def real_page(engine_url: str) -> bytes:
    """The engine's answer to the platform's browse request: demo hits and their facets."""
    from techmarket.search.indexes import Indexes, SearchType
    from techmarket.search.service import SearchQuery, search_params

    params = search_params(Indexes(""), SearchQuery(q="", types=list(SearchType)))
    request = urllib.request.Request(
        engine_url + "/multi-search",
        data=json.dumps({"queries": [params]}).encode(),
        headers={"Authorization": f"Bearer {KEY}", "Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request) as answer:
        return bytes(answer.read())


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--seconds", type=float, default=5)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--clients", default="1,8")
    parser.add_argument("--pause", type=float, default=0, help="ms before each canned answer")
    args = parser.parse_args()
    requests = [
        http_request("GET", "/api/v1/search?" + urllib.parse.urlencode({"q": text}), {})
        for text in query_texts()
    ]
    with tempfile.TemporaryDirectory(prefix="techmarket-api-overhead-") as folder:
        meili = EmbeddedMeilisearch(Path(folder) / "meili", DEFAULT_MEILI_BINARY, KEY)
        engine_url = meili.start(timeout=60, port=free_port())
        stand_in_port = free_port()
        stand_in = multiprocessing.Process(
            target=serve_stand_in,
            args=(stand_in_port, engine_url, args.pause / 1000),
            daemon=True,
        )
        stand_in.start()
        try:
            with running_platform(meili=(f"http://127.0.0.1:{stand_in_port}", KEY)) as (
                port,
                server,
                _,
            ):
                page = real_page(engine_url)
                for _ in range(60):  # the demo data is being indexed
                    if len(json.loads(page)["results"][0]["hits"]) == 20:
                        break
                    time.sleep(1)
                    page = real_page(engine_url)
                urllib.request.urlopen(
                    urllib.request.Request(f"http://127.0.0.1:{stand_in_port}/_canned", data=page)
                ).close()
                api = psutil.Process(server.pid)
                rows = [
                    (clients, measure_runs(port, requests, clients, args.seconds, args.runs, api))
                    for clients in (int(c) for c in args.clients.split(","))
                ]
        finally:
            stand_in.terminate()
            meili.stop()

    print(
        f"{time.strftime('%Y-%m-%d')}; stand-in pause {args.pause:g} ms; "
        f"{args.runs} runs × {args.seconds:g} s per row, medians (range of API CPU)\n"
    )
    print("| clients | req/s | p50 ms | p95 ms | API CPU ms per search | range |")
    print("|---:|---:|---:|---:|---:|---|")
    for clients, m in rows:
        spread = f"{m['cpu_ms_min']:.2f}–{m['cpu_ms_max']:.2f}"
        print(
            f"| {clients} | {m['rps']:.0f} | {m['p50']:.2f} | {m['p95']:.2f} "
            f"| {m['cpu_ms']:.2f} | {spread} |"
        )


if __name__ == "__main__":
    main()
