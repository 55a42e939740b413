"""Every error is problem+json with a stable code; the request id travels with it."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator

import pytest
from fastapi import APIRouter, FastAPI
from httpx import AsyncClient
from pydantic import BaseModel, Field

from techmarket.core.errors import AppError
from techmarket.main import create_app
from techmarket.settings import Settings
from tests.apps import running

PROBLEM = "application/problem+json"


class Widget(BaseModel):
    title: str = Field(min_length=2)
    budget: int = Field(ge=0)


class WidgetNotFound(AppError):
    code = "widget.not_found"
    status = 404
    title = "Widget not found"


probe = APIRouter(prefix="/api/v1/probe")


@probe.post("/widgets")
async def create_widget(widget: Widget) -> Widget:
    return widget


@probe.get("/widgets/missing")
async def missing_widget() -> None:
    raise WidgetNotFound("no widget with this id")


@probe.get("/crash")
async def crash() -> None:
    raise RuntimeError("secret internal detail")


@pytest.fixture(scope="module")
async def probe_client(settings: Settings) -> AsyncIterator[AsyncClient]:
    """The real app plus routes that fail in each way, to see how failures are answered."""
    app: FastAPI = create_app(settings)
    app.include_router(probe)
    spa = next(route for route in app.router.routes if getattr(route, "name", "") == "spa")
    app.router.routes.remove(spa)
    app.router.routes.append(spa)  # the SPA catches every path: it must stay last
    async with running(app) as client:
        yield client


class TestProblemDetails:
    async def test_unknown_api_path_is_404_problem(self, client: AsyncClient) -> None:
        answer = await client.get("/api/v1/no-such-thing")
        assert answer.status_code == 404
        assert answer.headers["content-type"] == PROBLEM
        body = answer.json()
        assert body["code"] == "http.not_found"
        assert body["status"] == 404
        assert body["instance"] == "/api/v1/no-such-thing"

    async def test_wrong_method_is_405_problem(self, client: AsyncClient) -> None:
        answer = await client.delete("/api/v1/health")
        assert answer.status_code == 405
        assert answer.headers["content-type"] == PROBLEM
        assert answer.json()["code"] == "http.method_not_allowed"
        assert "GET" in answer.headers["allow"]

    async def test_invalid_body_names_each_failing_field(self, probe_client: AsyncClient) -> None:
        answer = await probe_client.post("/api/v1/probe/widgets", json={"title": "x", "budget": -1})
        assert answer.status_code == 422
        assert answer.headers["content-type"] == PROBLEM
        body = answer.json()
        assert body["code"] == "request.validation_failed"
        assert {f["field"] for f in body["fields"]} == {"body.title", "body.budget"}
        assert "body.title" in body["detail"]

    async def test_malformed_json_is_422_not_500(self, probe_client: AsyncClient) -> None:
        answer = await probe_client.post(
            "/api/v1/probe/widgets",
            content=b'{"title": ',
            headers={"content-type": "application/json"},
        )
        assert answer.status_code == 422
        assert answer.json()["code"] == "request.validation_failed"

    async def test_business_error_keeps_its_code_and_status(
        self, probe_client: AsyncClient
    ) -> None:
        answer = await probe_client.get("/api/v1/probe/widgets/missing")
        assert answer.status_code == 404
        assert answer.json() | {"request_id": None} == {
            "type": "about:blank",
            "title": "Widget not found",
            "status": 404,
            "detail": "no widget with this id",
            "code": "widget.not_found",
            "instance": "/api/v1/probe/widgets/missing",
            "request_id": None,
        }

    async def test_crash_is_500_problem_without_internals_and_is_logged(
        self, probe_client: AsyncClient, caplog: pytest.LogCaptureFixture
    ) -> None:
        with caplog.at_level(logging.ERROR):
            answer = await probe_client.get("/api/v1/probe/crash")
        assert answer.status_code == 500
        assert answer.headers["content-type"] == PROBLEM
        body = answer.json()
        assert body["code"] == "server.internal_error"
        assert "secret internal detail" not in answer.text
        assert "Traceback" not in answer.text
        assert body["request_id"] == answer.headers["x-request-id"]
        logged = [
            r
            for r in caplog.records
            if r.exc_info and "secret internal detail" in str(r.exc_info[1])
        ]
        assert logged, "the crash must be logged with its traceback"


class TestRequestId:
    async def test_given_request_id_is_returned(self, client: AsyncClient) -> None:
        answer = await client.get("/api/v1/health", headers={"X-Request-ID": "abc-123"})
        assert answer.headers["x-request-id"] == "abc-123"

    async def test_request_id_is_made_when_missing(self, client: AsyncClient) -> None:
        first = await client.get("/api/v1/health")
        second = await client.get("/api/v1/health")
        assert len(first.headers["x-request-id"]) == 32
        assert first.headers["x-request-id"] != second.headers["x-request-id"]

    async def test_unsafe_request_id_is_replaced(self, client: AsyncClient) -> None:
        answer = await client.get("/api/v1/health", headers={"X-Request-ID": "a b\tc<script>"})
        assert answer.headers["x-request-id"] != "a b\tc<script>"
        assert answer.headers["x-request-id"].isalnum()

    async def test_problem_carries_the_request_id(self, client: AsyncClient) -> None:
        answer = await client.get("/api/v1/nothing", headers={"X-Request-ID": "trace-42"})
        assert answer.json()["request_id"] == "trace-42"
