"""Access tokens, refresh rotation with reuse detection, sign-out, and the login rate limit."""

from __future__ import annotations

import asyncio
import base64
import contextlib
import json
import uuid
from collections.abc import Iterator
from datetime import timedelta

from fastapi import FastAPI
from httpx import AsyncClient, Response
from jose import jwt
from sqlalchemy.ext.asyncio import AsyncSession

from techmarket.core.security import issue_access_token
from techmarket.identity.sessions import LoginLimits
from tests.factories import PASSWORD, make_organization, make_user, sign_in

ME = "/api/v1/users/me"


def _b64(data: dict[str, object]) -> str:
    return base64.urlsafe_b64encode(json.dumps(data).encode()).decode().rstrip("=")


class TestSignIn:
    async def test_token_opens_the_api(self, client: AsyncClient, session: AsyncSession) -> None:
        user = await make_user(session, organization=await make_organization(session))
        signed_in = await sign_in(client, user.email)
        answer = await client.get(ME, headers=signed_in.headers)
        assert answer.status_code == 200
        assert answer.json()["email"] == user.email
        assert answer.json()["last_login_at"] is not None

    async def test_wrong_password_and_unknown_email_answer_alike(
        self, client: AsyncClient, session: AsyncSession
    ) -> None:
        user = await make_user(session)
        wrong = await client.post(
            "/api/v1/auth/token", data={"username": user.email, "password": "Wrong-pass-1"}
        )
        unknown = await client.post(
            "/api/v1/auth/token", data={"username": "nobody@example.cn", "password": PASSWORD}
        )
        assert wrong.status_code == unknown.status_code == 401
        assert wrong.json()["code"] == unknown.json()["code"] == "auth.invalid_credentials"
        assert wrong.json()["detail"] == unknown.json()["detail"]

    async def test_disabled_user_cannot_sign_in(
        self, client: AsyncClient, session: AsyncSession
    ) -> None:
        user = await make_user(session, is_active=False)
        answer = await client.post(
            "/api/v1/auth/token", data={"username": user.email, "password": PASSWORD}
        )
        assert answer.status_code == 401

    async def test_no_credentials_is_401_with_challenge(self, client: AsyncClient) -> None:
        answer = await client.get(ME)
        assert answer.status_code == 401
        assert answer.json()["code"] == "auth.not_authenticated"
        assert answer.headers["www-authenticate"] == "Bearer"


class TestAccessTokenChecks:
    async def _token(self, client: AsyncClient, session: AsyncSession) -> tuple[str, str]:
        user = await make_user(session)
        return user.email, (await sign_in(client, user.email)).access_token

    async def test_expired_token_is_refused(
        self, app: FastAPI, client: AsyncClient, session: AsyncSession
    ) -> None:
        _, token = await self._token(client, session)
        claims = jwt.get_unverified_claims(token)
        config = app.state.auth
        expired, _ = issue_access_token(
            user_id=uuid.UUID(claims["sub"]),
            session_id=uuid.UUID(claims["sid"]),
            key=config.key,
            algorithm=config.algorithm,
            lifetime=timedelta(seconds=-1),
        )
        answer = await client.get(ME, headers={"Authorization": f"Bearer {expired}"})
        assert answer.status_code == 401
        assert answer.json()["code"] == "auth.invalid_token"

    async def test_wrongly_signed_token_is_refused(
        self, client: AsyncClient, session: AsyncSession
    ) -> None:
        _, token = await self._token(client, session)
        forged = jwt.encode(jwt.get_unverified_claims(token), "not-our-key", algorithm="HS256")
        answer = await client.get(ME, headers={"Authorization": f"Bearer {forged}"})
        assert answer.status_code == 401

    async def test_alg_none_is_refused(self, client: AsyncClient, session: AsyncSession) -> None:
        _, token = await self._token(client, session)
        claims = jwt.get_unverified_claims(token)
        unsigned = f"{_b64({'alg': 'none', 'typ': 'JWT'})}.{_b64(claims)}."
        answer = await client.get(ME, headers={"Authorization": f"Bearer {unsigned}"})
        assert answer.status_code == 401

    async def test_other_algorithm_is_refused(
        self, app: FastAPI, client: AsyncClient, session: AsyncSession
    ) -> None:
        _, token = await self._token(client, session)
        claims = jwt.get_unverified_claims(token)
        other = jwt.encode(claims, app.state.auth.key, algorithm="HS512")
        answer = await client.get(ME, headers={"Authorization": f"Bearer {other}"})
        assert answer.status_code == 401

    async def test_malformed_header_is_refused(self, client: AsyncClient) -> None:
        for header in ("Bearer", "Basic dXNlcjpwYXNz", "Bearer not.a.jwt"):
            answer = await client.get(ME, headers={"Authorization": header})
            assert answer.status_code == 401, header


