"""Imports in the background with row-and-column errors, bulk JSON, and exports that import back."""

from __future__ import annotations

import io
import uuid
from datetime import date, timedelta
from typing import Any

from fastapi import FastAPI
from httpx import AsyncClient
from openpyxl import Workbook, load_workbook
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession, async_sessionmaker

from techmarket.core.outbox import OutboxWorker
from techmarket.demands.models import Demand
from techmarket.imports.models import ImportJob
from techmarket.worker import topic_handlers
from tests.entries import Actors, create_demand, published_demand
from tests.factories import make_organization, make_user, sign_in

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
LATER = date.today() + timedelta(days=200)


def row(title: str, **changes: Any) -> list[Any]:
    values = {
        "需求名称": title,
        "需求描述": "需要提升镁合金压铸件的耐腐蚀性能。",
        "所属领域": "特种金属材料",  # by its Chinese name
        "所在地区": "wenxi",  # or by its code
        "需求类型": "技术攻关",
        "预算上限（元）": 800000,
        "有效期至": LATER,
        "关键词": "镁合金、压铸",
    } | changes
    return [values[h] for h in HEADERS]


def xlsx(rows: list[list[Any]], headers: list[str] = HEADERS) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(headers)
    for values in rows:
        sheet.append(values)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


GOOD_AND_BAD = [
    row("镁合金表面处理"),
    row("", 所属领域="特种金属材料"),  # row 3: title missing
    row("压铸模具寿命提升", 所属领域="炼金术"),  # row 4: unknown field
    row("稀土镁合金", 有效期至="明年"),  # row 5: not a date
    row("镁合金回收"),
]


async def _count(session: AsyncSession) -> int:
    return int(await session.scalar(select(func.count()).select_from(Demand)) or 0)


async def _import(
    client: AsyncClient, app: FastAPI, connection: AsyncConnection, headers: dict[str, str],
    content: bytes, mode: str, filename: str = "需求.xlsx", collection: str = "demands",
) -> dict[str, Any]:  # fmt: skip
    started = await client.post(
        "/api/v1/imports",
        data={"collection": collection, "mode": mode},
        files={"file": (filename, content)},
        headers=headers,
    )
    assert started.status_code == 202, started.text
    assert started.json()["status"] == "queued"
    # The worker, as in production, but on the test's connection so that it sees the test's rows.
    maker = async_sessionmaker(
        bind=connection, expire_on_commit=False, join_transaction_mode="create_savepoint"
    )
    await OutboxWorker(
        maker, topic_handlers(maker, app.state.settings, app.state.search)
    ).run_once()
    answer = await client.get(f"/api/v1/imports/{started.json()['id']}", headers=headers)
    return answer.json()  # type: ignore[no-any-return]


async def test_template_has_the_chinese_headers(client: AsyncClient) -> None:
    answer = await client.get("/api/v1/imports/templates/demands.xlsx")
    assert answer.status_code == 200
    sheet = load_workbook(io.BytesIO(answer.content)).worksheets[0]
    headers = [cell.value for cell in sheet[1]]
    assert headers[:3] == ["需求名称", "需求描述", "技术指标"]
    assert "有效期至" in headers


async def test_all_or_nothing_stores_nothing_and_names_row_and_column(
    client: AsyncClient,
    app: FastAPI,
    connection: AsyncConnection,
    session: AsyncSession,
    actors: Actors,
) -> None:
    before = await _count(session)
    job = await _import(client, app, connection, actors.owner, xlsx(GOOD_AND_BAD), "all_or_nothing")
    assert job["status"] == "failed"
    assert job["created_count"] == 0
    assert await _count(session) == before
    found = {(e["row"], e["column"]) for e in job["errors"]}
    assert found == {(3, "需求名称"), (4, "所属领域"), (5, "有效期至")}, job["errors"]

    report = await client.get(f"/api/v1/imports/{job['id']}/errors.xlsx", headers=actors.owner)
    lines = list(
        load_workbook(io.BytesIO(report.content)).worksheets[0].iter_rows(values_only=True)
    )
    assert lines[0] == ("行", "列", "问题")
    assert {(r[0], r[1]) for r in lines[1:]} == found


