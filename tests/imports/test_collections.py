"""Achievements and projects import, export and take attachments like demands do."""

from __future__ import annotations

import io
from datetime import date, timedelta
from typing import Any

from fastapi import FastAPI
from httpx import AsyncClient
from openpyxl import load_workbook
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession

from techmarket.achievements.models import AchievementStatus
from techmarket.identity.models import Organization
from techmarket.projects.models import ProjectStatus
from tests.entries import Actors
from tests.factories import make_achievement, make_organization, make_project, make_user, sign_in
from tests.imports.test_imports import _import, xlsx

PDF = b"%PDF-1.7\n%%EOF\n"


async def _my_org(client: AsyncClient, actors: Actors, session: AsyncSession) -> Any:
    org_id = (await client.get("/api/v1/users/me", headers=actors.owner)).json()["organization_id"]
    return await session.get(Organization, org_id)


async def test_achievements_import_and_export_back(
    client: AsyncClient, app: FastAPI, connection: AsyncConnection, actors: Actors
) -> None:
    good = {
        "成果名称": "镁合金半固态成形",
        "成果简介": "半固态成形技术。",
        "所属领域": "特种金属材料",
        "所在地区": "闻喜县",
        "成熟度": "中试",
        "技术就绪度（TRL）": 6,
        "转化方式": "许可、转让",
        "参考价格（元）": "1,200,000",
        "完成人": "赵文博、孙丽华",
    }
    bad = good | {"成果名称": "坏的一行", "技术就绪度（TRL）": "七"}
    content = xlsx([list(good.values()), list(bad.values())], list(good))
    job = await _import(
        client, app, connection, actors.owner, content, "valid_rows_only", collection="achievements"
    )
    assert job["created_count"] == 1, job["errors"]
    assert [(e["row"], e["column"]) for e in job["errors"]] == [(3, "技术就绪度（TRL）")]
    drafts = await client.get(
        "/api/v1/achievements", params={"status": "draft"}, headers=actors.owner
    )
    [item] = drafts.json()["items"]
    assert item["transfer_modes"] == ["license", "transfer"]
    assert item["inventors"] == ["赵文博", "孙丽华"]
    assert item["trl"] == 6

    exported = await client.get("/api/v1/exports/achievements.xlsx", headers=actors.owner)
    job = await _import(
        client, app, connection, actors.owner, exported.content, "all_or_nothing",
        collection="achievements",
    )  # fmt: skip
    assert job["status"] == "succeeded", job["errors"]


async def test_projects_import_with_their_choices(
    client: AsyncClient, app: FastAPI, connection: AsyncConnection, actors: Actors
) -> None:
    start = date.today() + timedelta(days=30)
    good = {
        "项目名称": "智能压铸单元",
        "负责人": "王教授",
        "项目类别": "成果转化",
        "所属领域": "特种金属材料",
        "所在县区": "闻喜县",
        "项目来源": "定向委托",
        "申请经费（元）": 500000,
        "开始日期": start,
        "结束日期": start + timedelta(days=700),
        "考核指标": "建成示范线",
    }
    bad = good | {"项目名称": "来源写错", "项目来源": "自己立项"}
    content = xlsx([list(good.values()), list(bad.values())], list(good))
    job = await _import(
        client, app, connection, actors.owner, content, "valid_rows_only", collection="projects"
    )
    assert job["created_count"] == 1, job["errors"]
    [error] = job["errors"]
    assert (error["row"], error["column"]) == (3, "项目来源")
    assert "申报批次、定向委托" in error["message"]
    exported = await client.get("/api/v1/exports/projects.xlsx", headers=actors.owner)
    sheet = load_workbook(io.BytesIO(exported.content)).worksheets[0]
    [line] = list(sheet.iter_rows(min_row=2, values_only=True))
    assert line[0] == "智能压铸单元"
    assert "定向委托" in line


async def test_achievements_in_bulk_for_api_keys(client: AsyncClient, actors: Actors) -> None:
    org = (await client.get("/api/v1/users/me", headers=actors.owner)).json()["organization_id"]
    created = await client.post(
        f"/api/v1/organizations/{org}/api-keys",
        json={"name": "成果系统", "scopes": ["achievements:write"]},
        headers=actors.owner,
    )
    key = {"X-API-Key": created.json()["key"]}
    item = {
        "title": "成果一",
        "abstract": "简介",
        "field": "new_energy",
        "region": "yanhu",
        "transfer_modes": ["transfer"],
    }
    answer = await client.post(
        "/api/v1/achievements/bulk", json={"items": [item, item]}, headers=key
    )
    assert answer.status_code == 201, answer.text
    assert answer.json()["created"] == 2
    wrong_scope = await client.post("/api/v1/demands/bulk", json={"items": [item]}, headers=key)
    assert wrong_scope.status_code == 403


async def test_attachments_of_achievements_and_projects_follow_their_visibility(
    client: AsyncClient, session: AsyncSession, actors: Actors, app: FastAPI, tmp_path: Any
) -> None:
    settings = app.state.settings
    app.state.settings = settings.model_copy(update={"data_dir": tmp_path})
    try:
        organization = await _my_org(client, actors, session)
        achievement = await make_achievement(
            session, organization=organization, status=AchievementStatus.PUBLISHED
        )
        project = await make_project(
            session, organization=organization, status=ProjectStatus.SUBMITTED
        )
        ids = {}
        for collection, entry in (("achievements", achievement), ("projects", project)):
            answer = await client.post(
                f"/api/v1/{collection}/{entry.id}/attachments",
                files={"file": ("说明.pdf", PDF)},
                headers=actors.owner,
            )
            assert answer.status_code == 201, answer.text
            ids[collection] = answer.json()["id"]
        assert (await client.get(f"/api/v1/attachments/{ids['achievements']}")).status_code == 200
        # An application is private to its organisation and staff: so are its files.
        assert (await client.get(f"/api/v1/attachments/{ids['projects']}")).status_code == 404
        outsider = await make_user(session, organization=await make_organization(session))
        other = (await sign_in(client, outsider.email)).headers
        assert (
            await client.get(f"/api/v1/attachments/{ids['projects']}", headers=other)
        ).status_code == 404
        assert (
            await client.get(f"/api/v1/attachments/{ids['projects']}", headers=actors.reviewer)
        ).status_code == 200
    finally:
        app.state.settings = settings