class TestRefresh:
    async def test_rotation_and_reuse_revokes_the_family(
        self, client: AsyncClient, session: AsyncSession
    ) -> None:
        user = await make_user(session)
        first = await sign_in(client, user.email)

        answer = await client.post(
            "/api/v1/auth/refresh", json={"refresh_token": first.refresh_token}
        )
        assert answer.status_code == 200
        second = answer.json()
        assert second["refresh_token"] != first.refresh_token
        headers = {"Authorization": f"Bearer {second['access_token']}"}
        assert (await client.get(ME, headers=headers)).status_code == 200

        reused = await client.post(
            "/api/v1/auth/refresh", json={"refresh_token": first.refresh_token}
        )
        assert reused.status_code == 401
        assert reused.json()["code"] == "auth.refresh_token_reused"

        # The whole family is gone: the newest refresh token and the access token too.
        latest = await client.post(
            "/api/v1/auth/refresh", json={"refresh_token": second["refresh_token"]}
        )
        assert latest.status_code == 401
        assert (await client.get(ME, headers=headers)).status_code == 401

    async def test_other_sessions_survive_a_reuse(
        self, client: AsyncClient, session: AsyncSession
    ) -> None:
        user = await make_user(session)
        laptop = await sign_in(client, user.email)
        phone = await sign_in(client, user.email)
        await client.post("/api/v1/auth/refresh", json={"refresh_token": laptop.refresh_token})
        await client.post("/api/v1/auth/refresh", json={"refresh_token": laptop.refresh_token})
        assert (await client.get(ME, headers=phone.headers)).status_code == 200

    async def test_unknown_refresh_token_is_refused(self, client: AsyncClient) -> None:
        answer = await client.post("/api/v1/auth/refresh", json={"refresh_token": "rt_" + "x" * 40})
        assert answer.status_code == 401
        assert answer.json()["code"] == "auth.invalid_refresh_token"


class TestEndingSessions:
    async def test_logout_ends_access_and_refresh(
        self, client: AsyncClient, session: AsyncSession
    ) -> None:
        user = await make_user(session)
        signed_in = await sign_in(client, user.email)
        answer = await client.post("/api/v1/auth/logout", headers=signed_in.headers)
        assert answer.status_code == 204
        assert (await client.get(ME, headers=signed_in.headers)).status_code == 401
        refreshed = await client.post(
            "/api/v1/auth/refresh", json={"refresh_token": signed_in.refresh_token}
        )
        assert refreshed.status_code == 401

    async def test_password_change_ends_the_other_sessions_at_once(
        self, client: AsyncClient, session: AsyncSession
    ) -> None:
        user = await make_user(session)
        here = await sign_in(client, user.email)
        elsewhere = await sign_in(client, user.email)
        answer = await client.post(
            "/api/v1/users/me/password",
            json={"current_password": PASSWORD, "new_password": "Brand-new-2027"},
            headers=here.headers,
        )
        assert answer.status_code == 204
        assert (await client.get(ME, headers=elsewhere.headers)).status_code == 401
        assert (await client.get(ME, headers=here.headers)).status_code == 200
        await sign_in(client, user.email, "Brand-new-2027")

    async def test_password_change_needs_the_current_password(
        self, client: AsyncClient, session: AsyncSession
    ) -> None:
        user = await make_user(session)
        here = await sign_in(client, user.email)
        answer = await client.post(
            "/api/v1/users/me/password",
            json={"current_password": "Not-it-2026", "new_password": "Brand-new-2027"},
            headers=here.headers,
        )
        assert answer.status_code == 422
        assert answer.json()["fields"][0]["field"] == "body.current_password"
        await sign_in(client, user.email)