async def test_valid_rows_only_stores_the_good_rows(
    client: AsyncClient,
    app: FastAPI,
    connection: AsyncConnection,
    session: AsyncSession,
    actors: Actors,
) -> None:
    before = await _count(session)
    job = await _import(
        client, app, connection, actors.owner, xlsx(GOOD_AND_BAD), "valid_rows_only"
    )
    assert job["status"] == "partial"
    assert job["created_count"] == 2
    assert job["processed"] == job["total"] == 5
    assert len(job["errors"]) == 3
    assert await _count(session) == before + 2
    mine = await client.get(
        "/api/v1/demands", params={"status": "draft", "limit": 100}, headers=actors.owner
    )
    titles = {d["title"] for d in mine.json()["items"]}
    assert {"镁合金表面处理", "镁合金回收"} <= titles
    imported = next(d for d in mine.json()["items"] if d["title"] == "镁合金回收")
    assert imported["field"] == "special_metal"
    assert imported["keywords"] == ["镁合金", "压铸"]


async def test_gb18030_csv_is_read(
    client: AsyncClient, app: FastAPI, connection: AsyncConnection, actors: Actors
) -> None:
    lines = [",".join(HEADERS), ",".join(str(v) for v in row("焦化废水处理", 关键词="焦化;废水"))]
    content = "\n".join(lines).encode("gb18030")
    job = await _import(
        client, app, connection, actors.owner, content, "all_or_nothing", "需求.csv"
    )
    assert job["status"] == "succeeded", job["errors"]


async def test_missing_required_column_fails_the_file(
    client: AsyncClient, app: FastAPI, connection: AsyncConnection, actors: Actors
) -> None:
    headers = [h for h in HEADERS if h != "有效期至"]
    content = xlsx(
        [[v for h, v in zip(HEADERS, row("x"), strict=True) if h != "有效期至"]], headers
    )
    job = await _import(client, app, connection, actors.owner, content, "valid_rows_only")
    assert job["status"] == "failed"
    assert job["errors"] == [{"row": 1, "column": "有效期至", "message": "this column is missing"}]


async def test_only_xlsx_or_csv_are_accepted(client: AsyncClient, actors: Actors) -> None:
    answer = await client.post(
        "/api/v1/imports",
        data={"collection": "demands", "mode": "all_or_nothing"},
        files={"file": ("需求.pdf", b"%PDF-1.7")},
        headers=actors.owner,
    )
    assert answer.status_code == 422
    assert answer.json()["code"] == "import.file_refused"


async def test_other_organisations_cannot_read_a_job(
    client: AsyncClient, app: FastAPI, connection: AsyncConnection, actors: Actors
) -> None:
    job = await _import(
        client, app, connection, actors.owner, xlsx([row("一条")]), "all_or_nothing"
    )
    assert (
        await client.get(f"/api/v1/imports/{job['id']}", headers=actors.other)
    ).status_code == 404


async def test_export_imports_back_to_the_same_entries(
    client: AsyncClient, app: FastAPI, connection: AsyncConnection, actors: Actors
) -> None:
    published = await published_demand(client, actors)
    exported = await client.get(
        "/api/v1/exports/demands.xlsx", params={"organization_id": published["organization_id"]}
    )
    assert exported.status_code == 200
    sheet = load_workbook(io.BytesIO(exported.content)).worksheets[0]
    assert [c.value for c in sheet[1]][-2:] == ["编号", "状态"]
    assert sheet.max_row == 2

    job = await _import(client, app, connection, actors.owner, exported.content, "all_or_nothing")
    assert job["status"] == "succeeded", job["errors"]
    drafts = await client.get(
        "/api/v1/demands", params={"status": "draft", "limit": 100}, headers=actors.owner
    )
    [copy] = [d for d in drafts.json()["items"] if d["title"] == published["title"]]
    compared = ["description", "indicators", "field", "region", "demand_type", "cooperation_mode",
                "budget_min", "budget_max", "valid_until", "keywords", "contact"]  # fmt: skip
    assert {k: copy[k] for k in compared} == {k: published[k] for k in compared}


async def test_export_neutralises_formulas(client: AsyncClient, actors: Actors) -> None:
    await create_demand(client, actors.owner, title='=HYPERLINK("http://evil","点我")')
    exported = await client.get("/api/v1/exports/demands.xlsx", headers=actors.owner)
    sheet = load_workbook(io.BytesIO(exported.content)).worksheets[0]
    titles = [r[0] for r in sheet.iter_rows(min_row=2, values_only=True)]
    assert '\'=HYPERLINK("http://evil","点我")' in titles
    assert not any(isinstance(t, str) and t.startswith("=") for t in titles)


