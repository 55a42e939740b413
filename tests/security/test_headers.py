"""Security headers on every answer (API, errors, the SPA) and the CORS allowlist."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from fastapi import APIRouter, FastAPI
from httpx import AsyncClient, Headers
from pydantic import ValidationError

from techmarket.core.headers import CONTENT_SECURITY_POLICY
from techmarket.main import create_app
from techmarket.settings import REPO_DIR, Settings
from tests.apps import running

ALLOWED = "https://erp.example.cn"
crash = APIRouter()


@crash.get("/api/v1/probe/crash")
async def crash_on_purpose() -> None:
    raise RuntimeError("boom")


@pytest.fixture(scope="module")
async def cors_client(settings: Settings) -> AsyncIterator[AsyncClient]:
    """The app as configured with one allowed origin, plus a route that crashes."""
    app: FastAPI = create_app(settings.model_copy(update={"cors_origins": [ALLOWED]}))
    app.include_router(crash)
    spa = next(route for route in app.router.routes if getattr(route, "name", "") == "spa")
    app.router.routes.remove(spa)
    app.router.routes.append(spa)
    async with running(app) as client:
        yield client


def _assert_hardened(headers: Headers) -> None:
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["x-frame-options"] == "DENY"
    assert headers["referrer-policy"] == "strict-origin-when-cross-origin"
    policy = headers["content-security-policy"]
    assert "frame-ancestors 'none'" in policy
    assert "default-src 'self'" in policy
    assert "object-src 'none'" in policy
    script_src = next(d for d in policy.split("; ") if d.startswith("script-src"))
    assert script_src == "script-src 'self'", "no inline or foreign scripts on the app"


class TestSecurityHeaders:
    @pytest.mark.parametrize(
        "path", ["/api/v1/health", "/api/v1/demands", "/api/v1/no-such-route", "/"]
    )
    async def test_every_answer_is_hardened(self, client: AsyncClient, path: str) -> None:
        answer = await client.get(path)
        _assert_hardened(answer.headers)

    async def test_the_spa_and_its_assets_are_hardened(self, client: AsyncClient) -> None:
        page = await client.get("/demands/some-page")
        assert page.status_code == 200
        assert '<div id="root">' in page.text
        _assert_hardened(page.headers)
        asset = page.text.split('src="', 1)[1].split('"', 1)[0]
        script = await client.get(asset)
        assert script.status_code == 200
        _assert_hardened(script.headers)

    async def test_refusals_and_crashes_are_hardened(
        self, client: AsyncClient, cors_client: AsyncClient
    ) -> None:
        refused = await client.get("/api/v1/users/me")
        assert refused.status_code == 401
        _assert_hardened(refused.headers)
        crashed = await cors_client.get("/api/v1/probe/crash")
        assert crashed.status_code == 500
        _assert_hardened(crashed.headers)

    async def test_hsts_only_over_https(self, client: AsyncClient) -> None:
        assert "strict-transport-security" not in (await client.get("/api/v1/health")).headers
        secure = await client.get("https://testserver/api/v1/health")
        assert secure.headers["strict-transport-security"].startswith("max-age=31536000")

    async def test_api_docs_get_their_own_policy_and_the_app_does_not(
        self, client: AsyncClient
    ) -> None:
        docs = await client.get("/api/v1/docs")
        assert "https://cdn.jsdelivr.net" in docs.headers["content-security-policy"]
        assert "frame-ancestors 'none'" in docs.headers["content-security-policy"]
        app = await client.get("/")
        assert "cdn.jsdelivr.net" not in app.headers["content-security-policy"]


class TestCors:
    async def test_allowed_origin_may_call_without_credentials(
        self, cors_client: AsyncClient
    ) -> None:
        preflight = await cors_client.options(
            "/api/v1/demands",
            headers={
                "Origin": ALLOWED,
                "Access-Control-Request-Method": "POST",
                "Access-Control-Request-Headers": "authorization, content-type, idempotency-key",
            },
        )
        assert preflight.status_code == 200
        assert preflight.headers["access-control-allow-origin"] == ALLOWED
        assert "access-control-allow-credentials" not in preflight.headers
        answer = await cors_client.get("/api/v1/health", headers={"Origin": ALLOWED})
        assert answer.headers["access-control-allow-origin"] == ALLOWED
        assert "x-request-id" in answer.headers["access-control-expose-headers"].lower()

    async def test_other_origins_get_no_grant(self, cors_client: AsyncClient) -> None:
        evil = "https://evil.example.com"
        preflight = await cors_client.options(
            "/api/v1/demands",
            headers={"Origin": evil, "Access-Control-Request-Method": "POST"},
        )
        assert preflight.status_code == 400
        assert "access-control-allow-origin" not in preflight.headers
        answer = await cors_client.get("/api/v1/health", headers={"Origin": evil})
        assert "access-control-allow-origin" not in answer.headers

    async def test_without_an_allowlist_no_origin_is_granted(self, client: AsyncClient) -> None:
        answer = await client.get("/api/v1/health", headers={"Origin": ALLOWED})
        assert "access-control-allow-origin" not in answer.headers

    @pytest.mark.parametrize(
        "origin", ["*", "https://*.example.cn", "null", "erp.example.cn", "https://a.cn/path"]
    )
    def test_wildcards_and_non_origins_are_refused(self, origin: str) -> None:
        with pytest.raises(ValidationError, match="is not an origin"):
            Settings(cors_origins=[origin])


def test_nginx_gives_the_spa_the_same_policy() -> None:
    """In production nginx serves the SPA's files itself (docker/nginx.conf)."""
    conf = (REPO_DIR / "docker" / "nginx.conf").read_text()
    assert f'default     "{CONTENT_SECURITY_POLICY}";' in conf
    assert "add_header Content-Security-Policy $techmarket_csp always;" in conf
