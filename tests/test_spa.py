"""The API process serves the built SPA; client-side routes fall back to index.html."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from httpx import AsyncClient

from techmarket.main import create_app
from techmarket.settings import Settings
from tests.apps import running


@pytest.fixture
async def spa_client(settings: Settings, tmp_path: Path) -> AsyncIterator[AsyncClient]:
    dist = tmp_path / "dist"
    (dist / "assets").mkdir(parents=True)
    (dist / "index.html").write_text("<!doctype html><title>三库一榜</title>", encoding="utf-8")
    (dist / "assets" / "app-1234.js").write_text("console.log(1)")
    app = create_app(settings.model_copy(update={"spa_dir": dist}))
    async with running(app) as client:
        yield client


async def test_root_serves_the_app(spa_client: AsyncClient) -> None:
    answer = await spa_client.get("/")
    assert answer.status_code == 200
    assert "三库一榜" in answer.text
    assert answer.headers["cache-control"] == "no-cache"


async def test_client_side_route_gets_index(spa_client: AsyncClient) -> None:
    answer = await spa_client.get("/demands/some-id")
    assert answer.status_code == 200
    assert "三库一榜" in answer.text


async def test_hashed_assets_are_cached_long(spa_client: AsyncClient) -> None:
    answer = await spa_client.get("/assets/app-1234.js")
    assert answer.status_code == 200
    assert "immutable" in answer.headers["cache-control"]


async def test_unknown_api_path_is_not_the_app(spa_client: AsyncClient) -> None:
    answer = await spa_client.get("/api/v1/nope")
    assert answer.status_code == 404
    assert answer.headers["content-type"] == "application/problem+json"


async def test_missing_build_says_how_to_build(settings: Settings, tmp_path: Path) -> None:
    app = create_app(settings.model_copy(update={"spa_dir": tmp_path / "absent"}))
    async with running(app) as client:
        answer = await client.get("/")
    assert answer.status_code == 404
    assert "make setup" in answer.json()["detail"]
