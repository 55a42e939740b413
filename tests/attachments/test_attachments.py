"""Attachments: checked by content, stored once, served only to those who may see the entry."""

from __future__ import annotations

import hashlib
import io
import zipfile
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI
from httpx import AsyncClient
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from techmarket.attachments.models import Attachment
from tests.entries import Actors, create_demand, published_demand

PDF = b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\ntrailer\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def office(part: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr(part, "<x/>")
    return buffer.getvalue()


@pytest.fixture(autouse=True)
def storage(app: FastAPI, tmp_path: Path) -> Path:
    """Files of this test go to a folder of its own, and the limit is small enough to reach."""
    settings = app.state.settings
    app.state.settings = settings.model_copy(update={"data_dir": tmp_path, "attachment_max_mb": 1})
    yield tmp_path / "attachments"  # type: ignore[misc]
    app.state.settings = settings


async def _upload(
    client: AsyncClient, demand_id: str, name: str, content: bytes, headers: dict[str, str]
) -> Any:
    return await client.post(
        f"/api/v1/demands/{demand_id}/attachments", files={"file": (name, content)}, headers=headers
    )


async def test_upload_and_download_by_those_who_see_the_entry(
    client: AsyncClient, actors: Actors, storage: Path
) -> None:
    demand = await create_demand(client, actors.owner)
    answer = await _upload(client, demand["id"], "../../工艺说明.pdf", PDF, actors.owner)
    assert answer.status_code == 201, answer.text
    attachment = answer.json()
    assert attachment["filename"] == "工艺说明.pdf"
    assert attachment["content_type"] == "application/pdf"
    assert attachment["sha256"] == hashlib.sha256(PDF).hexdigest()
    stored = [p for p in storage.rglob("*") if p.is_file()]
    assert len(stored) == 1
    assert "工艺" not in stored[0].name, "stored under a random name"

    url = f"/api/v1/attachments/{attachment['id']}"
    mine = await client.get(url, headers=actors.owner)
    assert mine.status_code == 200
    assert mine.content == PDF
    assert mine.headers["content-disposition"].startswith("attachment;")
    assert mine.headers["x-content-type-options"] == "nosniff"
    # A draft's attachments are as hidden as the draft, even when the id is known.
    for headers in ({}, actors.other, actors.reviewer):
        assert (await client.get(url, headers=headers)).status_code == 404


async def test_published_entry_attachments_are_public(client: AsyncClient, actors: Actors) -> None:
    published = await published_demand(client, actors)
    uploaded = (await _upload(client, published["id"], "示意图.png", PNG, actors.owner)).json()
    listed = await client.get(f"/api/v1/demands/{published['id']}/attachments")
    assert [a["id"] for a in listed.json()] == [uploaded["id"]]
    assert (await client.get(f"/api/v1/attachments/{uploaded['id']}")).content == PNG


@pytest.mark.parametrize(
    ("name", "content", "why"),
    [
        ("报告.pdf", b"MZ\x90\x00 this is an exe", "not a .pdf"),
        ("表格.xlsx", office("word/document.xml"), "not a .xlsx"),  # a docx renamed
        ("文档.docx", b"PK\x03\x04 not really a zip", "not a .docx"),
        ("图片.jpg", PNG, "not a .jpg"),
        ("脚本.html", b"<script>alert(1)</script>", "only"),
    ],
)
async def test_spoofed_or_unwanted_types_are_refused_and_nothing_is_kept(
    client: AsyncClient,
    session: AsyncSession,
    actors: Actors,
    storage: Path,
    name: str,
    content: bytes,
    why: str,
) -> None:
    demand = await create_demand(client, actors.owner)
    answer = await _upload(client, demand["id"], name, content, actors.owner)
    assert answer.status_code == 422
    assert answer.json()["code"] == "attachment.type_refused"
    assert why in answer.json()["detail"]
    assert await session.scalar(select(func.count()).select_from(Attachment)) == 0
    assert not [p for p in storage.rglob("*") if p.is_file()], "no file left behind"


async def test_real_office_files_are_accepted(client: AsyncClient, actors: Actors) -> None:
    demand = await create_demand(client, actors.owner)
    for name, part in (("方案.docx", "word/document.xml"), ("清单.xlsx", "xl/workbook.xml")):
        answer = await _upload(client, demand["id"], name, office(part), actors.owner)
        assert answer.status_code == 201, answer.text


async def test_too_large_is_413_and_says_the_limit(
    client: AsyncClient, actors: Actors, storage: Path
) -> None:
    demand = await create_demand(client, actors.owner)
    answer = await _upload(client, demand["id"], "大文件.pdf", PDF + b"0" * (2**20), actors.owner)
    assert answer.status_code == 413
    assert "1 MB" in answer.json()["detail"]
    assert not [p for p in storage.rglob("*") if p.is_file()]


async def test_only_the_owner_adds_and_removes(client: AsyncClient, actors: Actors) -> None:
    published = await published_demand(client, actors)
    refused = await _upload(client, published["id"], "x.pdf", PDF, actors.other)
    assert refused.status_code == 403
    uploaded = (await _upload(client, published["id"], "x.pdf", PDF, actors.owner)).json()
    url = f"/api/v1/attachments/{uploaded['id']}"
    assert (await client.delete(url, headers=actors.other)).status_code == 403
    assert (await client.delete(url, headers=actors.owner)).status_code == 204
    assert (await client.get(url, headers=actors.owner)).status_code == 404
