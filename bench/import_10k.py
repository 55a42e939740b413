"""How long a 10,000-row import takes, and what it does to the API meanwhile.

Starts the platform as `make run` does (own PostgreSQL and Meilisearch, throw-away data folder,
the worker inside the API process), uploads a 10,000-row demand spreadsheet as the demo
enterprise, and while the job runs measures GET /api/v1/demands?limit=20 from one client.

    .venv/bin/python bench/import_10k.py [--rows 10000] [--runs 3]
"""

from __future__ import annotations

import argparse
import asyncio
import io
import json
import os
import statistics
import sys
import time
import urllib.request
from datetime import date, timedelta
from pathlib import Path

from openpyxl import Workbook

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "bench"))
from baseline import _measure, running_platform  # noqa: E402

HEADERS = [
    "需求名称",
    "需求描述",
    "所属领域",
    "所在地区",
    "需求类型",
    "预算上限（元）",
    "有效期至",
    "关键词",
]


def spreadsheet(rows: int) -> bytes:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("需求")
    sheet.append(HEADERS)
    until = date.today() + timedelta(days=300)
    for n in range(rows):
        sheet.append(
            [
                f"镁合金压铸件表面处理需求 {n}",
                "需要提升耐腐蚀性能，盐雾试验 500 小时。",
                "特种金属材料",
                "闻喜县",
                "技术攻关",
                100000 + n,
                until,
                "镁合金、压铸",
            ]
        )
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def upload(port: int, token: str, content: bytes) -> str:
    boundary = "techmarketbench"
    parts = []
    for name, value in (("collection", "demands"), ("mode", "valid_rows_only")):
        disposition = f'Content-Disposition: form-data; name="{name}"'
        parts.append(f"--{boundary}\r\n{disposition}\r\n\r\n{value}\r\n".encode())
    parts.append(
        f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="bench.xlsx"\r\n'
        "Content-Type: application/octet-stream\r\n\r\n".encode()
        + content
        + b"\r\n"
    )
    parts.append(f"--{boundary}--\r\n".encode())
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}/api/v1/imports",
        data=b"".join(parts),
        headers={
            "Authorization": f"Bearer {token}",
            "Content-Type": f"multipart/form-data; boundary={boundary}",
        },
    )
    with urllib.request.urlopen(request) as answer:
        return str(json.load(answer)["id"])


def job(port: int, token: str, job_id: str) -> dict[str, object]:
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}/api/v1/imports/{job_id}",
        headers={"Authorization": f"Bearer {token}"},
    )
    with urllib.request.urlopen(request) as answer:
        return dict(json.load(answer))


async def during(port: int, token: str, job_id: str) -> tuple[float, list[dict[str, float]]]:
    started = time.perf_counter()
    samples = []
    while True:
        samples.append(await _measure(port, "/api/v1/demands?limit=20", {}, 1, 2.0))
        state = await asyncio.to_thread(job, port, token, job_id)
        if state["status"] not in ("queued", "running"):
            assert state["created_count"], state
            return time.perf_counter() - started, samples


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    content = spreadsheet(args.rows)
    with running_platform() as (port, _server, token):
        idle = [
            asyncio.run(_measure(port, "/api/v1/demands?limit=20", {}, 1, 5.0)) for _ in range(3)
        ]
        durations, busy = [], []
        for _ in range(args.runs):
            job_id = upload(port, token, content)
            seconds, samples = asyncio.run(during(port, token, job_id))
            durations.append(seconds)
            busy += samples

    def median(key: str, runs: list[dict[str, float]]) -> float:
        return statistics.median(r[key] for r in runs)

    print(
        f"{time.strftime('%Y-%m-%d')}, {os.cpu_count()} CPUs; {args.rows} rows × {args.runs} runs\n"
    )
    print(
        f"- import duration: median {statistics.median(durations):.1f} s "
        f"({args.rows / statistics.median(durations):.0f} rows/s); runs: "
        + ", ".join(f"{d:.1f}" for d in durations)
    )
    print(
        f"- GET /api/v1/demands?limit=20, 1 client, idle: p50 {median('p50', idle):.1f} ms, "
        f"p95 {median('p95', idle):.1f} ms"
    )
    print(
        f"- same, during the import: p50 {median('p50', busy):.1f} ms, "
        f"p95 {median('p95', busy):.1f} ms, p99 {median('p99', busy):.1f} ms "
        f"(medians of {len(busy)} 2-second samples)"
    )


if __name__ == "__main__":
    main()