class TestBulk:
    def items(self, n: int) -> list[dict[str, Any]]:
        return [
            {
                "title": f"批量需求 {i}",
                "description": "说明",
                "field": "new_energy",
                "region": "yanhu",
                "demand_type": "tech_consulting",
                "valid_until": LATER.isoformat(),
            }
            for i in range(n)
        ]

    async def _key(self, client: AsyncClient, actors: Actors, scope: str) -> dict[str, str]:
        org = (await client.get("/api/v1/users/me", headers=actors.owner)).json()["organization_id"]
        created = await client.post(
            f"/api/v1/organizations/{org}/api-keys",
            json={"name": "ERP", "scopes": [scope]},
            headers=actors.owner,
        )
        return {"X-API-Key": created.json()["key"]}

    async def test_api_key_creates_all_or_none(
        self, client: AsyncClient, session: AsyncSession, actors: Actors
    ) -> None:
        key = await self._key(client, actors, "demands:write")
        made = await client.post("/api/v1/demands/bulk", json={"items": self.items(3)}, headers=key)
        assert made.status_code == 201, made.text
        assert made.json()["created"] == 3

        before = await _count(session)
        items = self.items(3)
        items[1]["field"] = "alchemy"
        items[2]["valid_until"] = "2001-01-01"
        refused = await client.post("/api/v1/demands/bulk", json={"items": items}, headers=key)
        assert refused.status_code == 422
        assert {f["field"] for f in refused.json()["fields"]} == {
            "body.items.1.field",
            "body.items.2.valid_until",
        }
        assert await _count(session) == before

    async def test_who_may_bulk_and_publish(
        self, client: AsyncClient, session: AsyncSession, actors: Actors
    ) -> None:
        body = {"items": self.items(1)}
        assert (
            await client.post("/api/v1/demands/bulk", json=body, headers=actors.owner)
        ).status_code == 403
        key = await self._key(client, actors, "demands:write")
        published = await client.post(
            "/api/v1/demands/bulk", json=body | {"publish": True}, headers=key
        )
        assert published.status_code == 403
        read_only = await self._key(client, actors, "read")
        assert (
            await client.post("/api/v1/demands/bulk", json=body, headers=read_only)
        ).status_code == 403

        bureau = await make_organization(session, name="运城市科学技术局")
        admin = await make_user(session, organization=bureau, roles=["admin"])
        headers = (await sign_in(client, admin.email)).headers
        made = await client.post(
            "/api/v1/demands/bulk", json=body | {"publish": True}, headers=headers
        )
        assert made.status_code == 201, made.text
        [demand_id] = made.json()["ids"]
        public = await client.get(f"/api/v1/demands/{demand_id}")
        assert public.json()["status"] == "published"

    async def test_more_than_1000_items_are_refused(
        self, client: AsyncClient, actors: Actors
    ) -> None:
        key = await self._key(client, actors, "demands:write")
        answer = await client.post(
            "/api/v1/demands/bulk", json={"items": self.items(1001)}, headers=key
        )
        assert answer.status_code == 422
        assert answer.json()["fields"][0]["field"] == "body.items"


async def test_the_list_shows_ones_own_jobs_and_every_job_to_admins(
    client: AsyncClient, app: FastAPI, connection: AsyncConnection, session: AsyncSession,
    actors: Actors,
) -> None:  # fmt: skip
    failed = await _import(
        client, app, connection, actors.owner, xlsx(GOOD_AND_BAD), "all_or_nothing", "坏.xlsx"
    )
    # One transaction per test: now() would give both jobs the same moment.
    earlier = await session.get(ImportJob, uuid.UUID(failed["id"]))
    assert earlier is not None
    earlier.created_at -= timedelta(hours=1)
    await session.commit()
    done = await _import(
        client, app, connection, actors.owner, xlsx([row("一条")]), "all_or_nothing", "好.xlsx"
    )
    mine = await client.get("/api/v1/imports", headers=actors.colleague)
    assert mine.status_code == 200, mine.text
    items = mine.json()["items"]
    assert [i["id"] for i in items][:2] == [done["id"], failed["id"]], "newest first"
    first = next(i for i in items if i["id"] == failed["id"])
    assert first["filename"] == "坏.xlsx"
    assert first["status"] == "failed"
    assert first["error_count"] == 3
    assert "errors" not in first

    others = (await client.get("/api/v1/imports", headers=actors.other)).json()["items"]
    assert {i["id"] for i in others}.isdisjoint({failed["id"], done["id"]})
    admin = await sign_in(client, (await make_user(session, roles=["admin"])).email)
    every = await client.get(
        "/api/v1/imports", params={"status": "failed", "limit": 100}, headers=admin.headers
    )
    assert [i["id"] for i in every.json()["items"] if i["id"] in (failed["id"], done["id"])] == [
        failed["id"]
    ]
    assert (await client.get("/api/v1/imports")).status_code == 401
