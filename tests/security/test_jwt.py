"""Forged access tokens: ``alg: none``, algorithm confusion, missing claims, ended sessions.

The signing key is an HMAC secret and decoding pins the algorithm, so no header the caller
writes can choose how the token is checked. Each forgery below carries the claims of a real,
live session: only the forgery itself can be why it is refused.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import time
import uuid
from typing import Any

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from fastapi import FastAPI
from httpx import AsyncClient
from jose import jwk, jwt
from pydantic import ValidationError
from sqlalchemy.ext.asyncio import AsyncSession

from techmarket.settings import Settings
from tests.factories import make_user, sign_in

ME = "/api/v1/users/me"


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode().rstrip("=")


def _token(header: dict[str, Any], claims: dict[str, Any], sign: bytes | None = None) -> str:
    """A JWT written by hand: HS256-signed with ``sign`` as the HMAC key, or unsigned."""
    signing_input = f"{_b64(json.dumps(header).encode())}.{_b64(json.dumps(claims).encode())}"
    if sign is None:
        return f"{signing_input}."
    mac = hmac.new(sign, signing_input.encode(), hashlib.sha256).digest()
    return f"{signing_input}.{_b64(mac)}"


async def _live_claims(client: AsyncClient, session: AsyncSession) -> dict[str, Any]:
    """The claims of a session that is signed in right now (its real token works)."""
    user = await make_user(session)
    token = (await sign_in(client, user.email)).access_token
    assert (await client.get(ME, headers={"Authorization": f"Bearer {token}"})).status_code == 200
    return dict(jwt.get_unverified_claims(token))


async def _refused(client: AsyncClient, token: str) -> None:
    answer = await client.get(ME, headers={"Authorization": f"Bearer {token}"})
    assert answer.status_code == 401, token
    assert answer.json()["code"] == "auth.invalid_token"


def _rsa_pair() -> tuple[bytes, bytes]:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    private = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    public = key.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    return private, public


class TestForgedAlgorithms:
    @pytest.mark.parametrize("alg", ["none", "None", "NONE", "nOnE"])
    async def test_unsigned_tokens_are_refused(
        self, client: AsyncClient, session: AsyncSession, alg: str
    ) -> None:
        claims = await _live_claims(client, session)
        await _refused(client, _token({"alg": alg, "typ": "JWT"}, claims))

    async def test_hs256_signed_with_a_public_key_is_refused(
        self, client: AsyncClient, session: AsyncSession
    ) -> None:
        """The classic confusion: a verifier that takes the key by the header's ``alg`` would
        check an HMAC keyed with the (public) RSA key an attacker signed with."""
        claims = await _live_claims(client, session)
        _, public = _rsa_pair()
        await _refused(client, _token({"alg": "HS256", "typ": "JWT"}, claims, sign=public))

    async def test_asymmetric_algorithms_are_refused(
        self, client: AsyncClient, session: AsyncSession
    ) -> None:
        claims = await _live_claims(client, session)
        private, public = _rsa_pair()
        rs256 = jwt.encode(claims, private.decode(), algorithm="RS256")
        await _refused(client, rs256)
        # A public key embedded in the header (jwk injection) chooses nothing either.
        embedded = jwt.encode(
            claims,
            private.decode(),
            algorithm="RS256",
            headers={"jwk": jwk.construct(public.decode(), "RS256").to_dict()},
        )
        await _refused(client, embedded)

    async def test_our_secret_under_another_hmac_is_refused(
        self, app: FastAPI, client: AsyncClient, session: AsyncSession
    ) -> None:
        claims = await _live_claims(client, session)
        await _refused(client, jwt.encode(claims, app.state.auth.key, algorithm="HS512"))

    def test_the_signing_algorithm_cannot_be_configured_away(self) -> None:
        for algorithm in ("none", "RS256", "ES256"):
            with pytest.raises(ValidationError):
                Settings(jwt={"algorithm": algorithm})


class TestClaims:
    async def test_a_well_signed_token_needs_every_claim(
        self, app: FastAPI, client: AsyncClient, session: AsyncSession
    ) -> None:
        claims = await _live_claims(client, session)
        key = app.state.auth.key
        whole = jwt.encode(claims, key, algorithm="HS256")
        assert (
            await client.get(ME, headers={"Authorization": f"Bearer {whole}"})
        ).status_code == 200
        for missing in ("exp", "sub", "sid", "typ"):
            partial = {name: value for name, value in claims.items() if name != missing}
            await _refused(client, jwt.encode(partial, key, algorithm="HS256"))

    async def test_expired_or_foreign_session_tokens_are_refused(
        self, app: FastAPI, client: AsyncClient, session: AsyncSession
    ) -> None:
        claims = await _live_claims(client, session)
        key = app.state.auth.key
        expired = claims | {"exp": int(time.time()) - 1}
        await _refused(client, jwt.encode(expired, key, algorithm="HS256"))
        unknown_session = claims | {"sid": str(uuid.uuid4())}
        await _refused(client, jwt.encode(unknown_session, key, algorithm="HS256"))
        other = await _live_claims(client, session)
        # Another user's id on this session: the pair must match, not each half.
        await _refused(client, jwt.encode(claims | {"sub": other["sub"]}, key, algorithm="HS256"))
        refresh_typed = claims | {"typ": "refresh"}
        await _refused(client, jwt.encode(refresh_typed, key, algorithm="HS256"))

    async def test_revoked_session_token_is_refused(
        self, client: AsyncClient, session: AsyncSession
    ) -> None:
        user = await make_user(session)
        signed_in = await sign_in(client, user.email)
        assert (
            await client.post("/api/v1/auth/logout", headers=signed_in.headers)
        ).status_code == 204
        await _refused(client, signed_in.access_token)


def test_production_refuses_a_generated_signing_key() -> None:
    """Replicas must share one key, and a key generated on a disk is not an operator's choice."""
    settings = Settings(
        env="production", database_url="postgresql://db/x", meili_url="http://search:7700"
    )
    with pytest.raises(ValueError, match="TECHMARKET_JWT__SECRET"):
        settings.check_production()
