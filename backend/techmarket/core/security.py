"""Passwords, access tokens and secret tokens: the only module that imports ``jose`` or argon2.

Access tokens are HS256 JWTs decoded with the algorithm pinned (``algorithms=[...]``), which is
what refuses ``alg: none`` and algorithm-confusion tokens (CVE-2024-33663). Refresh tokens, API
keys and invitation tokens are random strings stored only as SHA-256 digests: they carry enough
entropy that a slow hash adds nothing, and a digest lets us look them up by value.
"""

from __future__ import annotations

import hashlib
import secrets
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from jose import JWTError, jwt

_hasher = PasswordHasher()  # Argon2id with the library's (RFC 9106 low-memory) parameters
# Verifying against this keeps a login for an unknown email as slow as one for a known email.
_DUMMY_HASH = _hasher.hash(secrets.token_urlsafe(16))


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(password_hash: str | None, password: str) -> bool:
    try:
        return _hasher.verify(password_hash or _DUMMY_HASH, password) and password_hash is not None
    except (VerificationError, InvalidHashError):
        return False


def new_secret(prefix: str) -> str:
    return f"{prefix}_{secrets.token_urlsafe(32)}"


def digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


@dataclass(frozen=True)
class AccessClaims:
    user_id: uuid.UUID
    session_id: uuid.UUID
    expires_at: datetime


class InvalidToken(Exception):
    pass


def issue_access_token(
    *, user_id: uuid.UUID, session_id: uuid.UUID, key: str, algorithm: str, lifetime: timedelta
) -> tuple[str, datetime]:
    now = datetime.now(UTC)
    expires_at = now + lifetime
    claims: dict[str, Any] = {
        "sub": str(user_id),
        "sid": str(session_id),
        "typ": "access",
        "iat": int(now.timestamp()),
        "exp": int(expires_at.timestamp()),
    }
    return jwt.encode(claims, key, algorithm=algorithm), expires_at


def decode_access_token(token: str, *, key: str, algorithm: str) -> AccessClaims:
    try:
        claims = jwt.decode(
            token, key, algorithms=[algorithm], options={"require_exp": True, "require_sub": True}
        )
        if claims.get("typ") != "access":
            raise InvalidToken("not an access token")
        return AccessClaims(
            user_id=uuid.UUID(claims["sub"]),
            session_id=uuid.UUID(claims["sid"]),
            expires_at=datetime.fromtimestamp(claims["exp"], UTC),
        )
    except (JWTError, KeyError, ValueError, TypeError) as error:
        raise InvalidToken(str(error)) from error