WRONG = "Wrong-pass-1"


async def attempt(client: AsyncClient, email: str, password: str) -> Response:
    """One sign-in attempt."""
    return await client.post("/api/v1/auth/token", data={"username": email, "password": password})


@contextlib.contextmanager
def login_limits(app: FastAPI, limits: LoginLimits) -> Iterator[None]:
    """The app with other limits for a while, as another API process would hold its own."""
    before = app.state.login_limits
    app.state.login_limits = limits
    try:
        yield
    finally:
        app.state.login_limits = before


class TestLoginRateLimit:
    async def test_failures_per_account_get_429_with_retry_after(
        self, client: AsyncClient, session: AsyncSession
    ) -> None:
        user = await make_user(session)
        for _ in range(5):
            answer = await attempt(client, user.email, WRONG)
            assert answer.status_code == 401
        answer = await attempt(client, user.email, PASSWORD)
        assert answer.status_code == 429
        assert answer.json()["code"] == "auth.too_many_attempts"
        assert int(answer.headers["retry-after"]) > 0

    async def test_limit_does_not_tell_whether_the_email_exists(self, client: AsyncClient) -> None:
        for _ in range(5):
            await attempt(client, "ghost@example.cn", "Wrong-1x")
        answer = await attempt(client, "ghost@example.cn", "Wrong-1x")
        assert answer.status_code == 429

    async def test_attempts_per_ip_are_limited(self, client: AsyncClient) -> None:
        statuses = [
            (await attempt(client, f"spray{n}@example.cn", WRONG)).status_code for n in range(31)
        ]
        assert statuses[:30] == [401] * 30
        assert statuses[30] == 429

    async def test_every_api_process_counts_the_same_failures(
        self, app: FastAPI, client: AsyncClient, session: AsyncSession
    ) -> None:
        """Another API process or replica holds limits of its own but shares the database:
        failures seen by one are refused by the other."""
        user = await make_user(session)
        for _ in range(5):
            await attempt(client, user.email, WRONG)
        with login_limits(app, LoginLimits(per_account=5, per_ip=30, window=900)):
            answer = await attempt(client, user.email, PASSWORD)
        assert answer.status_code == 429

    async def test_a_window_later_the_account_may_sign_in_again(
        self, app: FastAPI, client: AsyncClient, session: AsyncSession
    ) -> None:
        user = await make_user(session)
        with login_limits(app, LoginLimits(per_account=2, per_ip=30, window=1)):
            for _ in range(2):
                await attempt(client, user.email, WRONG)
            refused = await attempt(client, user.email, PASSWORD)
            await asyncio.sleep(1.1)
            answer = await attempt(client, user.email, PASSWORD)
        assert refused.status_code == 429
        assert refused.headers["retry-after"] == "1"
        assert answer.status_code == 200

    async def test_a_successful_sign_in_clears_the_account_failures(
        self, client: AsyncClient, session: AsyncSession
    ) -> None:
        user = await make_user(session)
        for _ in range(4):
            await attempt(client, user.email, WRONG)
        await sign_in(client, user.email)
        for _ in range(4):
            answer = await attempt(client, user.email, WRONG)
            assert answer.status_code == 401
